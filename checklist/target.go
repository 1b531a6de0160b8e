package checklist

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Target is what a measure item's value should reach.
//
// Written form (the `target` column): an operator and a number, spaces
// allowed between them, an optional "%" after it:
//
//	>=98   at least 98          <=5   at most 5
//	>0     more than 0          <3    less than 3
//	=0     exactly 0            0     exactly 0 (the same as =0)
//
// "≥" and "≤" are accepted for ">=" and "<=", and a decimal comma for a
// decimal point ("98,5"). The number is compared with the one value the
// auditor records, in the item's unit; a figure that must equal another
// figure is written as their difference or their ratio: "procedures on the
// portal = procedures in force" becomes "procedures in force missing from the
// portal =0" (or "% of them published =100"). Stored and exported in the
// canonical form >=98, <=5, >0, <3, =0.
//
// A bare number means equality so that a spreadsheet that turned "=0" into
// the number 0 on the way still says the same thing.
type Target struct {
	Op    string // one of >=, <=, >, <, =; "" when there is no target
	Value float64
}

var targetPattern = regexp.MustCompile(`^(>=|<=|>|<|=|≥|≤)?\s*(-?[0-9]+(?:[.,][0-9]+)?)\s*%?$`)

// ErrTarget is returned by ParseTarget for text that is not a target.
var ErrTarget = errors.New("checklist: not a target (write e.g. >=98, <=5 or =0)")

// ParseTarget reads a target in the written form above; blank is no target.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, nil
	}
	m := targetPattern.FindStringSubmatch(s)
	if m == nil {
		return Target{}, ErrTarget
	}
	v, err := strconv.ParseFloat(strings.Replace(m[2], ",", ".", 1), 64)
	if err != nil || math.IsInf(v, 0) {
		return Target{}, ErrTarget
	}
	op := m[1]
	switch op {
	case "", "=":
		op = "="
	case "≥":
		op = ">="
	case "≤":
		op = "<="
	}
	return Target{Op: op, Value: v}, nil
}

// Set reports whether there is a target.
func (t Target) Set() bool { return t.Op != "" }

// String writes the canonical form, "" when there is no target.
func (t Target) String() string {
	if !t.Set() {
		return ""
	}
	return t.Op + strconv.FormatFloat(t.Value, 'f', -1, 64)
}

// Met reports whether v reaches the target. Equality allows for the
// rounding of a value typed as a decimal.
func (t Target) Met(v float64) bool {
	const eps = 1e-9
	switch t.Op {
	case ">=":
		return v >= t.Value-eps
	case "<=":
		return v <= t.Value+eps
	case ">":
		return v > t.Value
	case "<":
		return v < t.Value
	case "=":
		return math.Abs(v-t.Value) <= eps*math.Max(1, math.Abs(t.Value))
	}
	return false
}

// SuggestResult suggests the result of a measure item from the value the
// auditor recorded: conform when the value meets the target, minor when it
// misses it. It suggests nothing ("") for a check item, a measure without a
// target, or a value that is not a finite number. Grading a miss as major
// is the auditor's judgement (a systemic failure), as is any other override,
// which the audit records with a reason.
func SuggestResult(it Item, value float64) Result {
	if it.Kind != KindMeasure || math.IsNaN(value) || math.IsInf(value, 0) {
		return ""
	}
	t, err := ParseTarget(it.Target)
	if err != nil || !t.Set() {
		return ""
	}
	if t.Met(value) {
		return Conform
	}
	return Minor
}
