package pipeline

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/syncbuf"
)

// syncBuffer is the session's stdout in tests.
type syncBuffer = syncbuf.Buffer

// testSession is an in-process session writing to a buffer, with its out
// folder in a temporary directory.
type testSession struct {
	*Session
	t   testing.TB
	buf *syncBuffer
	dir string
}

func newTestSession(t testing.TB) *testSession {
	t.Helper()
	dir := t.TempDir()
	buf := new(syncBuffer)
	s, err := New(Options{Out: filepath.Join(dir, "out"), Quick: true, Stdout: buf, StopWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &testSession{Session: s, t: t, buf: buf, dir: dir}
}

// cell runs src and returns what it printed and its problem.
func (ts *testSession) cell(src string) (string, error) {
	ts.buf.Take()
	pr := ts.Run(src, nil, nil)
	out := ts.buf.Take()
	if pr == nil {
		return out, nil
	}
	return out, pr
}

// ok runs src, fails the test on an error, and returns the output.
func (ts *testSession) ok(src string) string {
	ts.t.Helper()
	out, err := ts.cell(src)
	if err != nil {
		ts.t.Fatalf("cell %q: %v\noutput:\n%s", src, err, out)
	}
	return out
}

// alive checks that the session still evaluates.
func (ts *testSession) alive() {
	ts.t.Helper()
	out := ts.ok(`fmt.Println("alive", 40+2)`)
	if !strings.Contains(out, "alive 42") {
		ts.t.Fatalf("session not alive: %q", out)
	}
}

// waitFor polls cond for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}
