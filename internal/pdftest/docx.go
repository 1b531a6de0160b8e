package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// FromDOCX converts a .docx file to PDF with LibreOffice (soffice
// --headless), as a clerk's Word would open it, and returns the PDF; read
// it back with Text. Each call has its own LibreOffice profile in a
// temporary directory, so that tests running in parallel do not share
// (and lock) one. The test skips without soffice, or fails when
// CROSSAUDIT_PDF=1; a file LibreOffice cannot open fails it.
func FromDOCX(t testing.TB, docx []byte) []byte {
	t.Helper()
	bin := Tool(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "document.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to pdf: %v\n%s", err, msg)
	}
	pdf, err := os.ReadFile(filepath.Join(out, "document.pdf"))
	if err != nil {
		t.Fatalf("soffice wrote no PDF: %v\n%s", err, msg)
	}
	return pdf
}
