// Package lessons holds aekit's lessons and the parser that turns them into
// notebook steps for the REPL.
//
// A lesson is an ordinary Go function in this package, so `go vet` compiles
// every line a learner will run:
//
//	// compression: what an autoencoder is, X̂ = D(E(X)).
//	//
//	// Goal: train a small autoencoder on digits and see what a 32-number code keeps.
//	func compression(ctx context.Context, quick bool) {
//		// Step: Look at the digits
//		//
//		// A few plain sentences of explanation.
//		test, err := datasets.MNISTTest()
//		check(err)
//		check(plots.Grid{Images: test.Images, Shape: test.Shape}.Save(picture("digits.png")))
//
//		// Step: Train a small autoencoder
//		// More explanation.
//		codeSize := 32
//		...
//
//		// Exercise: A smaller code
//		// Run step 2 again with a code of 8 numbers: type `:step 2 codeSize=8`,
//		// then `:check`. Will the error go up or down?
//		// Try: :step 2 codeSize=8
//		// Try: :check
//		// Check: codeSize == 8 && loss8 > loss32
//		// Hint: the code is the only way information reaches the decoder.
//	}
//
// The rules:
//
//   - A lesson function is unexported, has no receiver and no results, and
//     takes exactly (ctx context.Context, quick bool): names the REPL
//     predefines in every session. Other functions are ignored.
//   - Lessons may call check(err), which stops at an error, picture(name),
//     which names a step's picture file (out/LESSON-STEP-name: the REPL and
//     the tests know the step, so the code never types its number), and
//     the helpers of helpers.go, which the REPL evaluates into every
//     session.
//   - Its doc comment starts with "NAME: title", NAME being the function's
//     name. A paragraph starting "Goal:" gives the one-line goal; other doc
//     text is ignored.
//   - In the body, a comment group (consecutive // lines; "//" alone keeps a
//     paragraph break inside the group) whose first line starts "Step: TITLE"
//     opens a step. The rest of the group is the step's text; the step's code
//     is exactly the source lines after the group up to the next marker or the
//     function's closing brace, dedented. Ordinary comments inside the code
//     stay in the code.
//   - A step's knobs are its top-level declarations of a literal value, such
//     as `codeSize := 32` or `var rate = 0.01`: put them at the top of the
//     step. In the REPL, `:step N NAME=VALUE` runs step N with NAME declared
//     as VALUE instead (any top-level `NAME :=` or `var NAME` of the step can
//     be set that way, literal or not), and the learner's value wins over
//     the step's `if quick { NAME = ... }`. Exercises use this to have the
//     learner change a number and run a step again.
//   - A group whose first line starts "Exercise: TITLE" is an exercise for
//     the step before it: its text (the question) first, then the lines
//     below. No code may follow an exercise before the next step.
//   - Nothing but blank lines may come before the first step.
//
// An exercise's lines after its text, in any order:
//
//   - "Try: :COMMAND", one REPL command a line: what the learner types,
//     shown under the text, which names the same commands in backquotes
//     (":step 2 codeSize=8", then ":check").
//   - "Check: EXPR", required: a Go boolean expression that :check
//     evaluates in the learner's session.
//   - "Answer: EXPR": a Go string expression that :check prints under ✓,
//     the numbers that answer the exercise's question. When it also
//     evaluates before the learner starts (when the exercise is first
//     shown), :check prints both: what it was and what it is now.
//   - "Hint: TEXT", shown when Check is false after the learner has made
//     an attempt (run the exercise's first step command, or defined the
//     names its Check needs), never before.
//   - "Solution: …", any number of them: what a learner would enter to
//     solve the exercise, each a REPL command or Go code; the answer the
//     text leaves to the learner to find. The REPL never shows it. The
//     tests enter the solution, then the Try commands, and require Check to
//     hold.
//
// Check, Answer, Hint and Solution continue on the following lines; Try
// does not.
package lessons

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path"
	"sort"
	"strings"
)

// Prelude lists the packages a lesson's code, and a learner's cell, uses
// without an import line, by the name cells call them: the REPL imports
// them into every session, and the tests type-check every exercise's
// Check with them in scope.
var Prelude = []struct{ Name, Path string }{
	{"ae", "github.com/aekit/aekit/ae"},
	{"datasets", "github.com/aekit/aekit/datasets"},
	{"plots", "github.com/aekit/aekit/plots"},
	{"mat", "gonum.org/v1/gonum/mat"},
	{"stat", "gonum.org/v1/gonum/stat"},
	{"plot", "gonum.org/v1/plot"},
	{"plotter", "gonum.org/v1/plot/plotter"},
	{"vg", "gonum.org/v1/plot/vg"},
	{"fmt", "fmt"},
	{"math", "math"},
	{"rand", "math/rand"},
	{"strings", "strings"},
	{"sort", "sort"},
	{"time", "time"},
	{"context", "context"},
	{"errors", "errors"},
	{"os", "os"},
	{"filepath", "path/filepath"},
}

// Lesson is one lesson: a goal and the steps that reach it.
type Lesson struct {
	Name  string // the function's name, e.g. "compression"; what :open takes
	Title string // the doc comment's first line after "NAME: "
	Goal  string // the doc comment's "Goal:" paragraph, without "Goal: "
	File  string // the file the lesson was parsed from

	Steps     []Step
	Exercises []Exercise
}

// Step is one notebook cell of a lesson: an explanation and the code it runs.
type Step struct {
	Title string // after "Step: "
	Text  string // the explanation, comment markers removed
	Code  string // the step's source lines, dedented
	Line  int    // the line of the "Step:" marker in File
	End   int    // the last line of the step's code in File
}

// Exercise is a question for the learner, checked by evaluating Check in the
// learner's session.
type Exercise struct {
	Title  string   // after "Exercise: "
	Text   string   // the question
	Try    []string // the REPL commands the learner types, e.g. ":step 2 codeSize=8", ":check"
	Check  string   // a Go boolean expression
	Answer string   // a Go string expression: the numbers :check shows under ✓; may be ""
	Hint   string   // shown when Check is false after an attempt
	Step   int      // the index in Lesson.Steps of the step the exercise follows
	Line   int      // the line of the "Exercise:" marker in File

	// Solution is what a learner would enter to solve the exercise, before
	// the Try commands: REPL commands (starting with ":") or Go cells. It
	// is for tests and instructors; the REPL does not show it.
	Solution []string
}

//go:embed *.go
var sources embed.FS

// All returns every lesson of this package, parsed from the package's own
// embedded sources, in course order: by the number that starts the file's
// name (1_compression.go, 2_loss.go, …, 10_….go), then by file name, then
// by position in the file.
func All() ([]Lesson, error) {
	ents, err := sources.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("lessons: %v", err)
	}
	var names []string
	for _, e := range ents {
		if isLessonFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	courseOrder(names)
	var all []Lesson
	seen := map[string]string{}
	for _, name := range names {
		src, err := sources.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("lessons: %v", err)
		}
		ls, err := Parse(name, src)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if prev, ok := seen[l.Name]; ok {
				return nil, fmt.Errorf("lessons: lesson %q is defined in both %s and %s", l.Name, prev, name)
			}
			seen[l.Name] = name
		}
		all = append(all, ls...)
	}
	return all, nil
}

// courseOrder sorts file names by their leading number, names without one
// last, then by name.
func courseOrder(names []string) {
	number := func(name string) int {
		n, digits := 0, 0
		for _, r := range name {
			if r < '0' || r > '9' || digits == 9 {
				break
			}
			n, digits = 10*n+int(r-'0'), digits+1
		}
		if digits == 0 {
			return math.MaxInt
		}
		return n
	}
	sort.SliceStable(names, func(i, j int) bool {
		a, b := number(names[i]), number(names[j])
		if a != b {
			return a < b
		}
		return names[i] < names[j]
	})
}

// isLessonFile reports whether an embedded file may hold lessons: not a
// test, not this parser and not the lessons' helpers.
func isLessonFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") &&
		name != "lesson.go" && name != "picture.go" && name != "check.go" && name != helpersFile
}

// helpersFile holds the functions the lessons share.
const helpersFile = "helpers.go"

// Helpers returns the functions of helpers.go, the helpers the lessons
// share, one declaration per string with its doc comment, in file order:
// the REPL evaluates them into every session, so that the lessons' code
// runs there as it does compiled.
func Helpers() ([]string, error) {
	src, err := sources.ReadFile(helpersFile)
	if err != nil {
		return nil, fmt.Errorf("lessons: %v", err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, helpersFile, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("lessons: %v", err)
	}
	var out []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		start := fn.Pos()
		if fn.Doc != nil {
			start = fn.Doc.Pos()
		}
		out = append(out, string(src[fset.Position(start).Offset:fset.Position(fn.End()).Offset]))
	}
	return out, nil
}

// Find returns the lesson called name from All.
func Find(name string) (Lesson, error) {
	all, err := All()
	if err != nil {
		return Lesson{}, err
	}
	var names []string
	for _, l := range all {
		if l.Name == name {
			return l, nil
		}
		names = append(names, l.Name)
	}
	if len(names) == 0 {
		return Lesson{}, fmt.Errorf("lessons: no lesson %q: this build has no lessons", name)
	}
	sort.Strings(names)
	return Lesson{}, fmt.Errorf("lessons: no lesson %q (there are: %s)", name, strings.Join(names, ", "))
}

// Parse returns the lessons defined in one Go source file of package
// lessons. filename is used in error messages and in Lesson.File. A file
// without lesson functions gives no lessons and no error.
func Parse(filename string, src []byte) ([]Lesson, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("lessons: %v", err)
	}
	if f.Name.Name != "lessons" {
		return nil, fmt.Errorf("lessons: %s: package %s, want package lessons", filename, f.Name.Name)
	}
	p := &fileParser{fset: fset, file: f, name: path.Base(filename), lines: splitLines(src)}
	var out []Lesson
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !isLessonFunc(fn) {
			continue
		}
		l, err := p.lesson(fn)
		if err != nil {
			return nil, err
		}
		l.File = filename
		out = append(out, l)
	}
	return out, nil
}

// isLessonFunc reports whether fn has the lesson signature
// func name(ctx context.Context, quick bool).
func isLessonFunc(fn *ast.FuncDecl) bool {
	if fn.Recv != nil || fn.Body == nil || ast.IsExported(fn.Name.Name) || fn.Type.TypeParams != nil {
		return false
	}
	if fn.Type.Results != nil && len(fn.Type.Results.List) > 0 {
		return false
	}
	want := []struct{ name, typ string }{{"ctx", "context.Context"}, {"quick", "bool"}}
	var got []struct{ name, typ string }
	for _, field := range fn.Type.Params.List {
		t := typeString(field.Type)
		for _, n := range field.Names {
			got = append(got, struct{ name, typ string }{n.Name, t})
		}
	}
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func typeString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return typeString(e.X) + "." + e.Sel.Name
	}
	return ""
}

// fileParser carries what every lesson of one file needs.
type fileParser struct {
	fset  *token.FileSet
	file  *ast.File
	name  string   // base name, for messages
	lines []string // the source split into lines, without newlines
}

// errorf returns an error naming the file and line of pos.
func (p *fileParser) errorf(pos token.Pos, format string, args ...any) error {
	return fmt.Errorf("lessons: %s:%d: %s", p.name, p.fset.Position(pos).Line, fmt.Sprintf(format, args...))
}

// marker is a comment group that opens a step or an exercise.
type marker struct {
	kind      string // "Step" or "Exercise"
	title     string
	body      []string // the group's lines after the marker line
	pos       token.Pos
	firstLine int // first line of the group (1-based)
	lastLine  int // last line of the group
}

func (p *fileParser) lesson(fn *ast.FuncDecl) (Lesson, error) {
	name := fn.Name.Name
	l := Lesson{Name: name}
	if fn.Doc == nil {
		return l, p.errorf(fn.Pos(), "lesson %s has no doc comment; start it with \"// %s: title\"", name, name)
	}
	doc := commentLines(fn.Doc)
	first := strings.TrimSpace(doc[0])
	if !strings.HasPrefix(first, name+":") {
		return l, p.errorf(fn.Doc.Pos(), "lesson %s: doc comment starts %q, want \"%s: title\"", name, first, name)
	}
	l.Title = strings.TrimSpace(strings.TrimPrefix(first, name+":"))
	if l.Title == "" {
		return l, p.errorf(fn.Doc.Pos(), "lesson %s has an empty title", name)
	}
	for _, para := range paragraphs(doc[1:]) {
		if g, ok := strings.CutPrefix(para, "Goal:"); ok {
			l.Goal = strings.TrimSpace(g)
		}
	}
	if l.Goal == "" {
		return l, p.errorf(fn.Doc.Pos(), "lesson %s has no \"Goal:\" paragraph in its doc comment", name)
	}

	var marks []marker
	for _, cg := range p.file.Comments {
		if cg.Pos() < fn.Body.Lbrace || cg.End() > fn.Body.Rbrace {
			continue
		}
		ms, err := p.markers(cg)
		if err != nil {
			return l, err
		}
		for _, m := range ms {
			for _, st := range fn.Body.List {
				if st.Pos() < m.pos && m.pos < st.End() {
					return l, p.errorf(m.pos, "lesson %s: %s %q is inside a statement; markers belong at the top level of the body", name, m.kind, m.title)
				}
			}
		}
		marks = append(marks, ms...)
	}
	if len(marks) == 0 || marks[0].kind != "Step" {
		return l, p.errorf(fn.Body.Lbrace, "lesson %s: the body must start with a \"// Step: title\" comment", name)
	}
	bodyFirst := p.fset.Position(fn.Body.Lbrace).Line + 1
	if code := p.code(bodyFirst, marks[0].firstLine-1); code != "" {
		return l, p.errorf(fn.Body.Lbrace, "lesson %s has code before its first \"// Step:\" comment", name)
	}
	closing := p.fset.Position(fn.Body.Rbrace).Line
	for i, m := range marks {
		end := closing - 1
		if i+1 < len(marks) {
			end = marks[i+1].firstLine - 1
		}
		code := p.code(m.lastLine+1, end)
		switch m.kind {
		case "Step":
			l.Steps = append(l.Steps, Step{Title: m.title, Text: joinText(m.body), Code: code, Line: p.fset.Position(m.pos).Line, End: end})
		case "Exercise":
			if code != "" {
				return l, p.errorf(m.pos, "lesson %s: exercise %q is followed by code; start that code with a \"// Step:\" comment", name, m.title)
			}
			ex, err := p.exercise(m)
			if err != nil {
				return l, err
			}
			ex.Step = len(l.Steps) - 1
			l.Exercises = append(l.Exercises, ex)
		}
	}
	return l, nil
}

// markers returns the steps and exercises a comment group opens. A group
// opens one when its first line is a marker; later marker lines in the same
// group open further ones (a text-only step directly followed by an
// exercise, say).
func (p *fileParser) markers(cg *ast.CommentGroup) ([]marker, error) {
	if strings.HasPrefix(cg.List[0].Text, "/*") || markerKind(cg.List[0].Text) == "" {
		return nil, nil
	}
	var out []marker
	for _, c := range cg.List {
		line := p.fset.Position(c.Pos()).Line
		kind := markerKind(c.Text)
		if kind == "" {
			m := &out[len(out)-1]
			m.body = append(m.body, commentLines(&ast.CommentGroup{List: []*ast.Comment{c}})...)
			m.lastLine = line
			continue
		}
		start := p.fset.Position(c.Pos())
		if strings.TrimSpace(p.lines[start.Line-1][:start.Column-1]) != "" {
			return nil, p.errorf(c.Pos(), "a %q comment must start its own line", kind+":")
		}
		text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
		title := strings.TrimSpace(strings.TrimPrefix(text, kind+":"))
		if title == "" {
			return nil, p.errorf(c.Pos(), "%s without a title", kind)
		}
		out = append(out, marker{kind: kind, title: title, pos: c.Pos(), firstLine: line, lastLine: line})
	}
	return out, nil
}

// markerKind returns "Step" or "Exercise" when the // comment c is a marker
// line, "" otherwise.
func markerKind(c string) string {
	if !strings.HasPrefix(c, "//") {
		return ""
	}
	t := strings.TrimSpace(strings.TrimPrefix(c, "//"))
	for _, kind := range []string{"Step", "Exercise"} {
		if strings.HasPrefix(t, kind+":") {
			return kind
		}
	}
	return ""
}

// exercise splits an exercise marker's lines into text, Try commands,
// check, hint and solution.
func (p *fileParser) exercise(m marker) (Exercise, error) {
	ex := Exercise{Title: m.title, Line: p.fset.Position(m.pos).Line}
	var text, check, answer, hint []string
	var solution [][]string
	cur := &text
	for _, line := range m.body {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "Try:"):
			cmd := strings.TrimSpace(strings.TrimPrefix(t, "Try:"))
			if !strings.HasPrefix(cmd, ":") || len(cmd) < 2 {
				return ex, p.errorf(m.pos, "exercise %q: Try %q is not a REPL command (one per line, starting with \":\")", m.title, cmd)
			}
			ex.Try = append(ex.Try, cmd)
			cur = nil // a Try line is one command: nothing continues it
		case strings.HasPrefix(t, "Check:"):
			if len(check) > 0 {
				return ex, p.errorf(m.pos, "exercise %q has two \"Check:\" lines", m.title)
			}
			check = append(check, strings.TrimSpace(strings.TrimPrefix(t, "Check:")))
			cur = &check
		case strings.HasPrefix(t, "Answer:"):
			if len(answer) > 0 {
				return ex, p.errorf(m.pos, "exercise %q has two \"Answer:\" lines", m.title)
			}
			answer = append(answer, strings.TrimSpace(strings.TrimPrefix(t, "Answer:")))
			cur = &answer
		case strings.HasPrefix(t, "Hint:"):
			hint = append(hint, strings.TrimSpace(strings.TrimPrefix(t, "Hint:")))
			cur = &hint
		case strings.HasPrefix(t, "Solution:"):
			solution = append(solution, []string{strings.TrimSpace(strings.TrimPrefix(t, "Solution:"))})
			cur = &solution[len(solution)-1]
		case cur == nil:
			if t == "" {
				continue
			}
			return ex, p.errorf(m.pos, "exercise %q: %q follows a \"Try:\" line; the question comes before the Try lines", m.title, t)
		default:
			*cur = append(*cur, line)
		}
	}
	ex.Text = joinText(text)
	ex.Check = strings.TrimSpace(strings.Join(trimAll(check), " "))
	ex.Answer = strings.TrimSpace(strings.Join(trimAll(answer), " "))
	ex.Hint = joinText(hint)
	for _, s := range solution {
		if code := strings.TrimSpace(joinText(s)); code != "" {
			ex.Solution = append(ex.Solution, code)
		}
	}
	if ex.Check == "" {
		return ex, p.errorf(m.pos, "exercise %q has no \"Check:\" line", m.title)
	}
	if _, err := parser.ParseExpr(ex.Check); err != nil {
		return ex, p.errorf(m.pos, "exercise %q: Check %q is not a Go expression: %v", m.title, ex.Check, err)
	}
	if ex.Answer != "" {
		if _, err := parser.ParseExpr(ex.Answer); err != nil {
			return ex, p.errorf(m.pos, "exercise %q: Answer %q is not a Go expression: %v", m.title, ex.Answer, err)
		}
	}
	return ex, nil
}

// code returns source lines from..to (1-based, inclusive), dedented, with
// leading and trailing blank lines removed; "" when there are none.
func (p *fileParser) code(from, to int) string {
	if from > to {
		return ""
	}
	lines := p.lines[from-1 : to]
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(dedent(lines), "\n")
}

// dedent removes the longest whitespace prefix shared by all non-blank lines.
func dedent(lines []string) []string {
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ws, false
			continue
		}
		for !strings.HasPrefix(ws, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			out[i] = ""
			continue
		}
		out[i] = strings.TrimPrefix(l, prefix)
	}
	return out
}

// commentLines returns the lines of a // comment group without the
// markers; one space after "//" is removed.
func commentLines(cg *ast.CommentGroup) []string {
	var out []string
	for _, c := range cg.List {
		t := strings.TrimPrefix(c.Text, "//")
		t = strings.TrimPrefix(t, " ")
		out = append(out, strings.TrimRight(t, " \t"))
	}
	return out
}

// paragraphs joins lines into paragraphs separated by blank lines.
func paragraphs(lines []string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimSpace(l))
	}
	flush()
	return out
}

// joinText keeps line breaks (the text is shown as written) but drops
// leading and trailing blank lines.
func joinText(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

func splitLines(src []byte) []string {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return strings.Split(string(src), "\n")
}
