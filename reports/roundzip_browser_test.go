package reports_test

import (
	"archive/zip"
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports"
)

// In a real browser the progress page follows a running ZIP by itself:
// the bar and its text move as entries are written, and when the job ends
// the page shows the download without anyone touching it.
func TestBrowserRoundZipProgress(t *testing.T) {
	jobs := &reports.ZipJobs{Dir: t.TempDir()}
	a := webtest.NewOn(t, demotest.Open(t), func(s *web.Server, r *web.Router, d *db.DB) {
		st := findings.Open(d)
		api := &reports.API{Issuer: &reports.Issuer{Loader: &reports.Loader{Findings: st}, Cat: s.Catalog},
			Programmes: &reports.ProgrammeLoader{Findings: st}}
		(&reports.RoundDocs{API: api, Views: s.Views, Jobs: jobs}).Routes(r)
	})
	round := queryID(t, a, `SELECT id FROM rounds WHERE status = 'confirmed' ORDER BY id LIMIT 1`)
	second, release := make(chan struct{}), make(chan struct{})
	job, _, err := jobs.Start(round, "x.zip", func(ctx context.Context, job *reports.ZipJob, w *zip.Writer) error {
		job.SetTotal(3)
		job.Step()
		<-second
		job.Step()
		<-release
		job.Step()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Let the build end whatever happened.
		select {
		case <-release:
		default:
			close(release)
		}
	}()

	ctx := browsertest.Start(t)
	base := a.HTTP.URL
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "office"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+"/reports/zips/"+job.ID)
	if got := browsertest.Text(t, ctx, "[data-roundzip-count]"); !strings.Contains(got, "1/3") {
		t.Errorf("the progress reads %q", got)
	}
	close(second)
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-roundzip-count]").innerText.includes("2/3") && document.querySelector("progress").value === 2`)
	close(release)
	browsertest.WaitFor(t, ctx, `document.querySelector('a[href$="/file"]') !== null`)
	if got := browsertest.Text(t, ctx, "[data-roundzip-count]"); !strings.Contains(got, "3/3") {
		t.Errorf("the finished progress reads %q", got)
	}
	browsertest.Shot(t, ctx, "roundzip-ready-768")
}
