package org

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// The kinds of document the organiser registers in its outgoing register
// (sổ đăng ký văn bản đi), with the abbreviation of each kind in the number
// ("125/QĐ-UBND", Decree 30/2020 Appendix III).
const (
	OutgoingPlan     = "plan"     // the round plan (kế hoạch)
	OutgoingDecision = "decision" // the decision forming a team (quyết định)
	OutgoingReport   = "report"   // an audit report (báo cáo)
)

// outgoingAbbrev is each kind's abbreviation in numbers.
var outgoingAbbrev = map[string]string{OutgoingPlan: "KH", OutgoingDecision: "QĐ", OutgoingReport: "BC"}

// maxOutgoingNumber bounds a number as written in the register; real ones
// ("1250/QĐ-UBND-VP") are far shorter.
const maxOutgoingNumber = 60

// Registration is one document entered in the organiser's outgoing
// register: the number the văn thư gave it and the day it was signed. Until
// a document is registered it is a draft.
type Registration struct {
	Kind      string    `json:"kind"`
	SubjectID int64     `json:"subject_id"` // the round, the audit or the issued report
	OwnerID   int64     `json:"-"`
	Number    string    `json:"number"`    // "125/QĐ-UBND", as written
	SignedOn  string    `json:"signed_on"` // yyyy-mm-dd
	By        string    `json:"registered_by,omitempty"`
	At        time.Time `json:"registered_at"`
}

// Signed returns the signing day at noon in Asia/Ho_Chi_Minh, the date a
// document prints; the zero time for a draft.
func (r Registration) Signed() time.Time {
	t, err := time.ParseInLocation(time.DateOnly, r.SignedOn, i18n.Zone)
	if err != nil {
		return time.Time{}
	}
	return t.Add(12 * time.Hour)
}

// RegisterInput is what the office enters to register a document: the
// number from the register and the signing day (yyyy-mm-dd or dd/mm/yyyy).
type RegisterInput struct {
	Number   string `json:"number" form:"number"`
	SignedOn string `json:"signed_on" form:"signed_on"`
}

// Empty reports whether neither field was given (issuing without them keeps
// the app's own numbering).
func (in RegisterInput) Empty() bool {
	return strings.TrimSpace(in.Number) == "" && strings.TrimSpace(in.SignedOn) == ""
}

// Check normalises the input and checks it against today (a day in
// Asia/Ho_Chi_Minh). Returns apperr.Invalid naming each field: an empty or
// overlong number, one with control characters or without a digit, a
// missing or malformed day, a day after today.
func (in *RegisterInput) Check(today time.Time) error {
	in.Number = text.Clean(in.Number)
	f := apperr.Fields{}
	valid.CheckVar(f, "number", in.Number, "required,max="+strconv.Itoa(maxOutgoingNumber)+",text")
	if _, bad := f["number"]; !bad && !strings.ContainsFunc(in.Number, unicode.IsDigit) {
		f.Add("number", apperr.M("outgoing.number_digits"))
	}
	day, ok := text.ParseDay(in.SignedOn)
	switch {
	case strings.TrimSpace(in.SignedOn) == "":
		f.Add("signed_on", apperr.M("validation.required"))
	case !ok:
		f.Add("signed_on", apperr.M("validation.date"))
	case day > i18n.Day(today):
		f.Add("signed_on", apperr.M("outgoing.signed_future"))
	default:
		in.SignedOn = day
	}
	return f.Err()
}

// numberKey is what makes two numbers the same entry of the register:
// letters compared in capitals, spaces ignored ("125/qđ-ubnd" is
// "125/QĐ-UBND").
func numberKey(n string) string {
	return strings.ToUpper(strings.Join(strings.Fields(text.Clean(n)), ""))
}

// NumberSuffix is what follows the running number in a kind's numbers:
// the kind's abbreviation and the profile's symbol ("QĐ-UBND"); without a
// symbol, the abbreviation alone.
func NumberSuffix(kind, symbol string) string {
	if symbol == "" {
		return outgoingAbbrev[kind]
	}
	return outgoingAbbrev[kind] + "-" + symbol
}

// SuggestNumber writes the next number of a kind after the highest already
// registered that year: "126/QĐ-UBND".
func SuggestNumber(kind, symbol string, highest int) string {
	return strconv.Itoa(highest+1) + "/" + NumberSuffix(kind, symbol)
}

// leadingNumber reads the register's running number at the start of a
// written number ("125/QĐ-UBND" → 125).
func leadingNumber(n string) int {
	end := strings.IndexFunc(n, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(n)
	}
	v, err := strconv.Atoi(n[:end])
	if err != nil {
		return 0
	}
	return v
}
