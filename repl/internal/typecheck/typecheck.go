// Package typecheck is the type-check stage of the REPL's cell pipeline:
// every cell is checked as Go, with go/types, before yaegi runs it, and a
// rejected cell is explained in the compiler's words with a hint for the
// habits Python and NumPy teach (hints.go). It knows nothing of the
// interpreter: the session's names come from the declarations and types
// the checker recorded for earlier cells.
package typecheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/aekit/aekit/repl/internal/cell"
	"github.com/aekit/aekit/repl/internal/godata"
)

// Every cell is type-checked as Go before yaegi runs it: yaegi accepts
// some code the Go compiler rejects (a two-valued call assigned to one
// variable runs and sets the variable to the first value), and cells are
// meant to be Go a learner can paste into a program. The checker is
// go/types; the packages a cell can import come from export data
// generated at go generate time (package godata).
//
// The session is modelled as one Go package, rebuilt for each check:
//
//   - the imports of the session (the prelude and every import a cell
//     made);
//   - the declarations cells made (functions, methods, types, constants),
//     as their source, the latest of each name;
//   - the variables cells defined at their top level, as go/types objects
//     of the type the checker gave them when their cell was checked,
//     inserted into the package scope (a type that names a type a cell
//     declared is written out as source instead, `var b box`, so that it
//     means the box declared now);
//   - the cell, split into segments: a run of declarations goes to the
//     package level; a run of statements becomes the body of a function,
//     in which a top-level `x := …` declares a local variable that shadows
//     any earlier x, which is how a later cell may declare a name again.
//
// Only what the cell refers to is put in the package (the declarations
// and imports it names, and what those name), so a cell that uses no
// package imports none, and a broken old declaration troubles only the
// cells that use it.
//
// Go rules the REPL relaxes on purpose, and why:
//
//   - a name declared with := in an earlier cell may be declared again
//     (a notebook is re-run and edited cell by cell);
//   - statements at the top level (a cell is the body of main, in effect);
//   - an expression statement whose value is not used (the REPL prints it);
//   - variables declared at a cell's top level and not used there, and
//     imports not used (a later cell uses them).
//
// Everything else follows the compiler, inside functions and blocks too
// (an unused variable inside a function is an error, as in a program).

// exportImporter imports packages from godata's export data, once each,
// into one map shared by every check, so that types are identical across
// checks and sessions.
type exportImporter struct {
	fset *token.FileSet
	pkgs map[string]*types.Package
	done map[string]bool
}

// Import implements types.Importer.
func (im *exportImporter) Import(path string) (*types.Package, error) {
	if im.done[path] {
		return im.pkgs[path], nil
	}
	data, ok := godata.Export(path)
	if !ok {
		return nil, fmt.Errorf("package %s is not available in the REPL", path)
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), im.fset, im.pkgs, path)
	if err != nil {
		return nil, fmt.Errorf("reading the types of %s: %v", path, err)
	}
	im.done[path] = true
	return pkg, nil
}

// checkMu serialises type-checking: the imported packages are shared.
var checkMu sync.Mutex

// importer is the process's one importer (guarded by checkMu).
var importer = &exportImporter{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}, done: map[string]bool{}}

// SessionPath is the package path of the modelled session package.
const SessionPath = "main"

// An envDecl is one declaration a cell made at package level, as source.
type envDecl struct {
	names []string // the package-level names it declares (none for a method)
	recv  string   // the receiver's type name, for a method
	name  string   // the method's name, for a method
	src   string   // its source, a whole declaration
}

// Env is the session as the type checker sees it.
type Env struct {
	imports map[string]string     // package name → import path
	decls   []envDecl             // in the order they were made
	vars    map[string]types.Type // variables defined at cells' top level
}

// NewEnv returns the environment of a fresh session: the prelude's
// imports, the predefined names, and decls (the lessons' helpers).
func NewEnv(imports map[string]string, decls []string) *Env {
	e := &Env{imports: map[string]string{}, vars: map[string]types.Type{}}
	for k, v := range imports {
		e.imports[k] = v
	}
	ctxType := "context.Context"
	if _, ok := imports["context"]; !ok {
		ctxType = "interface{}"
	}
	base := []string{
		"var ctx " + ctxType,
		"var out string",
		"var quick bool",
		"func check(err error) {}",
		"func picture(name string) string { return name }",
	}
	for _, src := range append(base, decls...) {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
		if err != nil {
			continue
		}
		for _, d := range declsOf(f, func(n ast.Node) string {
			return src[int(n.Pos())-int(f.FileStart)-len("package p\n") : int(n.End())-int(f.FileStart)-len("package p\n")]
		}) {
			e.addDecl(d)
		}
	}
	return e
}

// declsOf returns the package-level declarations of f as envDecls, with
// src giving each node's source. Imports are not among them.
func declsOf(f *ast.File, src func(ast.Node) string) []envDecl {
	var out []envDecl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				out = append(out, envDecl{recv: recvName(d.Recv.List[0].Type), name: d.Name.Name, src: src(d)})
			} else if d.Name.Name != "_" {
				out = append(out, envDecl{names: []string{d.Name.Name}, src: src(d)})
			}
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					out = append(out, envDecl{names: []string{ts.Name.Name}, src: "type " + src(ts)})
				}
			case token.CONST, token.VAR:
				var names []string
				for _, sp := range d.Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						if id.Name != "_" {
							names = append(names, id.Name)
						}
					}
				}
				if len(names) > 0 {
					out = append(out, envDecl{names: names, src: src(d)})
				}
			}
		}
	}
	return out
}

// recvName returns the type name of a method's receiver: T for T, *T,
// T[P] and *T[P].
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// clone returns a copy that can be changed without changing e.
func (e *Env) clone() *Env {
	c := &Env{imports: map[string]string{}, vars: map[string]types.Type{}, decls: append([]envDecl(nil), e.decls...)}
	for k, v := range e.imports {
		c.imports[k] = v
	}
	for k, v := range e.vars {
		c.vars[k] = v
	}
	return c
}

// addDecl records a declaration, replacing what declared the same names
// before (and, for a type, the methods of the old type).
func (e *Env) addDecl(d envDecl) {
	gone := map[string]bool{}
	for _, n := range d.names {
		gone[n] = true
		delete(e.vars, n)
	}
	kept := e.decls[:0:0]
	for _, old := range e.decls {
		switch {
		case old.recv != "" && d.recv != "" && old.recv == d.recv && old.name == d.name:
			continue // a method declared again
		case old.recv != "" && gone[old.recv]:
			continue // a method of a type declared again
		case intersects(old.names, gone):
			continue
		}
		kept = append(kept, old)
	}
	e.decls = append(kept, d)
}

// addVar records a variable a cell defined at its top level.
func (e *Env) addVar(name string, t types.Type) {
	if name == "_" {
		return
	}
	kept := e.decls[:0:0]
	for _, old := range e.decls {
		if !intersects(old.names, map[string]bool{name: true}) {
			kept = append(kept, old)
		}
	}
	e.decls = kept
	e.vars[name] = t
}

func intersects(names []string, set map[string]bool) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}

// A Delta is what one piece adds to the environment once it has run.
type Delta struct {
	imports map[string]string
	decls   []envDecl
	vars    []typedName
}

type typedName struct {
	name string
	typ  types.Type
}

// Apply adds d to e.
func (e *Env) Apply(d Delta) {
	for k, v := range d.imports {
		e.imports[k] = v
	}
	for _, dd := range d.decls {
		e.addDecl(dd)
	}
	for _, v := range d.vars {
		e.addVar(v.name, v.typ)
	}
}

// CellTypes is what checking a cell found, by piece.
type CellTypes struct {
	Deltas    []Delta      // what each piece adds to the environment, once it has run
	ExprTypes []types.Type // the type of a piece's expression statement, or nil
}

// Error is one error the type checker found in a cell.
type Error struct {
	Line, Col int    // in the cell, from 1
	Msg       string // the checker's words
	Piece     int    // the index of the piece it is in
	Soft      bool   // an error that does not stop compilation (unused variable)
}

// Check type-checks a cell's pieces in the environment, segment by
// segment, and returns what each piece adds, or the errors of the first
// segment that has any.
func (e *Env) Check(pieces []cell.Piece) (*CellTypes, []Error) {
	checkMu.Lock()
	defer checkMu.Unlock()
	ct := &CellTypes{Deltas: make([]Delta, len(pieces)), ExprTypes: make([]types.Type, len(pieces))}
	env := e.clone()
	for i := 0; i < len(pieces); {
		j := i + 1
		for j < len(pieces) && pieces[j].Decl == pieces[i].Decl {
			j++
		}
		if errs := env.checkSegment(pieces, i, j, ct); len(errs) > 0 {
			return nil, errs
		}
		for k := i; k < j; k++ {
			env.Apply(ct.Deltas[k])
		}
		i = j
	}
	return ct, nil
}

// checkSegment checks pieces[from:to], all declarations or all
// statements, and fills in their deltas and expression types.
func (e *Env) checkSegment(pieces []cell.Piece, from, to int, ct *CellTypes) []Error {
	seg := pieces[from:to]
	decl := seg[0].Decl

	// What the segment declares at package level, and imports.
	declared := map[string]bool{}
	cellImports := map[string]string{}
	var segDecls []envDecl
	if decl {
		for _, p := range seg {
			for _, d := range declsOf(p.File, func(n ast.Node) string { return p.SrcOf(n) }) {
				segDecls = append(segDecls, d)
				for _, n := range d.names {
					declared[n] = true
				}
			}
			for _, im := range importsOf(p.File) {
				cellImports[im.name] = im.path
			}
		}
	}

	// The names the segment refers to, and what they need, transitively.
	var segSrc strings.Builder
	for _, p := range seg {
		segSrc.WriteString(p.Src + "\n")
	}
	need := cell.IdentSet(segSrc.String())
	var decls []envDecl
	included := map[int]bool{}
	var varSrc []string
	renderedVars := map[string]bool{}
	qual := &qualifier{imports: e.imports, alias: map[string]string{}}
	for changed := true; changed; {
		changed = false
		for k, d := range e.decls {
			if included[k] {
				continue
			}
			if d.recv != "" {
				if (!need[d.recv] && !declared[d.recv]) || declaredMethod(segDecls, d) || redeclaredType(segDecls, d.recv) {
					continue
				}
			} else if !intersects(d.names, need) || intersects(d.names, declared) {
				continue
			}
			included[k] = true
			decls = append(decls, d)
			for n := range cell.IdentSet(d.src) {
				need[n] = true
			}
			changed = true
		}
		for name, t := range e.vars {
			if !need[name] || declared[name] || renderedVars[name] || !mentionsSession(t) {
				continue
			}
			s := "var " + name + " " + types.TypeString(t, qual.qualify)
			varSrc = append(varSrc, s)
			renderedVars[name] = true
			for n := range cell.IdentSet(s) {
				need[n] = true
			}
			changed = true
		}
	}
	declaredByEnv := map[string]bool{}
	for _, d := range decls {
		for _, n := range d.names {
			declaredByEnv[n] = true
		}
	}

	// The file.
	var b strings.Builder
	b.WriteString("package main\n")
	var importNames []string
	for name := range e.imports {
		if need[name] && cellImports[name] == "" && !declared[name] && !declaredByEnv[name] {
			importNames = append(importNames, name)
		}
	}
	sort.Strings(importNames)
	for _, name := range importNames {
		fmt.Fprintf(&b, "import %s %q\n", name, e.imports[name])
	}
	for alias, path := range qual.alias {
		fmt.Fprintf(&b, "import %s %q\n", alias, path)
	}
	if decl {
		for _, p := range seg {
			if IsImportPiece(p) {
				writePiece(&b, p)
			}
		}
	}
	b.WriteString("//line session:1:1\n")
	for _, d := range decls {
		b.WriteString(d.src + "\n")
	}
	for _, s := range varSrc {
		b.WriteString(s + "\n")
	}
	if decl {
		for _, p := range seg {
			if !IsImportPiece(p) {
				writePiece(&b, p)
			}
		}
	} else {
		b.WriteString("func _() {\n")
		for _, p := range seg {
			writePiece(&b, p)
		}
		b.WriteString("}\n")
	}

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", b.String(), parser.SkipObjectResolution)
	if err != nil {
		// The pieces parse on their own, so this is rare (a label
		// repeated across pieces, say): report it as the checker would.
		var list scanner.ErrorList
		if errorsAs(err, &list) && len(list) > 0 {
			return []Error{{Line: list[0].Pos.Line, Col: list[0].Pos.Column, Msg: list[0].Msg, Piece: pieceAt(seg, from, list[0].Pos.Line)}}
		}
		return []Error{{Msg: err.Error()}}
	}

	// The top-level statements of a statement segment, by piece.
	var body []ast.Stmt
	if !decl {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "_" && fd.Recv == nil {
				body = fd.Body.List
			}
		}
	}
	topExpr := map[token.Pos]bool{}
	topDefs := map[token.Pos]bool{}
	for _, st := range body {
		switch st := st.(type) {
		case *ast.ExprStmt:
			topExpr[st.X.Pos()] = true
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					topDefs[l.Pos()] = true
				}
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							topDefs[id.Pos()] = true
						}
					}
				}
			}
		}
	}

	pkg := types.NewPackage(SessionPath, "main")
	for name, t := range e.vars {
		if need[name] && !declared[name] && !declaredByEnv[name] && !renderedVars[name] {
			pkg.Scope().Insert(types.NewVar(token.NoPos, pkg, name, t))
		}
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	var errs []Error
	conf := types.Config{
		Importer: importer,
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				return
			}
			pos := te.Fset.Position(te.Pos)
			if pos.Filename != "cell" {
				return // an old declaration the cell uses is broken: not the cell's fault
			}
			switch {
			case strings.HasSuffix(te.Msg, "imported and not used"):
				return
			case strings.HasPrefix(te.Msg, "declared and not used") && topDefs[te.Pos]:
				return
			case strings.HasSuffix(te.Msg, " is not used") && topExpr[te.Pos]:
				return
			}
			errs = append(errs, Error{Line: pos.Line, Col: pos.Column, Msg: cleanTypeMsg(te.Msg), Piece: pieceAt(seg, from, pos.Line), Soft: te.Soft})
		},
	}
	chk := types.NewChecker(&conf, fset, pkg, info)
	chk.Files([]*ast.File{f})
	if len(errs) > 0 {
		// The first error in the cell, except that an unused variable
		// comes after the errors that are its cause.
		sort.SliceStable(errs, func(i, j int) bool {
			if errs[i].Soft != errs[j].Soft {
				return !errs[i].Soft
			}
			if errs[i].Line != errs[j].Line {
				return errs[i].Line < errs[j].Line
			}
			return errs[i].Col < errs[j].Col
		})
		return errs
	}

	// What each piece adds.
	if decl {
		for k, p := range seg {
			d := Delta{imports: map[string]string{}}
			for _, im := range importsOf(p.File) {
				d.imports[im.name] = im.path
			}
			d.decls = declsOf(p.File, func(n ast.Node) string { return p.SrcOf(n) })
			ct.Deltas[from+k] = d
		}
		return nil
	}
	at := 0
	for k, p := range seg {
		n := len(p.Stmts())
		var d Delta
		for _, st := range body[at:min(at+n, len(body))] {
			for _, id := range cell.DefinedIdents(st) {
				if obj, ok := info.Defs[id].(*types.Var); ok && obj != nil {
					d.vars = append(d.vars, typedName{id.Name, obj.Type()})
				}
			}
			if es, ok := st.(*ast.ExprStmt); ok && n == 1 {
				if tv, ok := info.Types[es.X]; ok {
					ct.ExprTypes[from+k] = tv.Type
				}
			}
		}
		at += n
		ct.Deltas[from+k] = d
	}
	return nil
}

// writePiece writes a piece's source after a line directive that gives
// its first character its place in the cell.
func writePiece(b *strings.Builder, p cell.Piece) {
	col := p.Col
	if col < 1 {
		col = 1
	}
	fmt.Fprintf(b, "\n//line cell:%d:%d\n%s\n", p.Line, col, p.Src)
}

// pieceAt returns the index (offset by base) of the piece of seg that
// holds the cell's line.
func pieceAt(seg []cell.Piece, base, line int) int {
	k := 0
	for i, p := range seg {
		if p.Line <= line {
			k = i
		}
	}
	return base + k
}

// IsImportPiece reports whether a piece is an import declaration.
func IsImportPiece(p cell.Piece) bool {
	if !p.Decl || len(p.File.Decls) == 0 {
		return false
	}
	gd, ok := p.File.Decls[0].(*ast.GenDecl)
	return ok && gd.Tok == token.IMPORT
}

type importName struct{ name, path string }

// importsOf returns the imports of a parsed piece, by the name they
// bind.
func importsOf(f *ast.File) []importName {
	var out []importName
	for _, im := range f.Imports {
		path, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			continue
		}
		name := cell.PkgBase(path)
		if im.Name != nil {
			name = im.Name.Name
		}
		if name != "_" && name != "." {
			out = append(out, importName{name, path})
		}
	}
	return out
}

// declaredMethod reports whether decls declare the method d again.
func declaredMethod(decls []envDecl, d envDecl) bool {
	for _, x := range decls {
		if x.recv == d.recv && x.name == d.name {
			return true
		}
	}
	return false
}

// redeclaredType reports whether decls declare the type name again.
func redeclaredType(decls []envDecl, name string) bool {
	for _, x := range decls {
		for _, n := range x.names {
			if n == name {
				return true
			}
		}
	}
	return false
}

// mentionsSession reports whether t names a type a cell declared.
func mentionsSession(t types.Type) bool {
	seen := map[types.Type]bool{}
	var walk func(t types.Type) bool
	walk = func(t types.Type) bool {
		if t == nil || seen[t] {
			return false
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			if p := t.Obj().Pkg(); p != nil && p.Path() == SessionPath {
				return true
			}
			if args := t.TypeArgs(); args != nil {
				for i := 0; i < args.Len(); i++ {
					if walk(args.At(i)) {
						return true
					}
				}
			}
			return false
		case *types.Alias:
			if p := t.Obj().Pkg(); p != nil && p.Path() == SessionPath {
				return true
			}
			return walk(types.Unalias(t))
		case *types.Pointer:
			return walk(t.Elem())
		case *types.Slice:
			return walk(t.Elem())
		case *types.Array:
			return walk(t.Elem())
		case *types.Map:
			return walk(t.Key()) || walk(t.Elem())
		case *types.Chan:
			return walk(t.Elem())
		case *types.Signature:
			return walk(t.Params()) || walk(t.Results())
		case *types.Tuple:
			for i := 0; i < t.Len(); i++ {
				if walk(t.At(i).Type()) {
					return true
				}
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				if walk(t.Field(i).Type()) {
					return true
				}
			}
		case *types.Interface:
			for i := 0; i < t.NumMethods(); i++ {
				if walk(t.Method(i).Type()) {
					return true
				}
			}
		}
		return false
	}
	return walk(t)
}

// qualifier writes package names in rendered types: none for the
// session's own types, the session's name for a package it imports, and
// an alias, imported for the check, for any other.
type qualifier struct {
	imports map[string]string
	alias   map[string]string // alias → path
}

func (q *qualifier) qualify(p *types.Package) string {
	if p.Path() == SessionPath {
		return ""
	}
	if q.imports[p.Name()] == p.Path() {
		return p.Name()
	}
	for a, path := range q.alias {
		if path == p.Path() {
			return a
		}
	}
	a := fmt.Sprintf("__aekitP%d", len(q.alias)+1)
	q.alias[a] = p.Path()
	return a
}

var couldNotImport = regexp.MustCompile(`^could not import (\S+) \((.*)\)$`)

// cleanTypeMsg rewords the few go/types messages that name the REPL's
// machinery rather than the cell.
func cleanTypeMsg(msg string) string {
	if m := couldNotImport.FindStringSubmatch(msg); m != nil {
		return m[2]
	}
	return msg
}

// errorsAs is errors.As for scanner.ErrorList.
func errorsAs(err error, list *scanner.ErrorList) bool {
	l, ok := err.(scanner.ErrorList)
	if ok {
		*list = l
	}
	return ok
}

// VarType returns the type the checker gave a variable a cell defined at
// its top level, and whether there is one.
func (e *Env) VarType(name string) (types.Type, bool) {
	checkMu.Lock()
	defer checkMu.Unlock()
	t, ok := e.vars[name]
	return t, ok
}

// TypeString writes t as a cell would: package names unqualified by path.
func TypeString(t types.Type) string {
	checkMu.Lock()
	defer checkMu.Unlock()
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
