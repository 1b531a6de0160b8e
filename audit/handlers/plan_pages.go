package handlers

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// planData is the audit plan page.
type planData struct {
	Plan      *audit.Audit
	CanEdit   bool
	CanManage bool
	Roles     []string
	Errors    map[string]string
	Form      audit.PlanInput
	// Dates are the audited unit's proposals of another day.
	Dates dateProposalsView
}

func planPath(id int64) string { return "/audits/" + strconv.FormatInt(id, 10) + "/plan" }

func (p *Pages) planData(c echo.Context) (*planData, error) {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return nil, err
	}
	plan, err := p.Audits.Audit(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	u := auth.UserOf(c)
	if !audit.CanRead(u, plan) {
		return nil, audit.ErrHidden()
	}
	d := &planData{Plan: plan, CanEdit: audit.CanEditPlan(u, plan) && plan.Status == audit.StatusPlanned,
		CanManage: u.IsStaff() && plan.Status == audit.StatusPlanned, Roles: audit.TeamRoles,
		Form: audit.PlanInput{Place: plan.Place, Objectives: plan.Objectives, Scope: plan.Scope, Guide: plan.Guide}}
	if d.Dates, err = p.dateProposalsOf(c, plan); err != nil {
		return nil, err
	}
	return d, nil
}

func (p *Pages) plan(c echo.Context) error {
	d, err := p.planData(c)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "audit_plan", d)
}

// planForm runs a change from the plan page: 303 back on success, the page
// again with the errors otherwise.
func (p *Pages) planForm(c echo.Context, allowed func(d *planData) bool, fn func(d *planData) error) error {
	return p.planFormFlash(c, "plan.saved", allowed, fn)
}

// planFormFlash is planForm with the flash message of the change.
func (p *Pages) planFormFlash(c echo.Context, flash string, allowed func(d *planData) bool, fn func(d *planData) error) error {
	d, err := p.planData(c)
	if err != nil {
		return err
	}
	if !allowed(d) {
		return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
	}
	if err := fn(d); err != nil {
		page := p.Views.NewPage(c, d)
		var ferr error
		if d.Errors, ferr = formErrors(page, err); ferr != nil {
			return ferr
		}
		return p.Views.RenderPage(c, statusFor(err), "audit_plan", page)
	}
	return redirect(c, flash, planPath(d.Plan.ID))
}

func (p *Pages) savePlan(c echo.Context) error {
	return p.planForm(c, func(d *planData) bool { return audit.CanEditPlan(auth.UserOf(c), d.Plan) }, func(d *planData) error {
		d.Form = audit.PlanInput{Place: c.FormValue("place"), Objectives: c.FormValue("objectives"), Scope: c.FormValue("scope"), Guide: c.FormValue("guide")}
		return p.Audits.UpdatePlan(c.Request().Context(), d.Plan.ID, d.Form)
	})
}

func isStaff(c echo.Context) func(*planData) bool {
	return func(*planData) bool { return auth.UserOf(c).IsStaff() }
}

func (p *Pages) reschedule(c echo.Context) error {
	return p.planForm(c, isStaff(c), func(d *planData) error {
		day, _ := text.ParseDay(c.FormValue("date"))
		return p.Audits.Reschedule(c.Request().Context(), d.Plan.ID, audit.ChangeInput{Date: day, Reason: c.FormValue("reason")})
	})
}

func (p *Pages) cancel(c echo.Context) error {
	return p.planForm(c, isStaff(c), func(d *planData) error {
		return p.Audits.Cancel(c.Request().Context(), d.Plan.ID, c.FormValue("reason"))
	})
}

func (p *Pages) setMember(c echo.Context) error {
	return p.planForm(c, isStaff(c), func(d *planData) error {
		return p.Audits.SetMember(c.Request().Context(), d.Plan.ID, audit.MemberInput{Username: c.FormValue("username"),
			Replace: c.FormValue("replace"), Role: c.FormValue("role"), Reason: c.FormValue("reason")})
	})
}

// registerData is the register page: certificates and conflicts.
type registerData struct {
	Certificates []audit.Certificate
	Conflicts    []audit.Conflict
	Errors       map[string]string
	Cert         audit.CertificateInput
	Conflict     audit.ConflictInput
	// Units are offered by name beside the conflict form's unit codes.
	Units []unitOption
}

func (p *Pages) registerData(c echo.Context) (*registerData, error) {
	certs, err := p.Audits.ListCertificates(c.Request().Context())
	if err != nil {
		return nil, err
	}
	confs, err := p.Audits.ListConflicts(c.Request().Context())
	if err != nil {
		return nil, err
	}
	names, err := p.Units.UnitNames(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return &registerData{Certificates: certs, Conflicts: confs, Units: unitOptions(names, slices.Sorted(maps.Keys(names)))}, nil
}

func (p *Pages) register(c echo.Context) error {
	d, err := p.registerData(c)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "register", d)
}

// registerForm runs a register change: 303 on success, the page with the
// errors otherwise.
func (p *Pages) registerForm(c echo.Context, flash string, fn func(d *registerData) error) error {
	d, err := p.registerData(c)
	if err != nil {
		return err
	}
	if err := fn(d); err != nil {
		page := p.Views.NewPage(c, d)
		var ferr error
		if d.Errors, ferr = formErrors(page, err); ferr != nil {
			return ferr
		}
		return p.Views.RenderPage(c, statusFor(err), "register", page)
	}
	return redirect(c, flash, "/register")
}

func (p *Pages) addCertificate(c echo.Context) error {
	return p.registerForm(c, "register.saved", func(d *registerData) error {
		d.Cert = audit.CertificateInput{Username: c.FormValue("username"), Course: c.FormValue("course"),
			CertificateNo: c.FormValue("certificate_no"), IssuedOn: c.FormValue("issued_on"), ExpiresOn: c.FormValue("expires_on")}
		return p.Audits.AddCertificate(c.Request().Context(), d.Cert)
	})
}

func (p *Pages) importCertificates(c echo.Context) error {
	return p.registerForm(c, "register.imported", func(d *registerData) error {
		file, _, err := web.FormFile(c, "file")
		if err != nil {
			return err
		}
		_, err = p.Audits.ImportCertificates(c.Request().Context(), file)
		return err
	})
}

func (p *Pages) addConflict(c echo.Context) error {
	return p.registerForm(c, "register.saved", func(d *registerData) error {
		d.Conflict = audit.ConflictInput{Username: c.FormValue("username"), AuditorUnit: c.FormValue("auditor_unit"),
			AuditeeUnit: c.FormValue("auditee_unit"), Reason: c.FormValue("reason")}
		_, err := p.Audits.AddConflict(c.Request().Context(), d.Conflict)
		return err
	})
}

func (p *Pages) deleteConflict(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.conflict")
	if err != nil {
		return err
	}
	if err := p.Audits.DeleteConflict(c.Request().Context(), id); err != nil {
		return err
	}
	return redirect(c, "register.saved", "/register")
}
