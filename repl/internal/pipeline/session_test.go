package pipeline

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/symbols"
)

// TestYaegiVersion: the version the messages name is the one go.mod pins.
func TestYaegiVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\s*github.com/traefik/yaegi ` + regexp.QuoteMeta(YaegiVersion) + `$`).Match(b) {
		t.Errorf("go.mod does not require github.com/traefik/yaegi %s", YaegiVersion)
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/traefik/yaegi" && d.Version != YaegiVersion {
				t.Errorf("built with yaegi %s, YaegiVersion is %s", d.Version, YaegiVersion)
			}
		}
	}
}

// TestPreludeComplete: every package the brief promises resolves without
// an import, through a symbol of its own table, and so do the predefined
// names.
func TestPreludeComplete(t *testing.T) {
	ts := newTestSession(t)
	for _, p := range lessons.Prelude {
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

// TestTracking: :vars shows functions and types the REPL tracked, which
// yaegi's Globals does not list.
func TestTracking(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("func area(w, h float64) float64 { return w * h }\ntype box struct{ W, H float64 }\nb := box{2, 3}\nn := 3")
	out := ts.Vars()
	for _, want := range []string{`area +func\(w, h float64\) float64`, `box +type struct\{ W, H float64 \}`, `(?m)^  n +int `, `(?m)^  b +struct`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf(":vars lacks %q:\n%s", want, out)
		}
	}
	// The columns line up whatever the names' lengths; a very long name
	// gets a line of its own.
	ts.ok("aVariableWithALongName := 2.5\nthisNameIsFarTooLongForTheNameColumn := 1")
	out = ts.Vars()
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
	names := ts.Names()
	for _, want := range []string{"area", "box", "b", "n", "ae", "mat", "ctx", "check"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("Names() lacks %s", want)
		}
	}
	if !reflect.DeepEqual(ts.PreludeNames()[:3], []string{"ae", "datasets", "plots"}) {
		t.Errorf("PreludeNames = %v", ts.PreludeNames())
	}
}

// TestPictureVariants: a step run with a setting saves its pictures under
// names that say so, beside the pictures of the step as written.
func TestPictureVariants(t *testing.T) {
	for _, c := range []struct{ name, variant, want string }{
		{"compression-2-untrained.png", "", "compression-2-untrained.png"},
		{"compression-2-untrained.png", "codeSize=8", "compression-2-untrained-codeSize=8.png"},
		{"compression-4-codes.png", "layers=[]int{pixels, 256, codeSize}", "compression-4-codes-layers=pixels,256,codeSize.png"},
		{"generative-6-beta.png", "codeSize=2 betas=[]float64{1, 50}", "generative-6-beta-codeSize=2,betas=1,50.png"},
		{"x.png", "m=map[string]int{\"a\": 1}", "x-m=_a_1.png"},
		{"anomaly-3-top.png", "fraction=0.1 q=0.985", "anomaly-3-top-fraction=0.1,q=0.985.png"},
	} {
		if got := WithVariant(c.name, c.variant); got != c.want {
			t.Errorf("WithVariant(%q, %q) = %q, want %q", c.name, c.variant, got, c.want)
		}
	}
	ts := newTestSession(t)
	ts.buf.Take()
	if pr := ts.Run(`fmt.Println(picture("a.png"))`, &StepRef{Lesson: "basics", Index: 1, Variant: "rows=3"}, nil); pr != nil {
		t.Fatal(pr)
	}
	if got, want := strings.TrimSpace(ts.buf.Take()), filepath.Join(ts.Out(), "basics-2-a-rows=3.png"); got != want {
		t.Errorf("picture in step 2 with rows=3 = %q, want %q", got, want)
	}
	if got := ts.ok(`fmt.Println(picture("a.png"))`); strings.TrimSpace(got) != filepath.Join(ts.Out(), "a.png") {
		t.Errorf("picture outside a step = %q", got)
	}
}

// TestDocCommand: :doc shows the documentation of packages, their names
// and methods, a variable's method, the predefined names, the lessons'
// helpers and a function a cell declared; a near miss gets suggestions.
func TestDocCommand(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("m, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)\nfunc area(w, h float64) float64 { return w * h }")
	for _, c := range []struct{ name, want string }{
		{"", "Documentation of the packages"},
		{"ae", "package ae // import \"github.com/aekit/aekit/ae\""},
		{"mat.Dense.Mul", "Mul takes the matrix product"},
		{"m.Fit", "func (m *Model) Fit(ctx context.Context, x *mat.Dense, opts Options) (*History, error)"},
		{"m", "m has type *ae.Model\n\ntype Model struct"},
		{"check", "stops the cell with the error"},
		{"heldOutDigits", "a helper of the lessons"},
		{"area", "func area(w, h float64) float64"},
		{"fmt.Printf", "Printf formats according to a format specifier"},
	} {
		out, err := ts.Doc(c.name)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf(":doc %s: err %v, printed:\n%s\nwant %q", c.name, err, out, c.want)
		}
	}
	if _, err := ts.Doc("ae.newSymmetric"); err == nil || !strings.Contains(err.Error(), "did you mean ae.NewSymmetric") {
		t.Errorf(":doc ae.newSymmetric: err %v", err)
	}
}

// TestSetOut: SetOut makes the folder and sets the cells' out; a cell
// that assigns out moves the folder too.
func TestSetOut(t *testing.T) {
	ts := newTestSession(t)
	other := filepath.Join(ts.dir, "other")
	if err := ts.SetOut(other); err != nil {
		t.Fatal(err)
	}
	if got := ts.ok("out"); !strings.Contains(got, other) {
		t.Errorf("out after SetOut = %q", got)
	}
	third := filepath.Join(ts.dir, "third")
	ts.ok(`out = "` + third + `"`)
	if ts.Out() != third {
		t.Errorf("Out after a cell assigned out = %q, want %q", ts.Out(), third)
	}
}
