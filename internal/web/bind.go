package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// BindJSON reads a JSON body of at most MaxJSONBody bytes into dst and
// checks its tags (valid.Struct). Malformed JSON and invalid UTF-8 are 400;
// an oversized body 413; a body sent as another type than JSON 415; invalid
// values 422 naming each field. An empty body reads as {} whatever its
// type, so that routes whose body is optional (issuing, submitting) keep
// working for a client that sends none.
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
	} else if err := checkJSONType(c); err != nil {
		return err
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
	return valid.Struct(dst)
}

// checkJSONType refuses a body that does not say it is JSON. A form post or
// text/plain is what a cross-site <form> or a "simple" fetch can send
// without a CORS preflight, so accepting it would let another site post
// JSON-looking bodies; and a client that sent the wrong type should learn
// so, not have its body guessed at. application/json and any
// application/*+json are accepted, with or without parameters.
func checkJSONType(c echo.Context) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == echo.MIMEApplicationJSON || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))) {
		return nil
	}
	return apperr.New(apperr.Unsupported, "unsupported_media_type",
		apperr.M("error.expected_json", "type", echo.MIMEApplicationJSON))
}
