package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The test binary doubles as the REPL: scripts run it as "aekit"
// (testscript.Main), and the pty tests start it with AEKIT_REPL_MAIN=1.
// No separate build is needed.
func TestMain(m *testing.M) {
	if os.Getenv("AEKIT_REPL_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"aekit": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// fixtures is the folder of the lesson fixtures.
func fixtures(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "lessons", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer is a bytes.Buffer safe for the goroutines a cell starts.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// take returns what was written and empties the buffer.
func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// testSession is an in-process session writing to a buffer, with its out
// folder in a temporary directory.
type testSession struct {
	*session
	t   testing.TB
	buf *syncBuffer
	dir string
}

func newTestSession(t testing.TB) *testSession {
	t.Helper()
	dir := t.TempDir()
	buf := new(syncBuffer)
	s, err := newSession(options{out: filepath.Join(dir, "out"), quick: true}, buf, false)
	if err != nil {
		t.Fatal(err)
	}
	return &testSession{session: s, t: t, buf: buf, dir: dir}
}

// cell runs src and returns what it printed and its error.
func (ts *testSession) cell(src string) (string, error) {
	ts.buf.take()
	err := ts.runCell(src, nil)
	return ts.buf.take(), err
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

// cmd runs a command and returns its output.
func (ts *testSession) cmd(line string) (string, error) {
	ts.buf.take()
	err := ts.command(line)
	return ts.buf.take(), err
}

// alive checks that the session still evaluates and kept x (when set).
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
