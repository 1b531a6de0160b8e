package audit

import (
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// ExpiringSoon is how far ahead the office is warned of certificates that
// run out.
const ExpiringSoon = 60 * 24 * time.Hour

// Certificate is an auditor's training record (ISO 9001 §7.2).
type Certificate struct {
	ID            int64  `json:"id"`
	Username      string `json:"username"`
	DisplayName   string `json:"display_name"`
	Unit          string `json:"unit"`
	Course        string `json:"course"`
	CertificateNo string `json:"certificate_no"`
	IssuedOn      string `json:"issued_on"`
	ExpiresOn     string `json:"expires_on"`
	// Status is valid, expiring (within ExpiringSoon) or expired, as of today.
	Status string `json:"status"`
}

// CertificateStatus judges a certificate on day (yyyy-mm-dd).
func CertificateStatus(expiresOn, day string) string {
	end, err := time.Parse(time.DateOnly, expiresOn)
	now, err2 := time.Parse(time.DateOnly, day)
	switch {
	case err != nil || err2 != nil:
		return "expired"
	case expiresOn < day:
		return "expired"
	case end.Sub(now) <= ExpiringSoon:
		return "expiring"
	}
	return "valid"
}

// CertificateInput is a certificate as entered or imported.
type CertificateInput struct {
	Username      string `json:"username" form:"username" validate:"required,max=64"`
	Course        string `json:"course" form:"course" validate:"required,max=300"`
	CertificateNo string `json:"certificate_no" form:"certificate_no" validate:"required,max=100"`
	IssuedOn      string `json:"issued_on" form:"issued_on" validate:"required"`
	ExpiresOn     string `json:"expires_on" form:"expires_on" validate:"required"`
}

// Validate normalises and checks the input; dates are yyyy-mm-dd or
// dd/mm/yyyy, stored as yyyy-mm-dd.
func (in *CertificateInput) Validate() error {
	in.Username, in.Course, in.CertificateNo = text.Clean(in.Username), text.Clean(in.Course), text.Clean(in.CertificateNo)
	f := apperr.Fields{}
	if err := valid.Struct(in); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add(k, m)
		}
	}
	var ok1, ok2 bool
	in.IssuedOn, ok1 = text.ParseDay(in.IssuedOn)
	in.ExpiresOn, ok2 = text.ParseDay(in.ExpiresOn)
	if !ok1 {
		f.Add("issued_on", apperr.M("validation.date"))
	}
	if !ok2 {
		f.Add("expires_on", apperr.M("validation.date"))
	}
	if ok1 && ok2 && in.ExpiresOn < in.IssuedOn {
		f.Add("expires_on", apperr.M("validation.window_order"))
	}
	return f.Err()
}

// Conflict is a declared conflict of interest: a person or a unit that must
// not audit a unit.
type Conflict struct {
	ID          int64  `json:"id"`
	Username    string `json:"username,omitempty"`
	AuditorUnit string `json:"auditor_unit,omitempty"`
	AuditeeUnit string `json:"auditee_unit"`
	Reason      string `json:"reason"`
}

// ConflictInput declares a conflict: exactly one of Username and AuditorUnit.
type ConflictInput struct {
	Username    string `json:"username" form:"username" validate:"max=64"`
	AuditorUnit string `json:"auditor_unit" form:"auditor_unit" validate:"max=32"`
	AuditeeUnit string `json:"auditee_unit" form:"auditee_unit" validate:"required,max=32"`
	Reason      string `json:"reason" form:"reason" validate:"required,max=2000"`
}

// Validate normalises and checks the input.
func (in *ConflictInput) Validate() error {
	in.Username, in.AuditorUnit, in.AuditeeUnit, in.Reason = text.Clean(in.Username), text.Clean(in.AuditorUnit), text.Clean(in.AuditeeUnit), text.Clean(in.Reason)
	f := apperr.Fields{}
	if err := valid.Struct(in); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add(k, m)
		}
	}
	if (in.Username == "") == (in.AuditorUnit == "") {
		f.Add("username", apperr.M("conflict.person_or_unit"))
	}
	if in.AuditorUnit != "" && in.AuditorUnit == in.AuditeeUnit {
		f.Add("auditee_unit", apperr.M("conflict.same_unit"))
	}
	return f.Err()
}
