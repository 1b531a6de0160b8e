package main

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the import path every package of the project starts with.
const module = "github.com/crossaudit/crossaudit"

// layers ranks every package of the project, lowest first. A package may
// import only packages of a lower rank; packages under internal/ may also
// import one another (plumbing beside plumbing). The order is the one the
// README's map gives: cmd → demo → reports → audit → checklist → internal,
// and inside audit: the audit itself ← conduct ← findings ← the web layer.
// A new package must be given its place here, which is the point.
var layers = map[string]int{
	"assets":            0,
	"internal/*":        1,
	"checklist":         2,
	"audit/assign":      3, // the assignment engine: no database, no web
	"audit/reconcile":   3, // the reconciliation engine: the same
	"audit":             4,
	"audit/conduct":     5,
	"audit/findings":    6,
	"audit/measured":    6, // a measured value against the system's figure: beside findings, below the figures' owner
	"audit/procedures":  7,
	"audit/handlers":    7,
	"audit/training":    8, // reads the dossier figures through audit/procedures
	"reports/dashboard": 8, // below the documents: the programme summary reuses its figures
	"reports":           9,
	"demo":              10,
	"demo/demotest":     11,
	"cmd/crossaudit":    12,
}

// echoModule is the web framework, which only the web layers may import.
const echoModule = "github.com/labstack/echo/v4"

// domain lists the packages that hold types, rules and SQL: no web layer
// in them (neither Echo nor internal/web), so that a rule reads the same
// from a handler, a job or the command line.
var domain = []string{"audit", "audit/conduct", "audit/findings", "audit/measured", "audit/assign", "audit/reconcile"}

// rankOf returns a package's rank (its path inside the module) and whether
// it has one.
func rankOf(pkg string) (int, bool) {
	if strings.HasPrefix(pkg, "internal/") {
		pkg = "internal/*"
	}
	r, ok := layers[pkg]
	return r, ok
}

// layerViolations lists every import of graph (package → its imports, both
// inside the module, without the module prefix) that goes the wrong way,
// and every package without a rank.
func layerViolations(graph map[string][]string) []string {
	var out []string
	for pkg, imports := range graph {
		from, ok := rankOf(pkg)
		if !ok {
			out = append(out, pkg+": no rank in layers; give it its place")
			continue
		}
		for _, imp := range imports {
			if slices.Contains(domain, pkg) && (imp == echoModule || imp == "internal/web") {
				out = append(out, pkg+" imports "+imp+": a domain package has no web layer")
				continue
			}
			if imp == echoModule {
				continue
			}
			to, ok := rankOf(imp)
			plumbing := strings.HasPrefix(pkg, "internal/") && strings.HasPrefix(imp, "internal/")
			if ok && (to < from || plumbing) {
				continue
			}
			out = append(out, pkg+" imports "+imp+": the dependency goes the wrong way")
		}
	}
	slices.Sort(out)
	return out
}

// moduleGraph reads the imports of every package of the module with go
// list, tests excluded (tests sit above everything).
func moduleGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	graph := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		graph[pkg] = []string{}
		for _, imp := range p.Imports {
			if rest, ok := strings.CutPrefix(imp, module+"/"); ok {
				graph[pkg] = append(graph[pkg], rest)
			} else if imp == echoModule {
				graph[pkg] = append(graph[pkg], imp)
			}
		}
	}
	return graph
}

// Dependencies point one way (README, "Where a change goes"): every import
// between the project's packages goes down the layers.
func TestDependenciesPointOneWay(t *testing.T) {
	graph := moduleGraph(t)
	if len(graph) < len(layers) {
		t.Fatalf("go list found %d packages, fewer than the %d layers: %v", len(graph), len(layers), graph)
	}
	for _, v := range layerViolations(graph) {
		t.Error(v)
	}
}

// The check itself can fail: an import up the layers, between two
// domain packages of one rank, or from an unranked package is reported.
func TestLayerViolationsAreFound(t *testing.T) {
	for _, tc := range []struct {
		graph map[string][]string
		want  int
	}{
		{map[string][]string{"audit": {"checklist", "internal/db"}, "internal/web": {"internal/i18n", "assets"}}, 0},
		{map[string][]string{"internal/db": {"audit"}}, 1},
		{map[string][]string{"audit/conduct": {"audit/findings"}}, 1},
		{map[string][]string{"audit/handlers": {"audit/procedures"}}, 1},
		{map[string][]string{"checklist": {"reports"}}, 1},
		{map[string][]string{"audit/newthing": {"audit"}}, 1},
		{map[string][]string{"audit/findings": {"internal/web"}}, 1},
		{map[string][]string{"audit/conduct": {echoModule}}, 1},
		{map[string][]string{"audit/handlers": {echoModule, "internal/web"}}, 0},
	} {
		if got := layerViolations(tc.graph); len(got) != tc.want {
			t.Errorf("%v: %d violations %v, want %d", tc.graph, len(got), got, tc.want)
		}
	}
}
