package dashboard

import (
	"slices"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Dossiers are the units' dossier figures (issue 13) for the programme's
// year, with their on-time rate and paper/electronic parity against the
// target. The figures themselves are kept by audit/procedures.
type Dossiers struct {
	Year   int          `json:"year"`
	Target float64      `json:"target"` // percent
	Units  []DossierRow `json:"units"`
	// Below counts the units with a rate under the target; Missing those
	// with no figures for the year.
	Below   int `json:"below_target"`
	Missing int `json:"without_figures"`
}

// DossierRow is one unit's dossier figures for a year: received, resolved
// on time and late, received on paper and, of those, recorded
// electronically. A rate is unknown (Known false) when there is nothing to
// divide by, and always so for a unit without figures.
type DossierRow struct {
	Unit       string `json:"unit"`
	Year       int    `json:"year"`
	HasFigures bool   `json:"has_figures"`
	// Periods are the stored periods summed into the row: the year when it
	// was stored whole, else its quarters and the months of the quarters
	// not stored whole, so that no dossier counts twice.
	Periods    []string        `json:"periods"`
	Received   int             `json:"received"`
	OnTime     int             `json:"on_time"`
	Late       int             `json:"late"`
	Paper      int             `json:"paper"`
	Electronic int             `json:"electronic"`
	OnTimeRate procedures.Rate `json:"on_time_rate"`
	Parity     procedures.Rate `json:"parity"`
	// MergedFrom lists the units whose figures are summed into the row when
	// the unit stands for units merged into it (issue 14); empty otherwise.
	MergedFrom []string `json:"merged_from,omitempty"`
}

// Flagged reports whether a rate falls below the target.
func (r DossierRow) Flagged() bool { return r.OnTimeRate.Below || r.Parity.Below }

// byUnit indexes stored figures by unit, so that each unit's are found
// without a pass over every unit's.
func byUnit(all []procedures.Figures) map[string][]procedures.Figures {
	out := map[string][]procedures.Figures{}
	for _, f := range all {
		out[f.Unit] = append(out[f.Unit], f)
	}
	return out
}

// yearFigures sums one unit's stored figures over a year: the whole year
// when stored as such; otherwise each quarter, stored as a quarter or as
// the sum of its months. Figures of other units or years are ignored.
func yearFigures(all []procedures.Figures, unit string, year int) (procedures.Figures, []string) {
	y := strconv.Itoa(year)
	var whole *procedures.Figures
	quarters := map[int]procedures.Figures{}
	months := map[int][]procedures.Figures{} // by quarter
	for _, f := range all {
		if f.Unit != unit {
			continue
		}
		rest, ok := strings.CutPrefix(f.Period, y)
		switch {
		case !ok:
		case rest == "":
			whole = &f
		case strings.HasPrefix(rest, "-Q"):
			q, _ := strconv.Atoi(rest[2:])
			quarters[q] = f
		case strings.HasPrefix(rest, "-"):
			m, _ := strconv.Atoi(rest[1:])
			if m >= 1 && m <= 12 {
				months[(m+2)/3] = append(months[(m+2)/3], f)
			}
		}
	}
	if whole != nil {
		return *whole, []string{whole.Period}
	}
	sum := procedures.Figures{Unit: unit, Period: y}
	var periods []string
	add := func(f procedures.Figures) {
		sum.Received += f.Received
		sum.OnTime += f.OnTime
		sum.Late += f.Late
		sum.Paper += f.Paper
		sum.Electronic += f.Electronic
		periods = append(periods, f.Period)
	}
	for q := 1; q <= 4; q++ {
		if f, ok := quarters[q]; ok {
			add(f)
			continue
		}
		for _, f := range months[q] {
			add(f)
		}
	}
	slices.Sort(periods)
	return sum, periods
}

// dossierRow sums the year's figures of a unit's family (the unit and the
// units merged into it) and rates them against target; all holds the
// figures by unit.
func dossierRow(all map[string][]procedures.Figures, unit string, family []string, year int, target float64) DossierRow {
	row := DossierRow{Unit: unit, Year: year, Periods: []string{}}
	total := procedures.Figures{Unit: unit, Period: strconv.Itoa(year)}
	var from []string
	for _, member := range family {
		f, periods := yearFigures(all[member], member, year)
		if len(periods) == 0 {
			continue
		}
		from = append(from, member)
		total.Received += f.Received
		total.OnTime += f.OnTime
		total.Late += f.Late
		total.Paper += f.Paper
		total.Electronic += f.Electronic
		for _, p := range periods {
			if !slices.Contains(row.Periods, p) {
				row.Periods = append(row.Periods, p)
			}
		}
	}
	if len(from) == 0 {
		return row
	}
	slices.Sort(row.Periods)
	v := total.View(target)
	row.HasFigures = true
	row.Received, row.OnTime, row.Late, row.Paper, row.Electronic = v.Received, v.OnTime, v.Late, v.Paper, v.Electronic
	row.OnTimeRate, row.Parity = v.OnTimeRate, v.Parity
	if len(from) > 1 || from[0] != unit {
		slices.Sort(from)
		row.MergedFrom = from
	}
	return row
}

// dossiers computes the figures of the units for the year; family gives
// the units whose figures count as a unit's own.
func dossiers(all []procedures.Figures, units []string, family func(string) []string, year int, target float64) *Dossiers {
	d := &Dossiers{Year: year, Target: target, Units: make([]DossierRow, 0, len(units))}
	idx := byUnit(all)
	for _, u := range units {
		row := dossierRow(idx, u, family(u), year, target)
		if !row.HasFigures {
			d.Missing++
		} else if row.Flagged() {
			d.Below++
		}
		d.Units = append(d.Units, row)
	}
	return d
}

// unitDossiers are a unit's figures year by year, the latest first, over
// every year its family has figures for.
func unitDossiers(all []procedures.Figures, unit string, family []string, target float64) []DossierRow {
	var years []int
	for _, f := range all {
		if !slices.Contains(family, f.Unit) {
			continue
		}
		y, err := strconv.Atoi(f.Period[:min(4, len(f.Period))])
		if err == nil && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	out := make([]DossierRow, 0, len(years))
	idx := byUnit(all)
	for _, y := range slices.Backward(years) {
		out = append(out, dossierRow(idx, unit, family, y, target))
	}
	return out
}

// periodList writes the periods summed into a row as people read them
// ("Quý I/2026, Quý II/2026").
func periodList(cat *i18n.Catalog, lang string, periods []string) string {
	out := make([]string, len(periods))
	for i, p := range periods {
		out[i] = cat.Period(lang, p)
	}
	return strings.Join(out, ", ")
}
