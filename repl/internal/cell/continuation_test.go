package cell

import "testing"

func TestIncomplete(t *testing.T) {
	cases := []struct {
		src  string
		more bool
	}{
		{"x := 1", false},
		{"x := 1 +", true},
		{"x := a &&", true},
		{"x := a ||\n b", false},
		{"f(a,", true},
		{"f(a,\n b)", false},
		{"x := []float64{", true},
		{"x := []float64{\n1, 2,\n}", false},
		{"fmt.Println(mat.NewDense(2, 2, []float64{\n1, 2,", true},
		{"m.", true},
		{"m.\nFit", false},
		{"func f() {", true},
		{"func f() {\n}", false},
		{"if x {\n} else", true},
		{"x := `raw", true},
		{"x := `raw\nstring`", false},
		{"/* open comment", true},
		{"/* comment */ x := 1", false},
		{"x := 1 // a comment with ( and {", false},
		{"x := \"unterminated", false}, // an error: evaluation reports it
		{"x := )", false},              // an error, not a reason to wait
		{"loop:", true},
		{"outer: // the loop below", true},
		{"for i in range(3):", false}, // Python: answered at once, with a hint
		{"if x > 0:", false},
		{"def f(x):", false},
		{"else:", false},
		{"switch x {\ncase 1:", true},
		{"ch <-", true},
		{"x =", true},
		{"x :=", true},
		{"x +=", true},
		{"x++", false},
		{"", false},
		{":help", false},
	}
	for _, c := range cases {
		if got := Incomplete(c.src); got != c.more {
			t.Errorf("Incomplete(%q) = %v, want %v", c.src, got, c.more)
		}
	}
}

func TestCellReader(t *testing.T) {
	type result struct {
		ready bool
		cell  string
	}
	cases := []struct {
		name  string
		lines []string
		want  []result // after each line
	}{
		{"one line", []string{"x := 1"}, []result{{true, "x := 1"}}},
		{"leading blank", []string{"", "x := 1"}, []result{{false, ""}, {true, "x := 1"}}},
		{"open brace", []string{"func f() {", "", "}"}, []result{{false, ""}, {false, ""}, {true, "func f() {\n\n}"}}},
		{"blank ends a trailing operator", []string{"x := 1 +", ""}, []result{{false, ""}, {true, "x := 1 +"}}},
		{"two blanks end an open bracket", []string{"f(", "", ""}, []result{{false, ""}, {false, ""}, {true, "f("}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var cr Reader
			for i, line := range c.lines {
				ready := cr.Add(line, i+1)
				cell := ""
				if ready {
					cell = cr.Take()
				}
				if got := (result{ready, cell}); got != c.want[i] {
					t.Errorf("after line %d %q: got %+v, want %+v", i+1, line, got, c.want[i])
				}
			}
		})
	}
}
