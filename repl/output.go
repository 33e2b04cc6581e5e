package main

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// output is where everything a cell prints goes: the REPL's writer, and
// while a cell runs also the cell's record for :save. It is safe for the
// goroutines a cell starts.
type output struct {
	mu      sync.Mutex
	w       io.Writer
	capture *bytes.Buffer
	midLine bool // the last text written did not end its line
}

func newOutput(w io.Writer) *output { return &output{w: w} }

// Write implements io.Writer.
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.capture != nil {
		o.capture.Write(p)
	}
	if len(p) > 0 {
		o.midLine = p[len(p)-1] != '\n'
	}
	return o.w.Write(p)
}

// endLine ends the line the output is on, if the last text written left
// it open: text a cell printed without a final newline stays on screen
// instead of being overwritten by the next prompt.
func (o *output) endLine() {
	o.mu.Lock()
	mid := o.midLine
	o.mu.Unlock()
	if mid {
		o.Write([]byte("\n"))
	}
}

// printf writes formatted text to the output.
func (o *output) printf(format string, args ...any) {
	fmt.Fprintf(o, format, args...)
}

// startCapture begins recording a cell's output.
func (o *output) startCapture() {
	o.mu.Lock()
	o.capture = new(bytes.Buffer)
	o.mu.Unlock()
}

// stopCapture ends the recording and returns it.
func (o *output) stopCapture() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.capture == nil {
		return ""
	}
	s := o.capture.String()
	o.capture = nil
	return s
}

// terminal returns a writer to the REPL's writer that bypasses the
// capture: for progress bars and picture previews.
func (o *output) terminal() io.Writer { return rawWriter{o} }

type rawWriter struct{ o *output }

func (r rawWriter) Write(p []byte) (int, error) {
	r.o.mu.Lock()
	defer r.o.mu.Unlock()
	if len(p) > 0 {
		// A progress bar leaves the cursor after itself until it clears
		// its line ("\r\x1b[K").
		r.o.midLine = !bytes.HasSuffix(p, []byte("\n")) && !bytes.HasSuffix(p, []byte("\r\x1b[K"))
	}
	return r.o.w.Write(p)
}

// traceBuffer collects what yaegi writes to its Stderr (the positions of a
// panic), so an error can name the cell's line.
type traceBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (t *traceBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.buf.Len() < 1<<16 {
		t.buf.Write(p)
	}
	return len(p), nil
}

// Reset empties the buffer.
func (t *traceBuffer) Reset() {
	t.mu.Lock()
	t.buf.Reset()
	t.mu.Unlock()
}

// String returns what was written since the last Reset.
func (t *traceBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
