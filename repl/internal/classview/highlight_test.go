package classview

import (
	"encoding/json"
	"strings"
	"testing"
)

func joined(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// TestHighlight: the classes of a cell's words, and its text given back
// whole.
func TestHighlight(t *testing.T) {
	src := "// train it\nm, err := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.Sigmoid, 1)\n" +
		"for i := 0; i < len(xs); i++ { s := `raw` + \"q\" + string('c'); _ = 1.5e3; m.Fit(ctx) }\nvar nothing = nil"
	spans := Highlight(src)
	if got := joined(spans); got != src {
		t.Fatalf("the spans give back %q", got)
	}
	class := map[string]string{}
	for _, s := range spans {
		if s.Class != "" {
			class[strings.TrimSpace(s.Text)] = s.Class
		}
	}
	for text, want := range map[string]string{
		"// train it": "c", "ae": "p", "NewSymmetric": "f", "int": "b", "784": "n", "for": "k",
		"len": "b", "`raw`": "s", `"q"`: "s", "'c'": "s", "1.5e3": "n", "Fit": "f", "var": "k", "nil": "b",
	} {
		if class[text] != want {
			t.Errorf("%q has class %q, want %q", text, class[text], want)
		}
	}
	// A field or method called like a predeclared name is not one.
	for _, s := range Highlight("x.len(); y.int") {
		if s.Class == "b" {
			t.Errorf("%q is marked predeclared", s.Text)
		}
	}
}

// TestHighlightBroken: code that does not scan is given back whole.
func TestHighlightBroken(t *testing.T) {
	for _, src := range []string{"", "\"unterminated", "`raw\nstill", "/* open", "x := 1 @ 2 #", "\x00\xff", "a\r\nb", "'"} {
		want := strings.ReplaceAll(src, "\r", "")
		if got := joined(Highlight(src)); got != want {
			t.Errorf("Highlight(%q) gives back %q", src, got)
		}
	}
}

// FuzzHighlight: whatever the text, the spans give it back, carriage
// returns removed.
func FuzzHighlight(f *testing.F) {
	for _, s := range []string{"x := 1", "fmt.Println(\"a\")", "/* c */ // d\n", "`r`", "0x1p-2i", "é := 'é'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		want := strings.ReplaceAll(src, "\r", "")
		if got := joined(Highlight(src)); got != want {
			t.Fatalf("Highlight(%q) gives back %q", src, got)
		}
	})
}

// TestSpanJSON: a span is the pair [class, text].
func TestSpanJSON(t *testing.T) {
	b, err := json.Marshal([]Span{{"k", "func"}, {"", "</script>"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `[["k","func"],["","\u003c/script\u003e"]]` {
		t.Errorf("JSON %s", b)
	}
	var back []Span
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 || back[1].Text != "</script>" {
		t.Errorf("back: %v %v", back, err)
	}
}
