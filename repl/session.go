package main

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
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/aekit/aekit/lessons"
	"github.com/aekit/aekit/repl/internal/symbols"
)

// helperPath is the import path under which the REPL gives cells its own
// helpers (check, the cell context, value capture); cells see it as
// __aekit, a name completion and :vars never show.
const helperPath = "github.com/aekit/aekit/repl/internal/session"

// preludePackages are imported into every session, so cells use them
// without an import line: the lessons are written against the same list.
var preludePackages = lessons.Prelude

// predefined are the names every session defines for the lessons.
var predefined = []struct{ name, doc string }{
	{"ctx", "context.Context of the running cell: Ctrl-C cancels it (pass it to Fit)"},
	{"out", "string: the folder pictures go to (:out changes it)"},
	{"quick", "bool: true under -quick; lessons shrink their data and epochs"},
	{"check", "func(err error): stops the cell with the error when err is not nil"},
	{"picture", "func(name string) string: where to save a picture: out/name, or out/LESSON-STEP-name in a lesson step"},
}

// options are what the command line sets.
type options struct {
	out   string // the folder for pictures
	quick bool   // lessons shrink their data and epochs
}

// session is one REPL session: an interpreter, its predefined names, and
// the notebook of cells run so far.
type session struct {
	opts  options
	in    *interp.Interpreter
	out   *output
	trace *traceBuffer // yaegi's Stderr
	ctxv  *cellContext

	interactive bool // a terminal: progress bars and picture previews
	timing      bool // print each cell's duration

	imports map[string]string // package name in cells → import path
	funcs   map[string]string // functions declared by cells → signature
	types   map[string]string // types declared by cells → short definition
	tenv    *typeEnv          // the session as the type checker sees it

	mu      sync.Mutex
	cancel  context.CancelFunc // cancels the running cell; nil between cells
	values  []reflect.Value    // what __aekit.Values captured
	cells   []*cellRecord      // the notebook, for :save
	plots   []string           // PNGs saved this session, oldest first
	lesson  *lessonState       // the open lesson, if any
	running *stepRef           // the lesson step the running cell belongs to, if any
	prog    *progress          // the training progress of the running (or last) cell
	started time.Time
}

// newSession returns a session writing to w with a fresh interpreter.
func newSession(opts options, w io.Writer, interactive bool) (*session, error) {
	s := &session{
		opts:        opts,
		out:         newOutput(w),
		trace:       new(traceBuffer),
		ctxv:        newCellContext(),
		interactive: interactive,
		started:     time.Now(),
	}
	// The out folder is made when a cell first needs it (ensureOut), so
	// that `-out` left at its default and changed with :out leaves no
	// empty aekit-out behind; a path that cannot be a folder is an error
	// now.
	if info, err := os.Stat(opts.out); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("repl: out folder %s: a file of that name exists", opts.out)
	}
	if err := s.reset(); err != nil {
		return nil, err
	}
	return s, nil
}

// reset replaces the interpreter with a fresh one: every name a cell
// defined is gone, the predefined names are back, the out folder stays.
func (s *session) reset() error {
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
	for _, p := range preludePackages {
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
		";var out = " + strconv.Quote(s.opts.out),
		";var quick = " + strconv.FormatBool(s.opts.quick),
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
	s.tenv = newTypeEnv(s.imports, helpers)
	return nil
}

// loadHelpers evaluates the lessons' helpers (lessons/helpers.go) into the
// session, so that lesson code runs as it does compiled and a learner can
// call them too, and returns their sources.
func (s *session) loadHelpers() ([]string, error) {
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
		s.track(piece{fset: fset, file: f})
	}
	return helpers, nil
}

// helpers are the compiled functions cells reach as __aekit.
func (s *session) helpers() map[string]reflect.Value {
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
// with (see withVariant).
func (s *session) picture(name string) string {
	s.mu.Lock()
	step := s.running
	s.mu.Unlock()
	if step != nil {
		name = withVariant(lessons.StepPicture(step.lesson, step.index, name), step.variant)
	}
	s.ensureOut()
	return filepath.Join(s.opts.out, name)
}

// withVariant puts a step run's variant into a picture's file name, before
// its extension, so that a step run again with a setting keeps the
// picture of the run before it: compression-4-reconstructions.png and
// compression-4-reconstructions-codeSize=8.png.
func withVariant(name, variant string) string {
	if variant == "" {
		return name
	}
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
func (s *session) evalRaw(ctx context.Context, src string) (v reflect.Value, err error) {
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

// stopWait is how long an interrupted cell's evaluation may take to end.
const stopWait = 10 * time.Second

// awaitStopped waits for an interrupted evaluation to end. yaegi's
// EvalWithContext returns as soon as its context is cancelled, while the
// goroutine evaluating the cell goes on until its interpreted code sees the
// stop (at once) and its compiled calls return (Fit: within one batch).
// Evaluating the next cell before that would run two evaluations in one
// interpreter at the same time. That goroutine is found by its stack.
func (s *session) awaitStopped() {
	deadline := time.Now().Add(stopWait)
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		for n == len(buf) {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		if !bytes.Contains(buf[:n], []byte("interp.(*Interpreter).EvalWithContext.func1")) {
			return
		}
		if time.Now().After(deadline) {
			s.out.printf("warning: the interrupted cell is still running compiled code that does not watch ctx; later cells may see its effects\n")
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// repair runs a no-op statement after a failed evaluation: a failed
// compile can leave the interpreter's global frame shorter than its scope
// (Globals then panics), and executing anything resizes the frame.
func (s *session) repair() {
	defer func() { recover() }()
	s.in.EvalWithContext(context.Background(), ";_ = 0")
}

// globals returns the variables and constants cells defined, except the
// helper names starting with "_".
func (s *session) globals() map[string]reflect.Value {
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
func (s *session) rawGlobals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			s.repair()
			g = nil
		}
	}()
	return s.in.Globals()
}

// names returns every name a cell can use without a selector: globals,
// functions, types and packages, sorted.
func (s *session) names() []string {
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

// ensureOut makes the out folder, for a cell that saves pictures in it.
func (s *session) ensureOut() {
	if err := os.MkdirAll(s.opts.out, 0o755); err != nil {
		s.out.printf("warning: cannot make the out folder: %v\n", err)
	}
}

// setOut changes the out folder, creating it, and the cells' out variable.
func (s *session) setOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.opts.out = dir
	_, err := s.evalRaw(context.Background(), ";out = "+strconv.Quote(dir))
	return err
}

// syncOut reads back the out variable after a cell (a cell may assign it).
func (s *session) syncOut() {
	v, ok := s.rawGlobals()["out"]
	if !ok || v.Kind() != reflect.String {
		return
	}
	if dir := v.String(); dir != "" && dir != s.opts.out {
		s.opts.out = dir
	}
}
