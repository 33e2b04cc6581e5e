// Package notebook is the Markdown form of a REPL session: each cell's
// code in a ```go block, what it printed in a ```text block, and its
// pictures as image links relative to the notebook's folder, so that any
// Markdown viewer shows them; lesson steps get their title and text as a
// heading and paragraph; a cell that failed has "go failed" on its fence
// and a line that says how, and :load skips it.
//
// :save writes a whole session this way (Render). The journal (Journal)
// is the same form written as the session goes: a record is appended,
// with one write and an fsync, when each cell ends, and HTML comments,
// which Markdown viewers do not show, carry what a replay needs (the
// lesson step a cell ran, the commands that changed the session). A
// record cut short by a crash lacks its end comment and is ignored when
// the journal is read back (ReadJournal).
package notebook

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// Cell is one cell of a session, as a notebook keeps it.
type Cell struct {
	N        int           // its number in the session, from 1
	Code     string        // as it ran
	Step     *events.Step  // the lesson step it ran, or nil
	Output   string        // what it printed
	Pictures []string      // the pictures it saved, as paths the REPL gave
	Failed   string        // how it failed, in one line; "" when it ran
	Duration time.Duration // how long it took
}

// FailedMark follows "go" on the fence of a cell that failed.
const FailedMark = "failed"

// maxOutput is the most of a cell's output a notebook keeps.
const maxOutput = 1 << 20

// Header returns a notebook's first lines: its title and where its
// pictures are.
func Header(started time.Time, dir, out string) string {
	return fmt.Sprintf("# aekit session, %s\n\nPictures are in `%s`.\n", started.Format("2006-01-02 15:04"), RelLink(dir, out))
}

// Render returns cells as a notebook in the folder dir, whose pictures are
// in the folder out.
func Render(cells []*Cell, started time.Time, dir, out string) string {
	var b strings.Builder
	b.WriteString(Header(started, dir, out))
	for _, c := range cells {
		writeCell(&b, c, dir)
	}
	return b.String()
}

// writeCell writes one cell's block, starting with a blank line.
func writeCell(b *strings.Builder, c *Cell, dir string) {
	b.WriteString("\n")
	if c.Step != nil {
		fmt.Fprintf(b, "## %s, step %d: %s\n\n", c.Step.Lesson, c.Step.Index+1, c.Step.Title)
		if c.Step.Text != "" {
			b.WriteString(c.Step.Text + "\n\n")
		}
	}
	code := strings.Trim(c.Code, "\n")
	fence := CodeFence(code)
	if c.Failed != "" {
		fmt.Fprintf(b, "%sgo %s\n%s\n%s\n", fence, FailedMark, code, fence)
		fmt.Fprintf(b, "\n*This cell failed (%s); :load skips it.*\n", strings.ReplaceAll(c.Failed, "*", "\\*"))
	} else {
		fmt.Fprintf(b, "%sgo\n%s\n%s\n", fence, code, fence)
	}
	if out := strings.TrimRight(StripANSI(c.Output), "\n"); out != "" {
		fence := CodeFence(out)
		fmt.Fprintf(b, "\n%stext\n%s\n%s\n", fence, out, fence)
	}
	for _, p := range c.Pictures {
		fmt.Fprintf(b, "\n![%s](%s)\n", filepath.Base(p), RelLink(dir, p))
	}
}

// RelLink returns target relative to dir with forward slashes, for a
// Markdown link; a path with spaces or parentheses is wrapped in <…>.
func RelLink(dir, target string) string {
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

// CodeFence returns a fence longer than any run of backticks in text.
func CodeFence(text string) string {
	n := 3
	for strings.Contains(text, strings.Repeat("`", n)) {
		n++
	}
	return strings.Repeat("`", n)
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r`)

// StripANSI removes terminal escapes and carriage returns.
func StripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// Cells returns the Go cells of a notebook (any Markdown file): the code
// of each ```go block, in order, and how many blocks marked as failed it
// skipped.
func Cells(md string) (cells []string, skipped int) {
	for _, b := range blocks(splitLines(md)) {
		f := strings.Fields(b.info)
		if len(f) == 0 || f[0] != "go" {
			continue
		}
		if len(f) > 1 && f[1] == FailedMark {
			skipped++
			continue
		}
		cells = append(cells, b.code)
	}
	return cells, skipped
}

// block is a fenced code block.
type block struct {
	info string
	code string
	line int // the index of its opening line
	end  int // the index of its closing line (len(lines) when unclosed)
}

func splitLines(md string) []string {
	return strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
}

// blocks returns the fenced code blocks of lines.
func blocks(lines []string) []block {
	var out []block
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
		out = append(out, block{info: info, code: strings.Join(code, "\n"), line: i, end: j})
		i = j
	}
	return out
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

// Recorder keeps a session's cells from its events, for :save.
type Recorder struct {
	cells []*Cell
	cur   *Cell
}

// Handle records an event. Events of replayed cells are not new cells.
func (r *Recorder) Handle(e events.Event) {
	if e.Replay {
		return
	}
	switch e.Kind {
	case events.CellStart:
		r.cur = &Cell{N: e.Cell, Code: strings.Trim(e.Code, "\n"), Step: e.Step}
	case events.Output:
		if r.cur != nil && r.cur.N == e.Cell {
			r.cur.Output = appendCapped(r.cur.Output, e.Text)
		}
	case events.Picture:
		if r.cur != nil && r.cur.N == e.Cell {
			r.cur.Pictures = append(r.cur.Pictures, e.Path)
		}
	case events.CellEnd:
		if r.cur != nil && r.cur.N == e.Cell {
			r.cur.Failed = e.Failed
			r.cur.Duration = e.Duration
			r.cells = append(r.cells, r.cur)
			r.cur = nil
		}
	}
}

// appendCapped appends text to out, keeping at most maxOutput bytes.
func appendCapped(out, text string) string {
	const note = "\n… (the rest of the output is not kept)\n"
	if len(out) >= maxOutput {
		return out
	}
	if len(out)+len(text) > maxOutput {
		return out + text[:maxOutput-len(out)] + note
	}
	return out + text
}

// Cells returns the cells recorded so far.
func (r *Recorder) Cells() []*Cell {
	return append([]*Cell(nil), r.cells...)
}

// Reset forgets the cells recorded.
func (r *Recorder) Reset() {
	r.cells, r.cur = nil, nil
}
