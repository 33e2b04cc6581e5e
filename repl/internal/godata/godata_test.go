package godata_test

import (
	"bytes"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aekit/aekit/repl/internal/godata"
	"github.com/aekit/aekit/repl/internal/godata/build"
	"github.com/aekit/aekit/repl/internal/symbols"
)

// symbolPackages returns the import paths of the symbol tables.
func symbolPackages() []string {
	var out []string
	for key := range symbols.Symbols {
		if i := strings.LastIndex(key, "/"); i > 0 {
			out = append(out, key[:i])
		}
	}
	sort.Strings(out)
	return out
}

// TestCurrent regenerates the export data and the documentation of every
// package of the symbol tables and compares them with the embedded files:
// the export data by the API it gives cells (see build.API; a change to
// a package's unexported parts does not matter), the documentation byte
// for byte. A changed exported name or doc comment in ae, datasets or
// plots fails here until `go generate ./repl/internal/godata` (or
// ./repl/internal/symbols, which runs it too) is run.
func TestCurrent(t *testing.T) {
	if !reflect.DeepEqual(godata.Packages(), symbolPackages()) {
		t.Errorf("export data for %v, symbol tables for %v: run go generate ./repl/internal/godata", godata.Packages(), symbolPackages())
	}
	exports, docs, err := build.Data(symbolPackages())
	if err != nil {
		t.Fatal(err)
	}
	gotExports, gotDocs := godata.Embedded()
	want, err := build.API(exports)
	if err != nil {
		t.Fatal(err)
	}
	got, err := build.API(gotExports)
	if err != nil {
		t.Fatal(err)
	}
	for path, lines := range want {
		if diff := firstDiff(got[path], lines); diff != "" {
			t.Errorf("exports.bin is stale for %s (%s): run go generate ./repl/internal/godata", path, diff)
		}
	}
	if !bytes.Equal(docs, gotDocs) {
		t.Errorf("docs.bin is stale: run go generate ./repl/internal/godata")
	}
}

// firstDiff describes the first line in which two sorted lists differ,
// "" when they are equal.
func firstDiff(got, want []string) string {
	in := func(list []string, s string) bool {
		i := sort.SearchStrings(list, s)
		return i < len(list) && list[i] == s
	}
	for _, w := range want {
		if !in(got, w) {
			return "lacks " + w
		}
	}
	for _, g := range got {
		if !in(want, g) {
			return "still has " + g
		}
	}
	return ""
}

// TestDoc: the documentation has an entry for a package, a function, a
// type (with its methods listed) and a method.
func TestDoc(t *testing.T) {
	for key, want := range map[string]string{
		"ae":                 "package ae",
		"ae.NewSymmetric":    "func NewSymmetric(sizes []int,",
		"ae.Model":           "func (m *Model) Fit(ctx context.Context,",
		"ae.Model.Fit":       "func (m *Model) Fit(",
		"mat.Dense.Mul":      "Mul takes the matrix product",
		"plots.Rows":         "Rows draws rows of images",
		"fmt.Printf":         "Printf formats according to a format specifier",
		"datasets.MNISTTest": "func MNISTTest() (*Set, error)",
	} {
		got, ok := godata.Doc(key)
		if !ok || !strings.Contains(got, want) {
			t.Errorf("Doc(%q) = %q, %v; want it to contain %q", key, got, ok, want)
		}
	}
}

// TestAPI: the API of the embedded export data lists functions, methods
// and struct fields, so that TestCurrent sees a change to any of them.
func TestAPI(t *testing.T) {
	exports, _ := godata.Embedded()
	api, err := build.API(exports)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Join(api["github.com/aekit/aekit/ae"], "\n")
	for _, want := range []string{
		"func github.com/aekit/aekit/ae.NewSymmetric(sizes []int,",
		"Model method func (*github.com/aekit/aekit/ae.Model).Fit(ctx context.Context,",
		"Options field field Epochs int",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("the API of ae lacks %q", want)
		}
	}
}
