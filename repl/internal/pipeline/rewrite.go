package pipeline

import (
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strings"

	"github.com/aekit/aekit/repl/internal/cell"
)

// A panic on any goroutine but the one evaluating a cell kills the whole
// process, so every go statement in a cell is rewritten to recover:
//
//	go func(a int) { … }(x)  →  go func(a int) { defer <recover>; … }(x)
//	go f(x, y)               →  go __aekit.Go(f, x, y)
//	go f(x, ys...)           →  go __aekit.GoSpread(f, []interface{}{x}, ys)
//	go println(x)            →  go func() { defer <recover>; println(x) }()
//
// The first form keeps the literal interpreted (closures handed to compiled
// code misbehave in yaegi v0.16.1); the second and third evaluate the
// function and its arguments at the go statement, as Go does, and call it
// from compiled code that recovers. Only builtins, which cannot be passed
// as values, are evaluated late. The rewrite keeps every line where it was.
const deferRecover = "defer func() { if r := recover(); r != nil { __aekit.GoPanic(r) } }(); "

// edit replaces p.Src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// rewriteGo returns the cell.Piece's source with its go statements made safe.
func rewriteGo(p cell.Piece, builtinShadowed func(string) bool) string {
	var edits []edit
	ast.Inspect(p.File, func(n ast.Node) bool {
		gs, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		call := gs.Call
		switch fun := call.Fun.(type) {
		case *ast.FuncLit:
			at := p.Offset(fun.Body.Lbrace) + 1
			edits = append(edits, edit{at, at, deferRecover})
			return true
		case *ast.Ident:
			if isBuiltin(fun.Name) && !builtinShadowed(fun.Name) {
				edits = append(edits, edit{p.Offset(call.Pos()), p.Offset(call.End()),
					"func() { " + deferRecover + p.SrcOf(call) + " }()"})
				return false
			}
		}
		args := make([]string, len(call.Args))
		for i, a := range call.Args {
			args[i] = p.SrcOf(a)
		}
		var text string
		if call.Ellipsis.IsValid() && len(args) > 0 {
			text = fmt.Sprintf("__aekit.GoSpread(%s, []interface{}{%s}, %s)",
				p.SrcOf(call.Fun), strings.Join(args[:len(args)-1], ", "), args[len(args)-1])
		} else {
			text = "__aekit.Go(" + strings.Join(append([]string{p.SrcOf(call.Fun)}, args...), ", ") + ")"
		}
		edits = append(edits, edit{p.Offset(call.Pos()), p.Offset(call.End()), text})
		return false
	})
	return applyEdits(p.Src, edits)
}

// applyEdits applies non-overlapping edits; an edit inside an earlier
// replaced span is dropped.
func applyEdits(src string, edits []edit) string {
	if len(edits) == 0 {
		return src
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:])
	return b.String()
}

func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// goCall is __aekit.Go: it calls fn with args, recovering a panic. It runs
// on the goroutine the cell's go statement started.
func (s *Session) goCall(fn interface{}, args ...interface{}) {
	defer s.recoverGoroutine()
	callValue(fn, args, nil)
}

// goSpread is __aekit.GoSpread, for go f(a, rest...).
func (s *Session) goSpread(fn interface{}, args []interface{}, rest interface{}) {
	defer s.recoverGoroutine()
	callValue(fn, args, rest)
}

// recoverGoroutine reports a goroutine's panic instead of letting it end
// the process.
func (s *Session) recoverGoroutine() {
	if r := recover(); r != nil {
		s.goPanic(r)
	}
}

// goPanic is __aekit.GoPanic: a goroutine a cell started panicked.
func (s *Session) goPanic(r interface{}) {
	msg, hint := explainPanic(r)
	s.out.printf("\nerror in a goroutine started by a cell: %s\n", msg)
	if hint != "" {
		s.out.printf("  hint: %s\n", hint)
	}
}

// callValue calls fn with args (converted to the parameter types where Go
// would convert an untyped constant) and, when rest is not nil, the
// elements of the slice rest as the variadic tail.
func callValue(fn interface{}, args []interface{}, rest interface{}) {
	f := reflect.ValueOf(fn)
	if f.Kind() != reflect.Func {
		panic(fmt.Sprintf("go statement: %T is not a function", fn))
	}
	t := f.Type()
	in := make([]reflect.Value, 0, len(args))
	for i, a := range args {
		var pt reflect.Type
		switch {
		case t.IsVariadic() && i >= t.NumIn()-1:
			if rest != nil {
				pt = t.In(i)
			} else {
				pt = t.In(t.NumIn() - 1).Elem()
			}
		case i < t.NumIn():
			pt = t.In(i)
		}
		in = append(in, convertArg(a, pt))
	}
	if rest != nil {
		in = append(in, convertArg(rest, t.In(t.NumIn()-1)))
		f.CallSlice(in)
		return
	}
	f.Call(in)
}

func convertArg(a interface{}, t reflect.Type) reflect.Value {
	if a == nil {
		if t == nil {
			return reflect.Value{}
		}
		return reflect.Zero(t)
	}
	v := reflect.ValueOf(a)
	if t != nil && v.Type() != t && !v.Type().AssignableTo(t) && v.Type().ConvertibleTo(t) {
		v = v.Convert(t)
	}
	return v
}

// builtinShadow reports whether a cell declared a function or variable
// with a builtin's name.
func (s *Session) builtinShadow(pieces []cell.Piece) func(string) bool {
	return func(name string) bool {
		if _, ok := s.funcs[name]; ok {
			return true
		}
		if _, ok := s.rawGlobals()[name]; ok {
			return true
		}
		for _, p := range pieces {
			found := false
			ast.Inspect(p.File, func(n ast.Node) bool {
				if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == name && fd.Recv == nil {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
		return false
	}
}
