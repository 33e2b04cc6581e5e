package typecheck

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
)

// freshEnv returns the type environment of a fresh session.
func freshEnv(t testing.TB) *Env {
	t.Helper()
	helpers, err := lessons.Helpers()
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]string{}
	for _, p := range lessons.Prelude {
		imports[p.Name] = p.Path
	}
	return NewEnv(imports, helpers)
}

// checkSrc type-checks one cell in env and, when it is accepted, applies
// what it defines.
func checkSrc(t testing.TB, env *Env, src string) []Error {
	pieces, err := cell.Split(src)
	if err != nil {
		return []Error{{Msg: err.Error()}}
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

// TestTypeCheckOnlyWhatIsUsed: a cell that names no package imports none,
// one that names mat imports mat alone, and an old declaration that no
// longer type-checks troubles only the cells that use it.
func TestTypeCheckOnlyWhatIsUsed(t *testing.T) {
	fresh := &exportImporter{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}, done: map[string]bool{}}
	checkMu.Lock()
	saved := importer
	importer = fresh
	checkMu.Unlock()
	defer func() {
		checkMu.Lock()
		importer = saved
		checkMu.Unlock()
	}()
	env := freshEnv(t)
	if errs := checkSrc(t, env, "k := 1 + 1"); len(errs) > 0 {
		t.Fatal(errs[0].Msg)
	}
	if len(fresh.done) > 0 {
		t.Errorf("1 + 1 imported %v", fresh.done)
	}
	if errs := checkSrc(t, env, "m := mat.NewDense(1, 1, nil)"); len(errs) > 0 {
		t.Fatal(errs[0].Msg)
	}
	if len(fresh.done) != 1 || !fresh.done["gonum.org/v1/gonum/mat"] {
		t.Errorf("a cell using mat imported %v", fresh.done)
	}
	for _, cell := range []string{"n := 1", "func useN() int { return n }", "n := \"now a string\""} {
		if errs := checkSrc(t, env, cell); len(errs) > 0 {
			t.Fatalf("%q: %s", cell, errs[0].Msg)
		}
	}
	if errs := checkSrc(t, env, "j := k * 3"); len(errs) > 0 {
		t.Errorf("a cell that does not use useN: %s", errs[0].Msg)
	}
	if errs := checkSrc(t, env, "u := useN()"); len(errs) != 0 {
		t.Logf("a cell that uses the broken useN: %v", errs)
	}
}

// BenchmarkTypeCheckFirstCell measures type-checking a cell that uses the
// kit's packages, importing their types from the embedded export data
// afresh each time: the delay the first such cell of a session pays.
func BenchmarkTypeCheckFirstCell(b *testing.B) {
	src := "d, err := datasets.MNISTTest()\nm, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)\n" +
		"h, err := m.Fit(ctx, d.Images, ae.Options{Epochs: 1})\nerr = plots.LossCurves{Curves: []plots.Curve{{Train: h.Train}}}.Save(picture(\"x.png\"))\n" +
		"p := plot.New(); v := mat.NewDense(1, 1, nil)"
	pieces, err := cell.Split(src)
	if err != nil {
		b.Fatal(err)
	}
	checkMu.Lock()
	saved := importer
	checkMu.Unlock()
	defer func() {
		checkMu.Lock()
		importer = saved
		checkMu.Unlock()
	}()
	for i := 0; i < b.N; i++ {
		checkMu.Lock()
		importer = &exportImporter{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}, done: map[string]bool{}}
		checkMu.Unlock()
		env := freshEnv(b)
		if _, errs := env.Check(pieces); len(errs) > 0 {
			b.Fatal(errs[0].Msg)
		}
	}
}

// BenchmarkTypeCheckCell measures type-checking the same cell once the
// packages are imported: what every later cell pays.
func BenchmarkTypeCheckCell(b *testing.B) {
	pieces, err := cell.Split("m, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)\nx := mat.NewDense(2, 784, nil)\ny, err := m.Reconstruct(x)\nfmt.Println(y.Dims())")
	if err != nil {
		b.Fatal(err)
	}
	env := freshEnv(b)
	for i := 0; i < b.N; i++ {
		if _, errs := env.Check(pieces); len(errs) > 0 {
			b.Fatal(errs[0].Msg)
		}
	}
}
