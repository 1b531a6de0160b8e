package org

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/internal/web"
)

// SamplePath is the built-in change table: the real 1 July 2025 merger of
// Đức Trọng's units, offered on the page as an example to download.
const SamplePath = "data/ductrong_merger_2025.csv"

// ChangesPages serves the change tables: the API, the page where the
// office checks and applies a table, and the sample.
type ChangesPages struct {
	Reorg *Reorg
	Store *Store
	Views *web.Views
}

// MountChanges registers the change tables, with the followers that move
// people and records of merged units in the same transaction. The gate
// that keeps the people of dissolved units from acting is not installed
// here but in the application's security chain (DissolvedUnitGate).
func MountChanges(s *web.Server, r *web.Router, store *Store, followers ...Follower) {
	p := &ChangesPages{Reorg: &Reorg{DB: store.DB, Followers: followers}, Store: store, Views: s.Views}
	r.POST("/api/v1/units/changes", p.applyAPI, unitManagers)
	r.GET("/api/v1/units/changes", p.listAPI, unitManagers)
	r.GET("/api/v1/units/changes/scheduled", p.schedulesAPI, unitManagers)
	r.POST("/api/v1/units/changes/scheduled/:id/cancel", p.cancelAPI, unitManagers)
	r.GET("/units/changes", p.page, unitManagers)
	r.POST("/units/changes", p.post, unitManagers)
	r.POST("/units/changes/scheduled/:id/cancel", p.cancelPost, unitManagers)
	r.GET("/units/changes/sample.csv", p.sample, unitManagers)
}

// applyAPI answers POST /api/v1/units/changes: 201 with what was applied,
// or 202 with the id of the scheduled change when the table takes effect
// after today.
func (p *ChangesPages) applyAPI(c echo.Context) error {
	file, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	res, err := p.Reorg.Apply(c.Request().Context(), file, name)
	if err != nil {
		return err
	}
	if res.Scheduled != 0 {
		return c.JSON(http.StatusAccepted, res)
	}
	return c.JSON(http.StatusCreated, res)
}

// schedulesAPI answers GET /api/v1/units/changes/scheduled: every
// scheduled table with its state.
func (p *ChangesPages) schedulesAPI(c echo.Context) error {
	out, err := p.Store.Schedules(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// cancelAPI answers POST /api/v1/units/changes/scheduled/:id/cancel.
func (p *ChangesPages) cancelAPI(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.unit_change_schedule")
	if err != nil {
		return err
	}
	if err := p.Reorg.Cancel(c.Request().Context(), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": id, "status": ScheduleCancelled})
}

// cancelPost cancels from the page and returns to it.
func (p *ChangesPages) cancelPost(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.unit_change_schedule")
	if err != nil {
		return err
	}
	if err := p.Reorg.Cancel(c.Request().Context(), id); err != nil {
		return err
	}
	web.SetFlash(c, "reorg.cancelled", "id", id)
	return c.Redirect(http.StatusSeeOther, "/units/changes")
}

// listAPI answers GET /api/v1/units/changes: every applied change.
func (p *ChangesPages) listAPI(c echo.Context) error {
	out, err := p.Store.Changes(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// changesData is the page: the columns, a checked table when the clerk
// asked for a check, the sample checked against today's units, and the
// changes already applied.
type changesData struct {
	Columns []string
	Checked *Plan
	Sample  *Plan
	// SampleProblems counts why the sample does not apply to these units
	// (they are not Đức Trọng's, or the merger is applied already).
	SampleProblems int
	History        []RecordedChange
	// Schedules are the tables that take effect later, or did.
	Schedules []Scheduled
	// Stranded are the people still attached to a dissolved unit.
	Stranded []Person
	// CheckedFile and CheckedTable (base64) carry the checked table to
	// the confirmation, so that the file is not chosen again.
	CheckedFile, CheckedTable string
}

func (p *ChangesPages) data(ctx context.Context) (changesData, error) {
	d := changesData{Columns: ChangeColumns}
	sample, err := assets.Data.ReadFile(SamplePath)
	if err != nil {
		return d, err
	}
	if plan, err := p.Reorg.Check(ctx, sample); err == nil {
		d.Sample = plan
	} else if e := asInvalid(err); e != nil {
		d.SampleProblems = len(e)
	} else {
		return d, err
	}
	if d.History, err = p.Store.Changes(ctx); err != nil {
		return d, err
	}
	if d.Schedules, err = p.Store.Schedules(ctx); err != nil {
		return d, err
	}
	d.Stranded, err = p.Store.Stranded(ctx)
	return d, err
}

func (p *ChangesPages) page(c echo.Context) error {
	d, err := p.data(c.Request().Context())
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "units_changes", d)
}

// post checks the uploaded table (action=check), or shows what applying it
// will do (see reorg_confirm.go), or, confirmed, applies it and returns to
// the page with a summary (post/redirect/get).
func (p *ChangesPages) post(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := p.data(ctx)
	if err != nil {
		return err
	}
	file, name, err := changeTable(c)
	if err != nil {
		return p.Views.RenderInvalid(c, "units_changes", d, err)
	}
	if c.FormValue("action") == "check" {
		if d.Checked, err = p.Reorg.Check(ctx, file); err != nil {
			return p.Views.RenderInvalid(c, "units_changes", d, err)
		}
		d.CheckedFile, d.CheckedTable = name, base64.StdEncoding.EncodeToString(file)
		return p.Views.Render(c, http.StatusOK, "units_changes", d)
	}
	if c.FormValue("confirm") != "1" {
		return p.confirmApply(c, d, file, name) // applying cannot be undone: ask first
	}
	res, err := p.Reorg.Apply(ctx, file, name)
	if err != nil {
		return p.Views.RenderInvalid(c, "units_changes", d, err)
	}
	if res.Scheduled != 0 {
		web.SetFlash(c, "reorg.scheduled_flash", "id", res.Scheduled, "n", len(res.Changes), "date", dmy(res.ScheduledFor))
		return c.Redirect(http.StatusSeeOther, "/units/changes")
	}
	web.SetFlash(c, "reorg.applied", "n", res.Applied, "retired", len(res.Retired), "created", len(res.Created),
		"moved", res.Follow[FollowUsersMoved], "passed", res.Follow[FollowNonconformitiesPassed])
	return c.Redirect(http.StatusSeeOther, "/units/changes")
}

// The counts the followers of app.go report.
const (
	FollowUsersMoved            = "users_moved"
	FollowNonconformitiesPassed = "nonconformities_passed"
)

// sample serves the built-in change table for download.
func (p *ChangesPages) sample(c echo.Context) error {
	b, err := assets.Data.ReadFile(SamplePath)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="ductrong_merger_2025.csv"`)
	return c.Stream(http.StatusOK, "text/csv; charset=utf-8", bytes.NewReader(b))
}
