package pipeline

import (
	"strings"
	"testing"
	"time"
)

// TestCrashingForms tries every construct that crashes or misbehaves in
// yaegi v0.16.1 (see shared/notes/yaegi.md): each one is refused before
// evaluation with a hint, or evaluated and survived, and the session keeps
// its earlier variables. A form that kills the process fails the whole
// test binary.
func TestCrashingForms(t *testing.T) {
	cases := []struct {
		name  string
		setup string // run first, must succeed
		cell  string
		fails bool   // the cell must fail (refused or stopped)
		want  string // in the output
	}{
		// Refused before evaluation: they crash the interpreter ("nil type").
		{"comma-ok type assertion", "var x interface{} = 3", "v, ok := x.(int)", true, "hint: yaegi v0.16.1 crashes on a top-level `v, ok := …`"},
		{"comma-ok receive", "ch := make(chan int, 1)", "v, ok := <-ch", true, "(comma-ok) outside a function is not supported"},
		{"comma-ok map index", "m := map[string]int{}", `v, ok := m["a"]`, true, "(comma-ok) outside a function is not supported"},
		{"comma-ok var", "var x interface{} = 3", "var v, ok = x.(int)", true, "a comma-ok `var v, ok = …` outside a function"},
		{"range over int literal", "", "for i := range 3 { fmt.Println(i) }", true, "`range 3` over an integer is not supported"},
		{"range over int variable", "n := 3", "for i := range n { fmt.Println(i) }", true, "`range n` over an integer"},
		{"range over len", "s := []int{1}", "for i := range len(s) { fmt.Println(i) }", true, "over an integer"},
		{"range over int inside a function", "", "func f() { for i := range 10 { _ = i } }", true, "over an integer"},
		{"range over function", "seq := func(yield func(int) bool) {}", "for v := range seq { fmt.Println(v) }", true, "`range seq` over a function is not supported"},
		{"range over declared function", "func seq2(yield func(int) bool) {}", "for v := range seq2 { _ = v }", true, "over a function"},
		{"builtin min", "", "n := min(1, 2)", true, "the builtin min is not available"},
		{"builtin max", "", "n := max(1.0, 2.0)", true, "use math.Max(a, b)"},
		{"builtin clear", "m := map[int]int{1: 1}", "clear(m)", true, "the builtin clear is not available"},
		{"generic function of a package", "", "f := errors.AsType[*os.PathError]", true, "package errors has no AsType"},
		{"function a package lacks", "", "n := rand.N(10)", true, "error: line 1: undefined: rand.N"},
		{"type arguments on a compiled type", "", "d := mat.Dense[int]{}", true, "mat.Dense is not a generic type"},
		{"import of a package the REPL lacks", "", "import \"bufio\"", true, "error: line 1: package bufio is not available in the REPL"},
		{"func main", "", "func main() { fmt.Println(1) }", true, "a function called main is not allowed"},

		// Evaluated, and survived.
		{"panic in compiled code", "a := mat.NewDense(2, 3, nil)\nb := mat.NewDense(2, 3, nil)", "var c mat.Dense\nc.Mul(a, b)", true, "panic: line 2: mat: dimension mismatch"},
		{"nil pointer method", "var p *mat.Dense", "p.At(0, 0)", true, "nil pointer dereference"},
		{"nil pointer field", "type T struct{ A int }\nvar p *T", "p.A = 1", true, "nil pointer dereference"},
		{"nil map write", "var m map[string]int", `m["a"] = 1`, true, "assignment to entry in nil map"},
		{"index out of range", "s := []int{1}", "s[3] = 2", true, "index out of range"},
		{"interpreted panic", "", `panic(fmt.Sprintf("boom %d", 7))`, true, "panic: line 1: boom 7"},
		{"panic in a callback", "x := mat.NewDense(2, 2, []float64{1, 2, 3, 4})",
			"var y mat.Dense\ny.Apply(func(i, j int, v float64) float64 { if i == 1 { panic(\"in callback\") }; return v }, x)", true, "in callback"},
		{"check in a callback", "x := mat.NewDense(2, 2, nil)",
			"var y mat.Dense\ny.Apply(func(i, j int, v float64) float64 { check(errors.New(\"callback failed\")); return v }, x)", true, "error: line 2: callback failed"},
		{"os.Exit", "", "os.Exit(3)", true, "os.Exit(3) cannot end the REPL"},
		{"check", "", `check(errors.New("no data"))`, true, "error: line 1: no data"},
		{"compile error", "", "y := undefinedName + 1", true, "error: line 1: undefined: undefinedName"},
		{"syntax error", "", "x := )", true, "error: line 1: syntax error"},
		{"cell type through a variadic interface", "import \"gonum.org/v1/plot/vg/draw\"\ntype dots struct{}\nfunc (dots) Plot(c draw.Canvas, p *plot.Plot) {}",
			"p := plot.New()\np.Add(dots{})", true, "spread a slice instead: p.Add([]plot.Plotter{v}...)"},
		{"cell type through a spread slice", "import \"gonum.org/v1/plot/vg/draw\"\ntype dots struct{}\nfunc (dots) Plot(c draw.Canvas, p *plot.Plot) { fmt.Println(\"plotted\") }",
			"p := plot.New()\np.Add([]plot.Plotter{dots{}}...)\ncheck(p.Save(100, 100, filepath.Join(out, \"dots.png\")))", false, "plotted"},
		{"typo in :=", "", "z := undefinedName", true, "error: line 1: undefined: undefinedName"},
		{"goroutine panic", "", "go func() { panic(\"in goroutine\") }()\ntime.Sleep(50 * time.Millisecond)", false, "error in a goroutine started by a cell: in goroutine"},
		{"goroutine panic in a named function", "func boom(n int) { var m map[int]int; m[n] = n }", "go boom(3)\ntime.Sleep(50 * time.Millisecond)", false, "error in a goroutine started by a cell: assignment to entry in nil map"},
		{"goroutine panic in compiled code", "a := mat.NewDense(2, 3, nil)", "go a.Mul(a, a)\ntime.Sleep(50 * time.Millisecond)", false, "error in a goroutine started by a cell: mat: dimension mismatch"},
		{"goroutine panic started by a declared function", "func spawn() { go func() { var m map[int]int; m[1] = 1 }() }", "spawn()\ntime.Sleep(50 * time.Millisecond)", false, "error in a goroutine started by a cell: assignment to entry in nil map"},
		{"goroutine with spread arguments", "func sum(xs ...int) { if len(xs) == 3 { panic(\"three\") } }\nxs := []int{1, 2, 3}", "go sum(xs...)\ntime.Sleep(50 * time.Millisecond)", false, "error in a goroutine started by a cell: three"},

		// The forms the REPL rewrites so that they work.
		{"var after :=", "x := 1", "var y = x * 10\ny", false, "10"},
		{"multi-value := in a loop", "f := func() (int, error) { return 1, nil }", "for i := 0; i < 2; i++ { a, err := f(); check(err); fmt.Println(\"got\", a) }", false, "got 1"},
		{"comma-ok in an if", "var x interface{} = 3", "if v, ok := x.(int); ok { fmt.Println(\"int\", v) }", false, "int 3"},
		{"type switch", "var x interface{} = 3", "switch v := x.(type) { case int: fmt.Println(\"int\", v) }", false, "int 3"},
		{"index of a compiled call's result", "", "w := ae.TopK([]float64{1, 2}, 1)[0]\nfmt.Println(\"w\", w)", false, "w 1"},
		{"index of a compiled slice in an expression", "h := strings.Fields(\"a b\")", "w := h[0] + \"x\"\nfmt.Println(w)", false, "ax"},
		{"index of a field of a compiled value", "v := mat.NewVecDense(2, []float64{1, 2})", "y, z := v.RawVector().Data[1], v.RawVector().Data[0]\nfmt.Println(y, z)", false, "2 1"},
		{"nested index", "type C struct{ V []float64 }\ncurves := []C{{V: []float64{1}}, {V: []float64{2, 3}}}", "last := curves[1].V[len(curves[1].V)-1]\nfmt.Println(\"last\", last)", false, "last 3"},
		{"var with an index", "h := ae.TopK([]float64{1, 2}, 1)", "var w = h[0] * 10\nfmt.Println(\"w\", w)", false, "w 10"},
		{"string index", "s := \"abc\"", "p := s[0]\nfmt.Println(p)", false, "97"},
		{"imports repeating the prelude's", "", "import (\n\t\"fmt\"\n\t\"strconv\"\n)\nfmt.Println(strconv.Itoa(5) + \"!\")", false, "5!"},
		{"a parameter named like a package", "", "type P struct{ N int }\nfunc f(plots P) int { return plots.N }\nfmt.Println(\"n\", f(P{2}))", false, "n 2"},
		{"function literal statement", "", "func() { fmt.Println(\"once\") }()", false, "once"},
		{"declarations and statements mixed", "", "func f() int { return 1 }\nx := f()\ntype T struct{ A int }\nt := T{x + 1}\nt.A", false, "2"},
		{"String method seen by fmt", "type T struct{ A int }\nfunc (t T) String() string { return fmt.Sprintf(\"T(%d)\", t.A) }", "fmt.Println(T{3})", false, "T(3)"},
		{"DataRange seen by plot.Add", "import \"gonum.org/v1/plot/vg/draw\"\ntype dots struct{}\nfunc (dots) Plot(c draw.Canvas, p *plot.Plot) {}\nfunc (dots) DataRange() (float64, float64, float64, float64) { return -5, 5, 10, 20 }",
			"p := plot.New()\np.Add([]plot.Plotter{dots{}}...)\nfmt.Println(\"range\", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)", false, "range -5 5 10 20"},
		{"closure made in a loop", "var hooks []func() int", "for i := 0; i < 3; i++ { j := i; hooks = append(hooks, func() int { return j }) }", false, "warning: line 1: a closure made inside a loop is kept after its iteration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if raceEnabled && strings.Contains(c.cell+c.setup, "go ") {
				// yaegi reads its global frame from a cell's goroutine
				// while the next evaluation resizes it: a race inside
				// yaegi v0.16.1 that the REPL cannot remove.
				t.Skip("a goroutine that outlives its piece races inside yaegi")
			}
			ts := newTestSession(t)
			ts.ok("kept := 41")
			if c.setup != "" {
				ts.ok(c.setup)
			}
			out, err := ts.cell(c.cell)
			if c.fails && err == nil {
				t.Errorf("cell %q did not fail; output:\n%s", c.cell, out)
			}
			if !c.fails && err != nil {
				t.Errorf("cell %q failed: %v", c.cell, err)
			}
			if c.want != "" && !waitFor(time.Second, func() bool { return strings.Contains(out+ts.buf.String(), c.want) }) {
				t.Errorf("cell %q: output lacks %q:\n%s", c.cell, c.want, out+ts.buf.String())
			}
			if c.fails && strings.Contains(out, "goroutine ") {
				t.Errorf("cell %q printed a stack trace:\n%s", c.cell, out)
			}
			ts.alive()
			if got := ts.ok("kept + 1"); !strings.Contains(got, "42") {
				t.Errorf("after %q, kept + 1 = %q, want 42", c.name, got)
			}
		})
	}
}

// TestFailedDeclarationRedefined: a function that failed to compile can
// be defined again.
func TestFailedDeclarationRedefined(t *testing.T) {
	ts := newTestSession(t)
	if _, err := ts.cell("func bad() int { return undefinedThing }"); err == nil {
		t.Fatal("bad declaration did not fail")
	}
	ts.ok("func bad() int { return 1 }")
	if out := ts.ok("bad() + 1"); !strings.Contains(out, "2") {
		t.Errorf("bad() + 1 = %q", out)
	}
	if out := ts.Vars(); !strings.Contains(out, "bad") {
		t.Errorf(":vars lacks bad:\n%s", out)
	}
}
