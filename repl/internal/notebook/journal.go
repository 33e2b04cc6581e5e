package notebook

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aekit/aekit/repl/internal/events"
)

// JournalVersion is the version of the journal's comments.
const JournalVersion = 1

// The comments that frame a journal's records.
const (
	journalMark = "<!-- aekit journal "
	cellMark    = "<!-- aekit cell "
	endMark     = "<!-- aekit end "
	commandMark = "<!-- aekit command "
	commentEnd  = " -->"
)

// cellMeta is what a cell record's first comment carries.
type cellMeta struct {
	N      int       `json:"n"`
	Step   *stepMeta `json:"step,omitempty"`
	Millis int64     `json:"ms"`
}

// stepMeta is what a replay needs of a step: which one it was, and how
// it ran.
type stepMeta struct {
	Lesson   string `json:"lesson"`
	File     string `json:"file,omitempty"`
	Index    int    `json:"index"`
	Settings string `json:"settings,omitempty"`
	Variant  string `json:"variant,omitempty"`
}

// commandMeta is a command record.
type commandMeta struct {
	N    int    `json:"n"` // the cells before it
	Line string `json:"line"`
}

// Journal appends a session's cells to a notebook file as they end. It is
// a subscriber of the session's events (Handle). The file is made on the
// first record, in the folder dir returns then, named
// session-YYYYMMDD-HHMMSS.md. Each record is one write to a file opened
// for appending; the data is synced to disk after it, in the background,
// so that the prompt does not wait for the disk (a crash of the REPL
// loses nothing written; a crash of the machine, at most the last
// record).
type Journal struct {
	dir     func() string
	started time.Time
	rec     Recorder

	mu   sync.Mutex
	f    *os.File
	path string
	err  error // the first error: after it, nothing is written
	cell *Cell

	syncc chan struct{} // a sync is wanted
	done  chan struct{} // the syncer has ended
}

// NewJournal returns a journal that will make its file in dir() when it
// first has something to write.
func NewJournal(dir func() string, started time.Time) *Journal {
	return &Journal{dir: dir, started: started}
}

// Path returns the journal's file, "" before it is made.
func (j *Journal) Path() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.path
}

// Err returns the error that stopped the journal, if one did.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// Handle is the journal's subscription to the session's events: a cell's
// record is written when it ends, a command's at once. The events of a
// replayed cell are not written again.
func (j *Journal) Handle(e events.Event) {
	if e.Replay {
		return
	}
	switch e.Kind {
	case events.CellStart, events.Output, events.Picture:
		j.rec.Handle(e)
	case events.CellEnd:
		j.rec.Handle(e)
		cells := j.rec.Cells()
		j.rec.Reset()
		if len(cells) == 1 {
			j.appendCell(cells[0])
		}
	case events.Command:
		b, _ := json.Marshal(commandMeta{N: e.Cell, Line: e.Text})
		j.append("\n" + commandMark + string(b) + commentEnd + "\n")
	}
}

func (j *Journal) appendCell(c *Cell) {
	meta := cellMeta{N: c.N, Millis: c.Duration.Milliseconds()}
	if c.Step != nil {
		meta.Step = &stepMeta{Lesson: c.Step.Lesson, File: c.Step.File, Index: c.Step.Index, Settings: c.Step.Settings, Variant: c.Step.Variant}
	}
	b, _ := json.Marshal(meta) // escapes < and >: no "-->" inside
	var sb strings.Builder
	sb.WriteString("\n" + cellMark + string(b) + commentEnd + "\n")
	j.mu.Lock()
	dir := ""
	if j.f != nil {
		dir = filepath.Dir(j.path)
	}
	j.mu.Unlock()
	if dir == "" {
		dir = j.dirAbs()
	}
	var body strings.Builder
	writeCell(&body, c, dir)
	sb.WriteString(strings.TrimPrefix(body.String(), "\n"))
	sb.WriteString(endMark + strconv.Itoa(c.N) + commentEnd + "\n")
	j.append(sb.String())
}

func (j *Journal) dirAbs() string {
	d, err := filepath.Abs(j.dir())
	if err != nil {
		return j.dir()
	}
	return d
}

// append writes one record, making the file first if need be.
func (j *Journal) append(rec string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return
	}
	if j.f == nil {
		if err := j.create(); err != nil {
			j.err = err
			return
		}
	}
	if _, err := j.f.WriteString(rec); err != nil {
		j.err = fmt.Errorf("journal %s: %w", j.path, err)
		return
	}
	select {
	case j.syncc <- struct{}{}:
	default: // a sync is pending already; it will cover this record
	}
}

// create makes the journal's file (j.mu held) and writes its header.
func (j *Journal) create() error {
	dir := j.dirAbs()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	base := "session-" + j.started.Format("20060102-150405")
	var f *os.File
	var path string
	for i := 1; ; i++ {
		path = filepath.Join(dir, base+".md")
		if i > 1 {
			path = filepath.Join(dir, base+"-"+strconv.Itoa(i)+".md")
		}
		var err error
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o666)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return fmt.Errorf("journal: %w", err)
		}
	}
	head := Header(j.started, dir, dir) +
		"\nThis is the session's journal: each cell is added when it ends. `go run ./repl -resume " + path + "` replays it into a new session.\n" +
		journalMark + strconv.Itoa(JournalVersion) + commentEnd + "\n"
	if _, err := f.WriteString(head); err != nil {
		f.Close()
		return fmt.Errorf("journal %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("journal %s: %w", path, err)
	}
	syncDir(dir) // the file's name is durable too
	j.f, j.path = f, path
	j.syncc = make(chan struct{}, 1)
	j.done = make(chan struct{})
	go j.syncer(f, j.syncc, j.done)
	return nil
}

// syncer syncs the file after appends, coalescing those that come while
// it syncs.
func (j *Journal) syncer(f *os.File, c chan struct{}, done chan struct{}) {
	defer close(done)
	for range c {
		if err := f.Sync(); err != nil {
			j.mu.Lock()
			if j.err == nil {
				j.err = fmt.Errorf("journal %s: %w", j.path, err)
			}
			j.mu.Unlock()
		}
	}
}

// Flush waits until every record written so far is on disk.
func (j *Journal) Flush() error {
	j.mu.Lock()
	f := j.f
	j.mu.Unlock()
	if f == nil {
		return j.Err()
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return j.Err()
}

// Close syncs and closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	f, c, done := j.f, j.syncc, j.done
	j.f = nil
	if j.err == nil && f != nil {
		j.err = errors.New("journal closed")
	}
	j.mu.Unlock()
	if f == nil {
		return nil
	}
	close(c)
	<-done
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir syncs a folder, so that a file made in it survives a crash of
// the machine.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Entry is one record of a journal read back: a cell, or a command that
// changed the session.
type Entry struct {
	Command string // the command line (":open compression"), "" for a cell
	Cell    *Cell  // the cell: N, Code, Failed, Step (Lesson, File, Index, Settings, Variant)
}

// ReadJournal returns the records of a journal in order. A record cut
// short (the REPL was killed while writing it) is left out. A notebook
// without the journal's comments (one :save wrote) is read as its cells.
func ReadJournal(md string) []Entry {
	lines := splitLines(md)
	var out []Entry
	journal := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, journalMark):
			journal = true
		case strings.HasPrefix(line, commandMark) && strings.HasSuffix(line, commentEnd):
			journal = true
			var m commandMeta
			if json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(line, commandMark), commentEnd)), &m) == nil && m.Line != "" {
				out = append(out, Entry{Command: m.Line})
			}
		case strings.HasPrefix(line, cellMark) && strings.HasSuffix(line, commentEnd):
			journal = true
			var m cellMeta
			if json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(line, cellMark), commentEnd)), &m) != nil {
				continue
			}
			end := endMark + strconv.Itoa(m.N) + commentEnd
			j := i + 1
			for j < len(lines) && lines[j] != end && !strings.HasPrefix(lines[j], cellMark) {
				j++
			}
			if j == len(lines) || lines[j] != end {
				i = j - 1
				continue // cut short
			}
			c := &Cell{N: m.N, Duration: time.Duration(m.Millis) * time.Millisecond}
			if m.Step != nil {
				c.Step = &events.Step{Lesson: m.Step.Lesson, File: m.Step.File, Index: m.Step.Index, Settings: m.Step.Settings, Variant: m.Step.Variant}
			}
			bs := blocks(lines[i+1 : j])
			found := false
			for _, b := range bs {
				f := strings.Fields(b.info)
				if len(f) == 0 || f[0] != "go" {
					continue
				}
				c.Code = b.code
				if len(f) > 1 && f[1] == FailedMark {
					c.Failed = "failed"
				}
				found = true
				break
			}
			if found {
				out = append(out, Entry{Cell: c})
			}
			i = j
		}
	}
	if journal {
		return out
	}
	cells, _ := Cells(md)
	for i, code := range cells {
		out = append(out, Entry{Cell: &Cell{N: i + 1, Code: code}})
	}
	return out
}
