package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
)

// loaded returns a database of its own holding the demo, and what loading
// it printed. The demo is loaded once per test binary (demotest).
func loaded(t *testing.T) (*db.DB, string) {
	t.Helper()
	return demotest.Open(t), demotest.Output(t)
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDemoGuarantees checks a freshly loaded demo against the list of what
// CONTRACT.md says it holds. Each feature extends it.
func TestDemoGuarantees(t *testing.T) {
	d, out := loaded(t)
	ctx := context.Background()
	units, err := demo.Units()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the 15 units of Đức Trọng before 2025, with the owner", func(t *testing.T) {
		if got := count(t, d, `SELECT COUNT(*) FROM units WHERE retired_at IS NULL`); got != 15 {
			t.Errorf("%d live units, want 15", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM owners WHERE name = 'UBND huyện Đức Trọng'`); got != 1 {
			t.Errorf("owner rows: %d", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM units WHERE code = '24973' AND name = 'Xã N''Thol Hạ' AND cluster = 'Cụm 1'`); got != 1 {
			t.Error("Xã N'Thol Hạ is not stored intact")
		}
	})
	t.Run("admin, office, and auditor.CODE and auditee.CODE for every unit, password crossaudit-demo", func(t *testing.T) {
		store := &auth.Store{DB: d}
		guard := auth.NewGuard(store)
		names := []string{"admin", "office"}
		for _, u := range units {
			names = append(names, "auditor."+u.Code, "auditee."+u.Code)
		}
		for _, name := range names {
			u, err := guard.SignIn(ctx, name, demo.Password, "test")
			if err != nil {
				t.Errorf("%s cannot sign in: %v", name, err)
				continue
			}
			if u.MustChangePassword {
				t.Errorf("%s must change the demo password", name)
			}
			if strings.Contains(name, ".") && u.UnitCode != name[strings.Index(name, ".")+1:] {
				t.Errorf("%s belongs to unit %q", name, u.UnitCode)
			}
			if !strings.Contains(out, name) {
				t.Errorf("the logins printed at start-up do not name %s", name)
			}
		}
		if !strings.Contains(out, demo.Password) {
			t.Error("the printed logins do not give the password")
		}
	})
	t.Run("the built-in checklist published as versions 1 and 2 and a draft version 3", func(t *testing.T) {
		versions := `SELECT COUNT(*) FROM checklist_versions v JOIN checklists c ON c.id = v.checklist_id
			WHERE c.builtin_key = 'iso9001-tthc' AND v.number = ? AND v.status = ?`
		if count(t, d, versions, 1, "published") != 1 || count(t, d, versions, 2, "published") != 1 || count(t, d, versions, 3, "draft") != 1 {
			t.Fatal("the built-in checklist is not published as versions 1 and 2 with a draft version 3")
		}
		items := `SELECT COUNT(*) FROM checklist_items i JOIN checklist_versions v ON v.id = i.version_id
			JOIN checklists c ON c.id = v.checklist_id WHERE c.builtin_key = 'iso9001-tthc' AND v.number = ?`
		if got := count(t, d, items, 1); got != 59 {
			t.Errorf("version 1 has %d items, want 59", got)
		}
		if got := count(t, d, items, 2); got != 69 {
			t.Errorf("version 2 has %d items, want 69", got)
		}
		// Version 2 splits T08 and adds the online-submission measure, with legal references.
		if count(t, d, items+` AND i.code IN ('T08b', 'T08c', 'T11', 'T12') AND i.legal_refs_vi <> ''`, 2) != 4 {
			t.Error("version 2 lacks its split and new items with their legal references")
		}
		// The draft carries realistic edits: an item added, one removed.
		if count(t, d, items+` AND i.code = 'T13'`, 3) != 1 || count(t, d, items+` AND i.code = 'C49'`, 3) != 0 {
			t.Error("the draft version 3 lacks its edits (T13 added, C49 removed)")
		}
	})
	t.Run("last year's programme and its audits keep version 1, this year's use version 2", func(t *testing.T) {
		pinned := `SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
			JOIN checklist_versions v ON v.id = a.checklist_version_id JOIN checklist_versions pv ON pv.id = p.checklist_version_id
			WHERE p.year = ? AND v.number = ? AND pv.number = ?`
		all := `SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id WHERE p.year = ?`
		year := time.Now().Year()
		if got, want := count(t, d, pinned, year-1, 1, 1), count(t, d, all, year-1); got != want || want == 0 {
			t.Errorf("%d of last year's %d audits use version 1", got, want)
		}
		if got, want := count(t, d, pinned, year, 2, 2), count(t, d, all, year); got != want || want == 0 {
			t.Errorf("%d of this year's %d audits use version 2", got, want)
		}
		// This year's findings cite the parts version 2 split T08 and T09 into.
		if count(t, d, `SELECT COUNT(*) FROM findings WHERE item_code IN ('T08c', 'T09b')`) == 0 {
			t.Error("no finding cites a part of a split item")
		}
	})
	t.Run("auditor.CODE is its unit's only certified auditor, valid until the end of next year", func(t *testing.T) {
		endOfNextYear := fmt.Sprintf("%d-12-31", time.Now().Year()+1)
		for _, u := range units {
			if got := count(t, d, `SELECT COUNT(*) FROM auditor_certificates c JOIN users us ON us.id = c.user_id
				JOIN units un ON un.id = us.unit_id WHERE un.code = ? AND c.expires_on = ?`, u.Code, endOfNextYear); got != 1 {
				t.Errorf("unit %s has %d certified auditors valid until %s, want 1", u.Code, got, endOfNextYear)
			}
		}
	})
	t.Run("two programmes: last year's completed, this year's with a confirmed round of 15 audits (K=1) and a second in preview", func(t *testing.T) {
		year := time.Now().Year()
		if got := count(t, d, `SELECT COUNT(*) FROM programmes WHERE year = ? AND status = 'completed'`, year-1); got != 1 {
			t.Errorf("last year's completed programmes: %d", got)
		}
		// Every one issued (demo/reports_test.go checks the stored reports).
		if got := count(t, d, `SELECT COUNT(DISTINCT a.auditee_unit_id) FROM audits a JOIN rounds r ON r.id = a.round_id
			JOIN programmes p ON p.id = r.programme_id WHERE p.year = ? AND a.status = 'issued'`, year-1); got != 15 {
			t.Errorf("last year's results cover %d units, want all 15", got)
		}
		var thisYear int64
		if err := d.R.QueryRow(`SELECT id FROM programmes WHERE year = ? AND status = 'active'`, year).Scan(&thisYear); err != nil {
			t.Fatalf("this year's active programme: %v", err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id WHERE r.programme_id = ? AND r.n = 1 AND r.status = 'confirmed' AND r.per_unit = 1`, thisYear); got != 15 {
			t.Errorf("round 1 has %d audits, want 15", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM rounds r JOIN round_pairs p ON p.round_id = r.id WHERE r.programme_id = ? AND r.n = 2 AND r.status = 'preview'`, thisYear); got != 15 {
			t.Errorf("round 2 preview has %d pairs, want 15", got)
		}
		// Every audit is led by auditor.CODE of the auditing unit.
		if got := count(t, d, `SELECT COUNT(*) FROM audits a JOIN units au ON au.id = a.auditor_unit_id
			JOIN audit_team t ON t.audit_id = a.id AND t.role = 'lead' JOIN users u ON u.id = t.user_id
			WHERE u.username = 'auditor.' || au.code`); got != count(t, d, `SELECT COUNT(*) FROM audits`) {
			t.Errorf("%d audits led by auditor.CODE of the auditing unit, of %d", got, count(t, d, `SELECT COUNT(*) FROM audits`))
		}
		// Round 1 rotates against last year: no pair repeated, none mutual.
		if got := count(t, d, `SELECT COUNT(*) FROM round_pairs p JOIN rounds r ON r.id = p.round_id
			WHERE r.programme_id = ? AND r.n = 1 AND EXISTS (SELECT 1 FROM round_pairs q JOIN rounds s ON s.id = q.round_id
				JOIN programmes pr ON pr.id = s.programme_id WHERE pr.year = ? AND q.auditor_unit_id = p.auditor_unit_id AND q.auditee_unit_id = p.auditee_unit_id)`, thisYear, year-1); got != 0 {
			t.Errorf("round 1 repeats %d pairs of last year", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM round_pairs p JOIN rounds r ON r.id = p.round_id
			WHERE r.programme_id = ? AND r.n = 1 AND EXISTS (SELECT 1 FROM round_pairs q WHERE q.round_id = p.round_id
				AND q.auditor_unit_id = p.auditee_unit_id AND q.auditee_unit_id = p.auditor_unit_id)`, thisYear); got != 0 {
			t.Errorf("round 1 has %d reciprocal pairs", got)
		}
	})
	t.Run("this year's round-1 audits in every state of conducting: planned, 3 in progress partly answered with photos, 4 submitted with findings", func(t *testing.T) {
		round1 := `FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
			WHERE p.year = ? AND r.n = 1 AND a.status = ?`
		year := time.Now().Year()
		if got := count(t, d, `SELECT COUNT(*) `+round1, year, "planned"); got < 1 {
			t.Errorf("%d planned audits, want at least 1", got)
		}
		// Issuing turned two of the submitted audits into issued ones.
		if got := count(t, d, `SELECT COUNT(*) `+round1, year, "submitted"); got < 2 {
			t.Errorf("%d submitted audits, want at least 2 (and 2 issued)", got)
		}
		if got := count(t, d, `SELECT COUNT(*) `+round1, year, "in_progress"); got != 3 {
			t.Errorf("%d audits in progress, want 3", got)
		}
		partly := `SELECT COUNT(*) ` + round1 + ` AND (SELECT COUNT(*) FROM answers x WHERE x.audit_id = a.id AND x.result <> '' AND x.note <> '') BETWEEN 1 AND 58`
		if got := count(t, d, partly, year, "in_progress"); got != 3 {
			t.Errorf("%d audits in progress are partly answered with notes, want 3", got)
		}
		withPhotos := `SELECT COUNT(*) ` + round1 + ` AND EXISTS (SELECT 1 FROM attachments t WHERE t.audit_id = a.id AND t.content_type = 'image/jpeg')`
		if got := count(t, d, withPhotos, year, "in_progress"); got < 2 {
			t.Errorf("%d audits in progress have photos, want at least 2", got)
		}
		complete := `SELECT COUNT(*) ` + round1 + ` AND (SELECT COUNT(*) FROM answers x WHERE x.audit_id = a.id AND x.result <> '') = 69
			AND EXISTS (SELECT 1 FROM findings f WHERE f.audit_id = a.id AND f.grade IN ('minor', 'major') AND f.status = 'open')`
		if got, all := count(t, d, complete, year, "submitted"), count(t, d, `SELECT COUNT(*) `+round1, year, "submitted"); got != all {
			t.Errorf("%d of %d submitted audits are fully answered with an open minor or major nonconformity", got, all)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM notices WHERE msg_key = 'notice.audit_submitted'`); got < 4 {
			t.Errorf("%d submission notices", got)
		}
		// The photos are real images, upright, stored without metadata.
		var data []byte
		if err := d.R.QueryRow(`SELECT b.data FROM attachment_blobs b JOIN attachments t ON t.id = b.attachment_id WHERE t.content_type = 'image/jpeg' LIMIT 1`).Scan(&data); err != nil {
			t.Fatal(err)
		}
		if len(data) < 1000 || data[0] != 0xFF || data[1] != 0xD8 {
			t.Errorf("the demo photo is not a JPEG (%d bytes)", len(data))
		}
	})
	t.Run("the outgoing register: every confirmed round's plan and the started teams' decisions, the waiting teams' drafts", func(t *testing.T) {
		if got, want := count(t, d, `SELECT COUNT(*) FROM outgoing_documents WHERE kind = 'plan'`), count(t, d, `SELECT COUNT(*) FROM rounds WHERE status = 'confirmed'`); got != want || got == 0 {
			t.Errorf("%d plans registered for %d confirmed rounds", got, want)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM audits a WHERE a.status NOT IN ('planned', 'cancelled')
			AND NOT EXISTS (SELECT 1 FROM outgoing_documents o WHERE o.kind = 'decision' AND o.subject_id = a.id)`); got != 0 {
			t.Errorf("%d started teams work without a registered decision", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id WHERE r.status = 'confirmed' AND a.status = 'planned'
			AND NOT EXISTS (SELECT 1 FROM outgoing_documents o WHERE o.kind = 'decision' AND o.subject_id = a.id)`); got == 0 {
			t.Error("no draft decision is left to register")
		}
		if got := count(t, d, `SELECT COUNT(*) FROM outgoing_documents WHERE number NOT LIKE '%-UBND'`); got != 0 {
			t.Errorf("%d registered numbers lack the organiser's symbol", got)
		}
	})
}

func TestDemoLoadsOnceOnly(t *testing.T) {
	d, _ := loaded(t)
	var out bytes.Buffer
	if err := demo.Load(context.Background(), findings.Open(d), &out); err != nil {
		t.Fatal(err)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM units`); got != 15 {
		t.Errorf("%d units after a second load, want 15", got)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM users`); got != 32 {
		t.Errorf("%d users after a second load, want 32", got)
	}
	if lines := strings.Count(strings.TrimSpace(out.String()), "\n"); lines != 0 || !strings.Contains(out.String(), "nothing loaded") {
		t.Errorf("second load said %q, want one line", out.String())
	}
}
