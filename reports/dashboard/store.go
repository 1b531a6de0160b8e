package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// Store reads what the dashboard shows. It only reads, on the read pool.
type Store struct {
	DB *db.DB
}

// ProgrammeRef names a programme.
type ProgrammeRef struct {
	ID     int64  `json:"id"`
	Year   int    `json:"year"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// RoundRef is one round of the programme.
type RoundRef struct {
	N      int    `json:"n"`
	Status string `json:"status"`
}

// NC is one finding of the register with what follow-up needs.
type NC struct {
	ID          int64   `json:"id"`
	AuditID     int64   `json:"audit_id"`
	Round       int     `json:"round"`
	Auditee     string  `json:"auditee_unit"`
	Auditor     string  `json:"auditor_unit"`
	Clause      string  `json:"clause"`
	Item        string  `json:"item_id"`
	Grade       string  `json:"grade"`
	Statement   string  `json:"statement"`
	Status      string  `json:"status"`
	PlanDue     *string `json:"plan_due"`
	Overdue     bool    `json:"overdue"`
	RepeatOf    *int64  `json:"repeat_of"`
	ClosedOn    string  `json:"closed_on,omitempty"` // a closed one's closing (findings.closed_at), the day in Viet Nam
	ProgrammeID int64   `json:"programme_id"`
	Year        int     `json:"year"`
}

// RepeatID is the id of the nonconformity this one repeats, 0 for none.
func (n NC) RepeatID() int64 {
	if n.RepeatOf == nil {
		return 0
	}
	return *n.RepeatOf
}

// Closed reports whether the nonconformity's follow-up is done.
func (n NC) Closed() bool { return n.Status == findings.NCClosed }

// ClosedOnTime reports whether it was closed by its plan's due date, going
// by when the workflow recorded its closing, not by its last change: an edit
// after closing must not make a timely closure late.
func (n NC) ClosedOnTime() bool {
	return n.Closed() && n.PlanDue != nil && n.ClosedOn != "" && n.ClosedOn <= *n.PlanDue
}

// Data is everything one programme's dashboard is computed from.
type Data struct {
	Programme ProgrammeRef
	Previous  *ProgrammeRef
	Names     map[string]string // every unit's name by code
	Units     []string          // the programme's units
	Rounds    []RoundRef
	// History holds the audits of the programme and of every earlier one,
	// with their counts; Items the per-item tallies over their results.
	History []Result
	Items   []ItemObs
	// NCs are the programme's minor and major findings; Others counts its
	// observations and improvements.
	NCs    []NC
	Others map[string]int
	Today  string
	// Lineage says which unit stands now for each unit after mergers;
	// Figures are every unit's stored dossier figures, Target the rate
	// below which they are flagged (audit/procedures).
	Lineage *org.Lineage
	Figures []procedures.Figures
	Target  float64
	// Late are the programme's audits still planned or in progress after
	// their day.
	Late []audit.LateAudit
	// OverdueAll are the overdue nonconformities of every programme.
	OverdueAll []OverdueNC
}

// today is the day in Asia/Ho_Chi_Minh.
func (s *Store) today() string { return s.DB.Now().In(i18n.Zone).Format(time.DateOnly) }

// ParseProgramme reads the programme parameter: empty is 0, the latest.
// Returns apperr.Invalid.
func ParseProgramme(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("dashboard.bad_programme")})
	}
	return id, nil
}

// Latest returns the most recent programme's id, 0 when there is none.
func (s *Store) Latest(ctx context.Context) (int64, error) {
	var id int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id FROM programmes ORDER BY year DESC, id DESC LIMIT 1`).Scan(&id)
	if db.NoRows(err) {
		return 0, nil
	}
	return id, err
}

// Programmes lists every programme, the latest first, for the selector.
func (s *Store) Programmes(ctx context.Context) ([]ProgrammeRef, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, year, name, status FROM programmes ORDER BY year DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("dashboard: programmes: %w", err)
	}
	defer rows.Close()
	var out []ProgrammeRef
	for rows.Next() {
		var p ProgrammeRef
		if err := rows.Scan(&p.ID, &p.Year, &p.Name, &p.Status); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Load reads one programme's data. Returns apperr.NotFound for an unknown
// programme.
func (s *Store) Load(ctx context.Context, id int64) (*Data, error) {
	d := &Data{Today: s.today(), Others: map[string]int{}}
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, year, name, status FROM programmes WHERE id = ?`, id).
		Scan(&d.Programme.ID, &d.Programme.Year, &d.Programme.Name, &d.Programme.Status)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.programme")
	}
	if err != nil {
		return nil, fmt.Errorf("dashboard: programme %d: %w", id, err)
	}
	p := d.Programme
	var prev ProgrammeRef
	// The previous programme is the same organiser's: another organiser's
	// programme audits other units against other plans.
	err = s.DB.R.QueryRowContext(ctx, `SELECT id, year, name, status FROM programmes
		WHERE (year < ? OR (year = ? AND id < ?)) AND owner_id = (SELECT owner_id FROM programmes WHERE id = ?)
		ORDER BY year DESC, id DESC LIMIT 1`, p.Year, p.Year, p.ID, p.ID).
		Scan(&prev.ID, &prev.Year, &prev.Name, &prev.Status)
	switch {
	case err == nil:
		d.Previous = &prev
	case !db.NoRows(err):
		return nil, fmt.Errorf("dashboard: previous programme: %w", err)
	}
	steps := []func(context.Context, *Data) error{s.loadUnits, s.loadRounds, s.loadHistory, s.loadItems, s.loadNCs, s.loadReorg, s.loadLate, s.loadOverdueAll}
	for _, step := range steps {
		if err := step(ctx, d); err != nil {
			return nil, fmt.Errorf("dashboard: programme %d: %w", id, err)
		}
	}
	return d, nil
}

// loadLate reads the programme's late audits.
func (s *Store) loadLate(ctx context.Context, d *Data) error {
	late, err := audit.LateAudits(ctx, s.DB.R, d.Today, d.Programme.ID)
	d.Late = late
	return err
}

// loadReorg reads the succession of units and the dossier figures.
func (s *Store) loadReorg(ctx context.Context, d *Data) error {
	var err error
	if d.Lineage, err = (&org.Store{DB: s.DB}).Lineage(ctx); err != nil {
		return err
	}
	d.Figures, d.Target, err = s.figures(ctx)
	return err
}

// figures reads every unit's dossier figures and the target.
func (s *Store) figures(ctx context.Context) ([]procedures.Figures, float64, error) {
	ps := &procedures.Store{DB: s.DB}
	all, err := ps.Figures(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	target, err := ps.Target(ctx)
	return all, target, err
}

func (s *Store) loadUnits(ctx context.Context, d *Data) error {
	names, err := s.names(ctx)
	if err != nil {
		return err
	}
	d.Names = names
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.code FROM programme_units pu JOIN units u ON u.id = pu.unit_id
		WHERE pu.programme_id = ? ORDER BY u.code`, d.Programme.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return err
		}
		d.Units = append(d.Units, code)
	}
	return rows.Err()
}

func (s *Store) names(ctx context.Context) (map[string]string, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT code, name FROM units`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		out[code] = name
	}
	return out, rows.Err()
}

func (s *Store) loadRounds(ctx context.Context, d *Data) error {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT n, status FROM rounds WHERE programme_id = ? ORDER BY n`, d.Programme.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r RoundRef
		if err := rows.Scan(&r.N, &r.Status); err != nil {
			return err
		}
		d.Rounds = append(d.Rounds, r)
	}
	return rows.Err()
}

// upTo selects the programme and every earlier one (p aliases programmes).
const upTo = ` (p.year < ? OR (p.year = ? AND p.id <= ?)) `

func (d *Data) upToArgs() []any { return []any{d.Programme.Year, d.Programme.Year, d.Programme.ID} }

// loadHistory reads the audits up to the programme with their answers
// counted by result in one grouped query.
func (s *Store) loadHistory(ctx context.Context, d *Data) error {
	h, err := s.history(ctx, `WHERE`+upTo, d.upToArgs()...)
	d.History = h
	return err
}

// history reads audits, ordered by round then id, with the counts of
// those submitted; where filters them (p: programmes, a: audits).
//
// A submitted audit has every item answered, and submission made a finding
// of every answer that is neither conform nor not applicable: its counts
// come from its findings (with grades as the lead last edited them) and its
// "not applicable" answers, both small, rather than from every answer.
func (s *Store) history(ctx context.Context, where string, args ...any) ([]Result, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, p.id, p.year, r.n, a.status, au.code, bu.code, a.planned_date,
		a.checklist_version_id
		FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
		JOIN units au ON au.id = a.auditor_unit_id JOIN units bu ON bu.id = a.auditee_unit_id
		`+where+` ORDER BY p.year, p.id, r.n, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Result
	versions := map[int64]int64{} // audit → checklist version
	seq, last := -1, [2]int64{}
	for rows.Next() {
		var r Result
		var version int64
		if err := rows.Scan(&r.AuditID, &r.ProgrammeID, &r.Year, &r.Round, &r.Status, &r.Auditor, &r.Auditee, &r.PlannedDate, &version); err != nil {
			return nil, err
		}
		if k := [2]int64{r.ProgrammeID, int64(r.Round)}; k != last {
			seq, last = seq+1, k
		}
		r.Seq = seq
		versions[r.AuditID] = version
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.count(ctx, out, versions, where, args)
}

// count fills the counts of the submitted audits among out.
func (s *Store) count(ctx context.Context, out []Result, versions map[int64]int64, where string, args []any) error {
	at := make(map[int64]*Counts, len(out))
	for i := range out {
		if out[i].HasResult() {
			at[out[i].AuditID] = &out[i].Counts
		}
	}
	sizes, err := s.versionSizes(ctx)
	if err != nil {
		return err
	}
	from := ` FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
		JOIN units au ON au.id = a.auditor_unit_id JOIN units bu ON bu.id = a.auditee_unit_id `
	err = s.eachCount(ctx, `SELECT f.audit_id, f.grade, COUNT(*) FROM findings f WHERE f.audit_id IN (SELECT a.id`+from+where+`)
		GROUP BY f.audit_id, f.grade`, args, func(id int64, grade string, n int) {
		if c := at[id]; c != nil {
			switch grade {
			case "minor":
				c.Minor = n
			case "major":
				c.Major = n
			case "observation":
				c.Observation = n
			case "improvement":
				c.Improvement = n
			}
		}
	})
	if err != nil {
		return err
	}
	err = s.eachCount(ctx, `SELECT x.audit_id, 'na', COUNT(*) FROM answers x WHERE x.result = 'na' AND x.audit_id IN (SELECT a.id`+from+where+`)
		GROUP BY x.audit_id`, args, func(id int64, _ string, n int) {
		if c := at[id]; c != nil {
			c.NA = n
		}
	})
	if err != nil {
		return err
	}
	for id, c := range at {
		c.Conform = max(0, sizes[versions[id]]-c.NA-c.Minor-c.Major-c.Observation-c.Improvement)
	}
	return nil
}

func (s *Store) eachCount(ctx context.Context, query string, args []any, fn func(int64, string, int)) error {
	rows, err := s.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		var n int
		if err := rows.Scan(&id, &key, &n); err != nil {
			return err
		}
		fn(id, key, n)
	}
	return rows.Err()
}

// versionSizes counts the items of every checklist version.
func (s *Store) versionSizes(ctx context.Context) (map[int64]int, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT version_id, COUNT(*) FROM checklist_items GROUP BY version_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var v int64
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, err
		}
		out[v] = n
	}
	return out, rows.Err()
}

// loadItems tallies each checklist item over the submitted audits up to
// the programme: applicable in every such audit whose checklist version
// holds it and that did not answer it "not applicable", nonconforming by its
// findings.
func (s *Store) loadItems(ctx context.Context, d *Data) error {
	sub := `SELECT a.id FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
		WHERE a.status IN ('submitted', 'issued') AND` + upTo
	perVersion := map[int64]int{}
	err := s.eachCount(ctx, `SELECT a.checklist_version_id, '', COUNT(*) FROM audits a WHERE a.id IN (`+sub+`) GROUP BY a.checklist_version_id`,
		d.upToArgs(), func(v int64, _ string, n int) { perVersion[v] = n })
	if err != nil {
		return err
	}
	byCode := map[string]*ItemObs{}
	for _, v := range slices.Backward(slices.Sorted(maps.Keys(perVersion))) { // the latest version names an item
		if err := s.nameItems(ctx, v, perVersion[v], byCode); err != nil {
			return err
		}
	}
	tally := func(query string, add func(*ItemObs, int)) error {
		rows, err := s.DB.R.QueryContext(ctx, query, d.upToArgs()...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				return err
			}
			if it := byCode[code]; it != nil {
				add(it, n)
			}
		}
		return rows.Err()
	}
	if err := tally(`SELECT x.item_code, COUNT(*) FROM answers x WHERE x.result = 'na' AND x.audit_id IN (`+sub+`) GROUP BY x.item_code`,
		func(it *ItemObs, n int) { it.Applicable -= n }); err != nil {
		return err
	}
	if err := tally(`SELECT f.item_code, COUNT(*) FROM findings f WHERE f.grade IN ('minor', 'major') AND f.audit_id IN (`+sub+`) GROUP BY f.item_code`,
		func(it *ItemObs, n int) { it.NC += n }); err != nil {
		return err
	}
	for _, code := range slices.Sorted(maps.Keys(byCode)) {
		d.Items = append(d.Items, *byCode[code])
	}
	return nil
}

// nameItems adds the items of a checklist version, used by audits audits,
// to byCode; an item already there keeps its name.
func (s *Store) nameItems(ctx context.Context, version int64, audits int, byCode map[string]*ItemObs) error {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT code, clause_code, text_vi, text_en FROM checklist_items WHERE version_id = ?`, version)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it ItemObs
		if err := rows.Scan(&it.Item, &it.Clause, &it.TextVI, &it.TextEN); err != nil {
			return err
		}
		if t := byCode[it.Item]; t != nil {
			t.Applicable += audits
			continue
		}
		it.Applicable = audits
		byCode[it.Item] = &it
	}
	return rows.Err()
}

// ncColumns and ncFrom read findings with their audit's round and units.
const ncColumns = `f.id, f.audit_id, r.n, bu.code, au.code, f.clause, f.item_code, f.grade, f.statement, f.status,
	f.plan_due, f.repeat_of, f.updated_at, f.closed_at, p.id, p.year`

const ncFrom = ` FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
	JOIN programmes p ON p.id = r.programme_id
	JOIN units au ON au.id = a.auditor_unit_id JOIN units bu ON bu.id = a.auditee_unit_id `

func (s *Store) loadNCs(ctx context.Context, d *Data) error {
	// Only the findings of submitted or issued audits count, as the scores
	// do: an audit in progress may still change its findings.
	ncs, err := s.ncs(ctx, d.Today, `WHERE p.id = ? AND a.status IN ('submitted', 'issued')`, d.Programme.ID)
	if err != nil {
		return err
	}
	for _, n := range ncs {
		if n.Grade == "minor" || n.Grade == "major" {
			d.NCs = append(d.NCs, n)
		} else {
			d.Others[n.Grade]++
		}
	}
	return nil
}

func (s *Store) ncs(ctx context.Context, today, where string, args ...any) ([]NC, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+ncColumns+ncFrom+where+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NC
	for rows.Next() {
		var n NC
		var due sql.NullString
		var repeat sql.NullInt64
		var updated string
		var closed sql.NullString
		if err := rows.Scan(&n.ID, &n.AuditID, &n.Round, &n.Auditee, &n.Auditor, &n.Clause, &n.Item, &n.Grade, &n.Statement,
			&n.Status, &due, &repeat, &updated, &closed, &n.ProgrammeID, &n.Year); err != nil {
			return nil, err
		}
		if due.Valid {
			n.PlanDue = &due.String
		}
		if repeat.Valid {
			n.RepeatOf = &repeat.Int64
		}
		if n.Closed() { // only closing needs the day
			n.ClosedOn = closedOn(closed, updated)
		}
		n.Overdue = findings.Finding{PlanDue: n.PlanDue, Status: n.Status}.PlanOverdue(today)
		out = append(out, n)
	}
	return out, rows.Err()
}

// closedOn is the day in Viet Nam a closed nonconformity was closed: its
// closed_at, recorded by the workflow since issue 10. A finding closed
// before that column existed has none; its last change stands in for it.
func closedOn(closedAt sql.NullString, updatedAt string) string {
	at := updatedAt
	if closedAt.Valid && closedAt.String != "" {
		at = closedAt.String
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return ""
	}
	return t.In(i18n.Zone).Format(time.DateOnly)
}

// LoadUnit reads what a unit's own view needs: every result, so that its
// rounds compare with the programme average, and the nonconformities and
// dossier figures of the unit and of the units merged into it. Returns
// apperr.NotFound for an unknown unit.
func (s *Store) LoadUnit(ctx context.Context, code string) (*UnitData, error) {
	d := &UnitData{Code: code}
	err := s.DB.R.QueryRowContext(ctx, `SELECT name FROM units WHERE code = ?`, code).Scan(&d.Name)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.unit")
	}
	if err != nil {
		return nil, fmt.Errorf("dashboard: unit %s: %w", code, err)
	}
	if err := s.loadUnit(ctx, d); err != nil {
		return nil, fmt.Errorf("dashboard: unit %s: %w", code, err)
	}
	return d, nil
}

func (s *Store) loadUnit(ctx context.Context, d *UnitData) error {
	var err error
	if d.Names, err = s.names(ctx); err != nil {
		return err
	}
	lin, err := (&org.Store{DB: s.DB}).Lineage(ctx)
	if err != nil {
		return err
	}
	d.Family = lin.Family(d.Code)
	if d.History, err = s.history(ctx, ""); err != nil {
		return err
	}
	args := []any{}
	for _, c := range d.Family {
		args = append(args, c)
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	if d.NCs, err = s.ncs(ctx, s.today(), `WHERE bu.code IN (`+in+`) AND f.grade IN ('minor', 'major')`, args...); err != nil {
		return err
	}
	d.Figures, d.Target, err = s.figures(ctx)
	return err
}
