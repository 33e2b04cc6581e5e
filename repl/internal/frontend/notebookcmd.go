package frontend

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aekit/aekit/internal/atomicfile"
	"github.com/aekit/aekit/repl/internal/events"
	"github.com/aekit/aekit/repl/internal/notebook"
)

// saveNotebook writes the session as a Markdown notebook (package
// notebook) and returns the number of cells written. A file that exists is
// replaced only when replace is true (:save!), atomically: a failed save
// leaves the previous notebook as it was. A new file gets mode 0666 less
// the umask.
func (s *Session) saveNotebook(path string, replace bool) (int, error) {
	if !strings.EqualFold(filepath.Ext(path), ".md") {
		return 0, fmt.Errorf("save: %s: name it FILE.md for a Markdown notebook, or FILE.html for a web page", path)
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
	cells := s.rec.Cells()
	md := notebook.Render(cells, s.started, dir, s.opts.Out)
	if err := atomicfile.WriteFile(abs, []byte(md), 0o666); err != nil {
		return 0, fmt.Errorf("save: %w", err)
	}
	return len(cells), nil
}

// loadNotebook runs the cells of a saved notebook that did not fail, in
// order, stopping at the first that fails now.
func (s *Session) loadNotebook(path string) error {
	b, err := readFileLimited(path)
	if err != nil {
		return err
	}
	cells, skipped := notebook.Cells(string(b))
	if len(cells) == 0 {
		return fmt.Errorf("load: %s holds no ```go cell", path)
	}
	for i, c := range cells {
		if err := s.runCell(c, nil).err(); err != nil {
			return fmt.Errorf("load: cell %d of %s failed; the cells after it did not run", i+1, path)
		}
	}
	note := ""
	if skipped > 0 {
		note = fmt.Sprintf(" (skipped %d that had failed)", skipped)
	}
	s.term.printf("loaded %d cells from %s%s\n", len(cells), path, note)
	return nil
}

// maxFile is the largest notebook or program :load and :resume read.
const maxFile = 64 << 20

// readFileLimited reads a file, refusing one larger than maxFile before
// reading it.
func readFileLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFile {
		return nil, fmt.Errorf("%s is %d MB: too large for a notebook or a program (the limit is %d MB)", path, info.Size()>>20, maxFile>>20)
	}
	b := make([]byte, info.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return b, nil
}

// loadProgram runs a Go file. A `package main` program with a main
// function runs as it would on its own: its declarations (imports,
// functions, types, variables) as one cell, then main's body as another,
// in which context.Background() and context.TODO() are the REPL's ctx, so
// that Ctrl-C stops it and training shows its progress. Any other file is
// one cell. Line numbers in errors are the file's.
func (s *Session) loadProgram(path string) error {
	b, err := readFileLimited(path)
	if err != nil {
		return err
	}
	src := string(b)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil || f.Name.Name != "main" {
		return s.runCell(src, nil).err() // the cell's own errors say what is wrong
	}
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && fd.Body != nil {
			main = fd
		}
	}
	if main == nil {
		return s.runCell(src, nil).err()
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	start, end := off(main.Pos()), off(main.End())
	if main.Doc != nil {
		start = off(main.Doc.Pos())
	}
	decls := src[:start] + blankOut(src[start:end]) + src[end:]
	if err := s.runCell(decls, nil).err(); err != nil {
		return fmt.Errorf("load: the declarations of %s failed; main did not run", path)
	}
	// main's body, on the lines it has in the file, with the REPL's ctx.
	type edit struct {
		start, end int
		text       string
	}
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
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	lb, rb := off(main.Body.Lbrace), off(main.Body.Rbrace)
	var body strings.Builder
	at := lb
	for _, e := range edits {
		body.WriteString(src[at:e.start])
		body.WriteString(e.text)
		at = e.end
	}
	body.WriteString(src[at : rb+1])
	cell := strings.Repeat("\n", strings.Count(src[:lb], "\n")) + body.String()
	s.term.printf("running main() of %s\n", path)
	return s.runCell(cell, nil).err()
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

// Resume replays a journal (or any notebook) into a fresh session: a new
// kernel, no lesson open, then every record in order — the commands that
// changed the session (:open, :out, :check, :prev, :reset) and the cells,
// lesson steps as steps, so that the lesson cursor and the exercises
// stand where they stood. Cells that had failed are not run again; they
// are kept in the new session's notebook as failed. Its progress is one
// line; the new session's journal gets every record.
func (s *Session) Resume(path string) error {
	b, err := readFileLimited(path)
	if err != nil {
		return err
	}
	entries := notebook.ReadJournal(string(b))
	// A journal that was itself resumed into holds the resumed records
	// after its :resume: the session starts there.
	for i := len(entries) - 1; i >= 0; i-- {
		if strings.HasPrefix(entries[i].Command, ":resume ") {
			entries = entries[i+1:]
			break
		}
	}
	if len(entries) == 0 {
		return fmt.Errorf("resume: %s holds no cell", path)
	}
	if err := s.restart(); err != nil {
		return err
	}
	s.lesson = nil
	s.rec.Reset()
	s.record(":resume " + path)
	start := time.Now()
	unmute := s.term.silence()
	ran, failed, skipped := 0, 0, 0
	var problems []string
	for i, e := range entries {
		if s.opts.Interactive {
			unmute()
			s.term.raw(fmt.Sprintf("\r\x1b[Kresuming %s: %d/%d…", path, i, len(entries)))
			unmute = s.term.silence()
		}
		if e.Command != "" {
			s.resumeCommand(e.Command)
			continue
		}
		c := e.Cell
		if c.Failed != "" {
			skipped++
			s.skipCell(c)
			continue
		}
		var err error
		if c.Step != nil {
			err = s.resumeStep(c)
		} else {
			err = s.runCell(c.Code, nil).err()
		}
		ran++
		if err != nil {
			failed++
			problems = append(problems, fmt.Sprintf("cell %d (%s): %s", c.N, shortCode(c.Code), headlineOf(err)))
		}
	}
	unmute()
	if s.opts.Interactive {
		s.term.raw("\r\x1b[K")
	}
	msg := fmt.Sprintf("resumed %s: %s ran in %s", path, cellsWord(ran), formatDuration(time.Since(start)))
	if skipped > 0 {
		msg += fmt.Sprintf(", %d that had failed did not", skipped)
	}
	if failed > 0 {
		msg += fmt.Sprintf("; %d failed this time: %s", failed, strings.Join(problems, "; "))
	}
	if s.lesson != nil && s.lesson.pos >= 0 {
		msg += fmt.Sprintf("; lesson %s is at step %d", s.lesson.lesson.Name, s.lesson.pos+1)
	}
	s.term.printf("%s\n", msg)
	return nil
}

// resumeCommand runs a command of a journal without showing it.
func (s *Session) resumeCommand(line string) {
	name, _, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	switch name {
	case "open", "out", "check", "prev", "reset", "restart":
		s.Command(line)
	}
}

// resumeStep runs a lesson step of a journal as it ran: its code as the
// journal has it, with the lesson cursor moving as it did.
func (s *Session) resumeStep(c *notebook.Cell) error {
	st := c.Step
	if s.lesson == nil || s.lesson.lesson.Name != st.Lesson {
		name := st.Lesson
		if st.File != "" {
			name = st.File
		}
		if err := s.openLesson(name); err != nil {
			return s.runCell(c.Code, st).err()
		}
	}
	ls := s.lesson
	if st.Index < 0 || st.Index >= len(ls.lesson.Steps) {
		return s.runCell(c.Code, st).err()
	}
	sets, _ := parseSettingsQuiet(st.Settings)
	ls.pos = st.Index
	ls.furthest = max(ls.furthest, st.Index)
	run := stepRun{step: st.Index, sets: sets, variant: st.Variant}
	step := s.stepEvent(st.Index, sets, st.Variant)
	if err := s.runCell(c.Code, step).err(); err != nil {
		return s.stepFailed(st.Index, run, err)
	}
	s.stepDone(st.Index, run)
	return nil
}

// skipCell puts a cell that had failed into the new session's notebook
// without running it.
func (s *Session) skipCell(c *notebook.Cell) {
	s.kmu.Lock()
	s.cells++
	n := s.cells
	s.kmu.Unlock()
	s.publish(events.Event{Kind: events.CellStart, Cell: n, Code: c.Code, Step: c.Step})
	s.publish(events.Event{Kind: events.CellEnd, Cell: n, Failed: "it had failed before the session was resumed; not run again"})
}

// headlineOf returns an error's first line.
func headlineOf(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
