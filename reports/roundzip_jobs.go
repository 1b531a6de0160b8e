package reports

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Job states.
const (
	ZipRunning = "running"
	ZipReady   = "ready"
	ZipFailed  = "failed"
)

// Bounds of the ZIP jobs.
const (
	// zipKeep is how long a finished job and its file are kept for
	// download; after that the file is deleted and the job forgotten.
	zipKeep = 30 * time.Minute
	// zipMaxJobs bounds the jobs held at once (running or kept). There is
	// at most one per round anyway.
	zipMaxJobs = 32
	// zipTimeout bounds one build.
	zipTimeout = 15 * time.Minute
)

// ZipBuild writes a round's entries into w, counting them on job.
type ZipBuild func(ctx context.Context, job *ZipJob, w *zip.Writer) error

// ZipJobs builds ZIP files in the background, one job per round at most.
// Jobs live in memory only: a restart forgets them (and the office starts
// the download again); their files are temporary files, deleted when the
// job is dropped, zipKeep after it finished.
type ZipJobs struct {
	// Dir holds the files; "" is the system's temporary directory.
	Dir  string
	Keep time.Duration // zipKeep when zero

	mu      sync.Mutex
	byID    map[string]*ZipJob
	byRound map[int64]*ZipJob
}

// ZipJob is one ZIP being built or ready.
type ZipJob struct {
	ID      string
	RoundID int64
	// Name is the file name the download offers.
	Name string

	total, done atomic.Int64

	mu       sync.Mutex
	state    string
	path     string
	finished time.Time
}

// ZipStatus is a job as the API shows it.
type ZipStatus struct {
	ID      string `json:"id"`
	RoundID int64  `json:"round_id"`
	State   string `json:"state"`
	Done    int64  `json:"done"`
	Total   int64  `json:"total"`
	// File is the download's address once the ZIP is ready.
	File string `json:"file,omitempty"`
}

// SetTotal sets how many entries the ZIP will hold.
func (j *ZipJob) SetTotal(n int) { j.total.Store(int64(n)) }

// Step counts one entry written.
func (j *ZipJob) Step() { j.done.Add(1) }

// Status is the job's progress.
func (j *ZipJob) Status() ZipStatus {
	j.mu.Lock()
	state := j.state
	j.mu.Unlock()
	s := ZipStatus{ID: j.ID, RoundID: j.RoundID, State: state, Done: j.done.Load(), Total: j.total.Load()}
	if state == ZipReady {
		s.File = "/api/v1/zips/" + j.ID + "/file"
	}
	return s
}

// Open opens the ready ZIP for reading; apperr.Conflict while it is being
// built or when it failed.
func (j *ZipJob) Open() (*os.File, error) {
	j.mu.Lock()
	state, path := j.state, j.path
	j.mu.Unlock()
	if state != ZipReady {
		e := apperr.New(apperr.Conflict, "zip_not_ready", apperr.M("rounddocs.zip.not_ready"))
		e.Allowed = []string{ZipReady}
		return nil, e
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errGone()
	}
	return f, err
}

func errGone() error { return apperr.NotFoundThing("rounddocs.thing.zip") }

// Start starts building a round's ZIP with build, or returns the job
// already running for that round (started false). A finished job of the
// round is replaced, since reports may have been issued since.
func (z *ZipJobs) Start(roundID int64, name string, build ZipBuild) (job *ZipJob, started bool, err error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.sweepLocked(time.Now())
	if z.byID == nil {
		z.byID, z.byRound = map[string]*ZipJob{}, map[int64]*ZipJob{}
		removeStaleZips(z.Dir, time.Now().Add(-(zipTimeout + z.keep())))
	}
	if j := z.byRound[roundID]; j != nil {
		if j.Status().State == ZipRunning {
			return j, false, nil
		}
		z.dropLocked(j)
	}
	if len(z.byID) >= zipMaxJobs {
		return nil, false, apperr.New(apperr.Conflict, "zip_busy", apperr.M("rounddocs.zip.busy"))
	}
	f, err := os.CreateTemp(z.Dir, zipPattern)
	if err != nil {
		return nil, false, fmt.Errorf("reports: zip: %w", err)
	}
	id := make([]byte, 12)
	_, _ = rand.Read(id) // never fails (crypto/rand)
	job = &ZipJob{ID: hex.EncodeToString(id), RoundID: roundID, Name: name, state: ZipRunning, path: f.Name()}
	z.byID[job.ID], z.byRound[roundID] = job, job
	go z.run(job, f, build)
	return job, true, nil
}

// zipPattern names the jobs' temporary files.
const zipPattern = "crossaudit-round-*.zip"

// removeStaleZips deletes job files left by an earlier process that died
// (a crash or SIGKILL skips the cleanup) and last written before cutoff: no
// job, of this process or another sharing the directory, lives longer.
func removeStaleZips(dir string, cutoff time.Time) {
	if dir == "" {
		dir = os.TempDir()
	}
	files, _ := filepath.Glob(filepath.Join(dir, zipPattern))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			os.Remove(f)
		}
	}
}

// run builds the ZIP into f, streaming every entry to disk.
func (z *ZipJobs) run(job *ZipJob, f *os.File, build ZipBuild) {
	ctx, cancel := context.WithTimeout(context.Background(), zipTimeout)
	defer cancel()
	w := zip.NewWriter(f)
	err := build(ctx, job, w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	job.mu.Lock()
	job.finished = time.Now()
	if err != nil {
		slog.Error("round zip", "round", job.RoundID, "err", err)
		job.state = ZipFailed
		os.Remove(job.path)
	} else {
		job.state = ZipReady
	}
	job.mu.Unlock()
	// Drop it later even if nobody asks again.
	time.AfterFunc(z.keep()+time.Second, func() {
		z.mu.Lock()
		defer z.mu.Unlock()
		z.sweepLocked(time.Now())
	})
}

// Get returns a job by its id; apperr.NotFound once dropped.
func (z *ZipJobs) Get(id string) (*ZipJob, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.sweepLocked(time.Now())
	if j := z.byID[id]; j != nil {
		return j, nil
	}
	return nil, errGone()
}

func (z *ZipJobs) keep() time.Duration {
	if z.Keep > 0 {
		return z.Keep
	}
	return zipKeep
}

// sweepLocked drops the jobs finished longer than keep ago.
func (z *ZipJobs) sweepLocked(now time.Time) {
	for _, j := range z.byID {
		j.mu.Lock()
		old := j.state != ZipRunning && now.Sub(j.finished) > z.keep()
		j.mu.Unlock()
		if old {
			z.dropLocked(j)
		}
	}
}

// dropLocked forgets a finished job and deletes its file.
func (z *ZipJobs) dropLocked(j *ZipJob) {
	delete(z.byID, j.ID)
	if z.byRound[j.RoundID] == j {
		delete(z.byRound, j.RoundID)
	}
	j.mu.Lock()
	os.Remove(j.path)
	j.mu.Unlock()
}
