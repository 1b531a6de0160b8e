package reports

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// API serves the reports: issuing and revising an audit's report, its PDF
// (a draft before issue, the stored bytes after), the public verification
// and the programme summary.
type API struct {
	Issuer     *Issuer
	Programmes *ProgrammeLoader
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
func (a *API) numbers() *Numbers { return &Numbers{DB: a.findings().DB} }

// issuable loads the audit if the caller may issue its report.
func issuable(c echo.Context, s *findings.Store) (*audit.Audit, error) {
	p, err := readable(c, s)
	if err != nil {
		return nil, err
	}
	if !findings.CanIssue(auth.UserOf(c), p) {
		return nil, apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
	}
	return p, nil
}

// baseURL is the site's address for the verification address printed on
// an issued report: the configured public one, else the request's.
func (a *API) baseURL(c echo.Context) string {
	if a.PublicURL != "" {
		return strings.TrimSuffix(a.PublicURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

func (a *API) issue(c echo.Context) error {
	p, err := issuable(c, a.findings())
	if err != nil {
		return err
	}
	r, err := a.Issuer.Issue(c.Request().Context(), p.ID, a.baseURL(c), nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (a *API) revise(c echo.Context) error {
	p, err := issuable(c, a.findings())
	if err != nil {
		return err
	}
	var in findings.RevisionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.Issuer.Issue(c.Request().Context(), p.ID, a.baseURL(c), &in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (a *API) revisions(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	rs, err := a.findings().IssuedReports(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rs)
}

// auditPDF serves the report: the stored bytes of the latest revision (or
// of ?revision=N) once issued, a draft drawn now before.
func (a *API) auditPDF(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if p.Status != audit.StatusIssued {
		b, err := a.Issuer.Draft(ctx, p.ID, web.Lang(c))
		if err != nil {
			return err
		}
		return sendPDF(c, b, "bao-cao-danh-gia-"+strconv.FormatInt(p.ID, 10)+"-du-thao.pdf", "")
	}
	r, err := a.pickRevision(ctx, p.ID, c.QueryParam("revision"))
	if err != nil {
		return err
	}
	b, err := a.findings().IssuedPDF(ctx, r.ID)
	if err != nil {
		return err
	}
	name := "bao-cao-danh-gia-" + strconv.FormatInt(p.ID, 10) + "-lan-" + strconv.Itoa(r.Revision) + ".pdf"
	return sendPDF(c, b, name, r.SHA256)
}

func (a *API) pickRevision(ctx context.Context, auditID int64, want string) (findings.IssuedReport, error) {
	rs, err := a.findings().IssuedReports(ctx, auditID)
	if err != nil {
		return findings.IssuedReport{}, err
	}
	if len(rs) == 0 {
		return findings.IssuedReport{}, apperr.NotFoundThing("report.thing")
	}
	if want == "" {
		return rs[len(rs)-1], nil
	}
	n, err := strconv.Atoi(want)
	if err != nil || n < 1 || n > len(rs) {
		return findings.IssuedReport{}, apperr.NotFoundThing("report.thing")
	}
	return rs[n-1], nil
}

// sendPDF writes a PDF as a download; an issued one carries its hash as
// its ETag.
func sendPDF(c echo.Context, b []byte, name, sha string) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-cache")
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

// lookup finds a report by its code, as typed from paper: case and
// surrounding spaces do not matter. Returns apperr.NotFound.
func lookup(ctx context.Context, s *findings.Store, code string) (Verified, error) {
	r, err := s.IssuedByCode(ctx, NormalizeCode(code))
	if err != nil {
		return Verified{}, err
	}
	return Verified{Code: r.Code, AuditID: r.AuditID, AuditeeUnit: r.AuditeeUnit, AuditeeName: r.AuditeeName,
		IssuedAt: r.IssuedAt.UTC().Format(time.RFC3339), SHA256: r.SHA256,
		Number: r.Number, Revision: r.Revision, Current: r.Current, At: r.IssuedAt}, nil
}

func (a *API) verify(c echo.Context) error {
	v, err := lookup(c.Request().Context(), a.findings(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// programmePDF serves a programme's summary to staff.
func (a *API) programmePDF(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	in, err := a.Programmes.Input(c.Request().Context(), id)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).ProgrammePDF(BuildProgrammeReport(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "tong-hop-chuong-trinh-"+strconv.FormatInt(id, 10)+".pdf", "")
}
