package typecheck_test

import (
	"path/filepath"
	"testing"

	"github.com/aekit/aekit/repl/internal/pipeline"
	"github.com/aekit/aekit/repl/internal/syncbuf"
)

// syncBuffer is the session's stdout in tests.
type syncBuffer = syncbuf.Buffer

// session is a pipeline session in process, to see the checker's
// verdicts as a learner does.
type session struct {
	*pipeline.Session
	t   *testing.T
	buf *syncBuffer
}

func newSession(t *testing.T) *session {
	t.Helper()
	buf := new(syncBuffer)
	s, err := pipeline.New(pipeline.Options{Out: filepath.Join(t.TempDir(), "out"), Quick: true, Stdout: buf})
	if err != nil {
		t.Fatal(err)
	}
	return &session{Session: s, t: t, buf: buf}
}

// cell runs src and returns what it printed and its problem.
func (s *session) cell(src string) (string, error) {
	s.buf.Take()
	pr := s.Run(src, nil, nil)
	out := s.buf.Take()
	if pr == nil {
		return out, nil
	}
	return out, pr
}

// ok runs src, fails the test on an error, and returns the output.
func (s *session) ok(src string) string {
	s.t.Helper()
	out, err := s.cell(src)
	if err != nil {
		s.t.Fatalf("cell %q: %v\noutput:\n%s", src, err, out)
	}
	return out
}
