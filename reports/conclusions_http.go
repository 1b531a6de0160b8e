package reports

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ConclusionsPages serve the office's conclusions and recommendations on
// a programme, printed in its summary: a form pre-filled with a draft
// computed from the figures while none is written.
type ConclusionsPages struct {
	API   *API
	Views *web.Views
}

// Routes registers the form: the summary is the office's, so is what it
// concludes.
func (p *ConclusionsPages) Routes(r *web.Router) {
	r.GET("/programmes/:id/conclusions", p.form, staff)
	r.POST("/programmes/:id/conclusions", p.save, staff)
}

// ConclusionsPage is the form: the text shown (the stored one, the draft,
// or what was typed before a refusal) and whether it is the draft.
type ConclusionsPage struct {
	Programme *audit.Programme
	Stored    audit.Conclusions
	Text      string
	Suggested bool
	Max       int
	// StoredOn is the day the stored text was last saved, in Viet Nam.
	StoredOn string
}

func (p *ConclusionsPages) form(c echo.Context) error {
	d, err := p.page(c)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "programme_conclusions", d)
}

// save stores the text; a refusal shows the form again with the text as
// typed (post/redirect/get).
func (p *ConclusionsPages) save(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	in := audit.ConclusionsInput{Text: c.FormValue("conclusions")}
	if err := p.API.findings().Audits.SaveConclusions(c.Request().Context(), id, in); err != nil {
		d, perr := p.page(c)
		if perr != nil {
			return perr
		}
		d.Text, d.Suggested = in.Text, false
		return p.Views.RenderInvalid(c, "programme_conclusions", d, err)
	}
	web.SetFlash(c, "report.conclusions.saved")
	return c.Redirect(http.StatusSeeOther, "/programmes/"+strconv.FormatInt(id, 10)+"/conclusions")
}

// page reads the programme, its stored conclusions and, when there are
// none, the draft from its summary's figures in the viewer's language.
func (p *ConclusionsPages) page(c echo.Context) (*ConclusionsPage, error) {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	in, err := p.API.Programmes.Input(ctx, id)
	if err != nil {
		return nil, err
	}
	stored, err := p.API.findings().Audits.Conclusions(ctx, id)
	if err != nil {
		return nil, err
	}
	r := BuildProgrammeReport(in)
	d := &ConclusionsPage{Programme: in.Programme, Stored: stored, Text: r.Conclusions, Suggested: r.Suggested, Max: audit.MaxConclusions}
	if !stored.UpdatedAt.IsZero() {
		d.StoredOn = i18n.Day(stored.UpdatedAt)
	}
	if r.Suggested {
		d.Text = (&Renderer{Cat: p.API.Issuer.Cat, Lang: web.Lang(c)}).ConclusionsText(r)
	}
	return d, nil
}
