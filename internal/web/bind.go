package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Report fields by their JSON (or form) names, as the client sent them.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		for _, tag := range []string{"json", "form"} {
			name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
			if name != "" && name != "-" {
				return name
			}
		}
		return f.Name
	})
	return v
}

// BindJSON reads a JSON body of at most MaxJSONBody bytes into dst and
// validates it. Malformed JSON and invalid UTF-8 are 400; an oversized body
// 413; invalid values 422 naming each field.
func BindJSON(c echo.Context, dst any) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, MaxJSONBody+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return apperr.New(apperr.Malformed, "malformed", apperr.M("error.malformed"))
	}
	if len(body) > MaxJSONBody {
		return errTooLarge
	}
	// encoding/json would silently turn invalid UTF-8 into U+FFFD.
	if !utf8.Valid(body) {
		return apperr.New(apperr.Malformed, "invalid_utf8", apperr.M("error.invalid_utf8"))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return apperr.InvalidFields(map[string]apperr.Msg{te.Field: apperr.M("validation.type")})
		}
		return apperr.New(apperr.Malformed, "malformed_json", apperr.M("error.malformed_json"))
	}
	if dec.More() {
		return apperr.New(apperr.Malformed, "malformed_json", apperr.M("error.malformed_json"))
	}
	return Validate(dst)
}

// Validate checks struct tags and turns failures into a 422 whose fields carry
// catalogue keys "validation.<tag>" with the tag's parameter as {param}.
func Validate(v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return apperr.Wrap(err)
	}
	fields := apperr.Fields{}
	for _, fe := range ves {
		name := fe.Field()
		if ns := fe.Namespace(); strings.Count(ns, ".") > 1 {
			name = ns[strings.Index(ns, ".")+1:]
		}
		fields.Add(name, apperr.M("validation."+fe.Tag(), "param", fe.Param()))
	}
	return fields.Err()
}
