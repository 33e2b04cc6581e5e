// Command gen writes the data files of package godata (exports.bin and
// docs.bin) for every package the REPL's symbol tables expose:
//
//	go run ./gen -o .
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aekit/aekit/repl/internal/godata/build"
	"github.com/aekit/aekit/repl/internal/symbols"
)

func main() {
	dir := flag.String("o", ".", "the `folder` to write exports.bin and docs.bin to")
	flag.Parse()
	exports, docs, err := build.Data(Packages())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for name, b := range map[string][]byte{"exports.bin": exports, "docs.bin": docs} {
		if err := os.WriteFile(filepath.Join(*dir, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// Packages returns the import paths of the packages in the symbol tables.
func Packages() []string {
	var out []string
	for key := range symbols.Symbols {
		if i := strings.LastIndex(key, "/"); i > 0 {
			out = append(out, key[:i])
		}
	}
	sort.Strings(out)
	return out
}
