package demo_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestDemoTakesTheRealMerger checks what the demo shows of reorganisation:
// the demo keeps Đức Trọng's 15 units, and the units-changes page offers
// the real 1 July 2025 merger checked against them. Applied here to a fresh
// demo database, the merger leaves 7 communes, keeps every audit and
// finding where it was made, moves the people with their certificates,
// passes open nonconformities on, and the next round is assigned between
// the 7.
func TestDemoTakesTheRealMerger(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	sample, err := assets.Data.ReadFile(org.SamplePath)
	if err != nil {
		t.Fatal(err)
	}
	reorg := &org.Reorg{DB: d, Followers: []org.Follower{auth.FollowMerger, findings.FollowMerger}}
	plan, err := reorg.Check(ctx, sample)
	if err != nil {
		t.Fatalf("the sample does not apply to the demo: %v", err)
	}
	if len(plan.Changes) != 14 || plan.Count(org.ChangeMerge) != 8 || plan.Count(org.ChangeRename) != 2 || plan.Count(org.ChangeKeep) != 4 {
		t.Errorf("sample plan: %d lines, %d merges, %d renames, %d kept", len(plan.Changes), plan.Count(org.ChangeMerge), plan.Count(org.ChangeRename), plan.Count(org.ChangeKeep))
	}
	if got := count(t, d, `SELECT COUNT(*) FROM units WHERE retired_at IS NULL`); got != 15 {
		t.Fatalf("checking the sample changed the demo: %d live units", got)
	}
	audits := count(t, d, `SELECT COUNT(*) FROM audits`)
	findingCount := count(t, d, `SELECT COUNT(*) FROM findings`)
	certificates := count(t, d, `SELECT COUNT(*) FROM auditor_certificates`)
	// The units merged into another (the others keep or change their name).
	merged := `'24961', '24964', '24982', '24979', '24973', '24997', '24994', '24989'`
	open := count(t, d, `SELECT COUNT(*) FROM findings f JOIN audits a ON a.id = f.audit_id JOIN units u ON u.id = a.auditee_unit_id
		WHERE f.grade IN ('minor', 'major') AND f.status <> 'closed' AND u.code IN (`+merged+`)`)

	if open == 0 {
		t.Fatal("the demo has no open nonconformity in a unit the merger retires")
	}
	res, err := reorg.Apply(ctx, sample, "ductrong_merger_2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := d.R.Query(`SELECT code || ' ' || name FROM units WHERE retired_at IS NULL ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	var live []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		live = append(live, s)
	}
	rows.Close()
	want := "24958 Xã Đức Trọng; 24967 Xã Hiệp Thạnh; 24970 Xã Đinh Văn Lâm Hà; 24976 Xã Tân Hội; 24985 Xã Ninh Gia; 24988 Xã Tà Năng; 24991 Xã Tà Hine"
	if got := strings.Join(live, "; "); got != want {
		t.Errorf("live units after the merger:\n%s\nwant\n%s", got, want)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM units`); got != 15 {
		t.Errorf("%d units kept, want all 15", got)
	}
	if a, f, c := count(t, d, `SELECT COUNT(*) FROM audits`), count(t, d, `SELECT COUNT(*) FROM findings`), count(t, d, `SELECT COUNT(*) FROM auditor_certificates`); a != audits || f != findingCount || c != certificates {
		t.Errorf("history changed: audits %d→%d, findings %d→%d, certificates %d→%d", audits, a, findingCount, f, certificates, c)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM audits a JOIN units u ON u.id = a.auditee_unit_id WHERE u.code = '24961'`); got == 0 {
		t.Error("Hiệp An's audits are no longer its own")
	}
	// People moved, with their certificates, and read the old records.
	store := &auth.Store{DB: d}
	u, err := store.UserByUsername(ctx, "auditor.24961")
	if err != nil || u.UnitCode != "24967" || !u.InUnit("24961") || !u.InUnit("24964") {
		t.Errorf("auditor.24961 after the merger: %+v %v", u, err)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM users u JOIN units un ON un.id = u.unit_id WHERE un.retired_at IS NOT NULL`); got != 0 {
		t.Errorf("%d people left in merged units", got)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM users u JOIN units un ON un.id = u.unit_id WHERE un.code = '24967' AND u.role = 'auditor'`); got != 3 {
		t.Errorf("Hiệp Thạnh has %d auditors, want the 3 of its predecessors", got)
	}
	if res.Follow[org.FollowUsersMoved] != 16 || res.Follow[org.FollowNonconformitiesPassed] != open {
		t.Errorf("follow %v, want 16 people moved and %d open nonconformities passed", res.Follow, open)
	}
	// The succession, for repeat findings and the dashboard's sums.
	lin, err := (&org.Store{DB: d}).Lineage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lin.Family("24991"), ","); got != "24991,24994,24997" {
		t.Errorf("Tà Hine's family %s", got)
	}
	// The preview made before the merger cannot be confirmed; a new one
	// pairs the 7 communes.
	as := findings.Open(d).Audits
	var progID int64
	if err := d.R.QueryRow(`SELECT programme_id FROM rounds WHERE status = 'preview'`).Scan(&progID); err != nil {
		t.Fatal(err)
	}
	if _, err := as.ConfirmRound(ctx, progID, 2); err == nil || !strings.Contains(err.Error(), "round_stale") {
		t.Errorf("confirming the old preview: %v", err)
	}
	r, err := as.PreviewRound(ctx, progID, audit.RoundInput{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range r.Pairs {
		seen[p.Auditor] = true
		if !lin.Live(p.Auditor) || !lin.Live(p.Auditee) {
			t.Errorf("pair %v names a merged unit", p)
		}
	}
	if len(r.Pairs) != 7 || len(seen) != 7 {
		t.Errorf("round after the merger: %v", r.Pairs)
	}
	// The district is gone: the province becomes the organiser. The
	// programmes made under the district keep its letterhead; a new one
	// takes the province's.
	orgs := &org.Store{DB: d}
	profile, err := orgs.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	profile.Name, profile.Parent, profile.Place, profile.Symbol = "SỞ NỘI VỤ", "UBND TỈNH LÂM ĐỒNG", "Lâm Đồng", "SNV"
	if err := orgs.SaveProfile(ctx, profile); err != nil {
		t.Fatal(err)
	}
	kept, err := as.Programme(ctx, progID)
	if err != nil || kept.Organiser.Name != demo.Owner.Name || kept.Organiser.Place != "Đức Trọng" {
		t.Errorf("this year's programme after the organiser changed: %+v %v", kept.Organiser, err)
	}
	created, err := as.CreateProgramme(ctx, audit.ProgrammeInput{Name: "Đánh giá chéo các xã sau sắp xếp", Year: kept.Year + 1,
		ChecklistID: kept.ChecklistID, Units: slices.Sorted(maps.Keys(seen))})
	if err != nil {
		t.Fatal(err)
	}
	if created.Organiser.Name != "SỞ NỘI VỤ" || created.Organiser.Parent != "UBND TỈNH LÂM ĐỒNG" {
		t.Errorf("a programme after the reform: %+v", created.Organiser)
	}
}

// TestDemoShowsAScheduledChange checks the scheduled change the demo shows
// at first sign-in: Ninh Gia's rename on 1 January next year, waiting on
// /units/changes with its date and a way to cancel it, while the 15 units
// of today stay as they are, a run of the scheduler today applies nothing,
// and the 2025 merger sample still applies.
func TestDemoShowsAScheduledChange(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	day := demo.ScheduledRenameDay(time.Now())
	if got := count(t, d, `SELECT COUNT(*) FROM unit_change_schedules WHERE status = 'scheduled' AND effective_on = ?`, day); got != 1 {
		t.Fatalf("%d changes scheduled for %s, want 1", got, day)
	}
	reorg := &org.Reorg{DB: d, Followers: []org.Follower{auth.FollowMerger, findings.FollowMerger}}
	if out, err := reorg.ApplyDue(ctx); err != nil || out.Applied+out.Failed != 0 {
		t.Errorf("the scheduler today: %+v %v, want nothing done", out, err)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM units WHERE retired_at IS NULL`); got != 15 {
		t.Errorf("%d live units, want the 15 of today", got)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM units WHERE code = ? AND name = 'Xã Ninh Gia'`, demo.ScheduledRename.Code); got != 1 {
		t.Error("Ninh Gia was renamed before its day")
	}
	sample, err := assets.Data.ReadFile(org.SamplePath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reorg.Check(ctx, sample); err != nil {
		t.Errorf("the scheduled rename keeps the sample merger from applying: %v", err)
	}
	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) {
		org.MountChanges(s, r, &org.Store{DB: d}, auth.FollowMerger, findings.FollowMerger)
	})
	status, page := a.Login("office", demo.Password).Page("/units/changes")
	date := day[8:10] + "/" + day[5:7] + "/" + day[:4]
	for _, want := range []string{"Thay đổi đã hẹn", "hiệu lực từ " + date, "Đã hẹn", "Phường Ninh Gia", "Đổi tên thành", "Huỷ lịch này"} {
		if !strings.Contains(page, want) {
			t.Errorf("/units/changes (%d) does not show %q", status, want)
		}
	}
}
