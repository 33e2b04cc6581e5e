// Package godata holds what the REPL knows about the compiled packages
// cells can import, beyond their symbol tables: their export data, which
// the REPL's type checker reads to check each cell as the Go compiler
// would, and their documentation, which :doc shows. Both files are
// generated from the packages' sources and committed; a test fails when
// they are stale.
package godata

//go:generate go run ./gen -o .

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed exports.bin docs.bin
var files embed.FS

// Embedded returns the two embedded files as they are, for the test that
// compares them with freshly generated ones.
func Embedded() (exports, docs []byte) {
	exports, _ = files.ReadFile("exports.bin")
	docs, _ = files.ReadFile("docs.bin")
	return exports, docs
}

// exports indexes exports.bin: import path → export data.
var exports = sync.OnceValue(func() map[string][]byte {
	b, _ := files.ReadFile("exports.bin")
	return parseRecords(b)
})

// parseRecords splits a file of records "KEY LEN\n" followed by LEN bytes.
func parseRecords(b []byte) map[string][]byte {
	m := map[string][]byte{}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			break
		}
		key, size, ok := strings.Cut(string(b[:nl]), " ")
		n, err := strconv.Atoi(size)
		if !ok || err != nil || nl+1+n > len(b) {
			break
		}
		m[key] = b[nl+1 : nl+1+n]
		b = b[nl+1+n:]
	}
	return m
}

// Export returns the export data of the package with the import path
// path, as gcexportdata.Write made it, and whether there is any.
func Export(path string) ([]byte, bool) {
	b, ok := exports()[path]
	return b, ok
}

// Packages returns the import paths of the packages with export data,
// sorted.
func Packages() []string {
	var out []string
	for p := range exports() {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// docs indexes docs.bin, decompressed on first use: key → text.
var docs = sync.OnceValue(func() map[string][]byte {
	b, _ := files.ReadFile("docs.bin")
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil
	}
	return parseRecords(raw)
})

// Doc returns the documentation of a package ("mat"), or of one of its
// exported names ("mat.NewDense") or methods ("mat.Dense.Mul"), as
// `go doc` would show it.
func Doc(key string) (string, bool) {
	b, ok := docs()[key]
	return string(b), ok
}

// DocKeys returns every key Doc knows, sorted.
func DocKeys() []string {
	var out []string
	for k := range docs() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
