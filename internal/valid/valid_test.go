package valid_test

import (
	"testing"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/valid"
)

type input struct {
	Name  string `json:"name" validate:"required,max=5,text"`
	Note  string `form:"note" validate:"max=3"`
	Inner struct {
		Code string `json:"code" validate:"required"`
	} `json:"inner"`
}

func TestStructNamesFieldsAsTheClientSentThem(t *testing.T) {
	in := input{Name: "Đức Trọng", Note: "ab"}
	err := valid.Struct(&in)
	if apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("got %v, want 422", err)
	}
	f := apperr.As(err).Fields
	if m := f["name"]; m.Key != "validation.max" || m.Args["param"] != "5" {
		t.Errorf("name: %+v", m)
	}
	if m := f["inner.code"]; m.Key != "validation.required" {
		t.Errorf("inner.code: %+v", m)
	}
	if _, ok := f["note"]; ok || len(f) != 2 {
		t.Errorf("fields %v", f)
	}
	in = input{Name: "ok"}
	in.Inner.Code = "X"
	if err := valid.Struct(in); err != nil {
		t.Errorf("a valid input: %v", err)
	}
}

func TestTextRefusesControlCharacters(t *testing.T) {
	in := input{Name: "a\x00b"}
	in.Inner.Code = "X"
	if m := apperr.As(valid.Struct(in)).Fields["name"]; m.Key != "validation.control_chars" {
		t.Errorf("NUL: %+v", m)
	}
	in.Name = "a\tb\n"
	if err := valid.Struct(in); err != nil {
		t.Errorf("tab and newline: %v", err)
	}
	// The first failing tag only: too long and with a control character.
	in.Name = "\x01abcdef"
	if m := apperr.As(valid.Struct(in)).Fields["name"]; m.Key != "validation.max" {
		t.Errorf("too long: %+v", m)
	}
}

func TestCheckKeepsTheFirstProblemOfAField(t *testing.T) {
	f := apperr.Fields{"name": apperr.M("validation.code_chars")}
	valid.Check(f, input{})
	if f["name"].Key != "validation.code_chars" || f["inner.code"].Key != "validation.required" {
		t.Errorf("fields %v", f)
	}
	if valid.CheckVar(f, "reason", "", "required,max=3,text") || f["reason"].Key != "validation.required" {
		t.Errorf("reason: %v", f["reason"])
	}
	if valid.CheckVar(f, "reason", "\x00", "max=3,text") || f["reason"].Key != "validation.required" {
		t.Errorf("reason replaced: %v", f["reason"])
	}
	if !valid.CheckVar(f, "other", "abc", "required,max=3,text") {
		t.Error("a valid value failed")
	}
	if _, ok := f["other"]; ok {
		t.Errorf("a valid value added %v", f["other"])
	}
}
