package pipeline

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

func TestShow(t *testing.T) {
	big := mat.NewDense(60000, 784, nil)
	big.Set(0, 1, 0.5)
	model, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	set := &datasets.Set{Images: mat.NewDense(3, 4, nil), Labels: []int{7, 1, 7}, Shape: datasets.Shape{C: 1, H: 2, W: 2}, Name: "toy"}
	long := make([]float64, 784)
	long[0] = 1
	var nilDense *mat.Dense
	conv, err := ae.PyImageSearchConv(datasets.Shape{C: 1, H: 28, W: 28}, 1)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		v    interface{}
		want string
	}{
		{"int", 3, "3"},
		{"float", 0.1 + 0.2, "0.3"},
		{"NaN", math.NaN(), "NaN"},
		{"string", "a\"b", `"a\"b"`},
		{"bool", true, "true"},
		{"big matrix", big, "*mat.Dense 60000×784\n  0 0.5 0 0 0 0  …\n  0   0 0 0 0 0  …\n  0   0 0 0 0 0  …\n  0   0 0 0 0 0  …\n  ⋮ (59996 more rows)"},
		{"small matrix", mat.NewDense(1, 2, []float64{1, 2}), "*mat.Dense 1×2\n  1 2"},
		{"vector", mat.NewVecDense(2, []float64{3, 4}), "*mat.VecDense 2×1\n  3\n  4"},
		{"nil matrix", nilDense, "<nil>"},
		{"dataset", set, "toy: 3 images of 2×2\n  labels: 1:1 7:2"},
		{"model", model, model.Summary()},
		{"convolutional model, every layer", conv, conv.Summary()},
		{"layer", ae.Conv2D(1, 16, 3, 2, ae.Same, ae.ReLU), ae.Conv2D(1, 16, 3, 2, ae.Same, ae.ReLU).String()},
		{"shape", datasets.Shape{C: 1, H: 28, W: 28}, "28×28"},
		{"long slice", long, "[]float64 len 784: [1 0 0 0 0 0 0 0 …]"},
		{"short slice", []int{1, 2}, "[]int len 2: [1 2]"},
		{"nil slice", []int(nil), "[]int(nil)"},
		{"strings", []string{"a"}, `[]string len 1: ["a"]`},
		{"map", map[string]int{"b": 2, "a": 1}, `map["a":1 "b":2]`},
		{"struct", struct {
			A int
			B []float64
			c int
		}{1, []float64{2}, 3}, "{A:1 B:[2]}"},
		{"error", errors.New("boom"), "error: boom"},
		{"history", &ae.History{Train: []float64{0.5, 0.25}}, ""},
	}
	for _, c := range cases {
		got := show(reflect.ValueOf(c.v))
		if c.want == "" {
			if got == "" || len(got) > showMaxBytes+4 {
				t.Errorf("%s: show = %q", c.name, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s: show =\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
	if got := show(reflect.ValueOf(make([]int, 100000))); len(got) > 200 {
		t.Errorf("a long slice printed %d bytes", len(got))
	}
	if got := show(reflect.Value{}); got != "<nil>" {
		t.Errorf("invalid value: %q", got)
	}
}

// TestShowCells checks what cells print: expression statements only,
// every result of a call but its nil error, nothing for declarations.
func TestShowCells(t *testing.T) {
	ts := newTestSession(t)
	cases := []struct{ cell, want string }{
		{"x := 3", ""},
		{"func f() (int, error) { return 2, nil }", ""},
		{"type T struct{ A int }", ""},
		{"f()", "2\n"},
		{"x", "3\n"},
		{"mat.NewDense(2, 3, nil).Dims()", "2  3\n"},
		{"T{A: 4}", "{A:4}\n"},
		{"fmt.Println(\"hi\")", "hi\n"},
		{"check(nil)", ""},
		{"errors.New(\"e\")", "error: e\n"},
		{"var e error; e", "<nil>\n"},
		{"x++", ""},
		{"x; x + 1", "4\n5\n"},
	}
	for _, c := range cases {
		if got := ts.ok(c.cell); got != c.want {
			t.Errorf("cell %q printed %q, want %q", c.cell, got, c.want)
		}
	}
}

// TestFunctionValues: a function value prints its signature with the
// parameters' names, which the type checker knows and reflection does
// not.
func TestFunctionValues(t *testing.T) {
	ts := newTestSession(t)
	for _, c := range []struct{ cell, want string }{
		{"ae.NewSymmetric", "func(sizes []int, hidden ae.Activation, code ae.Activation, output ae.Activation, seed int64) (*ae.Model, error)"},
		{"func area(w, h float64) float64 { return w * h }\narea", "func(w float64, h float64) float64"},
		{"add := func(a, b int) int { return a + b }\nadd", "func(a int, b int) int"},
	} {
		if out := ts.ok(c.cell); !strings.Contains(out, c.want) {
			t.Errorf("%q printed %q, want %q", c.cell, out, c.want)
		}
	}
}
