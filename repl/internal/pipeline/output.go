package pipeline

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// output is where everything a cell prints goes. It is safe for the
// goroutines a cell starts, and remembers whether the last text written
// left its line open.
type output struct {
	mu      sync.Mutex
	w       io.Writer
	midLine bool // the last text written did not end its line
}

// Write implements io.Writer.
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(p) > 0 {
		o.midLine = p[len(p)-1] != '\n'
	}
	return o.w.Write(p)
}

// endLine ends the line the output is on, if the last text written left
// it open: text a cell printed without a final newline stays on screen
// instead of being overwritten by the next prompt, and a message after it
// starts on a line of its own.
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
