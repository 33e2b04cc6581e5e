package main

import (
	"go/ast"
	"sort"
)

// universe holds Go's predeclared names.
var universe = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true, "_": true,
}

// undefinedNames returns the names a piece uses that neither the piece nor
// the session defines. yaegi v0.16.1 reports some of them as "constant
// definition loop" (`z := typo`), so the REPL looks for itself. It errs
// on the side of finding nothing: struct keys and selectors are skipped.
func undefinedNames(p piece, known func(string) bool) []string {
	declared := map[string]bool{}
	declare := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil {
				declared[id.Name] = true
			}
		}
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(p.file, func(n ast.Node) bool {
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
	ast.Inspect(p.file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] || declared[id.Name] || universe[id.Name] || known(id.Name) {
			return true
		}
		if id.Name == "main" || id == p.file.Name {
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

// known reports whether the session defines name.
func (s *session) known(name string) bool {
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
