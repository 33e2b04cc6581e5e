// Package build makes the data of package godata: the export data of the
// packages cells can import, for the REPL's type checker, and their
// documentation, for :doc. It runs at go generate time (see ../gen) and in
// the test that says when the embedded data is stale; the REPL binary does
// not link it.
package build

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/importer"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// listed is what `go list` says about one package.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	Export     string
	GoFiles    []string
}

// goList runs go list -export -deps on the packages and returns every
// package it lists, by import path.
func goList(pkgs []string) (map[string]listed, error) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	args := append([]string{"list", "-export", "-deps", "-json=ImportPath,Name,Dir,Export,GoFiles"}, pkgs...)
	cmd := exec.Command(goTool, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v\n%s", err, stderr.String())
	}
	m := map[string]listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var l listed
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("go list -export: %v", err)
		}
		m[l.ImportPath] = l
	}
	return m, nil
}

// Data builds the two files of package godata for the packages pkgs
// (import paths): exports, the export data of each package written by
// gcexportdata without file positions (so that it is the same on every
// machine), and docs, their documentation by symbol.
func Data(pkgs []string) (exports, docs []byte, err error) {
	pkgs = append([]string(nil), pkgs...)
	sort.Strings(pkgs)
	list, err := goList(pkgs)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		l, ok := list[path]
		if !ok || l.Export == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(l.Export)
	})
	var ex bytes.Buffer
	entries := map[string]string{}
	for _, path := range pkgs {
		pkg, err := imp.Import(path)
		if err != nil {
			return nil, nil, fmt.Errorf("import %s: %v", path, err)
		}
		var b bytes.Buffer
		if err := gcexportdata.Write(&b, token.NewFileSet(), pkg); err != nil {
			return nil, nil, fmt.Errorf("export data of %s: %v", path, err)
		}
		fmt.Fprintf(&ex, "%s %d\n", path, b.Len())
		ex.Write(b.Bytes())
		if err := docEntries(list[path], entries); err != nil {
			return nil, nil, err
		}
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var raw bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&raw, "%s %d\n%s", k, len(entries[k]), entries[k])
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, nil, err
	}
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return ex.Bytes(), gz.Bytes(), nil
}

// docEntries adds the documentation of package l to entries: one entry
// for the package ("mat"), one per exported function, type, variable and
// constant ("mat.NewDense"), and one per method ("mat.Dense.Mul"), each
// keyed by the name a cell writes.
func docEntries(l listed, entries map[string]string) error {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range l.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(l.Dir, name), nil, parser.ParseComments)
		if err != nil {
			return fmt.Errorf("doc of %s: %v", l.ImportPath, err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, l.ImportPath)
	if err != nil {
		return fmt.Errorf("doc of %s: %v", l.ImportPath, err)
	}
	name := l.Name
	text := func(s string) string {
		pr := p.Printer()
		pr.TextPrefix = "    "
		pr.TextWidth = 76
		return string(pr.Text(p.Parser().Parse(s)))
	}
	decl := func(n ast.Node) string {
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 4}
		cfg.Fprint(&b, fset, n)
		return b.String()
	}
	funcLine := func(f *doc.Func) string {
		d := *f.Decl
		d.Doc, d.Body = nil, nil
		return strings.Join(strings.Fields(decl(&d)), " ")
	}

	var idx strings.Builder
	fmt.Fprintf(&idx, "package %s // import %q\n\n%s", name, l.ImportPath, text(p.Doc))
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&idx, "\n%s:\n", title)
		for _, s := range lines {
			fmt.Fprintf(&idx, "    %s\n", s)
		}
	}
	valueNames := func(vs []*doc.Value) []string {
		var out []string
		for _, v := range vs {
			out = append(out, strings.Join(v.Names, ", "))
		}
		return out
	}
	var consts, vars, funcs, typs []string
	consts = valueNames(p.Consts)
	vars = valueNames(p.Vars)
	addValue := func(v *doc.Value) {
		d := *v.Decl
		d.Doc = nil
		s := decl(&d) + "\n"
		if v.Doc != "" {
			s += text(v.Doc)
		}
		for _, n := range v.Names {
			if ast.IsExported(n) {
				entries[name+"."+n] = s
			}
		}
	}
	for _, v := range p.Consts {
		addValue(v)
	}
	for _, v := range p.Vars {
		addValue(v)
	}
	addFunc := func(key string, f *doc.Func) {
		entries[key] = funcLine(f) + "\n" + text(f.Doc)
	}
	for _, f := range p.Funcs {
		funcs = append(funcs, funcLine(f))
		addFunc(name+"."+f.Name, f)
	}
	for _, t := range p.Types {
		d := *t.Decl
		d.Doc = nil
		var b strings.Builder
		b.WriteString(decl(&d) + "\n")
		if t.Doc != "" {
			b.WriteString(text(t.Doc))
		}
		var more []string
		for _, v := range t.Consts {
			addValue(v)
			consts = append(consts, strings.Join(v.Names, ", "))
		}
		for _, v := range t.Vars {
			addValue(v)
			vars = append(vars, strings.Join(v.Names, ", "))
		}
		for _, f := range t.Funcs {
			more = append(more, funcLine(f))
			funcs = append(funcs, funcLine(f))
			addFunc(name+"."+f.Name, f)
		}
		for _, m := range t.Methods {
			more = append(more, funcLine(m))
			addFunc(name+"."+t.Name+"."+m.Name, m)
		}
		if len(more) > 0 {
			b.WriteString("\n")
			for _, s := range more {
				b.WriteString(s + "\n")
			}
		}
		entries[name+"."+t.Name] = b.String()
		typs = append(typs, "type "+t.Name)
	}
	section("Constants", consts)
	section("Variables", vars)
	section("Functions", funcs)
	section("Types", typs)
	fmt.Fprintf(&idx, "\n:doc %s.NAME shows one of them.\n", name)
	entries[name] = idx.String()
	return nil
}

// API lists, for each package of an exports file (as Data writes it), what
// a cell can use of it: every exported name with its type, the exported
// fields of its struct types and the exported methods of its named types,
// one line each, sorted. Two exports files with the same API type-check
// every cell the same way, whatever changed in the packages' unexported
// parts.
func API(exports []byte) (map[string][]string, error) {
	fset := token.NewFileSet()
	imports := map[string]*types.Package{}
	out := map[string][]string{}
	for len(exports) > 0 {
		nl := bytes.IndexByte(exports, '\n')
		if nl < 0 {
			return nil, fmt.Errorf("exports: a record without a header")
		}
		var path string
		var n int
		if _, err := fmt.Sscanf(string(exports[:nl]), "%s %d", &path, &n); err != nil || nl+1+n > len(exports) {
			return nil, fmt.Errorf("exports: bad record header %q", exports[:nl])
		}
		data := exports[nl+1 : nl+1+n]
		exports = exports[nl+1+n:]
		pkg, err := gcexportdata.Read(bytes.NewReader(data), fset, imports, path)
		if err != nil {
			return nil, fmt.Errorf("exports: %s: %v", path, err)
		}
		qual := func(p *types.Package) string { return p.Path() }
		var lines []string
		for _, name := range pkg.Scope().Names() {
			obj := pkg.Scope().Lookup(name)
			if !obj.Exported() {
				continue
			}
			lines = append(lines, types.ObjectString(obj, qual))
			tn, ok := obj.(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					if f := st.Field(i); f.Exported() {
						lines = append(lines, name+" field "+types.ObjectString(f, qual))
					}
				}
			}
			for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
				ms := types.NewMethodSet(t)
				for i := 0; i < ms.Len(); i++ {
					if m := ms.At(i).Obj(); m.Exported() {
						lines = append(lines, name+" method "+types.ObjectString(m, qual))
					}
				}
			}
		}
		sort.Strings(lines)
		out[path] = lines
	}
	return out, nil
}
