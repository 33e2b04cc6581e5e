package pipeline

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"

	"github.com/aekit/aekit/repl/internal/cell"
)

// yaegi v0.16.1 cannot infer, at the top level of a cell, the type of a
// `:=` or `var` whose value indexes a slice, array or map of a compiled
// type ("constant definition loop", or a nil dereference when the index is
// part of a larger expression; see yaegi issue #1437 and cogentcore #1231):
//
//	top := ae.TopK(scores, 1)[0]
//	xlo := xs[cut]             // xs came from mat.Col
//	c := s[0]                  // s a string
//
// The same statement works inside a function, and works at the top level
// once the indexed value sits in a variable declared with its type. So
// before evaluating such a statement the REPL moves each indexed operand
// into a hidden variable of the operand's type (read from its value), and
// converts a string index to byte:
//
//	__aekitH1 := ae.TopK(scores, 1)
//	var __aekitH2 []int = __aekitH1
//	top := __aekitH2[0]
//
// Calls under an index are thus evaluated before the rest of the
// statement; that is the only visible difference.
const hoistPrefix = "__aekitH"

// fixIndexedDefine returns p rewritten as above, after evaluating the
// hidden variables it needs; p itself when it needs nothing.
func (s *Session) fixIndexedDefine(ctx context.Context, p cell.Piece, shadow func(string) bool) (cell.Piece, *Problem) {
	n := 0
	for round := 0; round < 16; round++ {
		rhs := definedValues(p)
		if rhs == nil {
			return p, nil
		}
		ix := s.hoistable(rhs)
		if ix == nil {
			return p, nil
		}
		var replacement string
		x := unparen(ix.X)
		if id, ok := x.(*ast.Ident); ok && s.globalKind(id.Name) == reflect.String {
			// A byte conversion gives the index expression its type.
			replacement = "byte(" + p.SrcOf(ix) + ")"
			p.Src = p.Src[:p.Offset(ix.Pos())] + replacement + p.Src[p.Offset(ix.End()):]
		} else {
			operand := p.SrcOf(ix.X)
			if _, ok := x.(*ast.Ident); !ok {
				n++
				tmp := fmt.Sprintf("%s%d", hoistPrefix, n)
				if pr := s.evalHelper(ctx, p, ix.X.Pos(), tmp+" := "+operand, shadow); pr != nil {
					return p, pr
				}
				operand = tmp
			}
			typ, ok := s.typeSource(s.rawGlobals()[operand])
			if !ok {
				return p, nil // leave it to yaegi; the error explains
			}
			n++
			tmp := fmt.Sprintf("%s%d", hoistPrefix, n)
			if pr := s.evalHelper(ctx, p, ix.X.Pos(), "var "+tmp+" "+typ+" = "+operand, shadow); pr != nil {
				return p, pr
			}
			p.Src = p.Src[:p.Offset(ix.X.Pos())] + tmp + p.Src[p.Offset(ix.X.End()):]
		}
		if err := p.Parse(); err != nil {
			return p, syntaxProblem(err)
		}
	}
	return p, nil
}

// evalHelper evaluates a hidden statement for piece p, its errors placed
// on the line of pos.
func (s *Session) evalHelper(ctx context.Context, p cell.Piece, pos token.Pos, src string, shadow func(string) bool) *Problem {
	h := cell.Piece{Src: src, Line: p.CellLine(pos)}
	if err := h.Parse(); err != nil {
		return syntaxProblem(err)
	}
	_, pr := s.evalTraced(ctx, ";"+src, h)
	return pr
}

// syntaxProblem is the problem of a rewritten piece that does not parse.
func syntaxProblem(err error) *Problem {
	if se, ok := err.(*cell.SyntaxError); ok {
		return &Problem{Kind: "error", Line: se.Line, Msg: "syntax error: " + se.Msg}
	}
	return &Problem{Kind: "error", Msg: err.Error()}
}

// definedValues returns the values of a piece that is one top-level `:=`
// or untyped `var` statement, or nil.
func definedValues(p cell.Piece) []ast.Expr {
	list := p.Stmts()
	if len(list) != 1 {
		return nil
	}
	switch st := list[0].(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			return st.Rhs
		}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return nil
		}
		var values []ast.Expr
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Type == nil {
				values = append(values, vs.Values...)
			}
		}
		return values
	}
	return nil
}

// hoistable returns the first index expression in exprs (outside function
// literals) whose operand needs moving: a call's or selector's result, or a
// variable whose value is of a compiled type or a string. Operands that
// contain another index come later, once that one is moved.
func (s *Session) hoistable(exprs []ast.Expr) *ast.IndexExpr {
	var found *ast.IndexExpr
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IndexExpr:
				if containsIndex(n.X) {
					return true // the inner one first
				}
				switch x := unparen(n.X).(type) {
				case *ast.Ident:
					if isHoisted(x) {
						return true // moved already
					}
					if k := s.globalKind(x.Name); k == reflect.String || (k != reflect.Invalid && s.compiledType(x.Name)) {
						found = n
					}
				case *ast.CompositeLit:
					// a literal's type is written out: yaegi knows it
				default:
					found = n // a call's result, a field, a slice of one
				}
			}
			return found == nil
		})
	}
	return found
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// containsIndex reports whether e holds an index expression still to be
// moved (not one of a hidden variable).
func containsIndex(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			if id, ok := unparen(n.X).(*ast.Ident); !ok || !isHoisted(id) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isHoisted(id *ast.Ident) bool { return strings.HasPrefix(id.Name, hoistPrefix) }

// globalKind returns the kind of a global variable's value, Invalid for
// other names.
func (s *Session) globalKind(name string) reflect.Kind {
	v, ok := s.rawGlobals()[name]
	if !ok || !v.IsValid() {
		return reflect.Invalid
	}
	if v.Kind() == reflect.Interface {
		return reflect.Invalid
	}
	return v.Kind()
}

// compiledType reports whether a global's value is a slice, array or map
// whose type the REPL can write down (see typeSource): those are the ones
// to move. A variable of a cell's own types is left alone.
func (s *Session) compiledType(name string) bool {
	v := s.rawGlobals()[name]
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		_, ok := s.typeSource(v)
		return ok
	}
	return false
}

// typeSource returns Go source for the type of v, when every package it
// names is imported under its own name and no part of it is a type made
// by a cell (yaegi gives those reflect types without names).
func (s *Session) typeSource(v reflect.Value) (string, bool) {
	if !v.IsValid() || v.Kind() == reflect.Interface {
		return "", false
	}
	return s.typeString(v.Type())
}

func (s *Session) typeString(t reflect.Type) (string, bool) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), true // int, float64, error, …
		}
		name := cell.PkgBase(t.PkgPath())
		if s.imports[name] != t.PkgPath() {
			return "", false
		}
		return name + "." + t.Name(), true
	}
	switch t.Kind() {
	case reflect.Slice:
		e, ok := s.typeString(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := s.typeString(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), ok
	case reflect.Ptr:
		e, ok := s.typeString(t.Elem())
		return "*" + e, ok
	case reflect.Map:
		k, ok1 := s.typeString(t.Key())
		e, ok2 := s.typeString(t.Elem())
		return "map[" + k + "]" + e, ok1 && ok2
	}
	return "", false
}
