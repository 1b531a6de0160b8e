// Package valid is the one validation mechanism of CrossAudit: struct tags
// (and tag strings for single values) checked by go-playground/validator,
// whose failures become an apperr 422 naming each field with the catalogue
// key "validation.<tag>" and the tag's parameter as {param}. Domain packages
// use it directly, so that checking an input does not need the web layer.
//
// Besides validator's own tags it knows "text": a string without NUL or
// other control characters (text.Valid), reported as
// "validation.control_chars". Fields are named by their JSON (or form) tag,
// as the client sent them. Each field reports its first failing tag only,
// so write tags in the order they should be reported: "required,max=200,text".
package valid

import (
	"errors"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

var validate = newValidator()

// messageKeys maps the tags whose catalogue key is not their name.
var messageKeys = map[string]string{"text": "control_chars"}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		for _, tag := range []string{"json", "form"} {
			name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
			if name != "" && name != "-" {
				return name
			}
		}
		return f.Name
	})
	if err := v.RegisterValidation("text", func(fl validator.FieldLevel) bool {
		return fl.Field().Kind() != reflect.String || text.Valid(fl.Field().String())
	}); err != nil {
		panic(err)
	}
	return v
}

// Struct checks v's tags. It returns nil, or a 422 naming each field.
func Struct(v any) error {
	f := apperr.Fields{}
	if err := addStruct(f, v); err != nil {
		return err
	}
	return f.Err()
}

// Check adds the problems of v's tags to f, for the fields that have none
// yet, so that a Validate method can add the rules tags cannot say. It
// panics when v is not a struct or a pointer to one, as validator does on
// an unknown tag: both are mistakes of the code, not of the input.
func Check(f apperr.Fields, v any) {
	if err := addStruct(f, v); err != nil {
		panic(err)
	}
}

// CheckVar checks one value against tags, adding its problem to f under
// field unless f has one for it already, and reports whether the value
// passed.
func CheckVar(f apperr.Fields, field string, v any, tags string) bool {
	err := validate.Var(v, tags)
	if err == nil {
		return true
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		panic(err)
	}
	for _, fe := range ves {
		f.Add(field, message(fe))
	}
	return false
}

func addStruct(f apperr.Fields, v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return apperr.Wrap(err)
	}
	for _, fe := range ves {
		name := fe.Field()
		if ns := fe.Namespace(); strings.Count(ns, ".") > 1 {
			name = ns[strings.Index(ns, ".")+1:]
		}
		f.Add(name, message(fe))
	}
	return nil
}

func message(fe validator.FieldError) apperr.Msg {
	key := fe.Tag()
	if k, ok := messageKeys[key]; ok {
		key = k
	}
	return apperr.M("validation."+key, "param", fe.Param())
}
