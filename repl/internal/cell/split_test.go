package cell

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	type want struct {
		src  string
		line int
		decl bool
	}
	cases := []struct {
		name string
		cell string
		want []want
	}{
		{"one statement", "x := 1", []want{{"x := 1", 1, false}}},
		{"statements and declarations", "func f() int { return 1 }\nx := f()\ntype T struct{ A int }\nt := T{x}",
			[]want{{"func f() int { return 1 }", 1, true}, {"x := f()", 2, false}, {"type T struct{ A int }", 3, true}, {"t := T{x}", 4, false}}},
		{"semicolons", "a := 1; b := 2", []want{{"a := 1", 1, false}, {"b := 2", 1, false}}},
		{"for header kept whole", "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}",
			[]want{{"for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}", 1, false}}},
		{"if and switch headers", "if x := f(); x > 0 { y = x }\nswitch z := g(); z { }",
			[]want{{"if x := f(); x > 0 { y = x }", 1, false}, {"switch z := g(); z { }", 2, false}}},
		{"composite literal in a for header", "for _, v := range []int{1, 2} { s += v }",
			[]want{{"for _, v := range []int{1, 2} { s += v }", 1, false}}},
		{"function literal call is a statement", "func() { fmt.Println(1) }()", []want{{"func() { fmt.Println(1) }()", 1, false}}},
		{"method declaration", "func (t T) M() int { return t.A }", []want{{"func (t T) M() int { return t.A }", 1, true}}},
		{"var is a statement", "var y = x * 10", []want{{"var y = x * 10", 1, false}}},
		{"const and import are declarations", "import \"strconv\"\nconst k = 3", []want{{`import "strconv"`, 1, true}, {"const k = 3", 2, true}}},
		{"package clause dropped", "package cell\n\nx := 1", []want{{"x := 1", 3, false}}},
		{"comments between pieces", "// first\nx := 1 // one\n/* two */ y := 2", []want{{"x := 1", 2, false}, {"y := 2", 3, false}}},
		{"multi-line call", "fmt.Println(1,\n\t2)\nz := 3", []want{{"fmt.Println(1,\n\t2)", 1, false}, {"z := 3", 3, false}}},
		{"empty", "\n\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pieces, err := Split(c.cell)
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, p := range pieces {
				got = append(got, want{p.Src, p.Line, p.Decl})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Split(%q):\n got %+v\nwant %+v", c.cell, got, c.want)
			}
		})
	}
}

func TestSplitCellErrors(t *testing.T) {
	cases := []struct{ cell, want string }{
		{"x := )", "line 1: syntax error: expected operand, found ')'"},
		{"x := 1\ny := (", "line 2: syntax error: expected operand, found the end of the cell"},
		{"x := \"open", "line 1: syntax error: string literal not terminated"},
		{"for i := 0; i < 3; i++ {\n\tx :=\n}", "line 3: syntax error: expected operand"},
	}
	for _, c := range cases {
		_, err := Split(c.cell)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Split(%q) error = %v, want %q", c.cell, err, c.want)
		}
	}
}
