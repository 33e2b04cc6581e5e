package frontend

import (
	"bytes"
	"fmt"
	_ "image/gif" // previews show a GIF's first frame
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/aekit/aekit/internal/termimg"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// terminal is where the front end writes: the learner's terminal (through
// readline, which redraws its prompt around text written while it reads),
// or stdout in batch mode. It remembers whether the last text left its
// line open, and can be silenced for a replay.
type terminal struct {
	mu        sync.Mutex
	w         io.Writer
	prompt    io.Writer // readline's writer, which redraws the prompt around what it writes
	prompting bool      // readline shows its prompt: write through prompt
	midLine   bool      // the last text written did not end its line
	mute      int
}

func newTerminal(w io.Writer) *terminal { return &terminal{w: w} }

// setPrompt gives the terminal readline's writer, for text written while
// readline shows its prompt (a kernel that died between cells); nil when
// readline has ended.
func (t *terminal) setPrompt(w io.Writer) {
	t.mu.Lock()
	t.prompt = w
	t.prompting = false
	t.mu.Unlock()
}

// prompting says whether readline shows its prompt now. (readline's own
// writer redraws the prompt around what it writes whenever its reader is
// busy, also just after Enter, so it is used only while the prompt is up.)
func (t *terminal) setPrompting(on bool) {
	t.mu.Lock()
	t.prompting = on
	t.mu.Unlock()
}

// isPrompting reports whether readline shows its prompt now.
func (t *terminal) isPrompting() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.prompting
}

// out returns where to write now (t.mu held).
func (t *terminal) out() io.Writer {
	if t.prompting && t.prompt != nil {
		return t.prompt
	}
	return t.w
}

// Write implements io.Writer.
func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.mute > 0 {
		return len(p), nil
	}
	if len(p) > 0 {
		t.midLine = p[len(p)-1] != '\n'
	}
	if t.prompting {
		t.midLine = false // readline redraws its prompt below the text
	}
	return t.out().Write(p)
}

// raw writes text that leaves the cursor on a line it will clear itself
// (a progress bar, a replay's counter).
func (t *terminal) raw(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.mute > 0 {
		return
	}
	t.midLine = !bytes.HasSuffix([]byte(s), []byte("\n")) && !bytes.HasSuffix([]byte(s), []byte("\r\x1b[K"))
	io.WriteString(t.out(), s)
}

// rawWriter returns a writer for raw text.
func (t *terminal) rawWriter() io.Writer { return rawWriter{t} }

type rawWriter struct{ t *terminal }

// Write implements io.Writer.
func (r rawWriter) Write(p []byte) (int, error) {
	r.t.raw(string(p))
	return len(p), nil
}

// endLine ends the line the terminal is on, if the last text left it
// open: the next prompt or message starts on a line of its own.
func (t *terminal) endLine() {
	t.mu.Lock()
	mid := t.midLine
	t.mu.Unlock()
	if mid {
		t.Write([]byte("\n"))
	}
}

// printf writes formatted text.
func (t *terminal) printf(format string, args ...any) {
	fmt.Fprintf(t, format, args...)
}

// silence mutes the terminal until the returned function is called.
func (t *terminal) silence() func() {
	t.mu.Lock()
	t.mute++
	t.mu.Unlock()
	return func() {
		t.mu.Lock()
		t.mute--
		t.mu.Unlock()
	}
}

// bar shows training as it happens without flooding the screen: on a
// terminal a bar shows the epoch, the batch, the loss and the speed while
// a model trains, and is cleared when it is done:
//
//	model 2 · epoch 3/20 · batch 17/125 · loss 0.0312 · 41,000 img/s
//
// No line is printed per epoch (the kernel prints the cell's summary).
type bar struct {
	t     *terminal
	on    bool
	pb    *progressbar.ProgressBar
	epoch int
	model int
}

func newBar(t *terminal, on bool) *bar { return &bar{t: t, on: on} }

// update draws the bar for a Progress message.
func (b *bar) update(p *protocol.Progress) {
	if !b.on {
		return
	}
	if b.pb == nil || b.epoch != p.Epoch || b.model != p.Model {
		b.clear()
		b.epoch, b.model = p.Epoch, p.Model
		b.pb = progressbar.NewOptions(p.Batches,
			progressbar.OptionSetWriter(b.t.rawWriter()),
			progressbar.OptionSetWidth(24),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false),
		)
	}
	b.pb.Describe(barLabel(p.Model, p.Epoch, p.Epochs, p.Batch, p.Batches, float64(p.Loss), float64(p.ImagesPerSecond)))
	b.pb.Set(p.Batch)
}

// clear erases the bar's line. (The bar's own Clear writes a line of
// spaces that may wrap on a narrow terminal.)
func (b *bar) clear() {
	if b.pb == nil {
		return
	}
	b.pb = nil
	b.t.raw("\r\x1b[K")
}

// barLabel is the text beside the bar. The counts are labelled: a bar
// that reads (40/40) would say nothing of whether it counts epochs or
// batches.
func barLabel(model, epoch, epochs, batch, batches int, loss, rate float64) string {
	s := ""
	if model > 1 {
		s = fmt.Sprintf("model %d · ", model)
	}
	s += fmt.Sprintf("epoch %d/%d · batch %d/%d · loss %.4f", epoch, epochs, batch, batches, loss)
	if rate > 0 {
		s += " · " + groupThousands(int(rate)) + " img/s"
	}
	return s
}

// groupThousands writes n with commas: 41,000.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// previewCols is the width in characters of a picture's terminal preview.
const previewCols = 48

// preview draws the last picture of pics in the terminal, below the cell
// that saved it: a PNG, or a GIF's first frame. It writes to the terminal
// only, never into the notebook.
func (s *Session) preview(pics []string) {
	if len(pics) == 0 {
		return
	}
	path := pics[len(pics)-1]
	mode := termimg.DetectMode(os.Stdout)
	if mode == termimg.None {
		return
	}
	if err := termimg.RenderFile(s.term, path, previewCols, mode); err != nil {
		s.term.printf("(no preview: %v)\n", err)
	}
}
