package main

import (
	"fmt"
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
// It returns the number of cells written. The file is replaced atomically:
// a failed save leaves the previous notebook as it was.
func (s *session) saveNotebook(path string) (int, error) {
	if !strings.EqualFold(filepath.Ext(path), ".md") {
		return 0, fmt.Errorf("save: %s: the notebook is Markdown, name it FILE.md", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, err
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
		fmt.Fprintf(&b, "%sgo\n%s\n%s\n", fence, c.code, fence)
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
