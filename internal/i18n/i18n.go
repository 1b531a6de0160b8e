// Package i18n holds the message catalogues (Vietnamese first, English
// available) and the Vietnamese way of writing dates. Every user-facing
// sentence comes from a catalogue keyed by id; Go code carries keys.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on machines without a zoneinfo database

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// The languages, Vietnamese first.
const (
	VI = "vi"
	EN = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []string{VI, EN}

// Zone is the time zone every day and date of the product is in.
var Zone = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded, so this cannot fail
	}
	return loc
}

// Catalog maps language → key → message.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Langs {
		m, err := loadLang(lang)
		if err != nil {
			return nil, err
		}
		c.msgs[lang] = m
	}
	return c, nil
}

// loadLang merges i18n/LANG/*.json, refusing a key defined twice.
func loadLang(lang string) (map[string]string, error) {
	files, err := fs.Glob(assets.I18n, "i18n/"+lang+"/*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("i18n: no catalogue for %s", lang)
	}
	all := map[string]string{}
	for _, f := range files {
		b, err := fs.ReadFile(assets.I18n, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("i18n: %s defines %q again", f, k)
			}
			all[k] = v
		}
	}
	return all, nil
}

// MustLoad is Load for start-up and tests; the catalogues are embedded, so a
// failure is a build defect.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the sorted keys of one language's catalogue.
func (c *Catalog) Keys(lang string) []string {
	return slices.Sorted(maps.Keys(c.msgs[lang]))
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// T translates key into lang, filling {name} placeholders from args given as
// alternating names and values. A value that is an apperr.Msg is translated
// too. An unknown key comes back as itself so that a gap shows, not a blank.
func (c *Catalog) T(lang, key string, kv ...any) string {
	return c.Msg(lang, apperr.M(key, kv...))
}

// Msg translates a catalogue message.
func (c *Catalog) Msg(lang string, m apperr.Msg) string {
	s, ok := c.msgs[Match(lang)][m.Key]
	if !ok {
		s, ok = c.msgs[VI][m.Key]
	}
	if !ok {
		return m.Key
	}
	if len(m.Args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(m.Args))
	for name, v := range m.Args {
		pairs = append(pairs, "{"+name+"}", c.value(lang, v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func (c *Catalog) value(lang string, v any) string {
	switch v := v.(type) {
	case apperr.Msg:
		return c.Msg(lang, v)
	case []string:
		return strings.Join(v, ", ")
	default:
		return fmt.Sprint(v)
	}
}

// Match returns the supported language for a tag such as "en-US", or VI.
func Match(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	for _, l := range Langs {
		if tag == l || strings.HasPrefix(tag, l+"-") {
			return l
		}
	}
	return VI
}

// FromAcceptLanguage picks the first supported language of an
// Accept-Language header, honouring its order but not its weights (browsers
// send them in order), or VI.
func FromAcceptLanguage(header string) string {
	for part := range strings.SplitSeq(header, ",") {
		tag, _, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		for _, l := range Langs {
			if tag == l || strings.HasPrefix(tag, l+"-") {
				return l
			}
		}
	}
	return VI
}
