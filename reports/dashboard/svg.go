package dashboard

import (
	"fmt"
	"html/template"
	"strings"
)

// The charts are drawn on the server as SVG, so that the browser needs no
// chart library and a tablet shows them crisp at any size. Each carries a
// title and a description for screen readers; the page puts the same
// figures in a table beside it.

// palette colours the parts of a stacked bar, in order; chosen to stay
// apart for the common colour-vision deficiencies.
var palette = []string{"#9aa5b1", "#f0b429", "#2680c2", "#3ebd93", "#cf1124", "#7b61ff", "#e66a00", "#616e7c"}

// Chart is one SVG chart with its accessible name and description.
type Chart struct {
	ID, Title, Desc string
}

func (c Chart) open(b *strings.Builder, w, h int) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`, w, h, c.ID, c.ID)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// Bar is one labelled bar made of parts.
type Bar struct {
	Label string
	Parts []int
}

// StackedBars draws horizontal bars split into parts, each part's share of
// the longest bar, with a legend naming the parts.
func StackedBars(c Chart, bars []Bar, legend []string) template.HTML {
	const labelW, barW, rowH, legendH = 150, 440, 34, 30
	longest := 1
	for _, b := range bars {
		longest = max(longest, sum(b.Parts))
	}
	items, lines := legendLayout(legend, labelW+barW+60)
	h := len(bars)*rowH + legendH + (lines-1)*legendLine + 10
	var b strings.Builder
	c.open(&b, labelW+barW+60, h)
	for i, bar := range bars {
		y := i*rowH + 6
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13" fill="#1f2933">%s</text>`, y+17, esc(bar.Label))
		x := float64(labelW)
		for j, v := range bar.Parts {
			if v == 0 {
				continue
			}
			w := float64(v) / float64(longest) * barW
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="24" fill="%s"><title>%s: %d</title></rect>`, x, y, w, palette[j%len(palette)], esc(legend[j]), v)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" font-weight="bold">%d</text>`, x+6, y+17, sum(bar.Parts))
	}
	drawLegend(&b, legend, items, len(bars)*rowH+12, 0)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}

// legendLine is the height of one line of a chart's legend.
const legendLine = 20

// legendItem is where one entry of a legend goes: its x and its line.
type legendItem struct{ x, line int }

// legendLayout places a legend's entries left to right, starting a new line
// where the next entry would pass the chart's width: an entry beyond the
// edge is cut off, and with it what its colour means. It returns the places
// and the number of lines.
func legendLayout(legend []string, width int) ([]legendItem, int) {
	items := make([]legendItem, 0, len(legend))
	x, line := 0, 0
	for _, l := range legend {
		w := 26 + 8*len([]rune(l))
		if x > 0 && x+w-8 > width {
			x, line = 0, line+1
		}
		items = append(items, legendItem{x, line})
		x += w
	}
	return items, line + 1
}

// drawLegend draws the legend laid out by legendLayout from y down, its
// colours starting at palette[first].
func drawLegend(b *strings.Builder, legend []string, items []legendItem, y, first int) {
	for j, l := range legend {
		it := items[j]
		ly := y + it.line*legendLine
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="14" height="14" fill="%s"/><text x="%d" y="%d" font-size="12" fill="#3e4c59">%s</text>`,
			it.x, ly, palette[(j+first)%len(palette)], it.x+18, ly+12, esc(l))
	}
}

func sum(v []int) int {
	t := 0
	for _, x := range v {
		t += x
	}
	return t
}

// HeatmapSVG draws a grid of counts, darker for more, each cell with its
// number written in it.
func HeatmapSVG(c Chart, rows []string, cols []string, cells [][]int, most int) template.HTML {
	const labelW, cellW, cellH, headH = 150, 52, 30, 28
	var b strings.Builder
	c.open(&b, labelW+cellW*len(cols)+4, headH+cellH*len(rows)+4)
	for j, col := range cols {
		fmt.Fprintf(&b, `<text x="%d" y="20" text-anchor="middle" font-size="13" fill="#1f2933">%s</text>`, labelW+j*cellW+cellW/2, esc(col))
	}
	for i, row := range rows {
		y := headH + i*cellH
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13" fill="#1f2933">%s</text>`, y+20, esc(row))
		for j, v := range cells[i] {
			shade := 0.0
			if most > 0 {
				shade = float64(v) / float64(most)
			}
			fill, ink := "#f5f7fa", "#3e4c59"
			if v > 0 {
				fill = fmt.Sprintf("rgba(207,17,36,%.2f)", 0.15+0.75*shade)
				if shade > 0.5 {
					ink = "#ffffff"
				}
			}
			x := labelW + j*cellW
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff"/>`, x, y, cellW, cellH, fill)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s" font-size="12" font-weight="bold">%d</text>`, x+cellW/2, y+20, ink, v)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}

// Group is a labelled set of percentages drawn side by side.
type Group struct {
	Label  string
	Values []*float64 // nil: no value
}

// GroupedBars draws vertical bars of percentages (0–100), one group per
// label, with a legend naming the series.
func GroupedBars(c Chart, groups []Group, legend []string) template.HTML {
	const plotH, barW, gap, top, axisW = 160, 22, 24, 10, 40
	series := len(legend)
	groupW := series*barW + gap
	w := axisW + max(1, len(groups))*groupW + 10
	items, lines := legendLayout(legend, max(w, 320))
	h := top + plotH + 50 + 24 + (lines-1)*legendLine
	var b strings.Builder
	c.open(&b, max(w, 320), h)
	for _, p := range []int{0, 50, 100} {
		y := top + plotH - p*plotH/100
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#d9e2ec"/><text x="0" y="%d" font-size="12" fill="#3e4c59">%d%%</text>`, axisW-4, w, y, y, y+4, p)
	}
	for i, g := range groups {
		x0 := axisW + i*groupW
		for j, v := range g.Values {
			if v == nil {
				continue
			}
			bh := int(*v / 100 * plotH)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s · %s: %.1f%%</title></rect>`,
				x0+j*barW, top+plotH-bh, barW-2, bh, palette[(j+2)%len(palette)], esc(g.Label), esc(legend[j]), *v)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#3e4c59">%s</text>`, x0, top+plotH+16, esc(g.Label))
	}
	drawLegend(&b, legend, items, top+plotH+50+4, 2)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}
