package classview

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/aekit/aekit/repl/internal/events"
	"github.com/aekit/aekit/repl/internal/notebook"
)

// frame is one message of the page's data, in the JSON the page's script
// reads (static/app.js): the live page gets them as Server-Sent Events,
// the handout holds them all in a script element. K says what it is:
//
//	hello       the start of the data: Title, Mode ("live" or "handout"), Started
//	cell-start  Cell, Code (highlighted), Step (the lesson step, or none)
//	output      Cell, Text (terminal escapes removed)
//	picture     Cell, Src, Name, Format ("png" or "gif")
//	progress    Cell, Progress (live only: the newest replaces the last)
//	epoch       Cell, Epoch: a point of the loss curve
//	cell-end    Cell, OK, Failed, Millis
//	command     Text: a command that changed the session (":open compression")
//	kernel      Text: the kernel died, was replaced, replayed
//	note        Cell, Text: something the view itself says (output cut short)
type frame struct {
	K        string         `json:"k"`
	Cell     int            `json:"cell,omitempty"`
	Time     int64          `json:"t,omitempty"` // Unix milliseconds
	Code     []Span         `json:"code,omitempty"`
	Step     *stepFrame     `json:"step,omitempty"`
	Text     string         `json:"text,omitempty"`
	Src      string         `json:"src,omitempty"`
	Name     string         `json:"name,omitempty"`
	Format   string         `json:"format,omitempty"`
	Progress *progressFrame `json:"progress,omitempty"`
	Epoch    *epochFrame    `json:"epoch,omitempty"`
	OK       bool           `json:"ok,omitempty"`
	Failed   string         `json:"failed,omitempty"`
	Millis   int64          `json:"ms,omitempty"`
	Title    string         `json:"title,omitempty"`
	Mode     string         `json:"mode,omitempty"`
	Started  int64          `json:"started,omitempty"` // Unix milliseconds
}

type stepFrame struct {
	Lesson   string `json:"lesson"`
	Index    int    `json:"index"`
	Count    int    `json:"count"`
	Title    string `json:"title"`
	Text     string `json:"text,omitempty"`
	Settings string `json:"settings,omitempty"`
}

type progressFrame struct {
	Model   int      `json:"model"`
	Epoch   int      `json:"epoch"`
	Epochs  int      `json:"epochs"`
	Batch   int      `json:"batch"`
	Batches int      `json:"batches"`
	Loss    *float64 `json:"loss"`
	Rate    float64  `json:"ips"` // images per second
}

type epochFrame struct {
	Model      int      `json:"model"`
	Epoch      int      `json:"epoch"`
	Epochs     int      `json:"epochs"`
	Train      *float64 `json:"train"`
	Validation *float64 `json:"val"` // null without validation data
	Seconds    float64  `json:"secs"`
}

// finite returns &v, or nil when v is NaN or infinite (JSON has neither).
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// maxCellOutput is the most output the page keeps of one cell: the
// terminal and the journal have the rest.
const maxCellOutput = 256 << 10

// maxCodeBytes is the longest cell the page highlights; a longer one is
// shown as plain text.
const maxCodeBytes = 256 << 10

// picture is a picture a cell saved, as the view knows it.
type picture struct {
	path   string // absolute, as the kernel reported it
	name   string // its base name
	format string // "png" or "gif"
}

// view turns a session's events into the page's frames. It keeps the
// pictures the session saved (the only files the server will send) and
// how much output each cell has shown.
type view struct {
	pictures []picture
	output   map[int]int // bytes of output shown, by cell
	cut      map[int]bool
}

func newView() *view {
	return &view{output: map[int]int{}, cut: map[int]bool{}}
}

// frames returns the frames for an event: none for the events of a
// replay (the page has shown those cells when they first ran), one for
// most, two for output that reaches a cell's limit (its part, and a note).
func (v *view) frames(e events.Event) []frame {
	if e.Replay {
		return nil
	}
	f := frame{K: string(e.Kind), Cell: e.Cell}
	if !e.Time.IsZero() {
		f.Time = e.Time.UnixMilli()
	}
	switch e.Kind {
	case events.CellStart:
		code := strings.Trim(strings.ReplaceAll(e.Code, "\r", ""), "\n")
		if len(code) > maxCodeBytes {
			f.Code = []Span{{Text: code}}
		} else {
			f.Code = Highlight(code)
		}
		if s := e.Step; s != nil {
			f.Step = &stepFrame{Lesson: s.Lesson, Index: s.Index, Count: s.Count, Title: s.Title, Text: s.Text, Settings: s.Settings}
		}
	case events.Output:
		text := notebook.StripANSI(e.Text)
		if text == "" || v.cut[e.Cell] {
			return nil
		}
		n := v.output[e.Cell]
		if n+len(text) <= maxCellOutput {
			v.output[e.Cell] = n + len(text)
			f.Text = text
			return []frame{f}
		}
		v.cut[e.Cell] = true
		f.Text = cutUTF8(text, maxCellOutput-n)
		note := frame{K: "note", Cell: e.Cell, Time: f.Time,
			Text: fmt.Sprintf("… the rest of this cell's output is not shown here (the page keeps %d kB of a cell's output); the terminal and the journal have it all", maxCellOutput>>10)}
		if f.Text == "" {
			return []frame{note}
		}
		return []frame{f, note}
	case events.Picture:
		abs, err := filepath.Abs(e.Path)
		if err != nil {
			abs = e.Path
		}
		format := e.Format
		if format != "gif" {
			format = "png"
		}
		p := picture{path: abs, name: filepath.Base(abs), format: format}
		f.Src = fmt.Sprintf("pic/%d/%s", len(v.pictures), url.PathEscape(p.name))
		f.Name, f.Format = p.name, p.format
		v.pictures = append(v.pictures, p)
	case events.Progress:
		p := e.Progress
		if p == nil {
			return nil
		}
		f.Progress = &progressFrame{Model: p.Model, Epoch: p.Epoch, Epochs: p.Epochs, Batch: p.Batch, Batches: p.Batches,
			Loss: finite(p.Loss), Rate: p.ImagesPerSecond}
		if math.IsNaN(f.Progress.Rate) || math.IsInf(f.Progress.Rate, 0) {
			f.Progress.Rate = 0
		}
	case events.Epoch:
		p := e.Epoch
		if p == nil {
			return nil
		}
		f.Epoch = &epochFrame{Model: p.Model, Epoch: p.Epoch, Epochs: p.Epochs, Train: finite(p.Train),
			Validation: finite(p.Validation), Seconds: p.Seconds}
		if math.IsNaN(f.Epoch.Seconds) || math.IsInf(f.Epoch.Seconds, 0) {
			f.Epoch.Seconds = 0
		}
	case events.CellEnd:
		f.OK, f.Failed, f.Millis = e.OK && e.Failed == "", e.Failed, e.Duration.Milliseconds()
	case events.Command, events.Kernel:
		f.Text = e.Text
	default:
		return nil
	}
	return []frame{f}
}

// picture returns picture i, if the session saved one of that number.
func (v *view) picture(i int) (picture, bool) {
	if i < 0 || i >= len(v.pictures) {
		return picture{}, false
	}
	return v.pictures[i], true
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does
// not split a character.
func cutUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
