package checklist

import (
	"reflect"
	"testing"
)

func items(codes ...string) []Item {
	out := make([]Item, len(codes))
	for i, c := range codes {
		out[i] = Item{Code: c, Clause: "8.1", Kind: KindCheck, TextVI: "Câu hỏi " + c, Position: i + 1}
	}
	return out
}

type change struct {
	kind, code string
	fields     []string
}

func summary(cs []Change) []change {
	out := []change{}
	for _, c := range cs {
		out = append(out, change{c.Kind, c.Code, c.Fields})
	}
	return out
}

func TestDiffItems(t *testing.T) {
	reworded := items("A", "B", "C")
	reworded[1].TextEN = "Question B"
	retargeted := items("A", "B")
	retargeted[0].Kind, retargeted[0].Target, retargeted[0].Unit = KindMeasure, ">=98", "%"
	both := items("B", "A")
	both[0].TextVI = "Khác"
	recased := items("A")
	recased[0].Code = "a"
	tests := []struct {
		name     string
		old, new []Item
		want     []change
	}{
		{"same", items("A", "B"), items("A", "B"), []change{}},
		{"added at the end", items("A"), items("A", "B"), []change{{Added, "B", nil}}},
		{"inserted in the middle moves nothing", items("A", "C"), items("A", "B", "C"), []change{{Added, "B", nil}}},
		{"removed", items("A", "B", "C"), items("A", "C"), []change{{Removed, "B", nil}}},
		{"reworded", items("A", "B", "C"), reworded, []change{{Reworded, "B", []string{"text_en"}}}},
		{"made a measure", items("A", "B"), retargeted, []change{{Changed, "A", []string{"kind", "unit", "target"}}}},
		{"one moved to the front", items("A", "B", "C", "D"), items("D", "A", "B", "C"), []change{{Moved, "D", []string{"position"}}}},
		{"swapped and reworded", items("A", "B"), both, []change{{Reworded, "B", []string{"text_vi"}}, {Moved, "A", []string{"position"}}}},
		{"code matched ignoring case", items("A"), recased, []change{{Changed, "a", []string{"id"}}}},
		{"from nothing", nil, items("A"), []change{{Added, "A", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary(DiffItems(tt.old, tt.new)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DiffItems = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDiffExclusions(t *testing.T) {
	old := map[string]string{"8.3": "Không thiết kế sản phẩm", "7.1.5": "Không dùng thiết bị đo"}
	new := map[string]string{"8.3": "Cơ quan hành chính không thiết kế dịch vụ", "8.4": "Không thuê ngoài"}
	want := []ClauseChange{
		{Clause: "7.1.5", Old: "Không dùng thiết bị đo"},
		{Clause: "8.3", Old: "Không thiết kế sản phẩm", New: "Cơ quan hành chính không thiết kế dịch vụ"},
		{Clause: "8.4", New: "Không thuê ngoài"},
	}
	if got := DiffExclusions(old, new); !reflect.DeepEqual(got, want) {
		t.Errorf("DiffExclusions = %+v, want %+v", got, want)
	}
	if d := Compare(&Version{Number: 1, Items: items("A")}, &Version{Number: 2, Items: items("A")}); !d.Empty() || d.From != 1 || d.To != 2 {
		t.Errorf("Compare of equal versions = %+v", d)
	}
}

func TestExclusionCoversSubclauses(t *testing.T) {
	v := &Version{NotApplicable: map[string]string{"8.3": "Không thiết kế"}}
	if r, ok := v.Exclusion(Item{Clause: "8.3.2/8.1"}); !ok || r != "Không thiết kế" {
		t.Errorf("8.3.2 under excluded 8.3: %q %v", r, ok)
	}
	if _, ok := v.Exclusion(Item{Clause: "8.1/8.3"}); ok {
		t.Error("an item grouped under 8.1 counted as excluded because it also cites 8.3")
	}
	if _, ok := v.Exclusion(Item{Clause: "8.31"}); ok {
		t.Error("8.31 counted as under 8.3")
	}
}

func TestFilterIgnoresCaseAndDiacritics(t *testing.T) {
	its := []Item{
		{Code: "C01", TextVI: "Giải quyết thủ tục hành chính đúng hạn"},
		{Code: "C02", TextVI: "Hồ sơ được số hóa", GuidanceEN: "Timestamps"},
		{Code: "C03", TextVI: "Đường dây nóng"},
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"thu tuc", []string{"C01"}},
		{"THỦ TỤC", []string{"C01"}},
		{"han thu", []string{"C01"}},
		{"duong day", []string{"C03"}},
		{"timestamps", []string{"C02"}},
		{"c02", []string{"C02"}},
		{"  ", []string{"C01", "C02", "C03"}},
		{"khong co", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, it := range Filter(its, tt.q) {
			got = append(got, it.Code)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Filter(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
