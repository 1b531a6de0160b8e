package reports

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// startZip starts (or finds running) the ZIP of a round's reports.
func (rd *RoundDocs) startZip(c echo.Context) (*ZipJob, bool, error) {
	id, err := web.PathID(c, "id", "thing.round")
	if err != nil {
		return nil, false, err
	}
	r, err := rd.API.Issuer.Loader.RoundInfo(c.Request().Context(), id)
	if err != nil {
		return nil, false, err
	}
	name := "bao-cao-dot-" + strconv.Itoa(r.N) + "-chuong-trinh-" + strconv.FormatInt(r.ProgrammeID, 10) + ".zip"
	return rd.Jobs.Start(id, name, rd.API.Issuer.BuildRoundZip(id))
}

// zipStart answers 202 with the job, new or already running.
func (rd *RoundDocs) zipStart(c echo.Context) error {
	job, _, err := rd.startZip(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, job.Status())
}

func (rd *RoundDocs) zipJob(c echo.Context) (*ZipJob, error) {
	return rd.Jobs.Get(c.Param("job"))
}

// zipStatus answers the job's progress.
func (rd *RoundDocs) zipStatus(c echo.Context) error {
	job, err := rd.zipJob(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, job.Status())
}

// zipFile streams the ready ZIP from its file.
func (rd *RoundDocs) zipFile(c echo.Context) error {
	job, err := rd.zipJob(c)
	if err != nil {
		return err
	}
	f, err := job.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return apperr.Wrap(err)
	}
	h := c.Response().Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": job.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(c.Response(), c.Request(), "", st.ModTime(), f)
	return nil
}

// ZipPage is what the progress page shows of a job.
type ZipPage struct {
	ZipStatus
	Programme string
	Round     int
	Percent   int
	// KeepMinutes is how long the file stays once ready.
	KeepMinutes int
}

// zipStartPage starts the job from the programme page's form and shows
// its progress (post/redirect/get).
func (rd *RoundDocs) zipStartPage(c echo.Context) error {
	job, _, err := rd.startZip(c)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/reports/zips/"+job.ID)
}

// zipPage shows a job's progress bar; the page refreshes itself through
// roundzip.js, or by its refresh link without JavaScript.
func (rd *RoundDocs) zipPage(c echo.Context) error {
	job, err := rd.zipJob(c)
	if err != nil {
		return err
	}
	r, err := rd.API.Issuer.Loader.RoundInfo(c.Request().Context(), job.RoundID)
	if err != nil {
		return err
	}
	p := &ZipPage{ZipStatus: job.Status(), Programme: r.Programme, Round: r.N, KeepMinutes: int(rd.Jobs.keep().Minutes())}
	if p.Total > 0 {
		p.Percent = int(p.Done * 100 / p.Total)
	} else if p.State == ZipReady {
		p.Percent = 100
	}
	// The reports page's template draws this page too (it tells the two
	// apart by the data's type), so that the progress bar keeps the
	// reports section's navigation and look.
	return rd.Views.Render(c, http.StatusOK, "reports", p)
}

// zipRoutes registers the ZIP's API and pages, the office's and the
// administrator's (the reports page's rule).
func (rd *RoundDocs) zipRoutes(r *web.Router) {
	if rd.Jobs == nil {
		rd.Jobs = &ZipJobs{}
	}
	r.POST("/api/v1/rounds/:id/zip", rd.zipStart, staff)
	r.GET("/api/v1/zips/:job", rd.zipStatus, staff)
	r.GET("/api/v1/zips/:job/file", rd.zipFile, staff)
	r.POST("/reports/rounds/:id/zip", rd.zipStartPage, staff)
	r.GET("/reports/zips/:job", rd.zipPage, staff)
}
