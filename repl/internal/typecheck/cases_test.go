package typecheck_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/typecheck"
)

// A typeCase is a cell and the earlier cells it runs after (one cell a
// line of setup), with the type checker's verdict.
type typeCase struct {
	name   string
	setup  string // earlier cells, one per line; each must be accepted
	cell   string
	reject string // "" when the cell is Go the compiler accepts; else part of the compiler's message
}

// Common setups.
const (
	setupDigits = "d, err := datasets.MNISTTest()"
	setupModel  = "dae, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)\nx := mat.NewDense(2, 784, nil)"
)

// typeCases are cells the Go compiler rejects, each rejected with the
// compiler's words, and cells it accepts, none rejected. (The REPL's own
// relaxations are in replOnly.) TestTypeCasesAgreeWithGC compiles each
// one as a program to prove the table right.
var typeCases = []typeCase{
	// Rejected: the examples and the habits a learner brings.
	{"two results to one variable", setupDigits, "v := ae.MSE.Mean(d.Images, d.Images)", "assignment mismatch: 1 variable but ae.MSE.Mean returns 2 values"},
	{"Reconstruct to one variable", setupModel, "y := dae.Reconstruct(x)", "assignment mismatch: 1 variable but dae.Reconstruct returns 2 values"},
	{"MNISTTest to one variable", "", "z := datasets.MNISTTest()", "assignment mismatch: 1 variable but datasets.MNISTTest returns 2 values"},
	{"two-valued call as an argument", setupModel, "e, err := ae.MSE.Mean(x, dae.Reconstruct(x))", "multiple-value dae.Reconstruct(x) (value of type (*mat.Dense, error)) in single-value context"},
	{"Dims to one variable", setupModel, "r := x.Dims()", "assignment mismatch: 1 variable but x.Dims returns 2 values"},
	{"len of a matrix", setupModel, "n := len(x)", "invalid argument: x (variable of type *mat.Dense) for built-in len"},
	{"a matrix's shape", setupModel, "s := x.shape", "x.shape undefined (type *mat.Dense has no field or method shape)"},
	{"a data set's shape in lower case", setupDigits, "s := d.shape", "but does have field Shape"},
	{"index of a matrix", setupModel, "v := x[0]", "cannot index x"},
	{"negative index", "h := []float64{1, 2, 3}", "last := h[-1]", "index -1 (constant of type int) must not be negative"},
	{"a loss as a string", "", `opts := ae.Options{Epochs: 1, Loss: "bce"}`, `cannot use "bce" (untyped string constant) as ae.Loss value in struct literal`},
	{"a new name with =", "", "myCount = 256", "undefined: myCount"},
	{"Fit without ctx", setupModel, "h, err := dae.Fit(x, ae.Options{})", "not enough arguments in call to dae.Fit"},
	{"NewSymmetric without a seed", "", "m, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid)", "not enough arguments in call to ae.NewSymmetric"},
	{"a number as a Shape", setupModel, "err := plots.Grid{Images: x, Shape: 28}.Save(picture(\"g.png\"))", "cannot use 28 (untyped int constant) as plots.Shape value in struct literal"},
	{"a number as a matrix", setupModel, "x.Mul(x, 3)", "cannot use 3 (constant of type int) as mat.Matrix value in argument to x.Mul: int does not implement mat.Matrix (missing method At)"},
	{"string plus number", "", `s := "a" + 1`, "mismatched types untyped string and untyped int"},
	{"float64 plus int", "f := 1.5\ni := 2", "g := f + i", "mismatched types float64 and int"},
	{"an undefined name", "", "fmt.Println(undefinedThing)", "undefined: undefinedThing"},
	{"a wrong type in var", "", `var n int = "3"`, `cannot use "3" (untyped string constant) as int value in variable declaration`},
	{"unused variable in a function", "", "func f() { y := 1 }", "declared and not used: y"},
	{"unused variable in a block", "", "if true { z := 2 }", "declared and not used: z"},
	{"missing return", "", "func g() int { }", "missing return"},
	{"a method a cell type lacks", "type T struct{}\nvar t T", "t.Foo()", "t.Foo undefined (type T has no field or method Foo)"},
	{"the same name twice with := in one cell", "", "a := 1\na := 2", "no new variables on left side of :="},
	{"a value returned at the top level", "", "return 1", "too many return values"},
	{"a cell type's field misspelt", "type box struct{ w, h float64 }", "b := box{2, 3}\na := b.W * b.h", "b.W undefined"},
	{"append to a matrix", setupModel, "x = append(x, 1)", "invalid append: argument must be a slice; have x (variable of type *mat.Dense)"},

	// Accepted.
	{"define and use", "x := 1", "y := x * 2\nfmt.Println(y)", ""},
	{"two results to two variables", setupDigits, "check(err)\ne, err := ae.MSE.Mean(d.Images, d.Images)\nfmt.Println(e)", ""},
	{"train a model", setupDigits + "\n" + setupModel, "h, err := dae.Fit(ctx, d.Images, ae.Options{Epochs: 1, Loss: ae.BCE})\ncheck(err)\nfmt.Print(h)", ""},
	{"a call statement that returns an error", setupModel, "plots.Rows{Rows: []plots.Row{{Name: \"x\", Images: x}}, Shape: plots.Shape{C: 1, H: 28, W: 28}}.Save(picture(\"x.png\"))", ""},
	{"Printf without a newline", "", `fmt.Printf("%.3f", 3.14159)`, ""},
	{"a cell type with a method", "type box struct{ w, h float64 }\nfunc (b box) area() float64 { return b.w * b.h }", "b := box{2, 3}\nfmt.Println(b.area(), b.w)", ""},
	{"a variable of a cell type in a later cell", "type box struct{ w, h float64 }\nb := box{2, 3}", "b.w = 4\nfmt.Println(b)", ""},
	{"var after :=", "x := 1", "var y = x * 10\nfmt.Println(y)", ""},
	{"a constant array size", "const n = 3", "arr := [n]int{}\nfmt.Println(arr)", ""},
	{"a closure", "", "add := func(a, b int) int { return a + b }\nfmt.Println(add(1, 2))", ""},
	{"loops and maps", "", "counts := map[int]int{}\nfor i := 0; i < 10; i++ {\n\tcounts[i%3]++\n}\nfor k, v := range counts {\n\tfmt.Println(k, v)\n}", ""},
	{"an import and its use", "", "import \"gonum.org/v1/plot/vg/draw\"\nvar c draw.Canvas\nfmt.Println(c.Size())", ""},
	{"a type switch", "var v interface{} = 3", "switch t := v.(type) {\ncase int:\n\tfmt.Println(\"int\", t)\n}", ""},
	{"a goroutine and a channel", "", "ch := make(chan int, 1)\ngo func() { ch <- 1 }()\nfmt.Println(<-ch)", ""},
	{"comma-ok in an if", "m := map[string]int{\"a\": 1}", "if v, ok := m[\"a\"]; ok {\n\tfmt.Println(v)\n}", ""},
	{"the lessons' helper", "", "train, held, err := heldOutDigits(true)\ncheck(err)\nfmt.Println(train.Len(), held.Len())", ""},
	{"the predefined names", "", "fmt.Println(ctx.Err(), out, quick, picture(\"a.png\"))", ""},
	{"a matrix's Dims", setupModel, "r, c := x.Dims()\nfmt.Println(r, c)", ""},
	{"the last element", "h := []float64{1, 2, 3}", "last := h[len(h)-1]\nfmt.Println(last)", ""},
}

// replOnly are cells the REPL accepts on purpose although a Go program
// with the same lines would not compile (see typecheck.go).
var replOnly = []typeCase{
	{"a name declared again in a later cell", "x := 1", "x := \"now a string\"\nfmt.Println(x + \"!\")", ""},
	{"an expression statement, printed", "x := 1", "x + 1", ""},
	{"an unused variable at the top level", "", "v := 3", ""},
	{"an unused import", "", "import \"strconv\"", ""},
	{"a function declared again with another type", "func f() int { return 1 }", "func f() string { return \"a\" }\nfmt.Println(f() + \"b\")", ""},
	{"an expression of a cell type", "type box struct{ w, h float64 }", "box{1, 2}", ""},
	{"a function using a variable of an earlier cell", "n := 3", "func triple() int { return 3 * n }\nfmt.Println(triple())", ""},
	{"a name from two cells ago, redeclared in between", "a := 1\na := 2.5", "b := a * 2\nfmt.Println(b)", ""},
}

// testEnv returns the type environment of a fresh session.
func testEnv(t testing.TB) *typecheck.Env {
	t.Helper()
	helpers, err := lessons.Helpers()
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]string{}
	for _, p := range lessons.Prelude {
		imports[p.Name] = p.Path
	}
	return typecheck.NewEnv(imports, helpers)
}

// checkSrc type-checks one cell in env and, when it is accepted, applies
// what it defines.
func checkSrc(env *typecheck.Env, src string) []typecheck.Error {
	pieces, err := cell.Split(src)
	if err != nil {
		return []typecheck.Error{{Msg: err.Error()}}
	}
	ct, errs := env.Check(pieces)
	if len(errs) > 0 {
		return errs
	}
	for _, d := range ct.Deltas {
		env.Apply(d)
	}
	return nil
}

func runTypeCase(t *testing.T, c typeCase) {
	t.Helper()
	env := testEnv(t)
	for _, line := range setupCells(c.setup) {
		if errs := checkSrc(env, line); len(errs) > 0 {
			t.Fatalf("setup %q rejected: %s", line, errs[0].Msg)
		}
	}
	errs := checkSrc(env, c.cell)
	switch {
	case c.reject == "" && len(errs) > 0:
		t.Errorf("%q rejected: line %d: %s", c.cell, errs[0].Line, errs[0].Msg)
	case c.reject != "" && len(errs) == 0:
		t.Errorf("%q accepted, want %q", c.cell, c.reject)
	case c.reject != "" && !strings.Contains(errs[0].Msg, c.reject):
		t.Errorf("%q: %q, want %q", c.cell, errs[0].Msg, c.reject)
	}
}

// setupCells splits a setup into cells: a line each, except that a line
// starting with a tab continues the cell before it.
func setupCells(setup string) []string {
	var cells []string
	for _, line := range strings.Split(setup, "\n") {
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "\t") && len(cells) > 0 {
			cells[len(cells)-1] += "\n" + line
			continue
		}
		cells = append(cells, line)
	}
	return cells
}

func TestTypeCases(t *testing.T) {
	for _, c := range append(append([]typeCase(nil), typeCases...), replOnly...) {
		t.Run(c.name, func(t *testing.T) { runTypeCase(t, c) })
	}
}

// TestTypeCasesInSession runs the table through a real session: a
// rejected cell prints the compiler's words and runs nothing.
func TestTypeCasesInSession(t *testing.T) {
	ts := newSession(t)
	for _, c := range typeCases {
		if c.reject == "" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if err := ts.Reset(); err != nil {
				t.Fatal(err)
			}
			for _, line := range setupCells(c.setup) {
				ts.ok(line)
			}
			out, err := ts.cell("fmt.Println(\"ran\")\n" + c.cell)
			if err == nil || !strings.Contains(out, c.reject) {
				t.Errorf("%q: err %v, printed %q, want %q", c.cell, err, out, c.reject)
			}
			if strings.Contains(out, "ran") {
				t.Errorf("%q: the cell's first line ran before its error was reported:\n%s", c.cell, out)
			}
		})
	}
}

// TestTypeCasesAgreeWithGC compiles every case of typeCases as a Go
// program (its setup and cell as the body of main, declarations at the
// package level, each variable used once at the end) with the Go
// compiler: the cells the table says gc rejects must fail to compile, the
// others must compile.
func TestTypeCasesAgreeWithGC(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Go compiler")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]string{}
	var pkgs []string
	for i, c := range typeCases {
		src, err := asProgram(c)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		file := filepath.Join(tmp, fmt.Sprintf("c%d.go", i))
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(wd, "internal", "gccheck", fmt.Sprintf("c%d", i))
		overlay[filepath.Join(dir, "main.go")] = file
		pkgs = append(pkgs, "./internal/gccheck/"+fmt.Sprintf("c%d", i))
	}
	b, _ := json.Marshal(map[string]interface{}{"Replace": overlay})
	ov := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ov, b, 0o644); err != nil {
		t.Fatal(err)
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(goTool, append([]string{"build", "-gcflags=-e", "-overlay", ov}, pkgs...)...)
	out, _ := cmd.CombinedOutput()
	failed := map[int]bool{}
	for _, m := range regexp.MustCompile(`(?m)c(\d+)\.go:\d+:\d+: `).FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[1])
		failed[n] = true
	}
	for i, c := range typeCases {
		if c.reject != "" && !failed[i] {
			t.Errorf("%s: gc compiles %q; the table says it rejects it", c.name, c.cell)
		}
		if c.reject == "" && failed[i] {
			t.Errorf("%s: gc rejects %q; the table says it accepts it:\n%s", c.name, c.cell, out)
		}
	}
}

// asProgram writes a case as a Go program: the prelude's imports that it
// uses, the predefined names, its declarations, and its statements in
// main followed by a use of every variable they define.
func asProgram(c typeCase) (string, error) {
	var decls, stmts, cellImports []string
	var vars []string
	seen := map[string]bool{}
	for _, src := range append(setupCells(c.setup), c.cell) {
		pieces, err := cell.Split(src)
		if err != nil {
			return "", err
		}
		for _, p := range pieces {
			if typecheck.IsImportPiece(p) {
				cellImports = append(cellImports, p.Src)
				continue
			}
			if p.Decl {
				decls = append(decls, p.Src)
				continue
			}
			stmts = append(stmts, p.Src)
			for _, st := range p.Stmts() {
				for _, id := range cell.DefinedIdents(st) {
					if !seen[id.Name] && id.Name != "_" {
						seen[id.Name] = true
						vars = append(vars, id.Name)
					}
				}
			}
		}
	}
	body := strings.Join(append(decls, "func main() {\n"+strings.Join(stmts, "\n")+"\n"+uses(vars)+"}\n"), "\n")
	helpers, err := lessons.Helpers()
	if err != nil {
		return "", err
	}
	if cell.IdentSet(body)["heldOutDigits"] {
		body = strings.Join(helpers, "\n") + "\n\n" + body
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	b.WriteString(strings.Join(cellImports, "\n") + "\n")
	used := cell.IdentSet(body + " context")
	var imports []string
	for _, p := range lessons.Prelude {
		if used[p.Name] {
			imports = append(imports, fmt.Sprintf("import %s %q", p.Name, p.Path))
		}
	}
	sort.Strings(imports)
	b.WriteString(strings.Join(imports, "\n") + "\n\n")
	b.WriteString("var ctx = context.Background()\nvar out = \"out\"\nvar quick = true\n\nfunc check(err error) {\n\tif err != nil {\n\t\tpanic(err)\n\t}\n}\n\nfunc picture(name string) string { return name }\n\n")
	b.WriteString(body)
	return b.String(), nil
}

// uses returns a statement that uses every name.
func uses(names []string) string {
	if len(names) == 0 {
		return ""
	}
	blanks := strings.TrimSuffix(strings.Repeat("_, ", len(names)), ", ")
	return blanks + " = " + strings.Join(names, ", ") + "\n"
}

// TestTypeCheckLessons type-checks every lesson as the REPL meets it, in
// one session, without running anything: each step in order, then each
// exercise's settings (the :step lines of its Try and Solution), its
// Solution's cells, and its Check. The Go compiler accepts all of these
// (the lessons are compiled Go), so the REPL must reject none.
func TestTypeCheckLessons(t *testing.T) {
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			env := testEnv(t)
			for i, st := range l.Steps {
				if errs := checkSrc(env, st.Code); len(errs) > 0 {
					t.Errorf("step %d %q: line %d: %s", i+1, st.Title, errs[0].Line, errs[0].Msg)
				}
			}
			for k, ex := range l.Exercises {
				for _, c := range append(append([]string(nil), ex.Solution...), ex.Try...) {
					if !strings.HasPrefix(c, ":") {
						if errs := checkSrc(env, c); len(errs) > 0 {
							t.Errorf("exercise %d %q: solution %q: %s", k+1, ex.Title, c, errs[0].Msg)
						}
						continue
					}
					f := strings.Fields(c)
					if f[0] != ":step" || len(f) < 3 {
						continue
					}
					n, err := strconv.Atoi(f[1])
					if err != nil || n < 1 || n > len(l.Steps) {
						t.Errorf("exercise %d %q: %q names no step", k+1, ex.Title, c)
						continue
					}
					sets, err := cell.ParseSettings(strings.Join(f[2:], " "))
					if err != nil {
						t.Errorf("exercise %d %q: %q: %v", k+1, ex.Title, c, err)
						continue
					}
					code, _, err := cell.ApplySettings(l.Steps[n-1].Code, sets)
					if err != nil {
						t.Errorf("exercise %d %q: %q: %v", k+1, ex.Title, c, err)
						continue
					}
					if errs := checkSrc(env, code); len(errs) > 0 {
						t.Errorf("exercise %d %q: step %d with %s: line %d: %s", k+1, ex.Title, n, strings.Join(f[2:], " "), errs[0].Line, errs[0].Msg)
					}
				}
				for _, expr := range []string{ex.Check, ex.Answer} {
					if expr == "" {
						continue
					}
					if errs := checkSrc(env, "_ = "+expr); len(errs) > 0 {
						t.Errorf("exercise %d %q: %q: %s", k+1, ex.Title, expr, errs[0].Msg)
					}
				}
			}
		})
	}
}

// TestTypeCheckPositions: an error names the cell's line and column, in
// a cell of several pieces and in one that mixes declarations and
// statements.
func TestTypeCheckPositions(t *testing.T) {
	for _, c := range []struct {
		cell      string
		line, col int
	}{
		{"x := 1\ny := \"a\" + x", 2, 6},
		{"func f() int { return 1 }\n\nz := f()\nw := z + \"s\"", 4, 6},
		{"a := 1; b := a + true", 1, 14},
		{"type T struct{ A int }\nfunc (t T) M() string {\n\treturn t.A\n}", 3, 9},
	} {
		env := testEnv(t)
		errs := checkSrc(env, c.cell)
		if len(errs) == 0 {
			t.Errorf("%q accepted", c.cell)
			continue
		}
		if errs[0].Line != c.line || errs[0].Col != c.col {
			t.Errorf("%q: error at %d:%d (%s), want %d:%d", c.cell, errs[0].Line, errs[0].Col, errs[0].Msg, c.line, c.col)
		}
	}
}
