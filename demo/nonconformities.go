package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// demoNC is a nonconformity the demo moves through the workflow.
type demoNC struct {
	ID      int64
	Year    int
	Auditee string // unit code
	Lead    int64  // user id of the auditing team's lead
	Planned string // the audit's date
	Item    string // the checklist item it was raised on
}

// ncStory says how far a nonconformity went and when: each step's age in
// days before today (0: the step is not taken).
type ncStory struct {
	analysed, planned, accepted, implemented, verified, closed, reopened int
	actionDue                                                            int // the action's due date, in days after the plan
	extendTo                                                             int // the office's extension: due this many days ago
	revised                                                              int // the unit corrects its action and removes a duplicate, this many days ago
}

// Stories of last year's nonconformities, in order; the rest are closed.
// Together with this year's they put a nonconformity in every state,
// two of them overdue (an action past its date, a plan past its extended
// date), one due within the reminder period.
var lastYearStories = []ncStory{
	{analysed: 330, planned: 326, accepted: 322, implemented: 300, verified: 290, closed: 240, reopened: 7, actionDue: 35}, // reopened
	{analysed: 90, planned: 85, accepted: 80, implemented: 14, verified: 10, actionDue: 80},                                // verified, closable in 20 days
	{analysed: 120, planned: 115, accepted: 110, implemented: 50, verified: 40, actionDue: 75},                             // verified, closable now
	{analysed: 60, planned: 55, accepted: 50, implemented: 5, actionDue: 57},                                               // implemented
	{analysed: 70, planned: 64, accepted: 60, actionDue: 56},                                                               // plan accepted, action overdue
	{analysed: 40, planned: 35, accepted: 30, actionDue: 42},                                                               // plan accepted, action due soon
	{analysed: 45, extendTo: 6, actionDue: 75, revised: 30},                                                                // cause analysed, plan overdue after an extension, its action corrected
	{analysed: 20, planned: 3, actionDue: 30},                                                                              // plan submitted
}

// closedSteps is the full cycle of the others, a year ago: each step
// with its age in days and who took it.
var closedSteps = []struct {
	from, to string
	daysAgo  int
	lead     bool
	note     string
}{
	{findings.NCOpen, findings.NCCauseAnalysed, 340, false, ""},
	{findings.NCCauseAnalysed, findings.NCPlanSubmitted, 335, false, ""},
	{findings.NCPlanSubmitted, findings.NCPlanAccepted, 331, true, "Nguyên nhân xác định đúng, hành động phù hợp."},
	{findings.NCPlanAccepted, findings.NCImplemented, 300, false, "Đã thực hiện xong, gửi kèm biên bản."},
	{findings.NCImplemented, findings.NCVerified, 292, true, "Đã kiểm tra tại đơn vị: hành động đã thực hiện đúng kế hoạch."},
	{findings.NCVerified, findings.NCClosed, 250, true, "Chọn mẫu hồ sơ sau 30 ngày: không còn trường hợp tương tự. Hành động khắc phục có hiệu lực."},
}

// This year's: two worked on, the others still open.
var thisYearStories = []ncStory{{}, {}, {analysed: 1, actionDue: 20}, {analysed: 2, planned: 1, actionDue: 25}}

// Why-why chains, root causes, corrections and actions the audited units
// write, varied by nonconformity.
var ncTexts = []ncText{
	{[]string{"Vì sao hồ sơ trễ hạn không có Phiếu xin lỗi? Vì công chức không biết hồ sơ đã quá hạn.",
		"Vì sao không biết? Vì không ai theo dõi hạn từng bước trên hệ thống một cửa điện tử.",
		"Vì sao không ai theo dõi? Vì chưa phân công và chưa bật cảnh báo hạn trên phần mềm."},
		"Chưa phân công công chức theo dõi hạn giải quyết và chưa sử dụng chức năng cảnh báo hạn của hệ thống một cửa điện tử.",
		"Đã liên hệ 6 công dân có hồ sơ trễ hạn, lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
		"Rà soát hồ sơ 3 tháng gần nhất của các lĩnh vực hộ tịch, chứng thực, đất đai: lĩnh vực đất đai có 2 trường hợp tương tự, đã xử lý.",
		"Ban hành quyết định phân công công chức theo dõi hạn hằng ngày và bật cảnh báo hạn trên hệ thống một cửa điện tử."},
	{[]string{"Vì sao TTHC chưa được công khai trên Cổng dịch vụ công? Vì danh mục trên cổng chưa cập nhật.",
		"Vì sao chưa cập nhật? Vì không có ai rà soát khi tỉnh công bố TTHC mới."},
		"Chưa có quy định rà soát danh mục TTHC trên Cổng dịch vụ công mỗi khi tỉnh công bố quyết định mới.",
		"Đã đề nghị Văn phòng UBND tỉnh cập nhật 3 TTHC còn thiếu lên Cổng dịch vụ công.",
		"Đối chiếu toàn bộ danh mục TTHC cấp xã với Cổng: không phát hiện thêm trường hợp thiếu.",
		"Bổ sung vào quy trình kiểm soát tài liệu bước rà soát Cổng dịch vụ công trong 5 ngày làm việc kể từ khi có quyết định công bố."},
	{[]string{"Vì sao hồ sơ giấy không có trên hệ thống? Vì tiếp nhận vào giờ cao điểm, ghi sổ trước rồi quên nhập.",
		"Vì sao quên nhập? Vì không có bước đối chiếu sổ với hệ thống cuối ngày."},
		"Thiếu bước đối chiếu Sổ theo dõi hồ sơ (Mẫu 06) với hệ thống một cửa điện tử cuối mỗi ngày làm việc.",
		"Đã nhập bổ sung 3 hồ sơ lên hệ thống và cập nhật trạng thái.",
		"Kiểm tra sổ theo dõi 2 tháng gần nhất: không còn hồ sơ thiếu trên hệ thống.",
		"Quy định công chức một cửa đối chiếu sổ với hệ thống trước 16 giờ 30 hằng ngày; Phó Chủ tịch kiểm tra hằng tuần."},
}

// loadNonconformities moves the demo's nonconformities through the
// corrective-action workflow with the workflow's own rules, each step on
// its day: last year's mostly closed, a few at every step, this year's
// mostly open.
func loadNonconformities(ctx context.Context, f *findings.Store) error {
	d := f.DB
	ncs, err := demoNCs(ctx, d)
	if err != nil {
		return err
	}
	c := f
	set, err := findings.LoadNCSettings(ctx, d.R)
	if err != nil {
		return err
	}
	realNow := d.Now
	defer func() { d.Now = realNow }()
	w := &ncWriter{c: c, d: d, now: realNow(), cal: set.Calendar(), planDays: set.PlanDays}
	year := realNow().In(i18n.Zone).Year()
	last, this := 0, 0
	var closed []demoNC
	for _, nc := range ncs {
		var story ncStory
		switch {
		case nc.Year < year && last < len(lastYearStories):
			story = lastYearStories[last]
			last++
		case nc.Year < year:
			closed = append(closed, nc)
			continue
		case this < len(thisYearStories):
			story = thisYearStories[this]
			this++
		default:
			continue
		}
		if nc.Year < year {
			// Last year's plans were due 15 working days after last year's audit.
			if err := w.backdate(nc); err != nil {
				return err
			}
		}
		if err := w.tell(ctx, nc, story, int(nc.ID)); err != nil {
			return fmt.Errorf("demo: nonconformity %d: %w", nc.ID, err)
		}
	}
	if err := w.closeAll(ctx, closed); err != nil {
		return err
	}
	// The notices of steps taken weeks ago were read long ago.
	_, err = d.W.ExecContext(ctx, `UPDATE notices SET read_at = created_at WHERE msg_key LIKE 'ca.%' AND created_at < ?`,
		db.FormatTime(realNow().AddDate(0, 0, -14)))
	return err
}

// demoNCs lists the nonconformities with what the stories need, oldest
// first.
func demoNCs(ctx context.Context, d *db.DB) ([]demoNC, error) {
	rows, err := d.R.QueryContext(ctx, `SELECT f.id, p.year, u.code, t.user_id, a.planned_date, f.item_code
		FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
		JOIN units u ON u.id = a.auditee_unit_id JOIN audit_team t ON t.audit_id = a.id AND t.role = 'lead'
		WHERE f.grade IN ('minor', 'major') ORDER BY f.id`)
	if err != nil {
		return nil, fmt.Errorf("demo: nonconformities: %w", err)
	}
	defer rows.Close()
	var out []demoNC
	for rows.Next() {
		var nc demoNC
		if err := rows.Scan(&nc.ID, &nc.Year, &nc.Auditee, &nc.Lead, &nc.Planned, &nc.Item); err != nil {
			return nil, fmt.Errorf("demo: nonconformities: %w", err)
		}
		out = append(out, nc)
	}
	return out, rows.Err()
}

// ncWriter takes the steps, each as its person on its day.
type ncWriter struct {
	c        *findings.Store
	d        *db.DB
	now      time.Time
	cal      audit.Calendar
	planDays int
}

// on sets the clock daysAgo days back (at 9 in the morning, Vietnam time).
func (w *ncWriter) on(daysAgo int) {
	t := w.now.In(i18n.Zone).AddDate(0, 0, -daysAgo)
	t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, i18n.Zone)
	w.d.Now = func() time.Time { return t }
}

func (w *ncWriter) day(daysAgo int) string {
	return w.now.In(i18n.Zone).AddDate(0, 0, -daysAgo).Format(time.DateOnly)
}

func (w *ncWriter) backdate(nc demoNC) error {
	_, err := w.d.W.Exec(`UPDATE findings SET plan_due = ? WHERE id = ?`, w.cal.AddWorkdays(nc.Planned, w.planDays), nc.ID)
	return err
}

func (w *ncWriter) unitCtx(ctx context.Context, nc demoNC) (context.Context, findings.NCActor, error) {
	var id int64
	if err := w.d.R.QueryRowContext(ctx, `SELECT id FROM users WHERE username = ?`, "auditee."+nc.Auditee).Scan(&id); err != nil {
		return nil, findings.NCActor{}, fmt.Errorf("demo: auditee of %s: %w", nc.Auditee, err)
	}
	return db.WithActor(ctx, id), findings.NCActor{Auditee: true, Sees: true}, nil
}

// tell takes the story's steps in order.
func (w *ncWriter) tell(ctx context.Context, nc demoNC, s ncStory, seed int) error {
	if s.analysed == 0 {
		return nil
	}
	uctx, unit, err := w.unitCtx(ctx, nc)
	if err != nil {
		return err
	}
	lctx, lead := db.WithActor(ctx, nc.Lead), findings.NCActor{Lead: true, Sees: true}
	text, cause := analysisOf(nc, seed)
	step := func(ctx context.Context, a findings.NCActor, daysAgo int, to, note string) error {
		if daysAgo == 0 {
			return nil
		}
		w.on(daysAgo)
		return w.c.Transition(ctx, nc.ID, a, findings.TransitionInput{To: to, Note: note})
	}
	w.on(s.analysed)
	whys := text.whys
	if _, err := w.c.EditFinding(uctx, nc.ID, findings.FindingEdit{Whys: &whys, RootCause: &text.root, Correction: &text.correction, SimilarCases: &text.similar,
		CauseCategory: &cause}); err != nil {
		return err
	}
	if err := step(uctx, unit, s.analysed, findings.NCCauseAnalysed, ""); err != nil {
		return err
	}
	if s.planned != 0 || s.actionDue != 0 {
		act, err := w.c.AddAction(uctx, nc.ID, findings.ActionInput{Description: text.do, Owner: "auditee." + nc.Auditee,
			DueDate: w.day(s.analysed - s.actionDue)})
		if err != nil {
			return err
		}
		if s.revised != 0 {
			if err := w.revise(uctx, nc, s, act); err != nil {
				return err
			}
		}
	}
	if s.extendTo != 0 {
		w.on(s.extendTo + 14) // two weeks before the new date
		octx := db.WithActor(ctx, w.officeID(ctx))
		if err := w.c.ExtendPlan(octx, nc.ID, findings.ExtendInput{PlanDue: w.day(s.extendTo), Reason: "Đơn vị đang kiện toàn Ban chỉ đạo ISO sau khi thay đổi Chủ tịch UBND."}); err != nil {
			return err
		}
	}
	if err := step(uctx, unit, s.planned, findings.NCPlanSubmitted, ""); err != nil {
		return err
	}
	if err := step(lctx, lead, s.accepted, findings.NCPlanAccepted, "Nguyên nhân xác định đúng, hành động phù hợp."); err != nil {
		return err
	}
	if s.implemented != 0 {
		if err := w.implement(uctx, nc, s, seed); err != nil {
			return err
		}
	}
	if err := step(uctx, unit, s.implemented, findings.NCImplemented, "Đã thực hiện xong, gửi kèm bằng chứng."); err != nil {
		return err
	}
	if err := step(lctx, lead, s.verified, findings.NCVerified, "Đã kiểm tra tại đơn vị: quyết định đã ban hành, sổ theo dõi được cập nhật."); err != nil {
		return err
	}
	if s.closed != 0 {
		w.on(s.closed)
		if _, err := w.c.AddNCEvidence(lctx, nc.ID, findings.EvidenceEffectiveness, "bien-ban-kiem-tra-hieu-luc.pdf", scannedReport()); err != nil {
			return err
		}
	}
	if err := step(lctx, lead, s.closed, findings.NCClosed, "Chọn mẫu 20 hồ sơ sau 30 ngày: không còn trường hợp tương tự. Hành động khắc phục có hiệu lực."); err != nil {
		return err
	}
	return step(lctx, lead, s.reopened, findings.NCReopened, "Kiểm tra đột xuất: lại có 2 hồ sơ trễ hạn không có Phiếu xin lỗi. Khắc phục chưa có hiệu lực.")
}

// revise corrects the action on the story's day and removes a duplicate
// the unit added by mistake.
func (w *ncWriter) revise(ctx context.Context, nc demoNC, s ncStory, act findings.NCAction) error {
	w.on(s.revised)
	in := findings.ActionInput{Description: act.Description + " Báo cáo kết quả cho Ban chỉ đạo ISO của xã.", Owner: act.Owner,
		DueDate: w.day(s.analysed - s.actionDue - 10)}
	if _, err := w.c.EditAction(ctx, nc.ID, act.ID, in); err != nil {
		return err
	}
	dup, err := w.c.AddAction(ctx, nc.ID, findings.ActionInput{Description: act.Description, Owner: act.Owner, DueDate: in.DueDate})
	if err != nil {
		return err
	}
	return w.c.RemoveAction(ctx, nc.ID, dup.ID)
}

// implement reports the actions done with a photo of the evidence.
func (w *ncWriter) implement(ctx context.Context, nc demoNC, s ncStory, seed int) error {
	w.on(s.implemented + 1)
	d, err := w.c.NC(ctx, nc.ID)
	if err != nil {
		return err
	}
	for _, a := range d.Actions {
		if a.DoneAt == nil {
			if err := w.c.CompleteAction(ctx, nc.ID, a.ID, findings.DoneInput{Note: "Đã ban hành Quyết định số " + fmt.Sprint(10+seed%80) + "/QĐ-UBND và triển khai tại Bộ phận một cửa."}); err != nil {
				return err
			}
		}
	}
	_, err = w.c.AddNCEvidence(ctx, nc.ID, findings.EvidenceImplementation, "quyet-dinh-phan-cong.jpg", photo(seed))
	return err
}

func (w *ncWriter) officeID(ctx context.Context) int64 {
	var id int64
	_ = w.d.R.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'office'`).Scan(&id)
	return id
}

// closeAll writes the whole, closed cycle of last year's other
// nonconformities in one transaction: the same rows the workflow writes
// (analysis, a done action, evidence of both kinds as scanned PDF
// reports, each step with who, when and the note), without a thousand
// commits at every demo start.
func (w *ncWriter) closeAll(ctx context.Context, ncs []demoNC) error {
	pdf := scannedReport()
	sum := sha256.Sum256(pdf)
	hash := hex.EncodeToString(sum[:])
	at := func(daysAgo int) string { w.on(daysAgo); return db.FormatTime(w.d.Now()) }
	return w.d.Write(ctx, func(tx *db.Tx) error {
		for _, nc := range ncs {
			t, cause := analysisOf(nc, int(nc.ID))
			var unit int64
			if err := tx.QueryRow(`SELECT id FROM users WHERE username = ?`, "auditee."+nc.Auditee).Scan(&unit); err != nil {
				return fmt.Errorf("demo: auditee of %s: %w", nc.Auditee, err)
			}
			if _, err := tx.Exec(`UPDATE findings SET status = 'closed', root_cause = ?, why_chain = ?, correction = ?, similar_cases = ?,
				cause_category = ?, plan_due = ?, status_at = ?, verified_at = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
				t.root, strings.Join(t.whys, "\n"), t.correction, t.similar, cause, w.cal.AddWorkdays(nc.Planned, w.planDays),
				at(250), at(292), at(250), at(250), nc.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO nc_actions (finding_id, description, owner_id, due_date, done_at, done_note, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, nc.ID, t.do, unit, w.day(295), at(301), "Đã thực hiện theo kế hoạch, có biên bản kèm theo.", unit, at(338)); err != nil {
				return err
			}
			for i, kind := range []string{findings.EvidenceImplementation, findings.EvidenceEffectiveness} {
				by, day := unit, 301
				if i == 1 {
					by, day = nc.Lead, 251
				}
				res, err := tx.Exec(`INSERT INTO nc_evidence (finding_id, kind, filename, content_type, size, sha256, uploaded_by, created_at)
					VALUES (?, ?, ?, 'application/pdf', ?, ?, ?, ?)`, nc.ID, kind, "bien-ban-"+kind+".pdf", len(pdf), hash, by, at(day))
				if err != nil {
					return err
				}
				id, _ := res.LastInsertId()
				if _, err := tx.Exec(`INSERT INTO nc_evidence_blobs (evidence_id, data) VALUES (?, ?)`, id, pdf); err != nil {
					return err
				}
			}
			for _, st := range closedSteps {
				by := unit
				if st.lead {
					by = nc.Lead
				}
				if _, err := tx.Exec(`INSERT INTO nc_transitions (finding_id, from_status, to_status, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)`,
					nc.ID, st.from, st.to, st.note, by, at(st.daysAgo)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// scannedReport is a one-page PDF standing in for a scanned inspection
// report.
func scannedReport() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"", // the content stream, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	content := "BT /F1 16 Tf 72 770 Td (BIEN BAN KIEM TRA HIEU LUC HANH DONG KHAC PHUC) Tj ET"
	objs[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}
