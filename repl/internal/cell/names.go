package cell

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// Universe holds Go's predeclared names.
var Universe = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true, "_": true,
}

// UndefinedNames returns the names a piece uses that neither the piece nor
// the session defines (known reports what the session defines). yaegi
// v0.16.1 reports some of them as "constant definition loop" (`z :=
// typo`), so the REPL looks for itself. It errs on the side of finding
// nothing: struct keys and selectors are skipped.
func UndefinedNames(p Piece, known func(string) bool) []string {
	declared := map[string]bool{}
	declare := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil {
				declared[id.Name] = true
			}
		}
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(p.File, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && n.Tok.String() == ":=" {
					declare(id)
				}
			}
		case *ast.ValueSpec:
			declare(n.Names...)
		case *ast.Field:
			declare(n.Names...)
		case *ast.FuncDecl:
			declare(n.Name)
		case *ast.TypeSpec:
			declare(n.Name)
		case *ast.ImportSpec:
			declare(n.Name)
		case *ast.RangeStmt:
			if id, ok := n.Key.(*ast.Ident); ok {
				declare(id)
			}
			if id, ok := n.Value.(*ast.Ident); ok {
				declare(id)
			}
		case *ast.LabeledStmt:
			declare(n.Label)
		case *ast.BranchStmt:
			skip[n.Label] = true
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						skip[id] = true
					}
				}
			}
		}
		return true
	})
	set := map[string]bool{}
	ast.Inspect(p.File, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] || declared[id.Name] || Universe[id.Name] || known(id.Name) {
			return true
		}
		if id.Name == "main" || id == p.File.Name {
			return true
		}
		set[id.Name] = true
		return true
	})
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// UndefinedIn returns the names a Go expression uses that known does not
// report as defined; nil when the expression does not parse.
func UndefinedIn(expr string, known func(string) bool) []string {
	p := Piece{Src: "_ = " + expr, Line: 1}
	if err := p.Parse(); err != nil {
		return nil
	}
	return UndefinedNames(p, known)
}

// IdentSet returns the identifiers in Go source.
func IdentSet(src string) map[string]bool {
	set := map[string]bool{}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			set[lit] = true
		}
	}
	return set
}

// DefinedIdents returns the identifiers a top-level statement declares:
// the left side of :=, the names of a var declaration.
func DefinedIdents(st ast.Stmt) []*ast.Ident {
	var out []*ast.Ident
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					out = append(out, id)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				out = append(out, sp.(*ast.ValueSpec).Names...)
			}
		}
	}
	return out
}

// Defines returns the names a cell's code declares at its top level:
// variables (:= and var), functions, types and constants; nil when it does
// not parse.
func Defines(code string) []string {
	pieces, err := Split(code)
	if err != nil {
		return nil
	}
	var names []string
	for _, p := range pieces {
		for _, st := range p.Stmts() {
			for _, id := range DefinedIdents(st) {
				names = append(names, id.Name)
			}
		}
		if !p.Decl {
			continue
		}
		for _, d := range p.File.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name != "_" {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						names = append(names, sp.Name.Name)
					case *ast.ValueSpec:
						for _, id := range sp.Names {
							if id.Name != "_" {
								names = append(names, id.Name)
							}
						}
					}
				}
			}
		}
	}
	return names
}

// PkgBase returns the package name yaegi uses for an import path: its last
// element.
func PkgBase(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// WithPrefix returns the sorted, distinct names starting with prefix: the
// candidates Tab completion offers, for names and commands alike.
func WithPrefix(names []string, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
