package reports

import (
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// hostile is text that must not break a form: a 5,000-character word,
// decomposed marks, emoji, right-to-left text with a bidi override, HTML.
var hostile = strings.Repeat("x", 5000) + " Nguye\u0302\u0303n 👍🏽 \u202eمرحبا\u202c <script>alert(1)</script>"

// Every form draws hostile text where users write it, passes the PDF
// checks and shows the decomposed name composed.
func TestFormsHostileText(t *testing.T) {
	rd := renderer()
	ca := caFixture(hostile, []string{hostile}, []findings.NCAction{{Description: hostile, OwnerName: hostile, DueDate: "2026-03-01"}})
	ca.NC.Statement = hostile
	reg := registerFixture(3)
	reg.NCs[0].RootCause, reg.NCs[0].Statement = hostile, hostile
	mi := minutesFixture(func(in *MinutesInput) { in.Meeting.Participants, in.Meeting.Closing.Disagreement = hostile, hostile })
	bl := blankFixture(4, i18n.VI)
	bl.Version.Items[0].TextVI, bl.Version.Items[1].GuidanceVI = hostile, hostile
	for name, draw := range map[string]func() ([]byte, error){
		"request":   func() ([]byte, error) { return rd.CARequestPDF(BuildCARequest(ca)) },
		"register":  func() ([]byte, error) { return rd.ActionRegisterPDF(BuildActionRegister(reg)) },
		"minutes":   func() ([]byte, error) { return rd.MinutesPDF(BuildMinutes(mi)) },
		"checklist": func() ([]byte, error) { return rd.BlankChecklistPDF(BuildBlankChecklist(bl)) },
	} {
		t.Run(name, func(t *testing.T) {
			pdf, err := draw()
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			if text := pdftest.Text(t, pdf); !strings.Contains(text, "Nguyễn") {
				t.Error("the decomposed name is not drawn composed")
			}
		})
	}
}
