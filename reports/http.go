package reports

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// API serves the reports: issuing and revising an audit's report, its PDF
// (a draft before issue, the stored bytes after), the public verification
// and the programme summary.
type API struct {
	Issuer     *Issuer
	Programmes *ProgrammeLoader
	// Units keeps the organiser's outgoing register.
	Units *org.Store
	// PublicURL is the site's public address ("https://host[/prefix]"),
	// printed in issued reports for verification. Empty: the address the
	// issuing request reached, which behind a proxy may be an internal one.
	PublicURL string
}

var (
	staff   = web.Roles(role.Admin, role.Office)
	issuers = web.Roles(role.Admin, role.Office, role.Auditor)
)

// Routes registers the API with its rules (CONTRACT.md): admin, office and
// the team's lead issue; whoever may see an audit's findings reads its
// report; verification is public; the programme summary is the office's.
func (a *API) Routes(r *web.Router) {
	r.POST("/api/v1/audits/:id/issue", a.issue, issuers)
	r.POST("/api/v1/audits/:id/revisions", a.revise, issuers)
	r.GET("/api/v1/audits/:id/reports", a.revisions, web.SignedIn())
	r.GET("/api/v1/audits/:id/report.pdf", a.auditPDF, web.SignedIn())
	r.GET("/api/v1/verify/:code", a.verify, web.Public())
	r.GET("/api/v1/programmes/:id/report.pdf", a.programmePDF, staff)
}

func (a *API) findings() *findings.Store { return a.Issuer.Loader.Findings }

// numbers allocates the printed documents' numbers.
func (a *API) numbers() *findings.Numbers { return &findings.Numbers{DB: a.findings().DB} }

// sendPDF writes a PDF as a download; an issued one carries its hash as
// its ETag.
func sendPDF(c echo.Context, b []byte, name, sha string) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	if sha != "" {
		h.Set("ETag", `"`+sha+`"`)
	}
	return c.Blob(http.StatusOK, "application/pdf", b)
}

// Verified is what the public verification shows of an issued report
// (CONTRACT.md), with the number and whether a later revision replaced it.
type Verified struct {
	Code        string `json:"code"`
	AuditID     int64  `json:"audit_id"`
	AuditeeUnit string `json:"auditee_unit"`
	AuditeeName string `json:"auditee_name"`
	IssuedAt    string `json:"issued_at"`
	SHA256      string `json:"sha256"`
	Number      string `json:"number"`
	Revision    int    `json:"revision"`
	Current     bool   `json:"current"`
	// At is IssuedAt as a time, for the page.
	At time.Time `json:"-"`
}

// programmePDF serves a programme's summary to staff.
func (a *API) programmePDF(c echo.Context) error {
	r, id, err := a.programmeReport(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).ProgrammePDF(r)
	if err != nil {
		return err
	}
	return sendPDF(c, b, "tong-hop-chuong-trinh-"+strconv.FormatInt(id, 10)+".pdf", "")
}

// programmeReport reads the summary of the programme in the path: the
// model its PDF and its DOCX both draw.
func (a *API) programmeReport(c echo.Context) (*ProgrammeReport, int64, error) {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return nil, 0, err
	}
	in, err := a.Programmes.Input(c.Request().Context(), id)
	if err != nil {
		return nil, 0, err
	}
	return BuildProgrammeReport(in), id, nil
}
