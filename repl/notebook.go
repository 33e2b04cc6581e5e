package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aekit/aekit/internal/atomicfile"
)

// saveNotebook writes the session as Markdown: each cell's code in a ```go
// block, what it printed in a ```text block, and its pictures as image
// links relative to the notebook's folder, so any Markdown viewer shows
// them. Lesson steps get their title and text as a heading and paragraph.
// A cell that failed is marked: its fence says "go failed", and a line
// under it says how it failed, so that :load skips it. It returns the
// number of cells written. A file that exists is replaced only when
// replace is true (:save!), atomically: a failed save leaves the previous
// notebook as it was. A new file gets mode 0666 less the umask.
func (s *session) saveNotebook(path string, replace bool) (int, error) {
	if !strings.EqualFold(filepath.Ext(path), ".md") {
		return 0, fmt.Errorf("save: %s: the notebook is Markdown, name it FILE.md", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(abs); err == nil && !replace {
		return 0, fmt.Errorf("save: %s exists; :save! %s replaces it", path, path)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	s.mu.Lock()
	cells := append([]*cellRecord(nil), s.cells...)
	s.mu.Unlock()

	var b strings.Builder
	fmt.Fprintf(&b, "# aekit session, %s\n\n", s.started.Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "Pictures are in `%s`.\n", s.relLink(dir, s.opts.out))
	for _, c := range cells {
		b.WriteString("\n")
		if c.step != nil {
			fmt.Fprintf(&b, "## %s, step %d: %s\n\n", c.step.lesson, c.step.index+1, c.step.title)
			if c.step.text != "" {
				b.WriteString(c.step.text + "\n\n")
			}
		}
		fence := codeFence(c.code)
		if c.failed != "" {
			fmt.Fprintf(&b, "%sgo %s\n%s\n%s\n", fence, failedMark, c.code, fence)
			fmt.Fprintf(&b, "\n*This cell failed (%s); :load skips it.*\n", strings.ReplaceAll(c.failed, "*", "\\*"))
		} else {
			fmt.Fprintf(&b, "%sgo\n%s\n%s\n", fence, c.code, fence)
		}
		if out := strings.TrimRight(stripANSI(c.output), "\n"); out != "" {
			fence := codeFence(out)
			fmt.Fprintf(&b, "\n%stext\n%s\n%s\n", fence, out, fence)
		}
		for _, p := range c.pngs {
			rel := s.relLink(dir, p)
			fmt.Fprintf(&b, "\n![%s](%s)\n", filepath.Base(p), rel)
		}
	}
	if err := atomicfile.WriteFile(abs, []byte(b.String()), 0o666); err != nil {
		return 0, fmt.Errorf("save: %w", err)
	}
	return len(cells), nil
}

// relLink returns target relative to dir with forward slashes, for a
// Markdown link; a path with spaces is wrapped in <…>.
func (s *session) relLink(dir, target string) string {
	abs, err := filepath.Abs(target)
	if err != nil {
		return filepath.ToSlash(target)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		rel = abs
	}
	rel = filepath.ToSlash(rel)
	if strings.ContainsAny(rel, " ()") {
		return "<" + rel + ">"
	}
	return rel
}

// codeFence returns a fence longer than any run of backticks in text.
func codeFence(text string) string {
	n := 3
	for strings.Contains(text, strings.Repeat("`", n)) {
		n++
	}
	return strings.Repeat("`", n)
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// failedMark follows "go" on the fence of a cell that failed.
const failedMark = "failed"

// notebookCells returns the Go cells of a notebook :save wrote (or any
// Markdown file): the code of each ```go block, in order, and how many
// blocks marked as failed it skipped.
func notebookCells(md string) (cells []string, skipped int) {
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		fence, info, ok := openFence(lines[i])
		if !ok {
			continue
		}
		var code []string
		j := i + 1
		for ; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) == fence {
				break
			}
			code = append(code, lines[j])
		}
		i = j
		f := strings.Fields(info)
		if len(f) == 0 || f[0] != "go" {
			continue
		}
		if len(f) > 1 && f[1] == failedMark {
			skipped++
			continue
		}
		cells = append(cells, strings.Join(code, "\n"))
	}
	return cells, skipped
}

// openFence reports whether line opens a fenced code block, and returns
// its fence and info string.
func openFence(line string) (fence, info string, ok bool) {
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	if n < 3 {
		return "", "", false
	}
	return line[:n], strings.TrimSpace(line[n:]), true
}

// loadNotebook runs the cells of a saved notebook that did not fail, in
// order, stopping at the first that fails now.
func (s *session) loadNotebook(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cells, skipped := notebookCells(string(b))
	if len(cells) == 0 {
		return fmt.Errorf("load: %s holds no ```go cell", path)
	}
	for i, c := range cells {
		if err := s.runCell(c, nil); err != nil {
			return fmt.Errorf("load: cell %d of %s failed; the cells after it did not run", i+1, path)
		}
	}
	note := ""
	if skipped > 0 {
		note = fmt.Sprintf(" (skipped %d that had failed)", skipped)
	}
	s.out.printf("loaded %d cells from %s%s\n", len(cells), path, note)
	return nil
}

// loadProgram runs a Go file. A `package main` program with a main
// function runs as it would on its own: its declarations (imports,
// functions, types, variables) as one cell, then main's body as another,
// in which context.Background() and context.TODO() are the REPL's ctx, so
// that Ctrl-C stops it and training shows its progress. Any other file is
// one cell. Line numbers in errors are the file's.
func (s *session) loadProgram(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	src := string(b)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil || f.Name.Name != "main" {
		return s.runCell(src, nil) // the cell's own errors say what is wrong
	}
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && fd.Body != nil {
			main = fd
		}
	}
	if main == nil {
		return s.runCell(src, nil)
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	start, end := off(main.Pos()), off(main.End())
	if main.Doc != nil {
		start = off(main.Doc.Pos())
	}
	decls := src[:start] + blankOut(src[start:end]) + src[end:]
	if err := s.runCell(decls, nil); err != nil {
		return fmt.Errorf("load: the declarations of %s failed; main did not run", path)
	}
	// main's body, on the lines it has in the file, with the REPL's ctx.
	var edits []edit
	ast.Inspect(main.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "context" && (sel.Sel.Name == "Background" || sel.Sel.Name == "TODO") {
			edits = append(edits, edit{off(call.Pos()), off(call.End()), "ctx"})
		}
		return true
	})
	body := applyEdits(src, edits)
	lb := off(main.Body.Lbrace)
	rb := lb + (off(main.Body.Rbrace) - off(main.Body.Lbrace))
	// applyEdits shortens the text after each edit: find the brace again.
	rb += len(body) - len(src)
	cell := strings.Repeat("\n", strings.Count(src[:lb], "\n")) + body[lb:rb+1]
	s.out.printf("running main() of %s\n", path)
	s.ensureOut()
	return s.runCell(cell, nil)
}

// blankOut replaces every character of s but newlines with a space, so
// that what follows keeps its line numbers.
func blankOut(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
