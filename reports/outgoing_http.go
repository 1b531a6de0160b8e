package reports

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// outgoingDoc is a document of the organiser that the office registers:
// the round's plan or a team's decision.
type outgoingDoc struct {
	Kind    string
	Subject int64
	Owner   Owner
	Year    int
	Round   int
	Unit    string // the audited unit, for a decision
	// Plan is the round plan's registration, for a decision: the plan is
	// signed first and the decision cites it.
	Plan Official
	// PDF is the document's address; Back the programme's page.
	PDF, Back string
}

// registerRoutes registers the outgoing register's API and pages: the
// office and the administrator register the organiser's documents
// (CONTRACT.md).
func (rd *RoundDocs) registerRoutes(r *web.Router) {
	r.POST("/api/v1/rounds/:id/plan/register", rd.API.registerPlanAPI, staff)
	r.POST("/api/v1/audits/:id/decision/register", rd.API.registerDecisionAPI, staff)
	r.GET("/rounds/:id/plan/register", rd.planRegisterPage, staff)
	r.POST("/rounds/:id/plan/register", rd.planRegisterPost, staff)
	r.GET("/audits/:id/decision/register", rd.decisionRegisterPage, staff)
	r.POST("/audits/:id/decision/register", rd.decisionRegisterPost, staff)
}

// planDoc reads the plan of the path's round; only a confirmed round has
// one (apperr.Conflict otherwise).
func (a *API) planDoc(c echo.Context) (outgoingDoc, error) {
	id, err := web.PathID(c, "id", "thing.round")
	if err != nil {
		return outgoingDoc{}, err
	}
	r, err := a.Issuer.Loader.RoundInfo(c.Request().Context(), id)
	if err != nil {
		return outgoingDoc{}, err
	}
	if r.Status != audit.RoundConfirmed {
		e := apperr.New(apperr.Conflict, "round_not_confirmed", apperr.M("rounddocs.error.not_confirmed", "n", r.N))
		e.Allowed = []string{audit.RoundConfirmed}
		return outgoingDoc{}, e
	}
	return outgoingDoc{Kind: org.OutgoingPlan, Subject: id, Owner: r.Owner, Year: r.Year, Round: r.N,
		PDF:  "/api/v1/rounds/" + strconv.FormatInt(id, 10) + "/plan.pdf",
		Back: "/programmes/" + strconv.FormatInt(r.ProgrammeID, 10)}, nil
}

// decisionDoc reads the decision of the path's audit, with its round
// plan's registration; a cancelled audit has none (apperr.Conflict).
func (a *API) decisionDoc(c echo.Context) (outgoingDoc, error) {
	p, err := planReadable(c, a.findings())
	if err != nil {
		return outgoingDoc{}, err
	}
	in, err := a.Issuer.Loader.DecisionInput(c.Request().Context(), p)
	if err != nil {
		return outgoingDoc{}, err
	}
	return outgoingDoc{Kind: org.OutgoingDecision, Subject: p.ID, Owner: in.Owner, Year: p.Year, Round: p.Round,
		Unit: p.AuditeeUnitName, Plan: in.RoundPlan,
		PDF:  "/api/v1/audits/" + strconv.FormatInt(p.ID, 10) + "/decision.pdf",
		Back: "/programmes/" + strconv.FormatInt(p.ProgrammeID, 10)}, nil
}

// register enters doc in the organiser's outgoing register. A decision
// waits for its plan (apperr.Conflict) and is signed no earlier than the
// plan (apperr.Invalid naming signed_on).
func (a *API) register(ctx context.Context, doc outgoingDoc, in org.RegisterInput) (org.Registration, error) {
	if err := in.Check(a.Units.DB.Now()); err != nil {
		return org.Registration{}, err
	}
	if doc.Kind == org.OutgoingDecision {
		if doc.Plan.Draft() {
			return org.Registration{}, apperr.New(apperr.Conflict, "plan_not_registered", apperr.M("outgoing.plan_first", "n", doc.Round))
		}
		if in.SignedOn < i18n.Day(doc.Plan.Signed) {
			return org.Registration{}, apperr.InvalidFields(map[string]apperr.Msg{
				"signed_on": apperr.M("outgoing.before_plan", "number", doc.Plan.Number, "date", i18n.DateShort(doc.Plan.Signed))})
		}
	}
	return a.Units.Register(ctx, doc.Kind, doc.Subject, doc.Owner.ID, in)
}

func (a *API) registerPlanAPI(c echo.Context) error { return a.registerAPI(c, a.planDoc) }

func (a *API) registerDecisionAPI(c echo.Context) error { return a.registerAPI(c, a.decisionDoc) }

// registerAPI answers POST …/register: 201 with the registration; 409 for
// a document registered already or a number taken; 422 naming the field.
func (a *API) registerAPI(c echo.Context, load func(echo.Context) (outgoingDoc, error)) error {
	doc, err := load(c)
	if err != nil {
		return err
	}
	var in org.RegisterInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.register(c.Request().Context(), doc, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

// RegisterPage is what the registration page shows: the document, its
// registration once made, else the form with what was typed (first the
// suggested next number and today).
type RegisterPage struct {
	Kind       string
	Round      int
	Unit       string
	PDF, Back  string
	Registered bool
	Reg        org.Registration
	Input      org.RegisterInput
	// PlanFirst is set on a decision whose plan is not registered yet.
	PlanFirst bool
}

func (rd *RoundDocs) planRegisterPage(c echo.Context) error {
	return rd.registerPage(c, rd.API.planDoc)
}

func (rd *RoundDocs) decisionRegisterPage(c echo.Context) error {
	return rd.registerPage(c, rd.API.decisionDoc)
}

func (rd *RoundDocs) planRegisterPost(c echo.Context) error {
	return rd.registerPost(c, rd.API.planDoc)
}

func (rd *RoundDocs) decisionRegisterPost(c echo.Context) error {
	return rd.registerPost(c, rd.API.decisionDoc)
}

// pageOf builds the page of doc: registered, or the form filled with in
// (empty: the suggested number and today).
func (rd *RoundDocs) pageOf(ctx context.Context, doc outgoingDoc, in org.RegisterInput) (RegisterPage, error) {
	a := rd.API
	pg := RegisterPage{Kind: doc.Kind, Round: doc.Round, Unit: doc.Unit, PDF: doc.PDF, Back: doc.Back, Input: in,
		PlanFirst: doc.Kind == org.OutgoingDecision && doc.Plan.Draft()}
	reg, ok, err := a.Units.Registration(ctx, doc.Kind, doc.Subject)
	if err != nil || ok {
		pg.Registered, pg.Reg = ok, reg
		return pg, err
	}
	now := a.Units.DB.Now()
	if in.Empty() {
		if pg.Input.Number, err = a.Units.NextNumber(ctx, doc.Owner.ID, doc.Kind, doc.Owner.Profile.Symbol, now.In(i18n.Zone).Year()); err != nil {
			return pg, err
		}
		pg.Input.SignedOn = i18n.DateShort(now)
	}
	return pg, nil
}

func (rd *RoundDocs) registerPage(c echo.Context, load func(echo.Context) (outgoingDoc, error)) error {
	doc, err := load(c)
	if err != nil {
		return err
	}
	pg, err := rd.pageOf(c.Request().Context(), doc, org.RegisterInput{})
	if err != nil {
		return err
	}
	return rd.Views.Render(c, http.StatusOK, "outgoing_register", pg)
}

// registerPost registers from the page (post/redirect/get): back to the
// programme with the number as a flash; a refusal shows the form again
// with what was typed and each field's problem.
func (rd *RoundDocs) registerPost(c echo.Context, load func(echo.Context) (outgoingDoc, error)) error {
	doc, err := load(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := org.RegisterInput{Number: c.FormValue("number"), SignedOn: c.FormValue("signed_on")}
	r, err := rd.API.register(ctx, doc, in)
	if err != nil {
		pg, perr := rd.pageOf(ctx, doc, in)
		if perr != nil {
			return perr
		}
		pg.Input = in // what was typed, even when it was empty
		return rd.Views.RenderInvalid(c, "outgoing_register", pg, err)
	}
	web.SetFlash(c, "outgoing.registered", "number", r.Number, "date", i18n.ShowDay(r.SignedOn))
	return c.Redirect(http.StatusSeeOther, doc.Back)
}
