package notebook

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// session publishes a small session's events: a lesson step, a free cell
// with a picture, a failed cell, a command.
func session(h func(events.Event), out string) {
	step := &events.Step{Lesson: "basics", Index: 0, Count: 3, Title: "Make a matrix", Text: "A matrix holds one image per row.", Settings: "rows=6", Variant: "rows=6"}
	pub := func(e events.Event) { h(e) }
	pub(events.Event{Kind: events.Command, Text: ":open basics"})
	pub(events.Event{Kind: events.CellStart, Cell: 1, Code: "rows := 6\nfmt.Println(\"rows:\", rows)", Step: step})
	pub(events.Event{Kind: events.Output, Cell: 1, Text: "rows: 6\n"})
	pub(events.Event{Kind: events.CellEnd, Cell: 1, OK: true, Duration: 3 * time.Millisecond})
	pub(events.Event{Kind: events.CellStart, Cell: 2, Code: "fmt.Println(\"``` fences\")\ncheck(p.Save(1, 1, picture(\"a b.png\")))"})
	pub(events.Event{Kind: events.Output, Cell: 2, Text: "``` fences\n\x1b[1mbold\x1b[0m\r\n"})
	pub(events.Event{Kind: events.Picture, Cell: 2, Path: filepath.Join(out, "a b.png"), Format: "png"})
	pub(events.Event{Kind: events.CellEnd, Cell: 2, OK: true})
	pub(events.Event{Kind: events.CellStart, Cell: 3, Code: "y := nosuch"})
	pub(events.Event{Kind: events.Output, Cell: 3, Text: "error: line 1: undefined: nosuch\n"})
	pub(events.Event{Kind: events.CellEnd, Cell: 3, Failed: "error: line 1: undefined: nosuch"})
	// A replayed cell is not a new one.
	pub(events.Event{Kind: events.CellStart, Cell: 1, Replay: true, Code: "rows := 6"})
	pub(events.Event{Kind: events.CellEnd, Cell: 1, Replay: true, OK: true})
}

func TestRender(t *testing.T) {
	var r Recorder
	out := filepath.Join(t.TempDir(), "out")
	session(r.Handle, out)
	cells := r.Cells()
	if len(cells) != 3 {
		t.Fatalf("%d cells recorded", len(cells))
	}
	md := Render(cells, time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC), filepath.Dir(out), out)
	for _, want := range []string{
		"# aekit session, 2025-01-02 03:04\n\nPictures are in `out`.\n",
		"## basics, step 1: Make a matrix\n\nA matrix holds one image per row.\n\n```go\nrows := 6\n",
		"````go\nfmt.Println(\"``` fences\")\n",
		"````text\n``` fences\nbold\n````",
		"![a b.png](<out/a b.png>)",
		"```go failed\ny := nosuch\n```\n\n*This cell failed (error: line 1: undefined: nosuch); :load skips it.*\n\n```text\nerror: line 1: undefined: nosuch\n```",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("notebook lacks %q:\n%s", want, md)
		}
	}
	got, skipped := Cells(md)
	if len(got) != 2 || skipped != 1 || got[0] != "rows := 6\nfmt.Println(\"rows:\", rows)" {
		t.Errorf("Cells = %q, skipped %d", got, skipped)
	}
}

func TestJournal(t *testing.T) {
	dir := t.TempDir()
	started := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	j := NewJournal(func() string { return dir }, started)
	if j.Path() != "" {
		t.Fatal("the file was made before anything was written")
	}
	session(j.Handle, dir)
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "session-20250102-030405.md")
	if j.Path() != want {
		t.Errorf("path %s, want %s", j.Path(), want)
	}
	b, err := os.ReadFile(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	if !strings.Contains(md, "![a b.png](<a b.png>)") {
		t.Errorf("picture links are not relative to the journal:\n%s", md)
	}
	entries := ReadJournal(md)
	if len(entries) != 4 {
		t.Fatalf("%d entries:\n%s", len(entries), md)
	}
	if entries[0].Command != ":open basics" {
		t.Errorf("entry 0 = %+v", entries[0])
	}
	c := entries[1].Cell
	if c.Step == nil || c.Step.Lesson != "basics" || c.Step.Settings != "rows=6" || c.Code != "rows := 6\nfmt.Println(\"rows:\", rows)" || c.Failed != "" {
		t.Errorf("entry 1 = %+v %+v", c, c.Step)
	}
	if c := entries[3].Cell; c.Failed == "" || c.Code != "y := nosuch" {
		t.Errorf("entry 3 = %+v", c)
	}
	// A journal is a notebook: :load reads the same cells.
	cells, skipped := Cells(md)
	if len(cells) != 2 || skipped != 1 {
		t.Errorf("Cells of the journal: %q, skipped %d", cells, skipped)
	}

	// A second journal started in the same second gets its own file.
	j2 := NewJournal(func() string { return dir }, started)
	j2.Handle(events.Event{Kind: events.Command, Text: ":out x"})
	if j2.Path() == j.Path() || j2.Path() == "" {
		t.Errorf("second journal at %q", j2.Path())
	}
	j.Close()
	j2.Close()
	j.Handle(events.Event{Kind: events.Command, Text: ":out y"}) // after Close: ignored
}

// TestJournalCutShort: a record the REPL was killed while writing is left
// out; the ones before it are read.
func TestJournalCutShort(t *testing.T) {
	dir := t.TempDir()
	j := NewJournal(func() string { return dir }, time.Now())
	session(j.Handle, dir)
	j.Close()
	b, _ := os.ReadFile(j.Path())
	md := string(b)
	full := ReadJournal(md)
	for cut := len(md) - 1; cut > 0; cut -= 7 {
		got := ReadJournal(md[:cut])
		if len(got) > len(full) {
			t.Fatalf("cut at %d: %d entries, more than %d", cut, len(got), len(full))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], full[i]) {
				t.Fatalf("cut at %d: entry %d = %+v, want %+v", cut, i, got[i], full[i])
			}
		}
	}
}

// TestReadJournalOfSavedNotebook: a notebook :save wrote resumes as its
// cells that ran.
func TestReadJournalOfSavedNotebook(t *testing.T) {
	md := "# aekit session\n\n```go\nx := 40\n```\n\n```go failed\ny := nosuch\n```\n\n```go\nz := x + 2\n```\n"
	got := ReadJournal(md)
	if len(got) != 2 || got[0].Cell.Code != "x := 40" || got[1].Cell.Code != "z := x + 2" {
		t.Errorf("ReadJournal = %+v", got)
	}
}

func TestOutputCapped(t *testing.T) {
	var r Recorder
	r.Handle(events.Event{Kind: events.CellStart, Cell: 1})
	chunk := strings.Repeat("x", 300<<10)
	for i := 0; i < 5; i++ {
		r.Handle(events.Event{Kind: events.Output, Cell: 1, Text: chunk})
	}
	r.Handle(events.Event{Kind: events.CellEnd, Cell: 1, OK: true})
	if n := len(r.Cells()[0].Output); n < maxOutput || n > maxOutput+100 {
		t.Errorf("kept %d bytes", n)
	}
}

// TestGIFLinked: a GIF a cell saved is an image link, as a PNG is, in the
// notebook :save writes and in the journal: Markdown viewers play it.
func TestGIFLinked(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cell := []events.Event{
		{Kind: events.CellStart, Cell: 1, Code: `check(plots.Animation{Frames: frames}.Save(picture("samples.gif")))`},
		{Kind: events.Picture, Cell: 1, Path: filepath.Join(out, "samples.gif"), Format: "gif"},
		{Kind: events.CellEnd, Cell: 1, OK: true},
	}
	var r Recorder
	for _, e := range cell {
		r.Handle(e)
	}
	if md := Render(r.Cells(), time.Now(), dir, out); !strings.Contains(md, "\n![samples.gif](out/samples.gif)\n") {
		t.Errorf("the notebook does not link the GIF as an image:\n%s", md)
	}
	j := NewJournal(func() string { return out }, time.Now())
	for _, e := range cell {
		j.Handle(e)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\n![samples.gif](samples.gif)\n") {
		t.Errorf("the journal does not link the GIF as an image:\n%s", b)
	}
}
