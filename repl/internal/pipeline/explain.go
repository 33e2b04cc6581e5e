package pipeline

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/protocol"
	"github.com/aekit/aekit/repl/internal/symbols"
	"github.com/aekit/aekit/repl/internal/typecheck"
)

// checkFailure is what check panics with: the cell stops, and the REPL
// shows the error without a stack trace.
type checkFailure struct{ err error }

// checkErr is the compiled body of the predefined check function.
func checkErr(err error) {
	if err != nil {
		panic(checkFailure{err})
	}
}

// Problem is one failed cell, explained: "<kind>: line N: <msg>" and a
// hint. It is the protocol's type, so that the kernel sends what the
// pipeline explains as it is.
type Problem = protocol.Problem

var (
	posPrefix   = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): (.*)$`)
	panicTrace  = regexp.MustCompile(`(?m)^(\d+):\d+: panic: main\(\.\.\.\)\s*$`)
	undefinedRe = regexp.MustCompile(`^undefined: (\w+)$`)
	noSymbolRe  = regexp.MustCompile(`^package (\w+) "[^"]*" has no symbol (\w+)$`)
)

// explain turns an evaluation error of cell.Piece p into a problem. trace is
// what yaegi wrote to its Stderr while evaluating the cell.Piece.
func explain(err error, p cell.Piece, trace string) *Problem {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Problem{Kind: "interrupted"}
	}
	var pe interp.Panic
	if errors.As(err, &pe) {
		msg, hint := explainPanic(pe.Value)
		pr := &Problem{Kind: "panic", Msg: msg, Hint: hint}
		if _, ok := unwrapPanic(pe.Value).(checkFailure); ok {
			pr.Kind = "error"
		}
		if m := panicTrace.FindAllStringSubmatch(trace, -1); len(m) > 0 {
			if l, err := strconv.Atoi(m[len(m)-1][1]); err == nil {
				pr.Line = p.Line + l - 1
			}
		}
		if msg == "nil type" {
			pr.Kind = "error"
			pr.Msg = yaegi + " crashed compiling this code (\"nil type\")"
			pr.Hint = "the usual causes are a top-level `v, ok := …`, `for i := range n` over an int or a function, and a type switch that binds a variable outside a function; see :help."
		}
		return pr
	}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return &Problem{Kind: "error", Line: p.Line + list[0].Pos.Line - 1, Msg: "syntax error: " + list[0].Msg}
	}
	pr := &Problem{Kind: "error", Msg: err.Error()}
	if m := posPrefix.FindStringSubmatch(pr.Msg); m != nil {
		l, _ := strconv.Atoi(m[1])
		pr.Line = p.Line + l - 1
		pr.Msg = m[3]
	}
	pr.Hint = compileHint(pr.Msg)
	return pr
}

// compileHint returns advice for a yaegi compile error message.
func compileHint(msg string) string {
	if m := undefinedRe.FindStringSubmatch(msg); m != nil {
		switch m[1] {
		case "min", "max", "clear":
			return yaegi + " has Go 1.20's builtins: use math.Min/math.Max or an if; for clear, a loop."
		}
		return "is it defined in a cell or step you have not run yet? :vars lists the names defined so far."
	}
	if m := noSymbolRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("check the spelling (%s.<Tab> lists what it has). Generic functions and types are not available in cells.", m[1])
	}
	switch {
	case strings.Contains(msg, "variable definition loop"):
		return "write `y := …` instead of `var y = …` when the value uses a name defined with :=."
	case strings.Contains(msg, "constant definition loop"):
		return yaegi + " cannot infer the type of this `:=` at the top level of a cell (yaegi issue #1437): declare the variable with its type, `var x T = …`, or compute it inside a function."
	}
	return ""
}

// unwrapPanic returns the value a panic carried: yaegi hands interpreted
// panic values over as reflect.Values.
func unwrapPanic(r interface{}) interface{} {
	if v, ok := r.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return r
}

// explainPanic returns the message and hint for a panic value.
func explainPanic(r interface{}) (msg, hint string) {
	r = unwrapPanic(r)
	const nilHint = "a nil value was used: a variable never set, or the result of a call whose error was not checked (use check(err))."
	switch v := r.(type) {
	case checkFailure:
		return v.err.Error(), ""
	case symbols.ExitError:
		return v.Error() + "; the cell stopped there", "to stop a cell, use check(err) or return from the function."
	case *reflect.ValueError:
		if strings.Contains(v.Error(), "zero Value") {
			return "invalid memory address or nil pointer dereference", nilHint
		}
		return v.Error(), ""
	case runtime.Error:
		s := v.Error()
		switch {
		case strings.Contains(s, "nil pointer"), strings.Contains(s, "nil map"):
			return s, nilHint
		case strings.Contains(s, "index out of range"), strings.Contains(s, "slice bounds out of range"):
			return s, "an index is past the end: compare it with len(…) (or x.Dims() for a matrix)."
		case strings.Contains(s, "integer divide by zero"):
			return s, ""
		}
		return s, ""
	case error:
		return withMatHint(v.Error())
	case string:
		return withMatHint(v)
	}
	return withMatHint(fmt.Sprint(r))
}

func withMatHint(msg string) (string, string) {
	switch {
	case strings.HasPrefix(msg, "mat: ") && strings.Contains(msg, "index out of range"):
		return msg, "a row or column past the end of a matrix: r, c := x.Dims() gives its size; rows run from 0 to r-1, columns from 0 to c-1."
	case strings.HasPrefix(msg, "mat: "):
		return msg, "matrix shapes disagree: print each operand's r, c := x.Dims() and check rows × columns."
	case strings.Contains(msg, "index out of range"):
		return msg, "an index is past the end: compare it with len(…) (or x.Dims() for a matrix)."
	case strings.HasPrefix(msg, "reflect: cannot use") && strings.HasSuffix(msg, "in Call"):
		return msg, yaegi + " cannot pass a value of a cell's type through a compiled ...variadic parameter one by one; spread a slice instead: p.Add([]plot.Plotter{v}...)."
	}
	return msg, ""
}

// typeProblem turns the type checker's errors in the cell src into the
// cell's problem: the first error in the compiler's words, with a hint,
// and how many more there are.
func (s *Session) typeProblem(errs []typecheck.Error, src string) *Problem {
	e := errs[0]
	pr := &Problem{Kind: "error", Line: e.Line, Msg: e.Msg, Hint: typecheck.Hint(e.Msg, typecheck.LineText(src, e.Line), src, s.Names())}
	if pr.Hint == "" {
		pr.Hint = compileHint(e.Msg)
	}
	if n := len(errs) - 1; n > 0 {
		pr.Msg += fmt.Sprintf(" (and %d more error%s)", n, plural(n))
	}
	return pr
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
