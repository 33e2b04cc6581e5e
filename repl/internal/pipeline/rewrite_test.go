package pipeline

import (
	"strings"
	"testing"

	"github.com/aekit/aekit/repl/internal/cell"
)

func TestRewriteGo(t *testing.T) {
	cases := []struct{ cell, want string }{
		{"go f(x, y)", "go __aekit.Go(f, x, y)"},
		{"go m.Fit(ctx, x, opts)", "go __aekit.Go(m.Fit, ctx, x, opts)"},
		{"go f(a, rest...)", "go __aekit.GoSpread(f, []interface{}{a}, rest)"},
		{"go func(i int) {\n\twork(i)\n}(3)", "go func(i int) {" + deferRecover + "\n\twork(i)\n}(3)"},
		{"go println(x)", "go func() { " + deferRecover + "println(x) }()"},
		{"for i := 0; i < 2; i++ { go f(i) }", "for i := 0; i < 2; i++ { go __aekit.Go(f, i) }"},
		{"x := 1", "x := 1"},
	}
	for _, c := range cases {
		pieces, err := cell.Split(c.cell)
		if err != nil {
			t.Fatal(err)
		}
		got := rewriteGo(pieces[0], func(string) bool { return false })
		if got != c.want {
			t.Errorf("rewriteGo(%q):\n got %q\nwant %q", c.cell, got, c.want)
		}
		if strings.Count(got, "\n") != strings.Count(c.cell, "\n") {
			t.Errorf("rewriteGo(%q) moved lines", c.cell)
		}
	}
}
