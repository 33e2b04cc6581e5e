// Package pipeline is the REPL's cell pipeline, the code that makes Go
// safe to run in yaegi v0.16.1 (YaegiVersion), and the only package of
// aekit that knows the interpreter. A cell goes through its stages in
// order, a file each:
//
//	split       package cell: the cell's top-level pieces
//	type-check  package typecheck: Go's rules, in the compiler's words
//	guard       guard.go: the forms that crash or misbehave in yaegi, refused with a hint
//	rewrite     rewrite.go, indexfix.go: go statements that recover, indexed values hoisted
//	evaluate    eval.go: piece by piece, values printed briefly (show.go)
//	explain     explain.go: yaegi's errors and panics as one message and a hint
//
// A Session is one interpreter with aekit's packages preloaded. It runs
// in the kernel process (package kernel); tests run it in process.
package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/symbols"
	"github.com/aekit/aekit/repl/internal/typecheck"
)

// YaegiVersion is the version of the interpreter, as go.mod pins it: the
// one place the REPL's messages take it from (a test compares it with
// go.mod).
const YaegiVersion = "v0.16.1"

// yaegi names the interpreter in messages.
const yaegi = "yaegi " + YaegiVersion

// helperPath is the import path under which the REPL gives cells its own
// helpers (check, the cell context, value capture); cells see it as
// __aekit, a name completion and :vars never show.
const helperPath = "github.com/aekit/aekit/repl/internal/session"

// NameDoc is a predefined name and what it is.
type NameDoc struct {
	Name string // as cells use it
	Doc  string // its type and what it is, one line
}

// Predefined are the names every session defines for the lessons.
var Predefined = []NameDoc{
	{"ctx", "context.Context of the running cell: Ctrl-C cancels it (pass it to Fit)"},
	{"out", "string: the folder pictures go to (:out changes it)"},
	{"quick", "bool: true under -quick; lessons shrink their data and epochs"},
	{"check", "func(err error): stops the cell with the error when err is not nil"},
	{"picture", "func(name string) string: where to save a picture: out/name, or out/LESSON-STEP-name in a lesson step"},
}

// Unsupported is the line :help gives to what the interpreter lacks.
func Unsupported() string {
	return "Not available in " + yaegi + ": top-level `v, ok := …` (assign with = instead), `for i := range n`, range over functions, min/max/clear, generics from packages."
}

// Options are what a Session is made with.
type Options struct {
	Out    string    // the folder for pictures
	Quick  bool      // lessons shrink their data and epochs
	Stdout io.Writer // where cells print, and values, warnings and errors go

	// After an interrupt, the evaluation of the cell must end before
	// another runs in the same interpreter. OnStuck, when set, is called
	// once if it has not ended StuckAfter (default 2 s) after the
	// interrupt; Run waits StopWait (0: for as long as it takes) and then
	// gives up with a warning.
	OnStuck    func()        // told once that an interrupted cell has not stopped
	StuckAfter time.Duration // when OnStuck is told (default 2 s)
	StopWait   time.Duration // how long Run waits for the cell to stop (0: as long as it takes)
}

// StepRef names the lesson step a cell runs, for picture().
type StepRef struct {
	Lesson  string // the lesson's name
	Index   int    // from 0
	Variant string // the settings the step runs with, "" for the step as written
}

// Session is one interpreter, its predefined names, and what the REPL
// tracks of what cells declared.
type Session struct {
	opts  Options
	in    *interp.Interpreter
	out   *output
	trace *traceBuffer // yaegi's Stderr
	ctxv  *cellContext

	imports map[string]string // package name in cells → import path
	funcs   map[string]string // functions declared by cells → signature
	types   map[string]string // types declared by cells → short definition
	tenv    *typecheck.Env    // the session as the type checker sees it

	mu      sync.Mutex
	cancel  context.CancelFunc // cancels the running cell; nil between cells
	values  []reflect.Value    // what __aekit.Values captured
	running *StepRef           // the lesson step the running cell belongs to, if any
	// stopEarly is an interrupt that came before the running cell's
	// evaluation started; Run clears it when it returns.
	stopEarly bool
}

// New returns a session with a fresh interpreter.
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.StuckAfter == 0 {
		opts.StuckAfter = 2 * time.Second
	}
	s := &Session{
		opts:  opts,
		out:   &output{w: opts.Stdout},
		trace: new(traceBuffer),
		ctxv:  newCellContext(),
	}
	// The out folder is made when a cell first needs it (ensureOut), so
	// that `-out` left at its default and changed with :out leaves no
	// empty aekit-out behind; a path that cannot be a folder is an error
	// now.
	if info, err := os.Stat(opts.Out); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("repl: out folder %s: a file of that name exists", opts.Out)
	}
	if err := s.Reset(); err != nil {
		return nil, err
	}
	return s, nil
}

// Reset replaces the interpreter with a fresh one: every name a cell
// defined is gone, the predefined names are back, the out folder stays.
func (s *Session) Reset() error {
	in := interp.New(interp.Options{
		Stdout: s.out,
		Stderr: s.trace, // yaegi's panic traces: the REPL explains errors itself
		Stdin:  strings.NewReader(""),
		Env:    os.Environ(),
		Args:   []string{"aekit"},
	})
	if err := in.Use(symbols.Symbols); err != nil {
		return fmt.Errorf("repl: loading symbols: %v", err)
	}
	if err := in.Use(interp.Exports{helperPath + "/session": s.helpers()}); err != nil {
		return fmt.Errorf("repl: loading helpers: %v", err)
	}
	s.in = in
	s.imports = map[string]string{}
	s.funcs = map[string]string{}
	s.types = map[string]string{}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range lessons.Prelude {
		if _, ok := symbols.Symbols[p.Path+"/"+p.Name]; !ok {
			continue // not built yet; the completeness test says so
		}
		fmt.Fprintf(&b, "\t%s %q\n", p.Name, p.Path)
		s.imports[p.Name] = p.Path
	}
	fmt.Fprintf(&b, "\t__aekit %q\n)\n", helperPath)
	if _, err := s.evalRaw(context.Background(), b.String()); err != nil {
		return fmt.Errorf("repl: prelude imports: %v", err)
	}
	prelude := []string{
		";var ctx context.Context = __aekit.Ctx",
		";var out = " + strconv.Quote(s.opts.Out),
		";var quick = " + strconv.FormatBool(s.opts.Quick),
		"func check(err error) { __aekit.Check(err) }",
		"func picture(name string) string { return __aekit.Picture(name) }",
	}
	if _, ok := s.imports["context"]; !ok {
		prelude[0] = ";var ctx = __aekit.Ctx"
	}
	for _, src := range prelude {
		if _, err := s.evalRaw(context.Background(), src); err != nil {
			return fmt.Errorf("repl: prelude %q: %v", src, err)
		}
	}
	s.funcs["check"] = "func(err error)"
	s.funcs["picture"] = "func(name string) string"
	helpers, err := s.loadHelpers()
	if err != nil {
		return err
	}
	s.tenv = typecheck.NewEnv(s.imports, helpers)
	return nil
}

// loadHelpers evaluates the lessons' helpers (lessons/helpers.go) into the
// session, so that lesson code runs as it does compiled and a learner can
// call them too, and returns their sources.
func (s *Session) loadHelpers() ([]string, error) {
	helpers, err := lessons.Helpers()
	if err != nil {
		return nil, fmt.Errorf("repl: lesson helpers: %v", err)
	}
	for _, src := range helpers {
		if _, err := s.evalRaw(context.Background(), src); err != nil {
			return nil, fmt.Errorf("repl: lesson helper %.40q: %v", src, err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "helpers.go", "package p\n"+src, 0)
		if err != nil {
			return nil, fmt.Errorf("repl: lesson helper %.40q: %v", src, err)
		}
		s.track(cell.Piece{Fset: fset, File: f})
	}
	return helpers, nil
}

// helpers are the compiled functions cells reach as __aekit.
func (s *Session) helpers() map[string]reflect.Value {
	var ctx context.Context = s.ctxv
	return map[string]reflect.Value{
		"Ctx":   reflect.ValueOf(&ctx).Elem(),
		"Check": reflect.ValueOf(checkErr),
		"Values": reflect.ValueOf(func(v ...interface{}) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.values = s.values[:0]
			for _, x := range v {
				s.values = append(s.values, reflect.ValueOf(x))
			}
		}),
		"Picture":  reflect.ValueOf(s.picture),
		"Go":       reflect.ValueOf(s.goCall),
		"GoSpread": reflect.ValueOf(s.goSpread),
		"GoPanic":  reflect.ValueOf(s.goPanic),
	}
}

// picture is the cells' picture(name): the path in the out folder where a
// picture called name goes, named after the lesson and step when the
// running cell is a lesson step (compression-1-digits.png), so that
// pictures sort in course order, and after the settings the step runs
// with (see WithVariant).
func (s *Session) picture(name string) string {
	s.mu.Lock()
	step := s.running
	s.mu.Unlock()
	if step != nil {
		name = WithVariant(lessons.StepPicture(step.Lesson, step.Index, name), step.Variant)
	}
	s.ensureOut()
	return filepath.Join(s.opts.Out, name)
}

// literalType matches the type and opening brace of a composite literal
// in a setting's value: "[]float64{", "[3]int{", "map[string]int{".
var literalType = regexp.MustCompile(`(\[[0-9]*\]|map\[[^\]]*\])[A-Za-z0-9_.*]*\{`)

// WithVariant puts a step run's variant into a picture's file name, before
// its extension, so that a step run again with a setting keeps the
// picture of the run before it: compression-4-reconstructions.png and
// compression-4-reconstructions-codeSize=8.png. A composite literal keeps
// its values only: betas=[]float64{1, 50} becomes betas=1,50.
func WithVariant(name, variant string) string {
	if variant == "" {
		return name
	}
	variant = literalType.ReplaceAllString(variant, "")
	var b strings.Builder
	for _, r := range variant {
		switch {
		case r == ' ':
			if s := b.String(); s != "" && s[len(s)-1] != ',' && s[len(s)-1] != '_' {
				b.WriteByte(',')
			}
		case r < 128 && (r == '=' || r == '.' || r == ',' || r == '-' || r == '+' || r == '_' ||
			'0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			b.WriteRune(r)
		default:
			if s := b.String(); s != "" && s[len(s)-1] != '_' {
				b.WriteByte('_')
			}
		}
	}
	v := strings.Trim(b.String(), "_,")
	if len(v) > 48 {
		v = v[:48]
	}
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + v + ext
}

// evalRaw evaluates src with yaegi under a recover of its own: compile-time
// panics that escape yaegi come back as errors.
func (s *Session) evalRaw(ctx context.Context, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.Panic{Value: r}
		}
		if err != nil && ctx.Err() != nil {
			s.awaitStopped()
		}
		if err != nil {
			s.repair()
		}
	}()
	return s.in.EvalWithContext(ctx, src)
}

// evalMarker is a frame of the goroutine yaegi evaluates a cell on.
var evalMarker = []byte("interp.(*Interpreter).EvalWithContext.func1")

// awaitStopped waits for an interrupted evaluation to end. yaegi's
// EvalWithContext returns as soon as its context is cancelled, while the
// goroutine evaluating the cell goes on until its interpreted code sees the
// stop (at once) and its compiled calls return (Fit: within one batch).
// Evaluating the next cell before that would run two evaluations in one
// interpreter at the same time. That goroutine is found by its stack. A
// compiled call that ignores ctx (time.Sleep) may hold it for as long as
// it runs: OnStuck says so, and the kernel's front end can then replace
// the whole process.
func (s *Session) awaitStopped() {
	start := time.Now()
	stuck := false
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		for n == len(buf) {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		if !bytes.Contains(buf[:n], evalMarker) {
			return
		}
		waited := time.Since(start)
		if !stuck && waited >= s.opts.StuckAfter {
			stuck = true
			if s.opts.OnStuck != nil {
				s.opts.OnStuck()
			}
		}
		if s.opts.StopWait > 0 && waited >= s.opts.StopWait {
			s.out.printf("warning: the interrupted cell is still running compiled code that does not watch ctx; later cells may see its effects\n")
			return
		}
		pause := 5 * time.Millisecond
		if waited > time.Second {
			pause = 50 * time.Millisecond
		}
		time.Sleep(pause)
	}
}

// repair runs a no-op statement after a failed evaluation: a failed
// compile can leave the interpreter's global frame shorter than its scope
// (Globals then panics), and executing anything resizes the frame.
func (s *Session) repair() {
	defer func() { recover() }()
	s.in.EvalWithContext(context.Background(), ";_ = 0")
}

// globals returns the variables and constants cells defined, except the
// helper names starting with "_".
func (s *Session) globals() map[string]reflect.Value {
	g := map[string]reflect.Value{}
	for k, v := range s.rawGlobals() {
		if strings.HasPrefix(k, "_") {
			continue
		}
		g[k] = v
	}
	return g
}

// rawGlobals is yaegi's Globals under a recover: after a failed compile
// it can index past the end of the global frame.
func (s *Session) rawGlobals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			s.repair()
			g = nil
		}
	}()
	return s.in.Globals()
}

// Names returns every name a cell can use without a selector: globals,
// functions, types and packages, sorted.
func (s *Session) Names() []string {
	set := map[string]bool{}
	for k := range s.globals() {
		set[k] = true
	}
	for k := range s.funcs {
		set[k] = true
	}
	for k := range s.types {
		set[k] = true
	}
	for k := range s.imports {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Known reports whether the session defines name.
func (s *Session) Known(name string) bool {
	if _, ok := s.imports[name]; ok {
		return true
	}
	if _, ok := s.funcs[name]; ok {
		return true
	}
	if _, ok := s.types[name]; ok {
		return true
	}
	if _, ok := s.rawGlobals()[name]; ok {
		return true
	}
	return name == "__aekit"
}

// PreludeNames lists the packages imported into every session.
func (s *Session) PreludeNames() []string {
	var names []string
	for _, p := range lessons.Prelude {
		if _, ok := s.imports[p.Name]; ok {
			names = append(names, p.Name)
		}
	}
	return names
}

// Out returns the folder pictures go to.
func (s *Session) Out() string { return s.opts.Out }

// ensureOut makes the out folder, for a cell that saves pictures in it.
func (s *Session) ensureOut() {
	if err := os.MkdirAll(s.opts.Out, 0o755); err != nil {
		s.out.printf("warning: cannot make the out folder: %v\n", err)
	}
}

// SetOut changes the out folder, creating it, and the cells' out variable.
func (s *Session) SetOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.opts.Out = dir
	_, err := s.evalRaw(context.Background(), ";out = "+strconv.Quote(dir))
	return err
}

// syncOut reads back the out variable after a cell (a cell may assign it).
func (s *Session) syncOut() {
	v, ok := s.rawGlobals()["out"]
	if !ok || v.Kind() != reflect.String {
		return
	}
	if dir := v.String(); dir != "" && dir != s.opts.Out {
		s.opts.Out = dir
	}
}
