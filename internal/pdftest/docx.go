package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// FromDOCX converts a .docx file to PDF with LibreOffice (soffice
// --headless), as a clerk's word processor would open it, and returns the
// PDF; read it back with Text.
func FromDOCX(t testing.TB, docx []byte) []byte {
	t.Helper()
	return FromDOCXs(t, docx)[0]
}

// FromDOCXs is FromDOCX for several files in one start of LibreOffice,
// which is what takes the time. Each call has its own LibreOffice profile
// in a temporary directory, so that tests running in parallel do not
// share (and lock) one. The test skips without soffice, or fails when
// CROSSAUDIT_PDF=1; a file LibreOffice cannot open fails it.
func FromDOCXs(t testing.TB, docs ...[]byte) [][]byte {
	t.Helper()
	bin := Tool(t, "soffice")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", out}
	for i, d := range docs {
		in := filepath.Join(dir, "document"+strconv.Itoa(i)+".docx")
		if err := os.WriteFile(in, d, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, in)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to pdf: %v\n%s", err, msg)
	}
	pdfs := make([][]byte, len(docs))
	for i := range docs {
		if pdfs[i], err = os.ReadFile(filepath.Join(out, "document"+strconv.Itoa(i)+".pdf")); err != nil {
			t.Fatalf("soffice wrote no PDF of document %d: %v\n%s", i, err, msg)
		}
	}
	return pdfs
}
