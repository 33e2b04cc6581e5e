package cell

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSettings(t *testing.T) {
	cases := []struct {
		in   string
		want []Setting
		err  string
	}{
		{"", nil, ""},
		{"codeSize=8", []Setting{{"codeSize", "8"}}, ""},
		{" codeSize = 8 ", []Setting{{"codeSize", "8"}}, ""},
		{"a=1 b=-0.5", []Setting{{"a", "1"}, {"b", "-0.5"}}, ""},
		{"layers=[]int{784, 256, codeSize} codeSize=16", []Setting{{"layers", "[]int{784, 256, codeSize}"}, {"codeSize", "16"}}, ""},
		{`name="a b=c"`, []Setting{{"name", `"a b=c"`}}, ""},
		{"epochsSmall=bestEpoch", []Setting{{"epochsSmall", "bestEpoch"}}, ""},
		{"f=math.Sqrt(2) * x", []Setting{{"f", "math.Sqrt(2) * x"}}, ""},
		{"8", nil, `"8": want NAME=VALUE`},
		{"codeSize:=8", nil, `"codeSize:=8": want NAME=VALUE`},
		{"codeSize==8", nil, `want NAME=VALUE`},
		{"x=1 8", nil, "x=1 8: the value is not a Go expression"},
		{"codeSize=", nil, "codeSize= needs a value"},
		{"codeSize=(8", nil, "codeSize=(8: the value is not a Go expression"},
		{"a=1 a=2", nil, "a is set twice"},
		{`s="open`, nil, "string literal not terminated"},
	}
	for _, c := range cases {
		got, err := ParseSettings(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseSettings(%q): error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseSettings(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestApplySettings is the rewrite of a step's code by NAME=VALUE: the
// first top-level declaration of NAME gets VALUE; the rest of the code is
// untouched.
func TestApplySettings(t *testing.T) {
	cases := []struct {
		name    string
		code    string
		sets    string
		want    string
		changes []Change
		err     string
	}{
		{
			name:    "define",
			code:    "codeSize := 32\nfmt.Println(codeSize)",
			sets:    "codeSize=8",
			want:    "codeSize := 8\nfmt.Println(codeSize)",
			changes: []Change{{Old: "codeSize := 32", New: "codeSize := 8"}},
		},
		{
			name: "the first declaration only",
			code: "x := 1\nif true {\n\tx := 5\n\t_ = x\n}\nx = 3\nfmt.Println(x)",
			sets: "x=2",
			want: "x := 2\nif true {\n\tx := 5\n\t_ = x\n}\nx = 3\nfmt.Println(x)",
		},
		{
			name: "nested declarations are not knobs",
			code: "if true {\n\tx := 5\n\t_ = x\n}",
			sets: "x=2",
			err:  "x is not declared at the top of this step; it has no knobs",
		},
		{
			name:    "var with a value",
			code:    "var rate = 0.01\n_ = rate",
			sets:    "rate=0.1",
			want:    "var rate = 0.1\n_ = rate",
			changes: []Change{{Old: "var rate = 0.01", New: "var rate = 0.1"}},
		},
		{
			name: "var with a type and a value",
			code: "var rate float64 = 0.01",
			sets: "rate=1e-3",
			want: "var rate float64 = 1e-3",
		},
		{
			name: "var with a type only",
			code: "var n int\nfmt.Println(n)",
			sets: "n=4",
			want: "var n int = 4\nfmt.Println(n)",
		},
		{
			name: "grouped var",
			code: "var (\n\ta = 1\n\tb = \"x\"\n)",
			sets: `b="y"`,
			want: "var (\n\ta = 1\n\tb = \"y\"\n)",
		},
		{
			name: "const",
			code: "const k = 3\nfmt.Println(k)",
			sets: "k=4",
			want: "const k = 4\nfmt.Println(k)",
		},
		{
			name:    "one name of several",
			code:    "size, stride := 16, 8\n_ = size",
			sets:    "stride=4",
			want:    "size, stride := 16, 4\n_ = size",
			changes: []Change{{Old: "size, stride := 16, 8", New: "size, stride := 16, 4"}},
		},
		{
			name:    "two settings, one line",
			code:    "size, stride := 16, 8",
			sets:    "stride=4 size=32",
			want:    "size, stride := 32, 4",
			changes: []Change{{Old: "size, stride := 16, 8", New: "size, stride := 32, 4"}},
		},
		{
			name: "a composite value with spaces",
			code: "codeSize := 32\nlayers := []int{784, codeSize}\nfmt.Println(layers)",
			sets: "layers=[]int{784, 256, codeSize}",
			want: "codeSize := 32\nlayers := []int{784, 256, codeSize}\nfmt.Println(layers)",
		},
		{
			name: "a value over several lines",
			code: "layers := []int{\n\t784,\n\t32,\n}\nn := 1\nfmt.Println(layers, n)",
			sets: "layers=[]int{784, 8} n=2",
			want: "layers := []int{784, 8}\nn := 2\nfmt.Println(layers, n)",
			changes: []Change{
				{Old: "layers := []int{ …", New: "layers := []int{784, 8}"},
				{Old: "n := 1", New: "n := 2"},
			},
		},
		{
			name: "quick mode does not undo the Setting",
			code: "nSmall := 200\nepochsSmall := 150\nif quick {\n\tnSmall, epochsSmall = 100, 10\n}\nfmt.Println(nSmall, epochsSmall)",
			sets: "epochsSmall=12",
			want: "nSmall := 200\nepochsSmall := 12\nif quick {\n\tnSmall, _ = 100, 10\n}\nfmt.Println(nSmall, epochsSmall)",
			changes: []Change{
				{Old: "epochsSmall := 150", New: "epochsSmall := 12"},
				{Old: "nSmall, epochsSmall = 100, 10", New: "nSmall, _ = 100, 10", Note: "quick mode no longer changes epochsSmall"},
			},
		},
		{
			name: "other assignments stay",
			code: "epochs := 20\nif !quick {\n\tepochs = 30\n}\nfor i := 0; i < 2; i++ {\n\tepochs = epochs + 1\n}",
			sets: "epochs=5",
			want: "epochs := 5\nif !quick {\n\tepochs = 30\n}\nfor i := 0; i < 2; i++ {\n\tepochs = epochs + 1\n}",
		},
		{
			name: "a function declared in the step",
			code: "func twice(x int) int { return 2 * x }\nn := twice(3)\nfmt.Println(n)",
			sets: "n=twice(4)",
			want: "func twice(x int) int { return 2 * x }\nn := twice(4)\nfmt.Println(n)",
		},
		{
			name: "not declared: the knobs are listed",
			code: "codeSize := 32\nrate := 0.5\nname := \"x\"\nneg := -1\nok := true\nlayers := []int{784, codeSize}\ntrain, err := f()",
			sets: "epochs=3",
			err:  `epochs is not declared at the top of this step; its knobs: codeSize = 32, rate = 0.5, name = "x", neg = -1, ok = true`,
		},
		{
			name: "several values from one call",
			code: "train, held, err := digits.Split(0.2, 1)",
			sets: "held=x",
			err:  "held can't be set with held=VALUE: held gets its value from digits.Split(0.2, 1), which returns several values",
		},
		{
			name: "the blank identifier is no knob",
			code: "_, x := 1, 2",
			sets: "_=3",
			err:  "_ is not declared at the top of this step; its knobs: x = 2",
		},
		{
			name: "syntax error in the step",
			code: "x := (",
			sets: "x=1",
			err:  "syntax error",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sets, err := ParseSettings(c.sets)
			if err != nil {
				t.Fatal(err)
			}
			got, changes, err := ApplySettings(c.code, sets)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("code:\n%s\nwant:\n%s", got, c.want)
			}
			if c.changes != nil && !reflect.DeepEqual(changes, c.changes) {
				t.Errorf("changes = %q, want %q", changes, c.changes)
			}
			if len(changes) == 0 {
				t.Errorf("no change reported")
			}
		})
	}
}

// TestStepKnobs: the knobs :show lists are the literal declarations.
func TestStepKnobs(t *testing.T) {
	code := "// a comment\nnoiseStd := 0.5\nspFraction := 0.2\n\ndigits, err := datasets.MNISTTest()\ncheck(err)\nepochs := 10\nif quick {\n\tepochs = 2\n}\nvar label = 'a'"
	knobs, err := Knobs(code)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := LiteralKnobs(knobs), "noiseStd = 0.5, spFraction = 0.2, epochs = 10, label = 'a'"; got != want {
		t.Errorf("LiteralKnobs = %q, want %q", got, want)
	}
	lines := map[string]int{}
	for _, k := range knobs {
		lines[k.name] = k.line
	}
	if lines["noiseStd"] != 2 || lines["epochs"] != 7 || lines["label"] != 11 {
		t.Errorf("lines = %v", lines)
	}
}
