package lessons

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFixture(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "basics.go"))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := Parse("testdata/basics.go", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("got %d lessons, want 1 (helper is not a lesson)", len(ls))
	}
	l := ls[0]
	want := Lesson{
		Name:  "basics",
		Title: "a tiny lesson for the parser and REPL tests.",
		Goal:  "make a matrix, draw a picture of it, and answer one question.",
		File:  "testdata/basics.go",
		Steps: []Step{
			{
				Title: "Make a matrix",
				Text:  "A matrix holds one image per row.\nHere each row has three pixels.",
				Code: `rows := 4
if quick {
	rows = 2
}
x := mat.NewDense(rows, 3, nil)
for i := 0; i < rows; i++ {
	x.Set(i, i%3, 1) // one bright pixel per row
}
fmt.Println("rows:", rows)`,
				Line: 18,
				End:  31,
			},
			{
				Title: "Draw it",
				Text:  "Every picture lands in the out folder.",
				Code: `p := plot.New()
p.Title.Text = "row sums"
pts := make(plotter.XYs, rows)
for i := range pts {
	pts[i].X = float64(i)
	pts[i].Y = mat.Sum(x.RowView(i))
}
line, err := plotter.NewLine(pts)
check(err)
p.Add(line)
check(p.Save(200, 150, picture("rows.png")))`,
				Line: 32,
				End:  45,
			},
			{
				Title: "Add it up",
				Code:  "total := mat.Sum(x)\nfmt.Println(\"total:\", total)",
				Line:  46,
				End:   49,
			},
		},
		Exercises: []Exercise{{
			Title:  "Six bright pixels",
			Text:   "Make total equal 6: run step 1 with six rows (`:step 1 rows=6`),\nthen the rest of the lesson (`:all`), then `:check`.",
			Try:    []string{":step 1 rows=6", ":all", ":check"},
			Check:  "total == 6",
			Answer: `fmt.Sprintf("total = %g", total)`,
			Hint:   "step 1's rows sets how many rows get a bright pixel;\nstep 3 adds them up.",
			Step:   2,
			Line:   50,
		}},
	}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("Parse:\n got %#v\nwant %#v", l, want)
	}
}

// lessonSrc wraps a lesson body in a file with a valid doc comment.
func lessonSrc(body string) string {
	return `package lessons

// demo: a demo.
//
// Goal: test.
func demo(ctx context.Context, quick bool) {
` + body + `
}
`
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"not Go", "package lessons\nfunc (", "lessons: x.go:2:7: expected"},
		{"wrong package", "package main\n", "lessons: x.go: package main, want package lessons"},
		{"no doc", "package lessons\nfunc demo(ctx context.Context, quick bool) {\n\t// Step: a\n}\n",
			"lessons: x.go:2: lesson demo has no doc comment"},
		{"doc without name", "package lessons\n// A demo.\n//\n// Goal: g.\nfunc demo(ctx context.Context, quick bool) {\n\t// Step: a\n}\n",
			`lessons: x.go:2: lesson demo: doc comment starts "A demo.", want "demo: title"`},
		{"empty title", "package lessons\n// demo:\n//\n// Goal: g.\nfunc demo(ctx context.Context, quick bool) {\n\t// Step: a\n}\n",
			"lessons: x.go:2: lesson demo has an empty title"},
		{"no goal", "package lessons\n// demo: a demo.\nfunc demo(ctx context.Context, quick bool) {\n\t// Step: a\n}\n",
			`lessons: x.go:2: lesson demo has no "Goal:" paragraph`},
		{"no steps", lessonSrc("\tx := 1\n\t_ = x"),
			`lessons: x.go:6: lesson demo: the body must start with a "// Step: title" comment`},
		{"code before first step", lessonSrc("\tx := 1\n\t// Step: a\n\t_ = x"),
			`lessons: x.go:6: lesson demo has code before its first "// Step:" comment`},
		{"exercise first", lessonSrc("\t// Exercise: e\n\t// Check: true\n\t// Step: a"),
			`lessons: x.go:6: lesson demo: the body must start with a "// Step: title" comment`},
		{"step without title", lessonSrc("\t// Step:\n\tx := 1"),
			"lessons: x.go:7: Step without a title"},
		{"marker after code", lessonSrc("\t// Step: a\n\tx := 1 // Step: b"),
			`lessons: x.go:8: a "Step:" comment must start its own line`},
		{"marker in a block", lessonSrc("\t// Step: a\n\tif quick {\n\t\t// Step: b\n\t}"),
			`lessons: x.go:9: lesson demo: Step "b" is inside a statement`},
		{"exercise without check", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Do it.\n\t// Hint: h"),
			`lessons: x.go:8: exercise "e" has no "Check:" line`},
		{"two checks", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Check: true\n\t// Check: false"),
			`lessons: x.go:8: exercise "e" has two "Check:" lines`},
		{"check not an expression", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Check: x := 1"),
			`lessons: x.go:8: exercise "e": Check "x := 1" is not a Go expression`},
		{"try without a command", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Try: step 2\n\t// Check: true"),
			`lessons: x.go:8: exercise "e": Try "step 2" is not a REPL command`},
		{"empty try", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Try: :\n\t// Check: true"),
			`lessons: x.go:8: exercise "e": Try ":" is not a REPL command`},
		{"text after try", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Try: :check\n\t// and then more\n\t// Check: true"),
			`lessons: x.go:8: exercise "e": "and then more" follows a "Try:" line`},
		{"code after exercise", lessonSrc("\t// Step: a\n\t// Exercise: e\n\t// Check: true\n\tx := 1\n\t_ = x"),
			`lessons: x.go:8: lesson demo: exercise "e" is followed by code`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.go", []byte(c.src))
			if err == nil {
				t.Fatalf("Parse: no error, want %q", c.want)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("Parse error:\n got %q\nwant prefix %q", err, c.want)
			}
		})
	}
}

func TestParseEdges(t *testing.T) {
	// Other functions, methods and wrong signatures are not lessons.
	src := `package lessons

func check(err error) {}

// other: not a lesson, wrong parameter names.
//
// Goal: none.
func other(c context.Context, quick bool) {}

// Exported: not a lesson.
//
// Goal: none.
func Exported(ctx context.Context, quick bool) {}
`
	ls, err := Parse("x.go", []byte(src))
	if err != nil || len(ls) != 0 {
		t.Fatalf("Parse = %v, %v; want no lessons, no error", ls, err)
	}

	// A text-only step has empty code; a code comment that is not a marker
	// stays in the code; the last step ends at the closing brace.
	ls, err = Parse("x.go", []byte(lessonSrc("\t// Step: Read this\n\t// Only words.\n\n\t// Step: Code\n\n\t// a plain comment\n\tx := 1\n\n\t_ = x\n")))
	if err != nil {
		t.Fatal(err)
	}
	steps := ls[0].Steps
	if len(steps) != 2 || steps[0].Code != "" || steps[0].Text != "Only words." {
		t.Fatalf("steps = %#v", steps)
	}
	if want := "// a plain comment\nx := 1\n\n_ = x"; steps[1].Code != want {
		t.Errorf("code = %q, want %q", steps[1].Code, want)
	}
}

// TestParseExercise: Try lines are one command each, in order; Check, Hint
// and Solution continue on the following lines; each Solution line starts
// an entry.
func TestParseExercise(t *testing.T) {
	src := lessonSrc(`	// Step: a
	x := 1
	_ = x

	// Exercise: e
	// Find k.
	//
	// Then check.
	// Try: :step 1 x=2
	//
	// Try: :check
	// Check: k == 3 &&
	// x == 2
	// Hint: count
	// to three.
	// Solution: :step 1 x=2
	// Solution: k := 0
	// for k < 3 {
	// 	k++
	// }
`)
	ls, err := Parse("x.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := ls[0].Exercises[0]
	want := Exercise{
		Title:    "e",
		Text:     "Find k.\n\nThen check.",
		Try:      []string{":step 1 x=2", ":check"},
		Check:    "k == 3 && x == 2",
		Hint:     "count\nto three.",
		Step:     0,
		Line:     11,
		Solution: []string{":step 1 x=2", "k := 0\nfor k < 3 {\n\tk++\n}"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("exercise:\n got %#v\nwant %#v", got, want)
	}
}

func TestCourseOrder(t *testing.T) {
	names := []string{"check.go", "10_ten.go", "2_loss.go", "b.go", "1_compression.go", "2_a.go", "a.go"}
	courseOrder(names)
	want := []string{"1_compression.go", "2_a.go", "2_loss.go", "10_ten.go", "a.go", "b.go", "check.go"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("courseOrder = %q, want %q", names, want)
	}
}

func TestDedent(t *testing.T) {
	cases := []struct{ in, want []string }{
		{[]string{"\t\ta", "\t\t\tb", "", "\t\tc"}, []string{"a", "\tb", "", "c"}},
		{[]string{"    a", "  b"}, []string{"  a", "b"}},
		{[]string{"\ta", "  b"}, []string{"\ta", "  b"}},
	}
	for _, c := range cases {
		if got := dedent(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("dedent(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAll checks that the package's own lessons parse, that names are
// unique, and that every lesson has steps.
func TestAll(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		if len(l.Steps) == 0 {
			t.Errorf("lesson %s has no steps", l.Name)
		}
		got, err := Find(l.Name)
		if err != nil || got.Name != l.Name {
			t.Errorf("Find(%q) = %v, %v", l.Name, got.Name, err)
		}
	}
	if _, err := Find("no-such-lesson"); err == nil || !strings.Contains(err.Error(), `no lesson "no-such-lesson"`) {
		t.Errorf("Find(no-such-lesson) error = %v", err)
	}
}

func ExampleParse() {
	src := []byte(`package lessons

// hello: the smallest lesson.
//
// Goal: print a greeting.
func hello(ctx context.Context, quick bool) {
	// Step: Say hello
	// Every step is a cell the REPL runs.
	name := "digits"
	fmt.Println("hello,", name)

	// Exercise: Rename
	// Greet the autoencoder instead.
	// Check: name == "autoencoder"
	// Hint: change the string in step 1.
}
`)
	ls, err := Parse("hello.go", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	l := ls[0]
	fmt.Printf("%s: %s (goal: %s)\n", l.Name, l.Title, l.Goal)
	for i, s := range l.Steps {
		fmt.Printf("step %d %q:\n%s\n", i+1, s.Title, s.Code)
	}
	for _, e := range l.Exercises {
		fmt.Printf("exercise %q after step %d checks %s\n", e.Title, e.Step+1, e.Check)
	}
	// Output:
	// hello: the smallest lesson. (goal: print a greeting.)
	// step 1 "Say hello":
	// name := "digits"
	// fmt.Println("hello,", name)
	// exercise "Rename" after step 1 checks name == "autoencoder"
}
