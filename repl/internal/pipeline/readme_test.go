package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aekit/aekit/internal/pngcheck"
	"github.com/aekit/aekit/repl/internal/cell"
)

// TestReadmeSession runs the README's first session, the Go block a
// newcomer types, cell by cell as the REPL reads it, so that the README
// stays true: every cell runs, and the picture it promises is saved.
func TestReadmeSession(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model on the 10,000 digits")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n```go\n")
	block, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("README.md has no ```go block")
	}
	ts := newTestSession(t)
	cells := readCells(t, block)
	if len(cells) < 5 {
		t.Fatalf("the README's block gives %d cells, want the whole session", len(cells))
	}
	for _, c := range cells {
		ts.ok(c)
	}
	if err := pngcheck.NonBlank(filepath.Join(ts.Out(), "first.png")); err != nil {
		t.Error(err)
	}
}

// readCells splits src into cells as the REPL's input loop does: a line
// ends a cell unless the cell is incomplete (an open bracket, a trailing
// operator, ...).
func readCells(t *testing.T, src string) []string {
	t.Helper()
	var cells []string
	cur := ""
	for _, line := range strings.Split(src, "\n") {
		if cur == "" && strings.TrimSpace(line) == "" {
			continue
		}
		if cur != "" {
			cur += "\n"
		}
		cur += line
		if !cell.Incomplete(cur) {
			cells = append(cells, cur)
			cur = ""
		}
	}
	if cur != "" {
		t.Fatalf("the block ends inside a cell: %q", cur)
	}
	return cells
}
