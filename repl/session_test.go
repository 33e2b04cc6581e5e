package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aekit/aekit/repl/internal/symbols"
)

// TestPreludeComplete: every package the brief promises resolves without
// an import, through a symbol of its own table, and so do the predefined
// names.
func TestPreludeComplete(t *testing.T) {
	ts := newTestSession(t)
	for _, p := range preludePackages {
		t.Run(p.Name, func(t *testing.T) {
			table, ok := symbols.Symbols[p.Path+"/"+p.Name]
			if !ok {
				t.Fatalf("no symbol table for %s: add it to the go:generate lines in internal/symbols", p.Path)
			}
			// A function or variable of the package, as a value.
			var names []string
			for name, v := range table {
				if !strings.HasPrefix(name, "_") && !isTypeSymbol(v) {
					names = append(names, name)
				}
			}
			sort.Strings(names)
			var src string
			if len(names) > 0 {
				src = "_ = " + p.Name + "." + names[0]
			} else {
				// A package of types only (plots: every figure is a
				// type): make a value of one.
				for name := range table {
					if !strings.HasPrefix(name, "_") {
						names = append(names, name)
					}
				}
				if len(names) == 0 {
					t.Fatalf("%s exports nothing", p.Path)
				}
				sort.Strings(names)
				src = "_ = new(" + p.Name + "." + names[0] + ")"
			}
			if _, err := ts.cell(src); err != nil {
				t.Errorf("%s: %v", src, err)
			}
		})
	}
	for _, c := range []struct{ src, want string }{
		{"quick", "true"},
		{"out", filepath.Join(ts.dir, "out")},
		{"ctx.Err() == nil", "true"},
		{"check(nil)", ""},
		{`fmt.Sprint(math.Sqrt(4), rand.Intn(1), strings.ToUpper("a"), sort.IsSorted(sort.IntSlice{1}), time.Second, context.Background() != nil, errors.New("e"), os.PathSeparator, filepath.Base("a/b"))`,
			`"2 0Atrue 1s true e 47b"`},
		{`mat.NewDense(1, 1, []float64{4}).At(0, 0) + stat.Mean([]float64{1, 3}, nil)`, "6"},
		{`p := plot.New(); _, err := plotter.NewScatter(plotter.XYs{{X: 1, Y: 2}}); check(err); vg.Inch > 0`, "true"},
	} {
		out, err := ts.cell(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("%s printed %q, want %q", c.src, out, c.want)
		}
	}
}

// TestCommandsComplete: :help lists every command, each on one line, and
// every command works (in an order that gives each one something to do).
func TestCommandsComplete(t *testing.T) {
	ts := newTestSession(t)
	help, err := ts.cmd(":help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(help, "\n  :"+c.name+" ") {
			t.Errorf(":help does not list :%s:\n%s", c.name, help)
		}
	}
	lesson := filepath.Join(fixtures(t), "basics.go")
	load := filepath.Join(ts.dir, "load.go")
	if err := os.WriteFile(load, []byte("package main\n\nimport \"fmt\"\n\nfunc loaded() int { return 7 }\n\nvar fromFile = loaded()\n\nfmt.Println(\"loaded\", fromFile)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		line, want string
	}{
		{":lessons", ""},
		{":open " + lesson, "basics — a tiny lesson"},
		{":show", "knobs: rows = 4 (:step 1 NAME=VALUE"},
		{":next", "rows: 2"},
		{":next", "saved "},
		{":prev", "step 1/3: Make a matrix"},
		{":run", "rows: 2"},
		{":redo rows=3", "rows: 3"},
		{":step 2", "step 2/3: Draw it"},
		{":all", "total: 3"},
		{":check", "not yet: Six bright pixels (exercise 1)"},
		{":step 1 rows=6", "  rows := 6   (was: rows := 4)"},
		{":all", "total: 6"},
		{":check 1", "✓ Six bright pixels (exercise 1)"},
		{":vars", "total"},
		{":doc ae.NewSymmetric", "func NewSymmetric(sizes []int,"},
		{":plots", "basics-2-rows.png"},
		{":load " + load, "loaded 7"},
		{":save " + filepath.Join(ts.dir, "nb.md"), "saved 10 cells to"},
		{":save! " + filepath.Join(ts.dir, "nb.md"), "saved 10 cells to"},
		{":out " + filepath.Join(ts.dir, "other"), "pictures go to"},
		{":time", "timing on"},
		{":reset", "fresh interpreter"},
		{":help", ":quit"},
	}
	tested := map[string]bool{}
	for _, r := range runs {
		out, err := ts.cmd(r.line)
		if err != nil {
			t.Errorf("%s: %v\n%s", r.line, err, out)
			continue
		}
		if !strings.Contains(out, r.want) {
			t.Errorf("%s printed:\n%s\nwant %q", r.line, out, r.want)
		}
		tested[strings.Fields(r.line)[0][1:]] = true
	}
	if err := ts.command(":quit"); !errors.Is(err, errQuit) {
		t.Errorf(":quit returned %v", err)
	}
	tested["quit"] = true
	for _, c := range commands {
		if !tested[c.name] {
			t.Errorf("command :%s is not tested", c.name)
		}
	}
	// After :reset the names are gone and the out folder stays.
	if _, err := ts.cell("total"); err == nil {
		t.Error("total survived :reset")
	}
	if got := ts.ok("out"); !strings.Contains(got, filepath.Join(ts.dir, "other")) {
		t.Errorf("out after :reset = %q", got)
	}
}

func TestCommandErrors(t *testing.T) {
	ts := newTestSession(t)
	for _, c := range []struct{ line, want string }{
		{":nosuch", "unknown command :nosuch"},
		{":open", "usage: :open NAME"},
		{":open nosuch", `no lesson "nosuch"`},
		{":next", "no lesson is open"},
		{":check", "no lesson is open"},
		{":step x", "usage: :step N"},
		{":step 1 rows=6", "no lesson is open"},
		{":run rows=6", "no lesson is open"},
		{":check 1", "no lesson is open"},
		{":load /nonexistent/x.go", "no such file"},
		{":save notes.txt", "name it FILE.md"},
	} {
		out, err := ts.cmd(c.line)
		if err == nil {
			t.Errorf("%s: no error", c.line)
			continue
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("%s printed %q, want %q", c.line, out, c.want)
		}
	}
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "broken.go")); err != nil {
		t.Fatal(err)
	}
	if out, err := ts.cmd(":check"); err == nil || !strings.Contains(out, "broken has no exercises") {
		t.Errorf(":check in a lesson without exercises: err %v, printed %q", err, out)
	}
	if _, err := ts.cmd(":open " + filepath.Join(fixtures(t), "basics.go")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ line, want string }{
		{":check", "no exercise yet"},
		{":check 1", "exercise 1 comes after step 3: run the steps up to it first (:step 3)"},
		{":check 2", "usage: :check [N], N an exercise number: basics has exercises 1 to 1"},
		{":check x", "usage: :check [N]"},
		{":prev", "already at the first step"},
		{":step 9", "basics has steps 1 to 3"},
		{":step 1 nosuch=3", "step 1: nosuch is not declared at the top of this step; its knobs: rows = 4"},
		{":step 3 rows=3", "step 3: rows is not declared at the top of this step; it has no knobs"},
		{":step 1 rows", `"rows": want NAME=VALUE, e.g. codeSize=8`},
		{":step 1 rows=)", "rows=): the value is not a Go expression"},
		{":run rows=)", "rows=): the value is not a Go expression"},
	} {
		out, err := ts.cmd(c.line)
		if err == nil || !strings.Contains(out, c.want) {
			t.Errorf("%s: err %v, printed %q, want %q", c.line, err, out, c.want)
		}
	}
}

// TestTracking: :vars shows functions and types the REPL tracked, which
// yaegi's Globals does not list.
func TestTracking(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("func area(w, h float64) float64 { return w * h }\ntype box struct{ W, H float64 }\nb := box{2, 3}\nn := 3")
	out, _ := ts.cmd(":vars")
	for _, want := range []string{`area +func\(w, h float64\) float64`, `box +type struct\{ W, H float64 \}`, `(?m)^  n +int `, `(?m)^  b +struct`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf(":vars lacks %q:\n%s", want, out)
		}
	}
	// The columns line up whatever the names' lengths; a very long name
	// gets a line of its own.
	ts.ok("aVariableWithALongName := 2.5\nthisNameIsFarTooLongForTheNameColumn := 1")
	out, _ = ts.cmd(":vars")
	cols := map[int]bool{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[1] == "int" || f[1] == "float64") {
			cols[strings.Index(line, " "+f[1]+" ")] = true
		}
	}
	if len(cols) != 1 {
		t.Errorf(":vars: the type column starts at %v, want one column:\n%s", cols, out)
	}
	if strings.Contains(out, "__aekit") {
		t.Errorf(":vars shows the helper package:\n%s", out)
	}
	names := ts.names()
	for _, want := range []string{"area", "box", "b", "n", "ae", "mat", "ctx", "check"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("names() lacks %s", want)
		}
	}
	if !reflect.DeepEqual(ts.preludeNames()[:3], []string{"ae", "datasets", "plots"}) {
		t.Errorf("preludeNames = %v", ts.preludeNames())
	}
}

// TestPictureVariants: a step run with a setting, and the steps after it,
// save their pictures under names that say so, beside the pictures of the
// step as written.
func TestPictureVariants(t *testing.T) {
	for _, c := range []struct{ name, variant, want string }{
		{"compression-2-untrained.png", "", "compression-2-untrained.png"},
		{"compression-2-untrained.png", "codeSize=8", "compression-2-untrained-codeSize=8.png"},
		{"compression-4-codes.png", "layers=[]int{pixels, 256, codeSize}", "compression-4-codes-layers=_int_pixels,256,codeSize.png"},
		{"anomaly-3-top.png", "fraction=0.1 q=0.985", "anomaly-3-top-fraction=0.1,q=0.985.png"},
	} {
		if got := withVariant(c.name, c.variant); got != c.want {
			t.Errorf("withVariant(%q, %q) = %q, want %q", c.name, c.variant, got, c.want)
		}
	}
	ts := newTestSession(t)
	for _, line := range []string{":open " + filepath.Join(fixtures(t), "basics.go"), ":all", ":step 1 rows=3", ":next", ":step 1", ":next"} {
		if out, err := ts.cmd(line); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	var names []string
	for _, p := range ts.plots {
		names = append(names, filepath.Base(p))
	}
	want := []string{"basics-2-rows.png", "basics-2-rows-rows=3.png", "basics-2-rows.png"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("pictures %v, want %v", names, want)
	}
}

// TestOutFolderLazy: the out folder is made when a cell needs it, so that
// :out DIR leaves no empty default folder behind.
func TestOutFolderLazy(t *testing.T) {
	ts := newTestSession(t)
	def := ts.opts.out
	if _, err := os.Stat(def); err == nil {
		t.Fatalf("%s exists before any cell needs it", def)
	}
	other := filepath.Join(ts.dir, "other")
	if _, err := ts.cmd(":out " + other); err != nil {
		t.Fatal(err)
	}
	ts.ok("x := 1")
	ts.ok(`p := picture("a.png")`)
	if _, err := os.Stat(def); err == nil {
		t.Errorf("%s was made after :out %s", def, other)
	}
	if info, err := os.Stat(other); err != nil || !info.IsDir() {
		t.Errorf(":out %s: %v", other, err)
	}
}

// TestDocCommand: :doc shows the documentation of packages, their names
// and methods, a variable's method, the predefined names, the lessons'
// helpers and a function a cell declared; a near miss gets suggestions.
func TestDocCommand(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("m, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)\nfunc area(w, h float64) float64 { return w * h }")
	for _, c := range []struct{ line, want string }{
		{":doc", "Documentation of the packages"},
		{":doc ae", "package ae // import \"github.com/aekit/aekit/ae\""},
		{":doc mat.Dense.Mul", "Mul takes the matrix product"},
		{":doc m.Fit", "func (m *Model) Fit(ctx context.Context, x *mat.Dense, opts Options) (*History, error)"},
		{":doc m", "m has type *ae.Model\n\ntype Model struct"},
		{":doc check", "stops the cell with the error"},
		{":doc heldOutDigits", "a helper of the lessons"},
		{":doc area", "func area(w, h float64) float64"},
		{":doc fmt.Printf", "Printf formats according to a format specifier"},
	} {
		out, err := ts.cmd(c.line)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("%s: err %v, printed:\n%s\nwant %q", c.line, err, out, c.want)
		}
	}
	if out, err := ts.cmd(":doc ae.newSymmetric"); err == nil || !strings.Contains(out, "did you mean ae.NewSymmetric") {
		t.Errorf(":doc ae.newSymmetric: err %v, printed %q", err, out)
	}
	if word, cands := ts.complete(":doc ae.NewS"); word != "ae.NewS" || len(cands) != 1 || cands[0] != "ae.NewSymmetric" {
		t.Errorf("completing :doc ae.NewS gave %q, %v", word, cands)
	}
}
