// Package checklist holds the audit checklists: the built-in ISO 9001:2015
// checklist for administrative procedures, checklists imported from CSV,
// XLSX or JSON, their versions and items, and the clauses they cite.
//
// A checklist has numbered versions. A published version never changes (the
// database enforces it with triggers as well), so an audit that pins a
// version keeps its questions whatever happens to the checklist afterwards.
// Editing happens in the one draft a checklist may have, which publishing
// turns into the next version.
package checklist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// The kinds of item: a check is answered with a result and a note; a
// measure also records a number, compared with its target.
const (
	KindCheck   = "check"
	KindMeasure = "measure"
)

// Kinds lists the kinds of item.
var Kinds = []string{KindCheck, KindMeasure}

// The states of a version.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Limits on what an item or a checklist may hold. They are generous for a
// real question and stop a pasted document or a runaway file.
const (
	MaxCode   = 20
	MaxClause = 100
	MaxText   = 2000
	MaxUnit   = 30
	MaxTarget = 40
	MaxName   = 200
	MaxReason = 500
	MaxItems  = 1000
)

// Result is an auditor's answer to an item (CONTRACT.md).
type Result string

// The results.
const (
	Conform     Result = "conform"
	Minor       Result = "minor"
	Major       Result = "major"
	Observation Result = "observation"
	Improvement Result = "improvement"
	NA          Result = "na"
)

// Results lists every result.
var Results = []Result{Conform, Minor, Major, Observation, Improvement, NA}

// Valid reports whether r is one of Results.
func (r Result) Valid() bool { return slices.Contains(Results, r) }

// Clause is an ISO 9001:2015 clause, or VN for Vietnamese legal requirements.
type Clause struct {
	Code    string `json:"code"`
	TitleVI string `json:"title_vi"`
	TitleEN string `json:"title_en"`
}

// Title returns the clause's title in lang, Vietnamese when English is blank.
func (c Clause) Title(lang string) string {
	if lang == "en" && c.TitleEN != "" {
		return c.TitleEN
	}
	return c.TitleVI
}

// Checklist is a checklist as listed: its name and where its versions stand.
type Checklist struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Builtin   bool      `json:"builtin"`
	Version   int       `json:"version"`         // the latest published number, 0 when none
	Draft     int       `json:"draft,omitempty"` // the draft's number, 0 when none
	Items     int       `json:"items"`           // items of the latest published version
	UpdatedAt time.Time `json:"updated_at"`
}

// Version is one version of a checklist with its items in order.
type Version struct {
	ID          int64
	ChecklistID int64
	Name        string // the checklist's name
	Number      int
	Status      string
	Items       []Item
	// NotApplicable maps a clause the version excludes to the reason.
	NotApplicable map[string]string
	CreatedAt     time.Time
	PublishedAt   time.Time // zero for a draft
}

// Published reports whether the version is published, hence immutable.
func (v *Version) Published() bool { return v.Status == StatusPublished }

// Item returns the item with the code, ignoring case.
func (v *Version) Item(code string) (Item, bool) {
	for _, it := range v.Items {
		if strings.EqualFold(it.Code, code) {
			return it, true
		}
	}
	return Item{}, false
}

// Exclusion returns the reason an item's grouping clause is not applicable,
// looking at the clause and the clauses above it (8.3 excludes 8.3.2).
func (v *Version) Exclusion(it Item) (string, bool) {
	for c := it.GroupClause(); c != ""; c = parentClause(c) {
		if r, ok := v.NotApplicable[c]; ok {
			return r, true
		}
	}
	return "", false
}

func parentClause(c string) string {
	i := strings.LastIndexByte(c, '.')
	if i < 0 {
		return ""
	}
	return c[:i]
}

// Item is one question of a checklist version. Code is what audits call
// item_id (C01, T05).
type Item struct {
	Code       string
	Clause     string // one clause code, or several joined by "/"
	Kind       string
	TextVI     string
	TextEN     string
	GuidanceVI string
	GuidanceEN string
	Unit       string // measure items: the unit of the value (%, TTHC, ngày)
	Target     string // measure items: see ParseTarget
	Failure    bool   // aimed at one of the known failures (T01…T10)
	// LegalRefsVI and LegalRefsEN name the legal texts the item rests on
	// ("Nghị định số 61/2018/NĐ-CP; …"), shown with its guidance. The
	// English twin names the same texts in English, as an English reader
	// would look them up; both are blank in version 1 of the built-in.
	LegalRefsVI string
	LegalRefsEN string
	Position    int // 1-based order within the version
}

// GroupClause is the first clause an item cites, which groups it.
func (it Item) GroupClause() string {
	first, _, _ := strings.Cut(it.Clause, "/")
	return first
}

// Section is the top-level clause an item falls under (4…10, or VN).
func (it Item) Section() string {
	first, _, _ := strings.Cut(it.GroupClause(), ".")
	return first
}

// Text returns the question in lang, Vietnamese when English is blank.
func (it Item) Text(lang string) string {
	if lang == "en" && it.TextEN != "" {
		return it.TextEN
	}
	return it.TextVI
}

// Guidance returns the evidence to look for in lang, Vietnamese when
// English is blank.
func (it Item) Guidance(lang string) string {
	if lang == "en" && it.GuidanceEN != "" {
		return it.GuidanceEN
	}
	return it.GuidanceVI
}

// LegalRefs returns the legal references in lang, Vietnamese when English
// is blank.
func (it Item) LegalRefs(lang string) string {
	if lang == "en" && it.LegalRefsEN != "" {
		return it.LegalRefsEN
	}
	return it.LegalRefsVI
}

// Normalize returns the item cleaned the way it is stored: every text NFC
// and trimmed, clause codes without spaces, the kind lower-cased (a measure
// when it has a unit or target but no kind), the target in canonical form.
func (it Item) Normalize() Item {
	it.Code = text.Clean(it.Code)
	it.Clause = normalizeClause(it.Clause)
	it.Kind = strings.ToLower(text.Clean(it.Kind))
	it.TextVI = cleanText(it.TextVI)
	it.TextEN = cleanText(it.TextEN)
	it.GuidanceVI = cleanText(it.GuidanceVI)
	it.GuidanceEN = cleanText(it.GuidanceEN)
	it.LegalRefsVI = cleanText(it.LegalRefsVI)
	it.LegalRefsEN = cleanText(it.LegalRefsEN)
	it.Unit = text.Clean(it.Unit)
	it.Target = text.Clean(it.Target)
	if it.Kind == "" {
		it.Kind = KindCheck
		if it.Unit != "" || it.Target != "" {
			it.Kind = KindMeasure
		}
	}
	if t, err := ParseTarget(it.Target); err == nil && t.Set() {
		it.Target = t.String()
	}
	return it
}

// cleanText is text.Clean with line breaks as "\n": CSV readers turn a
// quoted "\r\n" into "\n", so storing it otherwise would break round trips.
func cleanText(s string) string {
	return text.Clean(newlines.Replace(s))
}

var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func normalizeClause(s string) string {
	parts := strings.Split(text.Clean(s), "/")
	for i, p := range parts {
		parts[i] = strings.ToUpper(strings.TrimSpace(p))
	}
	return strings.Join(parts, "/")
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ValidCode reports whether s may be an item code: it appears in URLs and
// in the audit API as item_id, so it stays ASCII.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// The tags (package valid) of the fields of an item and a checklist.
var (
	codeTags   = fmt.Sprintf("required,max=%d", MaxCode)
	clauseTags = fmt.Sprintf("required,max=%d", MaxClause)
	nameTags   = fmt.Sprintf("required,max=%d,text", MaxName)
	reasonTags = fmt.Sprintf("required,max=%d,text", MaxReason)
	targetTags = fmt.Sprintf("max=%d", MaxTarget)
	unitTags   = fmt.Sprintf("max=%d,text", MaxUnit)
	textTags   = fmt.Sprintf("max=%d,text", MaxText)
)

// Problems returns what is wrong with a normalized item, keyed by its
// import column (id, clause, kind, text_vi, …); known says whether a clause
// code exists. An empty map means the item is valid.
func (it Item) Problems(known func(code string) bool) map[string]apperr.Msg {
	f := apperr.Fields{}
	if valid.CheckVar(f, "id", it.Code, codeTags) && !ValidCode(it.Code) {
		f.Add("id", apperr.M("validation.code_chars"))
	}
	clauseProblems(f, it.Clause, known)
	if !slices.Contains(Kinds, it.Kind) {
		f.Add("kind", apperr.M("validation.oneof", "param", strings.Join(Kinds, " ")))
	}
	valid.CheckVar(f, "text_vi", it.TextVI, "required")
	for col, v := range map[string]string{"text_vi": it.TextVI, "text_en": it.TextEN, "guidance_vi": it.GuidanceVI, "guidance_en": it.GuidanceEN,
		"legal_refs_vi": it.LegalRefsVI, "legal_refs_en": it.LegalRefsEN} {
		valid.CheckVar(f, col, v, textTags)
	}
	valid.CheckVar(f, "unit", it.Unit, unitTags)
	if strings.ContainsAny(it.Unit, "\r\n\t") {
		f.Add("unit", apperr.M("checklist.single_line"))
	}
	measureProblems(f, it)
	return f
}

func clauseProblems(f apperr.Fields, clause string, known func(string) bool) {
	if !valid.CheckVar(f, "clause", clause, clauseTags) {
		return
	}
	seen := map[string]bool{}
	for _, c := range strings.Split(clause, "/") {
		switch {
		case c == "":
			f.Add("clause", apperr.M("checklist.clause_empty_part"))
		case seen[c]:
			f.Add("clause", apperr.M("checklist.clause_repeated", "clause", c))
		case !known(c):
			f.Add("clause", apperr.M("checklist.unknown_clause", "clause", c))
		}
		seen[c] = true
	}
}

func measureProblems(f apperr.Fields, it Item) {
	if it.Kind != KindMeasure {
		if it.Unit != "" {
			f.Add("unit", apperr.M("checklist.only_measure"))
		}
		if it.Target != "" {
			f.Add("target", apperr.M("checklist.only_measure"))
		}
		return
	}
	if !valid.CheckVar(f, "target", it.Target, targetTags) {
		return
	}
	if _, err := ParseTarget(it.Target); err != nil {
		f.Add("target", apperr.M("checklist.bad_target", "target", it.Target))
	}
}

// CheckName cleans a checklist's name and reports what is wrong with it
// under the field "name".
func CheckName(name string) (string, error) {
	name = text.Clean(name)
	f := apperr.Fields{}
	valid.CheckVar(f, "name", name, nameTags)
	return name, f.Err()
}

// CheckReason cleans the reason a clause is not applicable and reports what
// is wrong with it under the field "reason".
func CheckReason(reason string) (string, error) {
	reason = text.Clean(reason)
	f := apperr.Fields{}
	valid.CheckVar(f, "reason", reason, reasonTags)
	return reason, f.Err()
}

// searchKey is what a search matches an item against: its code, clause,
// questions, guidance and legal references, folded, followed by the words of the
// abbreviations it uses, so that "thu tuc" finds a question about "TTHC".
func searchKey(it Item) string {
	return searchText(strings.Join([]string{it.Code, it.Clause, it.TextVI, it.TextEN, it.GuidanceVI, it.GuidanceEN, it.LegalRefsVI, it.LegalRefsEN}, " "))
}

// searchText folds s and appends the words of the abbreviations it uses.
func searchText(s string) string {
	key := text.Fold(s)
	for _, a := range abbreviations {
		if strings.Contains(key, a[0]) {
			key += " " + a[1]
		}
	}
	return key
}

// abbreviations are the folded abbreviations of administrative Vietnamese
// with the words they stand for.
var abbreviations = [][2]string{
	{"tthc", "thu tuc hanh chinh"},
	{"htqlcl", "he thong quan ly chat luong"},
	{"hdkp", "hanh dong khac phuc"},
	{"dgnb", "danh gia noi bo"},
	{"xxld", "xem xet cua lanh dao"},
	{"ubnd", "uy ban nhan dan"},
	{"kph", "khong phu hop"},
}

// Filter returns the items whose text holds every word of q, ignoring case
// and diacritics ("thu tuc" finds "thủ tục"); all items when q is blank.
func Filter(items []Item, q string) []Item {
	words := strings.Fields(text.Fold(q))
	if len(words) == 0 {
		return items
	}
	var out []Item
	for _, it := range items {
		key := searchKey(it)
		if allIn(key, words) {
			out = append(out, it)
		}
	}
	return out
}

func allIn(key string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}
