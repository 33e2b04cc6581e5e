package cell

import (
	"reflect"
	"slices"
	"testing"
)

func TestUndefinedIn(t *testing.T) {
	known := func(n string) bool { return n == "x" || n == "fmt" }
	for _, c := range []struct {
		expr string
		want []string
	}{
		{"x + y", []string{"y"}},
		{"fmt.Sprint(x, s.Field)", []string{"s"}},
		{"func() bool { v := 1; return v > x }()", nil},
		{"T{A: 1}.A == 1", []string{"T"}},
		{"len(nope) > 0", []string{"nope"}},
		{"x +", nil}, // does not parse
	} {
		if got := UndefinedIn(c.expr, known); !reflect.DeepEqual(got, c.want) {
			t.Errorf("UndefinedIn(%q) = %v, want %v", c.expr, got, c.want)
		}
	}
}

func TestDefines(t *testing.T) {
	got := Defines("rows := 4\nvar a, b = 1, 2\nfunc f() {}\nfunc (t T) M() {}\ntype T struct{}\nconst k = 3\nif true { inner := 1; _ = inner }")
	want := []string{"rows", "a", "b", "f", "T", "k"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Defines = %v, want %v", got, want)
	}
	if got := Defines("x := )"); got != nil {
		t.Errorf("Defines of a broken cell = %v", got)
	}
}

func TestIdentSetAndPkgBase(t *testing.T) {
	set := IdentSet(`a := b.c + "d" // e`)
	for _, want := range []string{"a", "b", "c"} {
		if !set[want] {
			t.Errorf("IdentSet lacks %s: %v", want, set)
		}
	}
	if set["d"] || set["e"] {
		t.Errorf("IdentSet holds a string or comment: %v", set)
	}
	for path, want := range map[string]string{"fmt": "fmt", "gonum.org/v1/gonum/mat": "mat", "math/rand": "rand"} {
		if got := PkgBase(path); got != want {
			t.Errorf("PkgBase(%q) = %q", path, got)
		}
	}
}

// TestWithPrefix: the candidates are those with the prefix, sorted, each once.
func TestWithPrefix(t *testing.T) {
	got := WithPrefix([]string{"plots", "pixels", "held", "pixels", "p"}, "p")
	if want := []string{"p", "pixels", "plots"}; !slices.Equal(got, want) {
		t.Errorf("WithPrefix = %v, want %v", got, want)
	}
	if got := WithPrefix([]string{"a"}, "b"); len(got) != 0 {
		t.Errorf("WithPrefix with no match = %v, want none", got)
	}
}
