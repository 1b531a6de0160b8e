package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// The blank checklist's control block.
const blankForm = "BM.ĐGNB.02"

// BlankChecklistPDF draws a checklist for paper use: lines for the audit's
// particulars, a legend, one row per item with a box per result to tick
// and room for the evidence, the excluded clauses and the signatures.
func (rd *Renderer) BlankChecklistPDF(b *BlankChecklist) ([]byte, error) {
	d, err := pdfdoc.NewDoc(rd.formOptions(rd.t("pdfform.bl.title", "name", b.Name, "n", b.Version), b.Name, blankForm, b.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.Font("B", pdfdoc.SizeKind)
	d.Para(rd.t("pdfform.bl.kind"), pdfdoc.Center)
	d.Font("B", pdfdoc.SizeBody)
	d.Para(rd.t("pdfform.bl.subject", "name", b.Name, "n", b.Version, "items", b.Items), pdfdoc.Center)
	d.Space(3)
	d.Font("", pdfdoc.SizeBody)
	for _, k := range []string{"pdfform.bl.auditee", "pdfform.bl.date", "pdfform.bl.auditors"} {
		d.Label(strings.TrimSuffix(rd.t(k), ":"), strings.Repeat(".", 70))
	}
	d.Space(1)
	var legend []string
	for _, res := range checklist.Results {
		legend = append(legend, rd.t("pdfform.bl.short."+string(res))+" = "+rd.t("result."+string(res)))
	}
	d.Font("I", pdfdoc.SizeSmall)
	d.Para(rd.t("pdfform.bl.legend", "legend", strings.Join(legend, "; ")), pdfdoc.Justify)
	d.Space(2)

	// Wide enough for "Nặng" in bold at the tables' 11 pt.
	const resW = 12.5
	cols := []pdfdoc.Column{{Width: 7, Header: "#", Align: pdfdoc.Center}, {Width: 12, Header: rd.t("report.col.clause")},
		{Width: 49, Header: rd.t("report.col.question")}}
	for _, res := range checklist.Results {
		cols = append(cols, pdfdoc.Column{Width: resW, Header: rd.t("pdfform.bl.short." + string(res)), Align: pdfdoc.Center})
	}
	cols = append(cols, pdfdoc.Column{Width: pdfdoc.ContentWidth - 68 - resW*float64(len(checklist.Results)), Header: rd.t("pdfform.bl.col_evidence")})
	grey := &pdfdoc.RGB{R: 238, G: 238, B: 238}
	var rows [][]pdfdoc.Cell
	for _, s := range b.Sections {
		rows = append(rows, []pdfdoc.Cell{{Text: "", Fill: grey}, {Text: s.Clause, Bold: true, Fill: grey}, {Text: s.Title, Bold: true, Fill: grey}})
		for _, it := range s.Items {
			text := it.Code + ". " + it.Text
			if it.Measure {
				text += "\n" + rd.t("pdfform.bl.measure", "unit", it.Unit)
				if it.Target != "" {
					text += " " + rd.t("pdfform.bl.target", "target", it.Target)
				}
			}
			if it.Guidance != "" {
				text += "\n" + rd.t("pdfform.bl.guidance", "text", it.Guidance)
			}
			if it.LegalRefs != "" {
				text += "\n" + rd.t("checklist2.pdf_legal", "text", it.LegalRefs)
			}
			rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(it.No)}, {Text: it.Clause}, {Text: text}})
		}
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
	if len(b.Excluded) > 0 {
		d.Heading(rd.t("pdfform.bl.h_excluded"), pdfdoc.SizeBody)
		d.Font("", pdfdoc.SizeSmall)
		for _, e := range b.Excluded {
			d.Para("- "+e.Clause+": "+e.Reason, pdfdoc.Justify)
		}
	}
	d.Space(4)
	d.DrawSignatures([]pdfdoc.Signature{{Title: rd.t("pdfform.bl.sign_auditor")}, {Title: rd.t("report.audit.sign_lead")}})
	return d.Bytes()
}
