package demo_test

import (
	"context"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/audit/training"
	"github.com/crossaudit/crossaudit/internal/org"
)

// The demo's training needs (issue 25): every nonconformity the audited
// units analysed carries a root-cause category, and last year's programme
// shows several units needing training on the same clause for
// skills-related findings, the course the district held for them.
func TestDemoTrainingNeeds(t *testing.T) {
	d, _ := loaded(t)
	if n := count(t, d, `SELECT COUNT(*) FROM findings WHERE grade IN ('minor', 'major') AND status <> 'open' AND cause_category IS NULL`); n != 0 {
		t.Errorf("%d analysed nonconformities without a cause category", n)
	}
	var last int64
	if err := d.R.QueryRow(`SELECT id FROM programmes ORDER BY year, id LIMIT 1`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	st := &training.Store{Findings: findings.Open(d), Procedures: &procedures.Store{DB: d}, Units: &org.Store{DB: d}}
	n, err := st.Needs(context.Background(), last)
	if err != nil {
		t.Fatal(err)
	}
	byClause := map[string]int{}
	figures := 0
	for _, u := range n.Items {
		for _, tp := range u.Topics {
			byClause[tp.Clause]++
		}
		if u.Dossier != nil {
			figures++
		}
	}
	if byClause["8.5.1"] < 3 || byClause["8.2.3"] < 3 {
		t.Errorf("units needing training by clause %v, want at least 3 on 8.5.1 and on 8.2.3", byClause)
	}
	if figures == 0 {
		t.Error("no unit's dossier figures below target last year")
	}
	if id, err := st.DefaultProgramme(context.Background()); err != nil || id != last {
		t.Errorf("the page opens on programme %d (%v), want last year's %d", id, err, last)
	}
}
