package findings

import (
	"context"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// SignaturesInput holds the signatures drawn at the closing meeting, each
// an image (PNG or JPEG) in base64 or as a data: URL; empty when the
// signer did not sign on the tablet (the minutes then keep the space to
// sign by hand).
type SignaturesInput struct {
	Representative string `json:"representative"`
	Lead           string `json:"lead"`
}

// Empty reports whether no signature is given.
func (s *SignaturesInput) Empty() bool { return s == nil || (s.Representative == "" && s.Lead == "") }

// Prepared is a submission's closing meeting checked before anything is
// stored: the meeting as it will be recorded (nil when none is) and its
// signatures as they will be stored.
type Prepared struct {
	Closing    *conduct.Closing
	Signatures []conduct.Signature
}

// Signature returns the signer's prepared signature, if any.
func (p Prepared) Signature(signer string) (conduct.Signature, bool) {
	for _, s := range p.Signatures {
		if s.Signer == signer {
			return s, true
		}
	}
	return conduct.Signature{}, false
}

func (p Prepared) signers() []string {
	out := []string{}
	for _, s := range p.Signatures {
		out = append(out, s.Signer)
	}
	return out
}

// prepare checks the closing meeting and turns its signatures into what is
// stored. A signature that is not an image or is too large is refused
// before the meeting's fields are looked at: it is the request that is
// wrong, not a field to correct.
func (in *SubmitInput) prepare(ctx context.Context) (Prepared, error) {
	var out Prepared
	if in.Closing != nil && !in.Closing.Signatures.Empty() {
		texts := map[string]string{conduct.SignerRepresentative: in.Closing.Signatures.Representative, conduct.SignerLead: in.Closing.Signatures.Lead}
		for _, signer := range conduct.Signers {
			if texts[signer] == "" {
				continue
			}
			b, err := conduct.DecodeSignatureText(signer, texts[signer])
			if err != nil {
				return out, err
			}
			sig, err := conduct.ProcessSignature(ctx, signer, b)
			if err != nil {
				return out, err
			}
			out.Signatures = append(out.Signatures, sig)
		}
	}
	var err error
	out.Closing, err = in.Normalize()
	return out, err
}

// Summary is what a submission will submit, shown before it is confirmed:
// how many items are answered and not applicable, the findings by grade,
// the photos and other files, and what still keeps the audit from being
// submitted, item by item in the sheet's order.
type Summary struct {
	Total         int
	Answered      int
	NotApplicable int
	ByGrade       map[checklist.Result]int
	Photos        int
	Documents     int
	Missing       []MissingItem
}

// MissingItem is an item that keeps the audit from being submitted.
type MissingItem struct {
	Item    string
	Problem apperr.Msg
}

// Count is the number of answers of a grade.
func (s Summary) Count(g string) int { return s.ByGrade[checklist.Result(g)] }

// Ready reports whether the audit may be submitted as it stands.
func (s Summary) Ready() bool { return len(s.Missing) == 0 }

// Summarize counts a sheet for the submission's summary. It is pure.
func Summarize(sheet *conduct.Sheet) Summary {
	out := Summary{ByGrade: map[checklist.Result]int{}}
	problems := SubmitProblems(sheet)
	for _, si := range sheet.Items() {
		out.Total++
		if si.Answer.Answered() {
			out.Answered++
			if si.Answer.Result == checklist.NA {
				out.NotApplicable++
			} else {
				out.ByGrade[si.Answer.Result]++
			}
		}
		for _, a := range si.Attachments {
			if a.IsImage() {
				out.Photos++
			} else {
				out.Documents++
			}
		}
		if m, ok := problems[si.Code]; ok {
			out.Missing = append(out.Missing, MissingItem{Item: si.Code, Problem: m})
		}
	}
	return out
}

// Review is the confirmation a submission asks for: the summary of the
// audit as it stands and the closing meeting as it will be recorded.
type Review struct {
	Summary  Summary
	Prepared Prepared
}

// Review checks a submission without making it (the closing meeting and
// its signatures as Submit checks them) and summarises what it would
// submit. Returns the errors Submit returns for the closing meeting and
// signatures; missing items are in the summary, not an error.
func (s *Store) Review(ctx context.Context, access *audit.Audit, in SubmitInput) (*Review, error) {
	pre, err := in.prepare(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := s.SubmitSummary(ctx, access)
	if err != nil {
		return nil, err
	}
	return &Review{Summary: sum, Prepared: pre}, nil
}

// SubmitSummary summarises an audit as it would be submitted now.
func (s *Store) SubmitSummary(ctx context.Context, access *audit.Audit) (Summary, error) {
	p, err := s.Audits.Audit(ctx, access.ID)
	if err != nil {
		return Summary{}, err
	}
	sheet, err := s.Conduct.Sheet(ctx, p)
	if err != nil {
		return Summary{}, err
	}
	return Summarize(sheet), nil
}
