package org

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// Profile is the organiser (the body that organises the audits: a
// province's department, a commune's people's committee…) as its documents
// print it: the letterhead's two lines, the place in the date line, the
// symbol in document numbers, who signs each kind of document, the legal
// bases a decision cites and the ISO document-control codes of its forms.
type Profile struct {
	// Name is the issuing body as in the letterhead's second line, e.g.
	// "SỞ NỘI VỤ" or "UBND huyện Đức Trọng" (documents print it in capitals).
	Name string `json:"name"`
	// Parent is the body above it, the letterhead's first line, e.g.
	// "UBND TỈNH LÂM ĐỒNG"; empty for a body that has none to print.
	Parent string `json:"parent"`
	// Place is the place name of the date line: "Lâm Đồng, ngày … tháng …".
	Place string `json:"place"`
	// Symbol is the body's abbreviation in document numbers ("…/QĐ-SNV").
	Symbol string `json:"symbol"`
	// Signers say who signs each kind of document, one per kind.
	Signers []Signer `json:"signers"`
	// LegalBases are the standing "Căn cứ" lines of decisions, in order.
	LegalBases []string `json:"legal_bases"`
	// Forms are the document-control codes of the organiser's forms, one
	// per kind; a kind not listed keeps its default (DefaultForm).
	Forms []FormControl `json:"forms"`
}

// Signer is the signature block of one kind of document (Decree 30/2020):
// the authority line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), the title,
// room for the signature and seal, and the full name.
type Signer struct {
	Kind      string `json:"kind"`      // a DocKinds entry
	Authority string `json:"authority"` // "", TM., KT., Q., TL. or TUQ.
	Principal string `json:"principal"` // for whom: ỦY BAN NHÂN DÂN, CHỦ TỊCH, GIÁM ĐỐC
	Title     string `json:"title"`     // CHỦ TỊCH, PHÓ CHỦ TỊCH, GIÁM ĐỐC
	Name      string `json:"name"`      // the person
}

// FormControl is the ISO document-control block of one form: its code,
// issue number and the date it took effect.
type FormControl struct {
	Kind        string `json:"kind"`
	Code        string `json:"code"`         // BM.ĐGNB.03
	Issue       string `json:"issue"`        // 01
	EffectiveOn string `json:"effective_on"` // yyyy-mm-dd, or empty
}

// DocKinds lists the kinds of document the organiser signs or controls,
// with the form code each has until the profile says otherwise.
var DocKinds = []struct{ Kind, Form string }{
	{"plan", "BM.ĐGNB.01"},
	{"checklist", "BM.ĐGNB.02"},
	{"audit_report", "BM.ĐGNB.03"},
	{"decision", "BM.ĐGNB.04"},
	{"programme_report", "BM.ĐGNB.05"},
	{"minutes", "BM.ĐGNB.06"},
	{"request", "BM.ĐGNB.07"},
	{"register", "BM.ĐGNB.08"},
	{"reconciliation_report", "BM.ĐGNB.09"},
	{"review", "BM.XXLĐ.01"},
}

// Authorities lists the signing authorities of Decree 30/2020: for the
// collective body (TM.), for the head (KT.), acting (Q.), by order (TL.)
// and by authorisation (TUQ.); empty when the head signs in person.
var Authorities = []string{"", "TM.", "KT.", "Q.", "TL.", "TUQ."}

// Limits of a profile's texts.
const (
	maxProfileName = 200
	maxLegalBasis  = 1000
	maxLegalBases  = 30
)

// KnownKind reports whether kind is one of DocKinds.
func KnownKind(kind string) bool {
	return slices.ContainsFunc(DocKinds, func(k struct{ Kind, Form string }) bool { return k.Kind == kind })
}

// DefaultForm returns the form code a kind has by default ("" for an
// unknown kind).
func DefaultForm(kind string) string {
	for _, k := range DocKinds {
		if k.Kind == kind {
			return k.Form
		}
	}
	return ""
}

// Signer returns the signer of a kind of document, and whether the profile
// names one.
func (p *Profile) Signer(kind string) (Signer, bool) {
	for _, s := range p.Signers {
		if s.Kind == kind {
			return s, true
		}
	}
	return Signer{}, false
}

// Form returns the document-control block of a kind: the profile's, else
// the default code at issue 01.
func (p *Profile) Form(kind string) FormControl {
	for _, f := range p.Forms {
		if f.Kind == kind {
			return f
		}
	}
	return FormControl{Kind: kind, Code: DefaultForm(kind), Issue: "01"}
}

// Normalize cleans every text (NFC, trimmed; a name typed with combining
// diacritics is stored composed), drops empty legal bases, and writes the
// authority as Decree 30 does ("kt" → "KT.").
func (p *Profile) Normalize() {
	p.Name, p.Parent, p.Place, p.Symbol = text.Clean(p.Name), text.Clean(p.Parent), text.Clean(p.Place), text.Clean(p.Symbol)
	for i := range p.Signers {
		s := &p.Signers[i]
		s.Kind, s.Principal, s.Title, s.Name = text.Clean(s.Kind), text.Clean(s.Principal), text.Clean(s.Title), text.Clean(s.Name)
		s.Authority = strings.ToUpper(strings.TrimSuffix(text.Clean(s.Authority), "."))
		if s.Authority != "" {
			s.Authority += "."
		}
	}
	bases := p.LegalBases[:0:0]
	for _, b := range p.LegalBases {
		if b = text.Clean(b); b != "" {
			bases = append(bases, b)
		}
	}
	p.LegalBases = bases
	for i := range p.Forms {
		f := &p.Forms[i]
		f.Kind, f.Code, f.Issue, f.EffectiveOn = text.Clean(f.Kind), text.Clean(f.Code), text.Clean(f.Issue), text.Clean(f.EffectiveOn)
	}
	if p.Signers == nil {
		p.Signers = []Signer{}
	}
	if p.LegalBases == nil {
		p.LegalBases = []string{}
	}
	if p.Forms == nil {
		p.Forms = []FormControl{}
	}
}

// Validate normalises the profile and checks it. Returns apperr.Invalid
// naming each field: an empty name or place, a text too long or holding
// control characters, a signer or form of an unknown kind (the message
// names the kind) or given twice, an unknown authority, a malformed date.
func (p *Profile) Validate() error {
	p.Normalize()
	f := apperr.Fields{}
	for _, c := range []struct {
		field, value string
		required     bool
	}{{"name", p.Name, true}, {"parent", p.Parent, false}, {"place", p.Place, true}, {"symbol", p.Symbol, false}} {
		checkText(f, c.field, c.value, c.required, maxProfileName)
	}
	seen := map[string]bool{}
	for i, s := range p.Signers {
		at := fmt.Sprintf("signers.%d.", i)
		checkKind(f, at+"kind", s.Kind, seen)
		if !slices.Contains(Authorities, s.Authority) {
			f.Add(at+"authority", apperr.M("validation.oneof", "param", strings.Join(Authorities[1:], " ")))
		}
		checkText(f, at+"principal", s.Principal, s.Authority == "TM." || s.Authority == "KT." || s.Authority == "Q.", maxProfileName)
		checkText(f, at+"title", s.Title, true, maxProfileName)
		checkText(f, at+"name", s.Name, true, maxProfileName)
	}
	if len(p.LegalBases) > maxLegalBases {
		f.Add("legal_bases", apperr.M("org.too_many_bases", "n", maxLegalBases))
	}
	for i, b := range p.LegalBases {
		checkText(f, fmt.Sprintf("legal_bases.%d", i), b, false, maxLegalBasis)
	}
	seen = map[string]bool{}
	for i, fc := range p.Forms {
		at := fmt.Sprintf("forms.%d.", i)
		checkKind(f, at+"kind", fc.Kind, seen)
		checkText(f, at+"code", fc.Code, true, 50)
		checkText(f, at+"issue", fc.Issue, false, 20)
		if fc.EffectiveOn != "" {
			if _, err := time.Parse(time.DateOnly, fc.EffectiveOn); err != nil {
				f.Add(at+"effective_on", apperr.M("validation.date"))
			}
		}
	}
	return f.Err()
}

// checkText adds to f what is wrong with one text, through the one
// validation mechanism: missing, too long (in letters) or holding control
// characters.
func checkText(f apperr.Fields, field, value string, required bool, limit int) {
	tags := "max=" + strconv.Itoa(limit) + ",text"
	if required {
		tags = "required," + tags
	}
	valid.CheckVar(f, field, value, tags)
}

// checkKind adds to f a document kind that is unknown (naming it) or
// already given.
func checkKind(f apperr.Fields, field, kind string, seen map[string]bool) {
	switch {
	case !KnownKind(kind):
		f.Add(field, apperr.M("org.unknown_doc_kind", "kind", kind))
	case seen[kind]:
		f.Add(field, apperr.M("org.doc_kind_twice", "kind", kind))
	}
	seen[kind] = true
}
