// Package org holds the owning organisation (the body that runs a
// cross-evaluation programme, e.g. "UBND huyện Đức Trọng"; never assumed to
// be a district) and its units, the communes, wards and towns that audit each
// other.
package org

import (
	"regexp"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// Owner is the organisation that owns units and programmes.
type Owner struct {
	ID         int64
	Name       string // UBND huyện Đức Trọng
	ParentName string // UBND tỉnh Lâm Đồng
	Place      string // Đức Trọng, for a document's date line
}

// Unit is a commune, ward, town or agency of an owner.
type Unit struct {
	ID      int64  `json:"-"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Cluster string `json:"cluster"`
	// Place is the place name the unit dates its own documents with
	// ("Tà Hine, ngày …"); empty: its name without its kind.
	Place string `json:"place"`
	// Chairman is the chairman of its people's committee, who signs the
	// documents the unit issues itself.
	Chairman  string `json:"chairman"`
	Retired   bool   `json:"retired,omitempty"`
	Successor string `json:"successor,omitempty"`
}

// Kinds lists the kinds of unit: xã, phường, thị trấn (before 2025), đặc
// khu (the special zones of the 2025 reform), an office of the organiser,
// other.
var Kinds = []string{"commune", "ward", "town", "special_zone", "agency", "other"}

// UnitInput is a unit as a client sends it.
type UnitInput struct {
	Code     string `json:"code" form:"code" validate:"required,max=32"`
	Name     string `json:"name" form:"name" validate:"required,max=200"`
	Kind     string `json:"kind" form:"kind" validate:"omitempty,oneof=commune ward town special_zone agency other"`
	Cluster  string `json:"cluster" form:"cluster" validate:"max=100"`
	Place    string `json:"place" form:"place" validate:"max=100"`
	Chairman string `json:"chairman" form:"chairman" validate:"max=200"`
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// ValidCode reports whether s may be a unit code: it becomes part of demo
// usernames (auditor.CODE) and of URLs, so it stays ASCII.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Normalize cleans the input (NFC, trimmed) and fills the default kind.
func (in *UnitInput) Normalize() {
	in.Code = text.Clean(in.Code)
	in.Name = text.Clean(in.Name)
	in.Kind = text.Clean(in.Kind)
	in.Cluster = text.Clean(in.Cluster)
	in.Place = text.Clean(in.Place)
	in.Chairman = text.Clean(in.Chairman)
	if in.Kind == "" {
		in.Kind = "commune"
	}
}

// Validate normalises the input, then checks the tags and the rules that tags
// cannot say. Returns apperr.Invalid naming each field.
func (in *UnitInput) Validate() error {
	in.Normalize()
	f := apperr.Fields{}
	valid.Check(f, in)
	if in.Code != "" && !ValidCode(in.Code) {
		f.Add("code", apperr.M("validation.code_chars"))
	}
	// Not tags: BindJSON checks the tags on the raw body, before cleaning
	// trims surrounding white space such as a form feed.
	valid.CheckVar(f, "name", in.Name, "text")
	valid.CheckVar(f, "cluster", in.Cluster, "text")
	valid.CheckVar(f, "place", in.Place, "text")
	valid.CheckVar(f, "chairman", in.Chairman, "text")
	return f.Err()
}
