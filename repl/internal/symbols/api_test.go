package symbols

import (
	"encoding/json"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestTablesMatchAPI fails when a table is stale: for every package the
// go:generate lines extract, the exported names that yaegi extract would
// write (functions, variables, constants and non-generic types, plus a
// "_T" wrapper for each interface T, with one field per method) must be
// exactly the table's. The packages' APIs are read from the compiler's
// export data (go list -export), which takes seconds where regenerating
// from source takes minutes; a difference means: run
// go generate ./repl/internal/symbols.
func TestTablesMatchAPI(t *testing.T) {
	var pkgs []string
	for _, args := range generateLines(t) {
		for _, a := range args {
			if !strings.HasPrefix(a, "-") && a != "symbols" {
				pkgs = append(pkgs, a)
			}
		}
	}
	exports := exportFiles(t, pkgs)
	imp := importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	for _, path := range pkgs {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		key := path + "/" + pkg.Name()
		table, ok := Symbols[key]
		if !ok {
			t.Errorf("no table %s: run go generate ./repl/internal/symbols", key)
			continue
		}
		want, ifaces := extractedNames(pkg)
		var got []string
		for name := range table {
			got = append(got, name)
		}
		sort.Strings(got)
		if missing, extra := diff(want, got); len(missing)+len(extra) > 0 {
			t.Errorf("table %s is stale (missing %v, no longer in the package %v): run go generate ./repl/internal/symbols", key, missing, extra)
			continue
		}
		for name, methods := range ifaces {
			w := table["_"+name].Type().Elem()
			var fields []string
			for i := 0; i < w.NumField(); i++ {
				if f := w.Field(i).Name; f != "IValue" {
					fields = append(fields, strings.TrimPrefix(f, "W"))
				}
			}
			sort.Strings(fields)
			if !reflect.DeepEqual(fields, methods) {
				t.Errorf("%s: the wrapper of interface %s has methods %v, the interface %v: run go generate ./repl/internal/symbols", key, name, fields, methods)
			}
		}
	}
}

// exportFiles returns the export data file of every package in pkgs and
// their dependencies.
func exportFiles(t *testing.T, pkgs []string) map[string]string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-json=ImportPath,Export"}, pkgs...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	files := map[string]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		files[p.ImportPath] = p.Export
	}
	return files
}

// extractedNames returns the sorted names yaegi extract writes for pkg,
// and the sorted exported methods of each interface it wraps.
func extractedNames(pkg *types.Package) ([]string, map[string][]string) {
	var names []string
	ifaces := map[string][]string{}
	sc := pkg.Scope()
	for _, name := range sc.Names() {
		o := sc.Lookup(name)
		if !o.Exported() {
			continue
		}
		switch o := o.(type) {
		case *types.Func:
			if s := o.Type().(*types.Signature); s.TypeParams().Len() > 0 {
				continue
			}
		case *types.TypeName:
			if n, ok := o.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
				continue
			}
			if it, ok := o.Type().Underlying().(*types.Interface); ok {
				if it.NumMethods() == 0 && it.NumEmbeddeds() != 0 {
					continue // a constraint
				}
				var methods []string
				for i := 0; i < it.NumMethods(); i++ {
					if m := it.Method(i); m.Exported() {
						methods = append(methods, m.Name())
					}
				}
				sort.Strings(methods)
				ifaces[name] = methods
				names = append(names, "_"+name)
			}
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, ifaces
}

// diff returns what is in want and not in got, and the reverse.
func diff(want, got []string) (missing, extra []string) {
	in := func(list []string, s string) bool {
		i := sort.SearchStrings(list, s)
		return i < len(list) && list[i] == s
	}
	for _, w := range want {
		if !in(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !in(want, g) {
			extra = append(extra, g)
		}
	}
	return missing, extra
}
