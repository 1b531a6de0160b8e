package dashboard

import (
	"regexp"
	"strconv"
	"testing"
)

var (
	viewBox    = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	legendText = regexp.MustCompile(`<rect x="(\d+)" y="(\d+)" width="14" height="14" fill="[^"]+"/><text x="\d+" y="\d+" font-size="12" fill="#3e4c59">([^<]*)</text>`)
)

// A legend longer than its chart is wide goes on to further lines inside
// the chart, rather than past its edge where the SVG cuts it off: with the
// nonconformities' eight states on a tablet, the last three were invisible.
func TestLegendWrapsInsideTheChart(t *testing.T) {
	legend := []string{"Chờ phân tích nguyên nhân", "Đã phân tích nguyên nhân", "Đã gửi kế hoạch", "Kế hoạch được chấp nhận",
		"Đã thực hiện", "Đã kiểm tra xác nhận", "Đã đóng", "Mở lại"}
	for name, svg := range map[string]string{
		"stacked": string(StackedBars(Chart{ID: "s"}, []Bar{{Label: "A", Parts: []int{1, 2, 3, 4, 5, 6, 7, 8}}}, legend)),
		"grouped": string(GroupedBars(Chart{ID: "g"}, []Group{{Label: "2026"}}, legend)),
	} {
		box := viewBox.FindStringSubmatch(svg)
		w, _ := strconv.Atoi(box[1])
		h, _ := strconv.Atoi(box[2])
		entries := legendText.FindAllStringSubmatch(svg, -1)
		if len(entries) != len(legend) {
			t.Fatalf("%s: %d legend entries, want %d", name, len(entries), len(legend))
		}
		lines := map[string]bool{}
		for _, e := range entries {
			x, _ := strconv.Atoi(e[1])
			y, _ := strconv.Atoi(e[2])
			lines[e[2]] = true
			if right := x + 18 + 8*len([]rune(e[3])); right > w+8 {
				t.Errorf("%s: “%s” ends at %d, past the chart's width %d", name, e[3], right, w)
			}
			if y+14 > h {
				t.Errorf("%s: “%s” at y %d, below the chart's height %d", name, e[3], y, h)
			}
		}
		if len(lines) < 2 {
			t.Errorf("%s: the legend is on one line", name)
		}
	}
}
