package reports

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// A job runs in the background with its progress; a second start for the
// round while it runs returns it; the ZIP is only served once ready; a
// finished job is dropped with its file after the keeping time, and a new
// start then builds again.
func TestZipJobs(t *testing.T) {
	z := &ZipJobs{Dir: t.TempDir(), Keep: 200 * time.Millisecond}
	release := make(chan struct{})
	build := func(ctx context.Context, job *ZipJob, w *zip.Writer) error {
		job.SetTotal(2)
		for i, name := range []string{"01 24961 Xã Hiệp An - 1-BC-ĐGNB.pdf", "02 24967 Xã Liên Hiệp - DỰ THẢO.pdf"} {
			f, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			if err != nil {
				return err
			}
			f.Write([]byte("%PDF-" + name))
			job.Step()
			if i == 0 {
				<-release
			}
		}
		return nil
	}
	job, started, err := z.Start(7, "x.zip", build)
	if err != nil || !started {
		t.Fatalf("start: %v %v", started, err)
	}
	again, started, err := z.Start(7, "x.zip", build)
	if err != nil || started || again != job {
		t.Fatalf("a second start while running: %v %v (same job: %v)", started, err, again == job)
	}
	if _, err := job.Open(); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("open while running: %v", err)
	}
	waitFor(t, func() bool { return job.Status().Done == 1 })
	if s := job.Status(); s.State != ZipRunning || s.Total != 2 || s.File != "" {
		t.Errorf("running: %+v", s)
	}
	close(release)
	waitFor(t, func() bool { return job.Status().State == ZipReady })
	if s := job.Status(); s.Done != 2 || s.File != "/api/v1/zips/"+job.ID+"/file" {
		t.Errorf("ready: %+v", s)
	}
	f, err := job.Open()
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range zr.File {
		if e.Flags&0x800 == 0 {
			t.Errorf("%s: the UTF-8 flag is not set", e.Name)
		}
		rc, _ := e.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != "%PDF-"+e.Name {
			t.Errorf("%s holds %q", e.Name, b)
		}
	}
	f.Close()
	if len(zr.File) != 2 {
		t.Errorf("%d entries", len(zr.File))
	}
	path := job.path
	time.Sleep(300 * time.Millisecond)
	if _, err := z.Get(job.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("an expired job: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the expired job's file is still there: %v", err)
	}
	failed, _, err := z.Start(7, "x.zip", func(context.Context, *ZipJob, *zip.Writer) error { return errors.New("disk full") })
	if err != nil || failed == job {
		t.Fatalf("a new start after expiry: %v", err)
	}
	waitFor(t, func() bool { return failed.Status().State == ZipFailed })
	if _, err := os.Stat(failed.path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a failed job left its file")
	}
	if _, err := failed.Open(); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("open a failed job: %v", err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 500 {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out")
}

func TestZipName(t *testing.T) {
	for _, tc := range []struct {
		no   int
		e    ZipEntry
		want string
	}{
		{1, ZipEntry{Auditee: Unit{"24961", "Xã Hiệp An"}, Issued: true, Number: "12/BC-ĐGNB"}, "01 24961 Xã Hiệp An - 12-BC-ĐGNB.pdf"},
		{12, ZipEntry{Auditee: Unit{"24967", "Xã Liên Hiệp"}}, "12 24967 Xã Liên Hiệp - DỰ THẢO.pdf"},
		{3, ZipEntry{Auditee: Unit{"1", "Nguye\u0302\u0303n <a>\\..\\b:c*?\"|\u202e\x00"}}, "03 1 Nguyễn -a--..-b-c------ - DỰ THẢO.pdf"},
		{4, ZipEntry{Auditee: Unit{"../..", "x"}, Issued: true, Number: "1/BC"}, "04 ..-.. x - 1-BC.pdf"},
	} {
		if got := ZipName(tc.no, tc.e, "DỰ THẢO"); got != tc.want {
			t.Errorf("ZipName = %q, want %q", got, tc.want)
		}
	}
	long := ZipName(1, ZipEntry{Auditee: Unit{"1", strings.Repeat("ễ", 300)}}, "DỰ THẢO")
	if len(long) > 190 || !strings.HasSuffix(long, "ễ.pdf") {
		t.Errorf("a long name is cut to %d bytes: %q", len(long), long[len(long)-12:])
	}
}

// A server killed while building leaves its file behind; the next process's
// first job removes such files once no job could still be writing them,
// and leaves younger ones and other files alone.
func TestZipJobsRemoveFilesOfADeadProcess(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, age time.Duration) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte("PK"), 0o600); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-age)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write("crossaudit-round-123.zip", 2*time.Hour)
	young := write("crossaudit-round-456.zip", time.Minute)
	other := write("someone-else.zip", 2*time.Hour)
	z := &ZipJobs{Dir: dir}
	job, _, err := z.Start(1, "x.zip", func(context.Context, *ZipJob, *zip.Writer) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return job.Status().State == ZipReady })
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead process's file is still there: %v", err)
	}
	for _, p := range []string{young, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
