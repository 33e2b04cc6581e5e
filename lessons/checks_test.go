package lessons

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// exportData maps the import path of every package the lessons and the
// REPL's prelude import, directly or not, to its compiled export data,
// from `go list -export` (the build cache makes it quick after the first
// build).
var exportData = sync.OnceValues(func() (map[string]string, error) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	args := []string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", "."}
	for _, p := range Prelude {
		args = append(args, p.Path)
	}
	cmd := exec.Command(goTool, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v\n%s", err, stderr.String())
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, file, ok := strings.Cut(sc.Text(), "\t")
		if ok && file != "" {
			m[path] = file
		}
	}
	return m, sc.Err()
})

// checker type-checks the lessons package with one file's source replaced.
type checker struct {
	fset  *token.FileSet
	imp   types.Importer
	files map[string][]byte // the package's non-test files, by name
}

func newChecker(t *testing.T) *checker {
	t.Helper()
	exports, err := exportData()
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
	c := &checker{fset: fset, imp: imp, files: map[string][]byte{}}
	ents, err := sources.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			b, err := sources.ReadFile(e.Name())
			if err != nil {
				t.Fatal(err)
			}
			c.files[e.Name()] = b
		}
	}
	return c
}

// exercise type-checks exercise ex of lesson l, whose source file is
// src, as :check evaluates it in a session that has run every step and
// the exercise's Solution: the Solution's Go cells and `var _ bool =
// (Check)` are put in a block at the end of the lesson function, and the
// package is type-checked. It returns the errors, in the words of the Go
// type checker.
func (c *checker) exercise(l Lesson, src []byte, ex Exercise) []string {
	f, err := parser.ParseFile(token.NewFileSet(), l.File, src, 0)
	if err != nil {
		return []string{err.Error()}
	}
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == l.Name {
			body = fn.Body
		}
	}
	if body == nil {
		return []string{fmt.Sprintf("no function %s in %s", l.Name, l.File)}
	}
	var cell strings.Builder
	cell.WriteString("\n{\n")
	for _, sol := range ex.Solution {
		if !strings.HasPrefix(sol, ":") {
			cell.WriteString(sol + "\n")
		}
	}
	fmt.Fprintf(&cell, "var _ bool = (%s)\n", ex.Check)
	if ex.Answer != "" {
		fmt.Fprintf(&cell, "var _ string = (%s)\n", ex.Answer)
	}
	cell.WriteString("}\n")
	end := int(body.Rbrace - f.FileStart)
	edited := string(src[:end]) + cell.String() + string(src[end:])
	// A Check sees every package of the REPL's prelude: import those the
	// file does not (an import the file then does not use is no error).
	imported := map[string]bool{}
	for _, im := range f.Imports {
		imported[strings.Trim(im.Path.Value, `"`)] = true
	}
	var extra strings.Builder
	for _, p := range Prelude {
		if !imported[p.Path] {
			fmt.Fprintf(&extra, "import %s %q\n", p.Name, p.Path)
		}
	}
	afterImports := int(f.Name.End() - f.FileStart)
	if n := len(f.Imports); n > 0 {
		afterImports = int(f.Decls[0].Pos() - f.FileStart)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				afterImports = int(g.End() - f.FileStart)
			}
		}
	}
	edited = edited[:afterImports] + "\n" + extra.String() + edited[afterImports:]

	var files []*ast.File
	for name, b := range c.files {
		if name == filepath.Base(l.File) {
			b = []byte(edited)
		}
		pf, err := parser.ParseFile(c.fset, name, b, 0)
		if err != nil {
			return []string{err.Error()}
		}
		files = append(files, pf)
	}
	var errs []string
	conf := types.Config{Importer: c.imp, Error: func(err error) {
		if te, ok := err.(types.Error); ok && te.Soft &&
			(strings.Contains(te.Msg, "declared and not used") || strings.Contains(te.Msg, "imported and not used")) {
			return // a Solution may shadow a variable it does not use; the prelude is imported whole
		}
		errs = append(errs, err.Error())
	}}
	conf.Check("github.com/aekit/aekit/lessons", c.fset, files, nil)
	return errs
}

// TestChecksTypeCheck type-checks every exercise's Check expression (and
// its Answer, a string) against its lesson's variables (and the variables its Solution
// declares), as the Go compiler would: a renamed variable or a Check that
// is not a bool fails here, in well under a second per lesson, instead of
// in the REPL test that trains every model.
func TestChecksTypeCheck(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(t)
	for _, l := range all {
		t.Run(l.Name, func(t *testing.T) {
			start := time.Now()
			src := c.files[filepath.Base(l.File)]
			for _, ex := range l.Exercises {
				for _, e := range c.exercise(l, src, ex) {
					t.Errorf("exercise %q: Check %q: %s", ex.Title, ex.Check, e)
				}
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("type-checking %d exercises took %v, want well under a second", len(l.Exercises), took)
			}
		})
	}
}

// TestChecksTypeCheckCanFail makes sure the check above catches what it is
// for: a Check naming a variable the lesson does not have, one that is not
// a bool, and a Solution that does not compile.
func TestChecksTypeCheckCanFail(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(t)
	l := all[0]
	src := c.files[filepath.Base(l.File)]
	for _, tc := range []struct {
		ex   Exercise
		want string
	}{
		{Exercise{Check: "codeSize == 8 && heldErr > 0"}, "undefined: heldErr"},
		{Exercise{Check: "codeSize + 1"}, "cannot use (codeSize + 1)"},
		{Exercise{Check: "factor2 == 392", Solution: []string{"factor2 := 784 / \"2\""}}, "mismatched types"},
		{Exercise{Check: "m.CodeSize() == \"8\""}, "mismatched types"},
	} {
		errs := c.exercise(l, src, tc.ex)
		if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
			t.Errorf("Check %q with Solution %q: errors %q, want one containing %q", tc.ex.Check, tc.ex.Solution, errs, tc.want)
		}
	}
}
