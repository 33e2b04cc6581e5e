package pipeline

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/aekit/aekit/repl/internal/cell"
)

// A finding is a construct the guard found before evaluation: an error for
// the forms that crash or silently misbehave in yaegi v0.16.1, a warning
// for the ones that only may.
type finding struct {
	line int
	msg  string
	hint string
	warn bool
}

// String is the finding as the REPL prints it.
func (f finding) String() string {
	kind := "error"
	if f.warn {
		kind = "warning"
	}
	s := fmt.Sprintf("%s: line %d: %s", kind, f.line, f.msg)
	if f.hint != "" {
		s += "\n  hint: " + f.hint
	}
	return s
}

// guardEnv is what the guard knows about the session.
type guardEnv struct {
	imports map[string]string                   // package name → import path
	symbols map[string]map[string]reflect.Value // compiled tables by "path/name"
	globals map[string]reflect.Value            // variables and constants
	funcs   map[string]string                   // functions cells declared
}

// guard checks a parsed cell and returns its findings in line order.
func guard(env guardEnv, pieces []cell.Piece) []finding {
	g := &guarder{env: env, local: map[string]string{}, defined: map[string]bool{}}
	for _, p := range pieces {
		g.collect(p)
	}
	for _, p := range pieces {
		g.p = p
		g.walk(p.File, nil)
	}
	sort.SliceStable(g.found, func(i, j int) bool { return g.found[i].line < g.found[j].line })
	return g.found
}

type guarder struct {
	env     guardEnv
	p       cell.Piece
	local   map[string]string // names the cell defines → "int", "func" or ""
	defined map[string]bool   // every name the cell declares
	found   []finding
	warned  bool // the loop-closure warning is given once per cell
}

// collect records the names a piece defines, and a rough kind for each.
func (g *guarder) collect(p cell.Piece) {
	ast.Inspect(p.File, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil && n.Name.Name != "_" {
				g.local[n.Name.Name] = "func"
				g.defined[n.Name.Name] = true
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				g.defined[id.Name] = true
				if len(n.Lhs) == len(n.Rhs) {
					g.local[id.Name] = g.kind(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				g.defined[id.Name] = true
				switch {
				case n.Type != nil:
					if t, ok := n.Type.(*ast.Ident); ok && isIntType(t.Name) {
						g.local[id.Name] = "int"
					} else if _, ok := n.Type.(*ast.FuncType); ok {
						g.local[id.Name] = "func"
					}
				case len(n.Values) == len(n.Names):
					g.local[id.Name] = g.kind(n.Values[i])
				}
			}
		case *ast.TypeSpec:
			g.defined[n.Name.Name] = true
		case *ast.Field: // parameters, results, struct fields
			for _, id := range n.Names {
				g.defined[id.Name] = true
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					g.defined[id.Name] = true
				}
			}
		}
		return true
	})
}

func isIntType(name string) bool {
	switch name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
		return true
	}
	return false
}

// kind guesses whether e is an integer or a function: enough to catch the
// range forms yaegi v0.16.1 cannot compile.
func (g *guarder) kind(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return g.kind(e.X)
	case *ast.BasicLit:
		if e.Kind == token.INT {
			return "int"
		}
	case *ast.FuncLit:
		return "func"
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && !g.defined[id.Name] {
			if id.Name == "len" || id.Name == "cap" || isIntType(id.Name) {
				return "int"
			}
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.OR, token.XOR, token.AND_NOT:
			kx, ky := g.kind(e.X), g.kind(e.Y)
			if kx == "int" || ky == "int" {
				return "int"
			}
		}
	case *ast.Ident:
		if k, ok := g.local[e.Name]; ok {
			return k
		}
		if _, ok := g.env.funcs[e.Name]; ok {
			return "func"
		}
		if v, ok := g.env.globals[e.Name]; ok && v.IsValid() {
			switch v.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				return "int"
			case reflect.Func:
				return "func"
			}
		}
	}
	return ""
}

func (g *guarder) add(n ast.Node, warn bool, msg, hint string) {
	g.found = append(g.found, finding{line: g.p.CellLine(n.Pos()), msg: msg, hint: hint, warn: warn})
}

// walk visits n with its ancestors in stack (innermost last).
func (g *guarder) walk(n ast.Node, stack []ast.Node) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	g.visit(n, stack)
	stack = append(stack, n)
	ast.Inspect(n, func(c ast.Node) bool {
		if c == n {
			return true
		}
		if c != nil {
			g.walk(c, stack)
		}
		return false
	})
}

// topLevel reports whether a statement is directly in the cell (in the
// func _ that wraps a statement cell.Piece), not in a block: the REPL runs a
// top-level block statement in a function literal, so only direct
// statements define globals, and only they meet yaegi's top-level bugs.
func topLevel(stack []ast.Node) bool {
	n := len(stack)
	if n >= 2 {
		if fd, ok := stack[n-2].(*ast.FuncDecl); ok && fd.Name.Name == "_" {
			_, ok := stack[n-1].(*ast.BlockStmt)
			return ok
		}
	}
	return false
}

// inLoop reports whether the node is inside a loop body within its
// innermost function.
func inLoop(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncDecl:
			return false
		}
	}
	return false
}

const (
	hintCommaOK   = yaegi + " crashes on a top-level `v, ok := …`. Declare the variables first and assign with =: `var v T; var ok bool` then `v, ok = …` — or do it inside a function."
	hintIntRange  = "ranging over an integer crashes " + yaegi + "; write `for i := 0; i < n; i++ { … }`."
	hintFuncRange = "ranging over a function crashes " + yaegi + "; call it with the loop body as its yield function: `seq(func(v T) bool { …; return true })`."
	hintLoopFunc  = yaegi + " shares the loop's variables among closures made in the loop (issues #1594, #1634): each one may see the last iteration's values, even after `v := v`. Make each closure in a helper function called from the loop, e.g. `func hook(i int) func(…) { return func(…) { … } }`."
)

func (g *guarder) visit(n ast.Node, stack []ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Recv == nil && n.Name.Name == "main" {
			g.add(n, false, "a function called main is not allowed in a cell",
				"yaegi runs a main function again after every later cell; call it something else, e.g. `func run() { … }`, then run().")
		}
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE && len(n.Lhs) == 2 && len(n.Rhs) == 1 && commaOK(n.Rhs[0]) && topLevel(stack) {
			g.add(n, false, fmt.Sprintf("`%s` (comma-ok) outside a function is not supported", g.p.SrcOf(n)), hintCommaOK)
		}
	case *ast.ValueSpec:
		// stack: … body, DeclStmt, GenDecl
		if len(n.Names) == 2 && len(n.Values) == 1 && commaOK(n.Values[0]) && len(stack) >= 2 && topLevel(stack[:len(stack)-2]) {
			g.add(n, false, "a comma-ok `var v, ok = …` outside a function is not supported", hintCommaOK)
		}
	case *ast.RangeStmt:
		switch g.kind(n.X) {
		case "int":
			g.add(n, false, fmt.Sprintf("`range %s` over an integer is not supported", g.p.SrcOf(n.X)), hintIntRange)
		case "func":
			g.add(n, false, fmt.Sprintf("`range %s` over a function is not supported", g.p.SrcOf(n.X)), hintFuncRange)
		}
	case *ast.CallExpr:
		if id, ok := n.Fun.(*ast.Ident); ok && !g.defined[id.Name] {
			_, declared := g.env.funcs[id.Name]
			_, global := g.env.globals[id.Name]
			if !declared && !global {
				switch id.Name {
				case "min", "max":
					g.add(n, false, fmt.Sprintf("the builtin %s is not available ("+yaegi+" implements Go 1.20's builtins)", id.Name),
						fmt.Sprintf("use math.%s(a, b) for float64s, or an if for ints.", strings.ToUpper(id.Name[:1])+id.Name[1:]))
				case "clear":
					g.add(n, false, "the builtin clear is not available ("+yaegi+" implements Go 1.20's builtins)",
						"for a map: `for k := range m { delete(m, k) }`; for a slice: `for i := range s { s[i] = 0 }`.")
				}
			}
		}
	case *ast.SelectorExpr:
		g.selector(n, stack)
	case *ast.ImportSpec:
		path, err := strconv.Unquote(n.Path.Value)
		if err != nil {
			return
		}
		if _, ok := g.env.symbols[path+"/"+cell.PkgBase(path)]; !ok {
			g.add(n, false, fmt.Sprintf("package %s is not available in the REPL", path),
				"cells can import only the compiled packages: "+strings.Join(importable(g.env.symbols), ", ")+".")
		}
	case *ast.FuncLit:
		if g.warned || !inLoop(stack) || !escapes(n, stack[len(stack)-1]) {
			return
		}
		g.warned = true
		g.add(n, true, "a closure made inside a loop is kept after its iteration", hintLoopFunc)
	}
}

// escapes reports whether a function literal whose parent is parent may
// outlive the loop iteration that made it: passed to a call (not called on
// the spot), put in a composite literal, or assigned with =.
func escapes(f *ast.FuncLit, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.CallExpr:
		return p.Fun != ast.Expr(f)
	case *ast.CompositeLit, *ast.KeyValueExpr:
		return true
	case *ast.AssignStmt:
		return p.Tok == token.ASSIGN
	}
	return false
}

// commaOK reports whether e is a form that gives a second, boolean result
// when assigned to two variables.
func commaOK(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return commaOK(e.X)
	case *ast.TypeAssertExpr:
		return e.Type != nil
	case *ast.IndexExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}

// selector checks pkg.Name against the compiled package's table: a name
// that is missing (generic functions and types are dropped by yaegi
// extract) and a type used with type arguments are refused.
func (g *guarder) selector(n *ast.SelectorExpr, stack []ast.Node) {
	pkg, ok := n.X.(*ast.Ident)
	if !ok || g.defined[pkg.Name] {
		return
	}
	if _, isVar := g.env.globals[pkg.Name]; isVar {
		return
	}
	path, ok := g.env.imports[pkg.Name]
	if !ok {
		return
	}
	table, ok := g.env.symbols[path+"/"+cell.PkgBase(path)]
	if !ok {
		return
	}
	sym, ok := table[n.Sel.Name]
	if !ok {
		g.add(n, false, fmt.Sprintf("package %s has no %s", pkg.Name, n.Sel.Name),
			fmt.Sprintf("check the spelling (%s.<Tab> lists what it has). Generic functions and types are not available in cells: "+yaegi+" cannot call compiled generics.", pkg.Name))
		return
	}
	if len(stack) == 0 {
		return
	}
	var indexed bool
	switch p := stack[len(stack)-1].(type) {
	case *ast.IndexExpr:
		indexed = p.X == ast.Expr(n)
	case *ast.IndexListExpr:
		indexed = p.X == ast.Expr(n)
	}
	if indexed && isTypeSymbol(sym) {
		g.add(n, false, fmt.Sprintf("%s.%s is not generic here: type arguments on a compiled type are not supported", pkg.Name, n.Sel.Name),
			yaegi+" crashes on instantiating compiled generic types; use the package's concrete types and functions.")
	}
}

// isTypeSymbol reports whether a symbol-table entry is a type: yaegi
// extract stores types as typed nil pointers, variables as addressable
// values.
func isTypeSymbol(v reflect.Value) bool {
	return v.IsValid() && v.Kind() == reflect.Ptr && v.IsNil() && !v.CanAddr()
}

// importable lists the import paths of the compiled packages, sorted.
func importable(tables map[string]map[string]reflect.Value) []string {
	var paths []string
	for key := range tables {
		if i := strings.LastIndex(key, "/"); i > 0 {
			paths = append(paths, key[:i])
		}
	}
	sort.Strings(paths)
	return paths
}
