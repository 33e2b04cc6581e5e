package typecheck_test

import (
	"strings"
	"testing"

	"github.com/aekit/aekit/repl/internal/typecheck"
)

// hintCases has a cell for every rule of the hint table (by the rule's
// name), and for the hints of runtime errors: what a learner coming from
// Python and NumPy types, and the hint the REPL answers with.
var hintCases = []struct {
	rule  string // the rule's name in hintRules, or "" for a runtime hint
	setup string // earlier cells, one a line
	cell  string
	want  string // in the hint
}{
	{"import without quotes", "", "import numpy as np", "there is no NumPy here"},
	{"for … in", "", "for i in range(3):", "for i := 0; i < 3; i++ { … }"},
	{"def", "", "def f(x):", "func f(x float64) float64"},
	{"class", "", "class Model:", "Go has no classes"},
	{"elif", "x := 1", "if x > 0 {\n\tfmt.Println(1)\n} elif x < 0 {\n}", "else if"},
	{"a block after a colon", "x := 1", "if x > 0:", "if x > 0 { … }"},
	{"lambda", "", "f := lambda x: x * 2", "func(x float64) float64"},
	{"# comment", "", "# a comment", "comments start with //"},
	{"single-quoted string", "", "s := 'abc'", `double quotes in Go, "abc"`},
	{"f-string", "x := 1", `s := f"x is {x}"`, "fmt.Sprintf"},
	{"list literal", "", "layers := [784, 32]", "[]int{784, 32}"},
	{"keyword argument", setupDigits + "\n" + setupModel, "h, err := dae.Fit(ctx, d.Images, epochs=1)", "ae.Options{Epochs: 1, Loss: ae.BCE}"},
	{"and, or, not", "", "ok := true and false", "&& for and"},
	{"**", "x := 2.0", "y := x ** 2", "math.Pow(x, 2)"},
	{"None, True, False", "", "m := None", "nil, true and false"},
	{"list, dict", "", "xs := list()", "slices"},
	{"str", "", "s := str(5)", "fmt.Sprint(x)"},
	{"NumPy and friends", "", "z := np.zeros(3)", "gonum's mat.Dense"},
	{"self", "", "func size() int { return self.n }", "names its receiver"},
	{"= for a new name", "", "myCount = 256", "myCount := …"},
	{"= for a new name", "digits, err := datasets.MNISTTest()", "n := Digits.Len()", "did you mean digits?"},
	{"= for a new name", "", "y := notYetDefined + 1", "a cell or step you have not run yet"},
	{"len of a matrix", setupModel, "n := len(x)", "r, c := x.Dims()"},
	{"len of a data set", setupDigits, "n := len(d)", "d.Len() is the number of images"},
	{"shape", setupModel, "s := x.shape", "r, c := x.Dims()"},
	{"append as a method", "h := []float64{1}", "h.append(2)", "s = append(s, x)"},
	{"lower-case name", setupModel, "y, err := dae.reconstruct(x)", "capital letter when it exports them: Reconstruct"},
	{"index of a matrix", setupModel, "v := x[0]", "x.At(i, j)"},
	{"negative index", "hh := []float64{1, 2}", "last := hh[-1]", "s[len(s)-1]"},
	{"a string for a constant", "", `opts := ae.Options{Loss: "bce"}`, "ae.BCE, ae.MAE, ae.MSE, not a string"},
	{"a number for a Shape", setupModel, `err := plots.Grid{Images: x, Shape: 28}.Save(picture("g.png"))`, "digits.Shape"},
	{"a number for a matrix", setupModel, "x.Mul(x, 3)", "mat.NewDense(rows, cols, data)"},
	{"value and error to one variable", setupDigits, "v := ae.MSE.Mean(d.Images, d.Images)", "v, err := ae.MSE.Mean(…), then check(err)"},
	{"value and error as an argument", setupModel, "e, err := ae.MSE.Mean(x, dae.Reconstruct(x))", "take them apart"},
	{"Fit's arguments", setupModel, "h, err := dae.Fit(x, ae.Options{})", "m.Fit(ctx, x, ae.Options{Epochs: 10})"},
	{"arguments", "", "m, err := ae.NewSymmetric([]int{784, 32})", ":doc NAME"},
	{"text times a number", "", `line := "-" * 10`, `strings.Repeat("-", 10)`},
	{"text and a number", "", `s := "epochs: " + 10`, "fmt.Sprint"},
	{"two kinds of number", "f := 1.5\ni := 2", "g := f * i", "float64(i)"},
	{"unused variable", "", "func f() {\n\ty := 1\n}", "_ = name"},
	{"no new variables", "", "a := 1\na := 2", "assign with ="},
	{"missing return", "", "func g() int {\n}", "must end with a return"},

	// Runtime errors.
	{"", setupModel, "v := x.At(5000, 0)", "rows run from 0 to r-1"},
	{"", "a := mat.NewDense(2, 3, nil)", "var c mat.Dense\nc.Mul(a, a)", "matrix shapes disagree"},
	{"", "var p *mat.Dense", "p.At(0, 0)", "a nil value was used"},
}

// TestHints runs every case in a session and checks the hint; every rule
// of the table must have a case.
func TestHints(t *testing.T) {
	ts := newSession(t)
	covered := map[string]bool{}
	for _, c := range hintCases {
		covered[c.rule] = true
		if err := ts.Reset(); err != nil {
			t.Fatal(err)
		}
		for _, line := range setupCells(c.setup) {
			ts.ok(line)
		}
		out, err := ts.cell(c.cell)
		if err == nil {
			t.Errorf("%q ran without an error:\n%s", c.cell, out)
			continue
		}
		if !strings.Contains(out, "hint: ") || !strings.Contains(out, c.want) {
			t.Errorf("%q (rule %q) printed:\n%s\nwant a hint with %q", c.cell, c.rule, out, c.want)
		}
	}
	for _, name := range typecheck.HintRuleNames() {
		if !covered[name] {
			t.Errorf("hint rule %q has no case in hintCases", name)
		}
	}
}
