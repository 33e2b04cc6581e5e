package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/repl/internal/symbols"
)

// cellRecord is one evaluated cell of the notebook, for :save.
type cellRecord struct {
	code   string
	failed string   // how the cell failed (its problem's first line), "" if it did not
	output string   // everything the cell printed
	pngs   []string // pictures it saved
	step   *stepRef // the lesson step it ran, if any
}

// runCell evaluates one cell and prints its values, its errors and the
// pictures it saved. The returned error is the cell's problem, already
// printed.
func (s *session) runCell(src string, step *stepRef) error {
	rec := &cellRecord{code: strings.Trim(src, "\n"), step: step}
	if ids := identSet(src); ids["out"] || ids["picture"] {
		s.ensureOut() // for a cell that saves into out with a package of its own choice
	}
	s.out.startCapture()
	before := s.snapshotPNGs()
	start := time.Now()
	s.mu.Lock()
	s.running = step
	s.mu.Unlock()
	err := s.evalCell(src)
	s.mu.Lock()
	s.running = nil
	s.mu.Unlock()
	elapsed := time.Since(start)
	s.out.endLine()
	if err != nil {
		s.out.printf("%s\n", err)
	}
	s.syncOut()
	rec.pngs = s.newPNGs(before)
	if err != nil {
		rec.failed = headlineOf(err)
	}
	// The notebook shows the pictures themselves; these lines are for the
	// terminal only.
	rec.output = s.out.stopCapture()
	for _, p := range rec.pngs {
		s.out.printf("saved %s\n", p)
	}
	if s.timing {
		s.out.printf("(%s)\n", formatDuration(elapsed))
	}
	if n := len(rec.pngs); n > 0 && s.interactive {
		s.preview(rec.pngs[n-1], previewCols)
	}
	s.mu.Lock()
	s.cells = append(s.cells, rec)
	s.plots = append(s.plots, rec.pngs...)
	s.mu.Unlock()
	return err
}

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// evalCell splits, checks and evaluates a cell piece by piece, stopping at
// the first problem.
func (s *session) evalCell(src string) error {
	pieces, err := splitCell(src)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			msg := "syntax error: " + se.msg
			return &problem{kind: "error", line: se.line, msg: msg, hint: hintFor(msg, cellLineText(src, se.line), src, s.names())}
		}
		return &problem{kind: "error", msg: err.Error()}
	}
	ct, terrs := s.tenv.checkCell(pieces)
	if len(terrs) > 0 {
		return s.typeProblem(terrs, src)
	}
	env := guardEnv{imports: s.imports, symbols: symbols.Symbols, globals: s.globals(), funcs: s.funcs}
	var refused *problem
	for _, f := range guard(env, pieces) {
		if f.warn {
			s.out.printf("%s\n", f)
			continue
		}
		if refused == nil {
			refused = &problem{kind: "error", line: f.line, msg: f.msg, hint: f.hint}
		}
	}
	if refused != nil {
		return refused
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.mu.Lock()
	prog := newProgress(s.out, s.interactive, s.running == nil)
	s.prog = prog
	s.mu.Unlock()
	defer prog.done()
	ctx = ae.WithProgress(ctx, prog)
	s.ctxv.set(ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()

	shadow := s.builtinShadow(pieces)
	for i, p := range pieces {
		if err := s.evalPiece(ctx, p, shadow, ct.exprTypes[i]); err != nil {
			return err
		}
		s.tenv.apply(ct.deltas[i])
	}
	return nil
}

// interrupt cancels the running cell and reports whether there was one.
func (s *session) interrupt() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return false
	}
	s.cancel()
	return true
}

// evalPiece evaluates one piece and prints the value of an expression
// statement.
func (s *session) evalPiece(ctx context.Context, p piece, shadow func(string) bool, static types.Type) error {
	if !p.decl {
		var err error
		if p, err = s.fixIndexedDefine(ctx, p, shadow); err != nil {
			return err
		}
	}
	body := rewriteGo(p, shadow) // go statements recover their panics
	var src string
	switch {
	case p.decl:
		src = body
		if imp, ok := s.newImports(p); ok {
			if imp == "" {
				return nil // every package is imported already
			}
			src = imp
		}
	case p.compound():
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
	x := p.exprStmt()
	switch {
	case x == nil:
		if _, err := s.evalTraced(ctx, src, p); err != nil {
			return err
		}
		if p.decl {
			s.track(p)
		}
		return nil

	case isCall(x):
		if silentCall(x) {
			_, err := s.evalTraced(ctx, src, p)
			return err
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
		_, err = s.evalTraced(ctx, src, p)
		return err

	default:
		v, err := s.evalTraced(ctx, src, p)
		if err != nil {
			return err
		}
		s.out.printf("%s\n", showStatic(v, static))
		return nil
	}
}

// evalTraced evaluates src for piece p and explains a failure.
func (s *session) evalTraced(ctx context.Context, src string, p piece) (reflect.Value, error) {
	s.trace.Reset()
	v, err := s.evalRaw(ctx, src)
	if err != nil {
		pr := explain(err, p, s.trace.String())
		if strings.Contains(pr.msg, "definition loop") {
			// yaegi's words for `z := typo`.
			if names := undefinedNames(p, s.known); len(names) > 0 {
				pr.msg = "undefined: " + strings.Join(names, ", ")
				pr.hint = compileHint("undefined: " + names[0])
			}
		}
		return v, pr
	}
	return v, nil
}

// printValues prints what __aekit.Values captured, leaving out nil
// results (a call's nil error says nothing).
func (s *session) printValues() {
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
func (s *session) newImports(p piece) (string, bool) {
	if !p.decl || len(p.file.Decls) != 1 {
		return "", false
	}
	gd, ok := p.file.Decls[0].(*ast.GenDecl)
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
		name := pkgBase(path)
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
func (s *session) track(p piece) {
	for _, d := range p.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				continue
			}
			s.funcs[d.Name.Name] = nodeString(p.fset, d.Type)
			delete(s.types, d.Name.Name)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch sp := spec.(type) {
				case *ast.TypeSpec:
					s.types[sp.Name.Name] = nodeString(p.fset, sp.Type)
					delete(s.funcs, sp.Name.Name)
				case *ast.ImportSpec:
					path, err := strconv.Unquote(sp.Path.Value)
					if err != nil {
						continue
					}
					name := pkgBase(path)
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
