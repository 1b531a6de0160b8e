package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// How many of this year's first-round audits the demo conducts, earliest
// first: the first submittedAudits are submitted (issuing, a later feature,
// will issue two of them), the next ones in progress with these many items
// answered, the rest stay planned.
const submittedAudits = 4

var inProgressAnswered = []int{18, 27, 36}

// finding is a scripted answer that is not a plain conform.
type finding struct {
	result checklist.Result
	value  *float64
	note   string
}

// overrideReasons say why a scripted measure's result departs from what
// its target suggests, by item (the audit store asks for one).
var overrideReasons = map[string]string{
	"T09": "Chênh lệch do 2 hồ sơ liên thông cấp tỉnh trả muộn, không do xã; đơn vị đã có văn bản đề nghị.",
}

func num(v float64) *float64 { return &v }

// findingsBySubmitted are the findings of each submitted audit, realistic
// for a commune's one-stop counter; every audit has a nonconformity.
var findingsBySubmitted = []map[string]finding{
	{
		"T03": {checklist.Minor, num(3), "3 TTHC lĩnh vực hộ tịch đang có hiệu lực chưa được công khai trên Cổng dịch vụ công của tỉnh (kiểm tra trực tiếp trên cổng ngày đánh giá)."},
		"C24": {checklist.Major, nil, "Chọn mẫu 20 hồ sơ lĩnh vực đất đai: 6 hồ sơ quá hạn ở bước thẩm định, không lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)."},
		"C15": {checklist.Observation, nil, "Bảng niêm yết TTHC tại Bộ phận một cửa bị mờ chữ ở một số trang; ghế chờ chưa đủ vào giờ cao điểm buổi sáng."},
		"C47": {checklist.Improvement, nil, "Có thể mở rộng dịch vụ công trực tuyến toàn trình cho các TTHC chứng thực bản sao từ bản chính."},
	},
	{
		"T05": {checklist.Minor, num(85), "Đối chiếu 20 hồ sơ giấy trong Sổ theo dõi (Mẫu 06) với hệ thống một cửa điện tử: 3 hồ sơ không có bản ghi trên hệ thống."},
		"C22": {checklist.Minor, nil, "Danh mục văn bản pháp luật bên ngoài chưa cập nhật văn bản mới về thủ tục hành chính; còn 2 quy trình lỗi thời để tại quầy."},
		"C38": {checklist.Observation, nil, "Phiếu khảo sát mức độ hài lòng có phát cho người dân nhưng chưa được tổng hợp, phân tích theo quý."},
	},
	{
		"T09": {checklist.Minor, num(96.4), "Tỷ lệ hồ sơ giải quyết đúng hạn 12 tháng qua theo phần mềm là 96,4%, thấp hơn mục tiêu 98%."},
		"T08": {checklist.Minor, nil, "Ban chỉ đạo ISO chưa được kiện toàn sau khi thay đổi Chủ tịch UBND xã."},
		// Version 2 asks separately what version 1's T08 and T09 asked at once.
		"T08c": {checklist.Minor, nil, "Chưa họp xem xét của lãnh đạo trong 12 tháng qua."},
		"T09b": {checklist.Minor, nil, "Báo cáo quý III ghi tỷ lệ đúng hạn 99%, không khớp với số liệu trên phần mềm một cửa điện tử."},
		"C47":  {checklist.Improvement, nil, "Nên số hóa kết quả giải quyết TTHC để trả bản điện tử cho người dân."},
	},
	{
		"C24": {checklist.Major, nil, "Chọn mẫu 15 hồ sơ lĩnh vực chứng thực và hộ tịch: 5 hồ sơ không có Phiếu kiểm soát quá trình (Mẫu 05), không xác định được thời hạn từng bước."},
		"C22": {checklist.Minor, nil, "Tài liệu lỗi thời (quy trình ban hành năm 2019) chưa được thu hồi khỏi Bộ phận một cửa."},
		"C15": {checklist.Observation, nil, "Chưa có biển chỉ dẫn lối đi cho người khuyết tật đến Bộ phận một cửa."},
	},
}

// conformValues are the figures of measure items that meet their targets.
var conformValues = map[string]float64{"T01": 0, "T02": 12, "T03": 0, "T05": 100, "T09": 99.1, "T11": 63.5, "T12": 96.2}

// loadConduct conducts this year's first-round audits through the audit
// store, as a team would: opening meetings, answers with notes and photos,
// submissions with their closing meetings.
func loadConduct(ctx context.Context, f *findings.Store) error {
	store, conduct, d := f.Audits, f, f.DB
	if err := conductLastYear(ctx, store, conduct, d.Now().In(i18n.Zone).Year()-1); err != nil {
		return err
	}
	audits, err := firstRound(ctx, store, d.Now().In(i18n.Zone).Year())
	if err != nil {
		return err
	}
	for i, a := range audits {
		if i >= submittedAudits+len(inProgressAnswered) {
			break
		}
		actx, plan, err := openAudit(ctx, store, conduct, a.ID)
		if err != nil {
			return err
		}
		if i < submittedAudits {
			var base map[string]finding
			if base, err = onVersion(ctx, conduct, plan, findingsBySubmitted[i]); err != nil {
				return err
			}
			script := scriptFor(plan, i, base, thisYearNCs)
			if i == 0 {
				if err := repeatLastYear(ctx, d, plan, script); err != nil {
					return err
				}
				// A measure that misses its target, graded an observation
				// with the team's reason, so that the issued report shows a
				// value not met without changing the pair's nonconformities.
				script["T09"] = finding{checklist.Observation, num(97.6), "Tỷ lệ hồ sơ giải quyết đúng hạn 12 tháng qua theo phần mềm là 97,6%, thấp hơn mục tiêu 98%."}
			}
			err = submitAudit(actx, conduct, plan, i, script)
		} else {
			err = answerSome(actx, conduct, plan, i-submittedAudits)
		}
		if err != nil {
			return fmt.Errorf("demo: conduct audit %d: %w", a.ID, err)
		}
	}
	return nil
}

// repeatLastYear adds to script a nonconformity that last year's audit of
// the same unit also found, so that the demo shows a repeat finding.
func repeatLastYear(ctx context.Context, d *db.DB, p *audit.Audit, script map[string]finding) error {
	var code string
	err := d.R.QueryRowContext(ctx, `SELECT f.item_code FROM findings f JOIN audits a ON a.id = f.audit_id
		JOIN units u ON u.id = a.auditee_unit_id
		WHERE u.code = ? AND a.id != ? AND f.grade IN ('minor', 'major') ORDER BY f.id LIMIT 1`, p.AuditeeUnit, p.ID).Scan(&code)
	if db.NoRows(err) {
		return nil // nothing found last year: nothing to repeat
	}
	if err != nil {
		return fmt.Errorf("demo: last year's findings of %s: %w", p.AuditeeUnit, err)
	}
	script[code] = finding{checklist.Minor, nil, "Tồn tại đã nêu trong đợt đánh giá năm trước vẫn chưa được khắc phục triệt để."}
	return nil
}

// conductLastYear answers and submits every audit of last year's programme,
// so that all 15 units have results to compare this year's against (the
// demo's reports then issue them, as CONTRACT.md's demo list says).
func conductLastYear(ctx context.Context, store *audit.Store, conduct *findings.Store, year int) error {
	audits, err := firstRound(ctx, store, year)
	if err != nil {
		return err
	}
	for i, a := range audits {
		actx, plan, err := openAudit(ctx, store, conduct, a.ID)
		if err != nil {
			return err
		}
		n := i % len(findingsBySubmitted)
		base, err := onVersion(ctx, conduct, plan, findingsBySubmitted[n])
		if err != nil {
			return err
		}
		if err := submitAudit(actx, conduct, plan, n, scriptFor(plan, i, base, lastYearNCs)); err != nil {
			return fmt.Errorf("demo: last year's audit %d: %w", a.ID, err)
		}
	}
	return nil
}

// onVersion keeps the scripted findings whose items the audit's checklist
// version has: last year's audits answer version 1, which asks at once what
// version 2 asks in parts, so a part's finding is not theirs to count.
func onVersion(ctx context.Context, c *findings.Store, p *audit.Audit, script map[string]finding) (map[string]finding, error) {
	v, err := c.Conduct.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return nil, err
	}
	out := map[string]finding{}
	for code, f := range script {
		if _, ok := v.Item(code); ok {
			out[code] = f
		}
	}
	return out, nil
}

// firstRound returns the round-1 audits of a year's programme, earliest first.
func firstRound(ctx context.Context, store *audit.Store, year int) ([]audit.AuditSummary, error) {
	ps, err := store.ListProgrammes(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Year != year {
			continue
		}
		all, err := store.ListAudits(ctx, audit.AuditFilter{ProgrammeID: p.ID})
		if err != nil {
			return nil, err
		}
		var out []audit.AuditSummary
		for _, a := range all {
			if a.Round == 1 {
				out = append(out, a)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("demo: no programme for %d", year)
}

// openAudit holds an audit's opening meeting as its lead, and returns the
// lead's context and the plan for the answers that follow.
func openAudit(ctx context.Context, store *audit.Store, conduct *findings.Store, id int64) (context.Context, *audit.Audit, error) {
	plan, err := store.Audit(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	lead := plan.Lead()
	if lead == nil {
		return nil, nil, fmt.Errorf("demo: audit %d has no lead", id)
	}
	actx := db.WithActor(ctx, lead.UserID)
	return actx, plan, open(actx, conduct, plan, lead.DisplayName)
}

func open(ctx context.Context, c *findings.Store, p *audit.Audit, lead string) error {
	zero := int64(0)
	_, err := c.Conduct.SaveOpening(ctx, p.ID, conduct.OpeningInput{Date: p.PlannedDate, Version: &zero, Guide: "Công chức Văn phòng - Thống kê",
		Participants: "Đoàn đánh giá: " + lead + ".\nĐơn vị được đánh giá: Chủ tịch UBND, công chức Bộ phận một cửa, thư ký ISO."})
	return err
}

// save stores one answer on version 0 (each item is answered once).
func save(ctx context.Context, c *findings.Store, p *audit.Audit, it checklist.Item, result checklist.Result, value *float64, note, reason string) error {
	zero := int64(0)
	_, err := c.Conduct.SaveAnswer(ctx, p, it.Code, conduct.AnswerInput{Result: string(result), Note: note, Value: value, Reason: reason, Version: &zero})
	return err
}

// conformNote is what an auditor writes for an item found in order: the
// evidence looked at.
func conformNote(it checklist.Item) string {
	if it.GuidanceVI == "" {
		return "Đã kiểm tra, đáp ứng yêu cầu."
	}
	return "Đã xem: " + it.GuidanceVI + ". Đáp ứng yêu cầu."
}

func answerItem(ctx context.Context, c *findings.Store, p *audit.Audit, it checklist.Item, script map[string]finding) error {
	if f, ok := script[it.Code]; ok {
		reason := ""
		if f.value != nil && checklist.SuggestResult(it, *f.value) != f.result {
			reason = overrideReasons[it.Code]
		}
		return save(ctx, c, p, it, f.result, f.value, f.note, reason)
	}
	var value *float64
	if it.Kind == checklist.KindMeasure {
		value = num(conformValues[it.Code])
	}
	return save(ctx, c, p, it, checklist.Conform, value, conformNote(it), "")
}

// submitAudit answers every item by the script and submits; n chooses the
// closing meeting (the fourth scripted audit ends in disagreement). The
// first two, which the demo then issues, carry photos of what their
// nonconformities found, so that the issued reports show them.
func submitAudit(ctx context.Context, c *findings.Store, p *audit.Audit, n int, script map[string]finding) error {
	v, err := c.Conduct.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return err
	}
	for _, it := range v.Items {
		if err := answerItem(ctx, c, p, it, script); err != nil {
			return err
		}
	}
	if n < 2 {
		photos := 0
		for _, it := range v.Items {
			if f, ok := script[it.Code]; ok && (f.result == checklist.Minor || f.result == checklist.Major) && photos < 2 {
				name := fmt.Sprintf("anh-bang-chung-%s.jpg", strings.ToLower(it.Code))
				if n == 0 && photos == 0 {
					// Marked up on the tablet: the issued report prints
					// the arrow and the ring, the original is kept.
					marked, original := markedUp(10 + n*2 + photos)
					if _, _, err := c.Conduct.AddMarkupOnce(ctx, p, it.Code, "", conduct.Upload{Name: strings.TrimSuffix(name, ".jpg") + "-danh-dau.jpg", Data: marked},
						conduct.Upload{Name: name, Data: original}); err != nil {
						return err
					}
					photos++
					continue
				}
				if _, err := c.Conduct.AddAttachment(ctx, p, it.Code, name, photo(10+n*2+photos)); err != nil {
					return err
				}
				photos++
			}
		}
	}
	agreed := n != 3
	closing := &findings.ClosingInput{Representative: "Phó Chủ tịch UBND " + p.AuditeeUnitName, Agreed: &agreed, Signatures: demoSignatures(int(p.ID))}
	if !agreed {
		closing.Disagreement = "Đơn vị đề nghị hạ điểm C24 xuống mức nhẹ vì đã bổ sung Phiếu kiểm soát cho 3/5 hồ sơ ngay trong buổi đánh giá."
	}
	_, err = c.Submit(ctx, p, findings.SubmitInput{Closing: closing})
	return err
}

// answerSome answers the first items of an in-progress audit, with a
// minor finding on the way and, for the first two, photos of the counter.
func answerSome(ctx context.Context, c *findings.Store, p *audit.Audit, n int) error {
	v, err := c.Conduct.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return err
	}
	script := map[string]finding{"C09": {checklist.Minor, nil, "Chưa có quyết định phân công thư ký ISO mới sau khi công chức cũ chuyển công tác."}}
	for _, it := range v.Items[:inProgressAnswered[n]] {
		if err := answerItem(ctx, c, p, it, script); err != nil {
			return err
		}
	}
	if n >= 2 {
		return nil
	}
	for i, code := range []string{"C05", "C08"} {
		name := fmt.Sprintf("anh-hien-truong-%d.jpg", i+1)
		if n == 0 && i == 0 {
			// The first is marked up on the tablet, its original kept.
			marked, original := markedUp(n*2 + i)
			if _, _, err := c.Conduct.AddMarkupOnce(ctx, p, code, "", conduct.Upload{Name: "anh-hien-truong-1-danh-dau.jpg", Data: marked},
				conduct.Upload{Name: name, Data: original}); err != nil {
				return err
			}
			continue
		}
		if _, err := c.Conduct.AddAttachment(ctx, p, code, name, photo(n*2+i)); err != nil {
			return err
		}
	}
	return nil
}

// photo draws a small JPEG standing in for a photo taken at the counter: a
// notice board with lines of text and a red stamp on a coloured wall.
func photo(seed int) []byte {
	walls := []color.RGBA{{214, 226, 236, 255}, {236, 226, 206, 255}, {222, 236, 214, 255}, {238, 220, 220, 255}}
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.Draw(img, img.Bounds(), &image.Uniform{walls[seed%len(walls)]}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(80, 60, 560, 420), &image.Uniform{color.RGBA{250, 250, 245, 255}}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(80, 60, 560, 100), &image.Uniform{color.RGBA{11, 79, 148, 255}}, image.Point{}, draw.Src)
	for i := range 9 {
		y := 130 + i*28
		w := 400 - (i*37+seed*53)%150
		draw.Draw(img, image.Rect(110, y, 110+w, y+10), &image.Uniform{color.RGBA{90, 96, 104, 255}}, image.Point{}, draw.Src)
	}
	for y := -40; y <= 40; y++ {
		for x := -40; x <= 40; x++ {
			if r := x*x + y*y; r <= 1600 && r >= 1000 {
				img.Set(470+x, 350+y, color.RGBA{190, 30, 30, 255})
			}
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}
