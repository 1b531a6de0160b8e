package org

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ProfileHandler serves the organiser's profile: GET and PUT
// /api/v1/organisation (CONTRACT.md: anyone signed in reads, the admin
// writes: settings are the admin's) and its page, /settings/organisation.
type ProfileHandler struct {
	Store *Store
	Views *web.Views
}

// signingKinds are the documents the profile page offers a signer for: the
// ones the organiser issues under its own letterhead.
var signingKinds = []string{"plan", "decision", "audit_report", "programme_report", "reconciliation_report"}

// Routes registers the API and the page with their rules.
func (h *ProfileHandler) Routes(r *web.Router) {
	admin := web.Roles(role.Admin)
	r.GET("/api/v1/organisation", h.get, web.SignedIn())
	r.PUT("/api/v1/organisation", h.put, admin)
	r.GET("/settings/organisation", h.page, admin)
	r.POST("/settings/organisation", h.post, admin)
	h.Views.Shell.AddNav(web.NavEntry{Path: "/settings/organisation", Label: "org.nav_profile", Roles: []string{role.Admin},
		Order: web.NavOrderWork + 39, Hint: "org.nav_profile_hint"})
}

func (h *ProfileHandler) get(c echo.Context) error {
	p, err := h.Store.Profile(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *ProfileHandler) put(c echo.Context) error {
	var p Profile
	if err := web.BindJSON(c, &p); err != nil {
		return err
	}
	if err := h.Store.SaveProfile(c.Request().Context(), p); err != nil {
		return err
	}
	return h.get(c)
}

// profilePage is the profile form: the profile as typed, one signer row
// per signing kind and one form row per kind of document.
type profilePage struct {
	P          Profile
	Signers    []Signer
	Forms      []FormControl
	LegalBases string
	// Authorities are the choices of a signer's authority.
	Authorities []string
}

// newProfilePage lays a profile out on the form, with an empty row for
// every kind the profile does not name.
func newProfilePage(p Profile) profilePage {
	d := profilePage{P: p, LegalBases: strings.Join(p.LegalBases, "\n"), Authorities: Authorities}
	for _, k := range signingKinds {
		s, _ := p.Signer(k)
		s.Kind = k
		d.Signers = append(d.Signers, s)
	}
	for _, k := range DocKinds {
		d.Forms = append(d.Forms, p.Form(k.Kind))
	}
	return d
}

func (h *ProfileHandler) page(c echo.Context) error {
	p, err := h.Store.Profile(c.Request().Context())
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "organisation", newProfilePage(p))
}

// post reads the form back: a signer row left without a name is no signer
// (the kind keeps none), a form row keeps whatever is typed.
func (h *ProfileHandler) post(c echo.Context) error {
	p := Profile{Name: c.FormValue("name"), Parent: c.FormValue("parent"), Place: c.FormValue("place"),
		Symbol: c.FormValue("symbol"), LegalBases: strings.Split(strings.ReplaceAll(c.FormValue("legal_bases"), "\r", ""), "\n")}
	var typed []Signer
	var rows []int // the form row of each signer kept
	for i, k := range signingKinds {
		s := Signer{Kind: k, Authority: c.FormValue(fieldAt("signer", i, "authority")), Principal: c.FormValue(fieldAt("signer", i, "principal")),
			Title: c.FormValue(fieldAt("signer", i, "title")), Name: c.FormValue(fieldAt("signer", i, "name"))}
		typed = append(typed, s)
		if strings.TrimSpace(s.Name+s.Title+s.Principal) != "" {
			p.Signers, rows = append(p.Signers, s), append(rows, i)
		}
	}
	for i, k := range DocKinds {
		p.Forms = append(p.Forms, FormControl{Kind: k.Kind, Code: c.FormValue(fieldAt("form", i, "code")),
			Issue: c.FormValue(fieldAt("form", i, "issue")), EffectiveOn: c.FormValue(fieldAt("form", i, "effective_on"))})
	}
	if err := h.Store.SaveProfile(c.Request().Context(), p); err != nil {
		d := newProfilePage(p)
		d.Signers = typed
		d.LegalBases = c.FormValue("legal_bases")
		return h.Views.RenderInvalid(c, "organisation", d, formErrors(err, rows))
	}
	web.SetFlash(c, "org.profile_saved")
	return c.Redirect(http.StatusSeeOther, "/settings/organisation")
}

// fieldAt names the form field of row i of a table ("signer.2.title").
func fieldAt(table string, i int, field string) string {
	return table + "." + strconv.Itoa(i) + "." + field
}

// formErrors puts the profile's field problems on the form's fields: the
// signer kept as signers.J is the form's row rows[J]; every legal basis is
// the one text area.
func formErrors(err error, rows []int) error {
	e := apperr.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = map[string]apperr.Msg{}
	for k, m := range e.Fields {
		parts := strings.SplitN(k, ".", 3)
		switch {
		case parts[0] == "signers" && len(parts) == 3:
			if j, _ := strconv.Atoi(parts[1]); j < len(rows) {
				k = fieldAt("signer", rows[j], parts[2])
			}
		case parts[0] == "forms" && len(parts) == 3:
			k = "form." + parts[1] + "." + parts[2]
		case parts[0] == "legal_bases":
			k = "legal_bases"
		}
		out.Fields[k] = m
	}
	return &out
}
