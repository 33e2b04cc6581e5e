package pipeline

import (
	"bytes"
	"context"
	"errors"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/symbols"
	"github.com/aekit/aekit/repl/internal/typecheck"
)

// Progress is what Run reports a cell's training to: ae.Progress, and the
// line to print when the cell ends ("" for none).
type Progress interface {
	ae.Progress
	Summary() string
}

// Run evaluates one cell: it splits, checks and evaluates the cell piece
// by piece, prints its values, its warnings and, at the end, prog's
// summary and the problem that stopped it, which it returns (nil when the
// cell ran). step is the lesson step the cell runs, if any; prog, if not
// nil, is told of training.
func (s *Session) Run(src string, step *StepRef, prog Progress) *Problem {
	if ids := cell.IdentSet(src); ids["out"] || ids["picture"] {
		s.ensureOut() // for a cell that saves into out with a package of its own choice
	}
	s.mu.Lock()
	s.running = step
	s.mu.Unlock()
	pr := s.evalCell(src, prog)
	s.mu.Lock()
	s.running = nil
	s.stopEarly = false
	s.mu.Unlock()
	if prog != nil {
		if line := prog.Summary(); line != "" {
			s.out.endLine()
			s.out.printf("%s\n", line)
		}
	}
	s.out.endLine()
	if pr != nil {
		s.out.printf("%s\n", pr)
	}
	s.syncOut()
	return pr
}

// evalCell splits, checks and evaluates a cell piece by piece, stopping at
// the first problem.
func (s *Session) evalCell(src string, prog Progress) *Problem {
	pieces, err := cell.Split(src)
	if err != nil {
		var se *cell.SyntaxError
		if errors.As(err, &se) {
			msg := "syntax error: " + se.Msg
			return &Problem{Kind: "error", Line: se.Line, Msg: msg, Hint: typecheck.Hint(msg, typecheck.LineText(src, se.Line), src, s.Names())}
		}
		return &Problem{Kind: "error", Msg: err.Error()}
	}
	ct, terrs := s.tenv.Check(pieces)
	if len(terrs) > 0 {
		return s.typeProblem(terrs, src)
	}
	env := guardEnv{imports: s.imports, symbols: symbols.Symbols, globals: s.globals(), funcs: s.funcs}
	var refused *Problem
	for _, f := range guard(env, pieces) {
		if f.warn {
			s.out.printf("%s\n", f)
			continue
		}
		if refused == nil {
			refused = &Problem{Kind: "error", Line: f.line, Msg: f.msg, Hint: f.hint}
		}
	}
	if refused != nil {
		return refused
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if prog != nil {
		ctx = ae.WithProgress(ctx, prog)
	}
	s.ctxv.set(ctx)
	s.mu.Lock()
	s.cancel = cancel
	if s.stopEarly {
		cancel() // interrupted while it was being checked
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()

	shadow := s.builtinShadow(pieces)
	for i, p := range pieces {
		if pr := s.evalPiece(ctx, p, shadow, ct.ExprTypes[i]); pr != nil {
			return pr
		}
		s.tenv.Apply(ct.Deltas[i])
	}
	return nil
}

// Interrupt cancels the running cell and reports whether there was one
// being evaluated. Called while Run checks a cell, before its evaluation
// starts, it stops the evaluation as soon as it starts.
func (s *Session) Interrupt() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		s.stopEarly = true
		return false
	}
	s.cancel()
	return true
}

// Running reports whether a cell is being evaluated.
func (s *Session) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancel != nil
}

// evalPiece evaluates one piece and prints the value of an expression
// statement.
func (s *Session) evalPiece(ctx context.Context, p cell.Piece, shadow func(string) bool, static types.Type) *Problem {
	if !p.Decl {
		var pr *Problem
		if p, pr = s.fixIndexedDefine(ctx, p, shadow); pr != nil {
			return pr
		}
	}
	body := rewriteGo(p, shadow) // go statements recover their panics
	var src string
	switch {
	case p.Decl:
		src = body
		if imp, ok := s.newImports(p); ok {
			if imp == "" {
				return nil // every package is imported already
			}
			src = imp
		}
	case p.Compound():
		// Inside a block at the top level, yaegi v0.16.1 fails on
		// `a, err := f()` ("undefined: err") and on comma-ok forms; in a
		// function it does not. A block's names are its own, so running
		// it as a function literal changes nothing else.
		src = ";func() {" + body + "\n}()"
	default:
		// A leading ";" makes the first token a semicolon, so yaegi wraps
		// the piece in a function body even when it starts with "func" or
		// "var": a statement "func(){...}()" would otherwise become a main
		// function that runs again after every later cell, and a top-level
		// "var y = x" after "x := 1" would fail ("variable definition
		// loop").
		src = ";" + body
	}
	x := p.ExprStmt()
	switch {
	case x == nil:
		if _, pr := s.evalTraced(ctx, src, p); pr != nil {
			return pr
		}
		if p.Decl {
			s.track(p)
		}
		return nil

	case isCall(x):
		if silentCall(x) {
			_, pr := s.evalTraced(ctx, src, p)
			return pr
		}
		// Wrapped in a compiled variadic function, a call hands over all
		// its results; a call without results does not compile that way
		// and is evaluated as it is.
		s.mu.Lock()
		s.values = s.values[:0]
		s.mu.Unlock()
		s.trace.Reset()
		_, err := s.evalRaw(ctx, ";__aekit.Values("+body+")")
		var pe interp.Panic
		switch {
		case err == nil:
			s.printValues()
			return nil
		case errors.As(err, &pe), ctx.Err() != nil:
			return explain(err, p, s.trace.String()) // it ran, and failed
		}
		_, pr := s.evalTraced(ctx, src, p)
		return pr

	default:
		v, pr := s.evalTraced(ctx, src, p)
		if pr != nil {
			return pr
		}
		s.out.printf("%s\n", showStatic(v, static))
		return nil
	}
}

// evalTraced evaluates src for piece p and explains a failure.
func (s *Session) evalTraced(ctx context.Context, src string, p cell.Piece) (reflect.Value, *Problem) {
	s.trace.Reset()
	v, err := s.evalRaw(ctx, src)
	if err != nil {
		pr := explain(err, p, s.trace.String())
		if strings.Contains(pr.Msg, "definition loop") {
			// yaegi's words for `z := typo`.
			if names := cell.UndefinedNames(p, s.Known); len(names) > 0 {
				pr.Msg = "undefined: " + strings.Join(names, ", ")
				pr.Hint = compileHint("undefined: " + names[0])
			}
		}
		return v, pr
	}
	return v, nil
}

// printValues prints what __aekit.Values captured, leaving out nil
// results (a call's nil error says nothing).
func (s *Session) printValues() {
	s.mu.Lock()
	vals := append([]reflect.Value(nil), s.values...)
	s.mu.Unlock()
	var parts []string
	for _, v := range vals {
		if !v.IsValid() {
			continue
		}
		parts = append(parts, show(v))
	}
	if len(parts) == 0 {
		return
	}
	sep := "  "
	for _, p := range parts {
		if strings.Contains(p, "\n") || len(p) > 40 {
			sep = "\n"
		}
	}
	s.out.printf("%s\n", strings.Join(parts, sep))
}

func isCall(x ast.Expr) bool {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	_, ok := x.(*ast.CallExpr)
	return ok
}

// silentCall reports whether a call prints for itself, so its results
// (fmt.Println's byte count) are not shown.
func silentCall(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		switch fun.Name {
		case "print", "println", "panic", "check":
			return true
		}
	case *ast.SelectorExpr:
		if pkg, ok := fun.X.(*ast.Ident); ok && pkg.Name == "fmt" {
			return strings.HasPrefix(fun.Sel.Name, "Print") || strings.HasPrefix(fun.Sel.Name, "Fprint")
		}
	}
	return false
}

// newImports returns, for an import piece, an import declaration of the
// packages not imported yet ("" when there are none): yaegi refuses to
// import a package twice, and a pasted file repeats the prelude's imports.
func (s *Session) newImports(p cell.Piece) (string, bool) {
	if !p.Decl || len(p.File.Decls) != 1 {
		return "", false
	}
	gd, ok := p.File.Decls[0].(*ast.GenDecl)
	if !ok || gd.Tok != token.IMPORT {
		return "", false
	}
	var b strings.Builder
	for _, spec := range gd.Specs {
		sp := spec.(*ast.ImportSpec)
		path, err := strconv.Unquote(sp.Path.Value)
		if err != nil {
			return "", false
		}
		name := cell.PkgBase(path)
		if sp.Name != nil {
			name = sp.Name.Name
		}
		if s.imports[name] == path {
			continue
		}
		if sp.Name != nil {
			b.WriteString(sp.Name.Name + " ")
		}
		b.WriteString(sp.Path.Value + "\n")
	}
	if b.Len() == 0 {
		return "", true
	}
	return "import (\n" + b.String() + ")", true
}

// track records the functions, types and imports a declaration piece
// defined: yaegi's Globals lists only variables and constants.
func (s *Session) track(p cell.Piece) {
	for _, d := range p.File.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				continue
			}
			s.funcs[d.Name.Name] = nodeString(p.Fset, d.Type)
			delete(s.types, d.Name.Name)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch sp := spec.(type) {
				case *ast.TypeSpec:
					s.types[sp.Name.Name] = nodeString(p.Fset, sp.Type)
					delete(s.funcs, sp.Name.Name)
				case *ast.ImportSpec:
					path, err := strconv.Unquote(sp.Path.Value)
					if err != nil {
						continue
					}
					name := cell.PkgBase(path)
					if sp.Name != nil {
						name = sp.Name.Name
					}
					if name != "_" && name != "." {
						s.imports[name] = path
					}
				}
			}
		}
	}
}

// nodeString prints an AST node on one line, shortened.
func nodeString(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, fset, n)
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 70 {
		s = s[:69] + "…"
	}
	return s
}

// EvalString evaluates a string expression in the session (an exercise's
// Answer).
func (s *Session) EvalString(expr string) (string, error) {
	v, err := s.evalRaw(context.Background(), ";"+expr)
	if err != nil {
		p := explain(err, cell.Piece{Line: 1}, "")
		return "", errors.New(p.Msg)
	}
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.String {
		return "", errors.New("the answer " + strconv.Quote(expr) + " is not a string")
	}
	return v.String(), nil
}

// EvalBool evaluates a boolean expression in the session (an exercise's
// Check).
func (s *Session) EvalBool(expr string) (bool, error) {
	v, err := s.evalRaw(context.Background(), ";"+expr)
	if err != nil {
		p := explain(err, cell.Piece{Line: 1}, "")
		return false, errors.New(p.Msg)
	}
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Bool {
		return false, errors.New("the check " + strconv.Quote(expr) + " is not a boolean")
	}
	return v.Bool(), nil
}
