package frontend

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/kernel"
	"github.com/aekit/aekit/repl/internal/protocol"
	"github.com/aekit/aekit/repl/internal/syncbuf"
)

// The test binary doubles as the kernel: the sessions the tests start run
// it with protocol.KernelEnv set.
func TestMain(m *testing.M) {
	if protocol.IsKernel() {
		if mode := os.Getenv("AEKIT_FAKE_KERNEL"); mode != "" && fakeOnce() {
			os.Exit(fakeKernel(mode))
		}
		os.Exit(kernel.Main())
	}
	if spec := os.Getenv("AEKIT_SSE_VIEWERS"); spec != "" {
		os.Exit(sseViewers(spec))
	}
	os.Exit(m.Run())
}

// fakeOnce reports whether this kernel is the first of its test (it
// makes the file AEKIT_FAKE_ONCE names): the kernels after it are real.
func fakeOnce() bool {
	f, err := os.OpenFile(os.Getenv("AEKIT_FAKE_ONCE"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// fakeKernel answers Init as a kernel does, then misbehaves at the first
// Run as mode says.
func fakeKernel(mode string) int {
	r := os.NewFile(protocol.RequestFD, "requests")
	w := os.NewFile(protocol.MessageFD, "messages")
	send := protocol.NewSender(w)
	if _, _, err := protocol.ReadFrame(r); err != nil {
		return 2
	}
	send.Send(&protocol.Ready{Version: protocol.Version, PID: os.Getpid()})
	for {
		typ, payload, err := protocol.ReadFrame(r)
		if err != nil {
			return 2
		}
		if typ != protocol.TRun {
			m, _ := protocol.Decode(typ, payload)
			if q, ok := m.(*protocol.Query); ok {
				send.Send(&protocol.Reply{ID: q.ID})
			}
			continue
		}
		if mode == "unstarted" {
			os.Exit(1) // dies before it begins the cell
		}
		m, _ := protocol.Decode(typ, payload)
		send.Send(&protocol.Started{Cell: m.(*protocol.Run).Cell})
		switch mode {
		case "garbage":
			w.Write([]byte("this is not a frame at all, just text\n"))
		case "oversized":
			w.Write([]byte{'A', 'K', protocol.Version, byte(protocol.TOutput), 0xff, 0xff, 0xff, 0xff})
		case "truncated":
			w.Write([]byte{'A', 'K', protocol.Version, byte(protocol.TDone), 0, 0, 0, 100, '{', '"'})
			return 0
		case "bad-done":
			protocol.WriteFrame(w, protocol.TDone, []byte(`{"Cell": "one"}`))
		case "wrong-way":
			protocol.WriteFrame(w, protocol.TRun, []byte(`{}`))
		case "exit":
			os.Exit(7)
		case "sigterm":
			syscall.Kill(os.Getpid(), syscall.SIGTERM)
		case "panic":
			go func() { panic("boom in compiled code") }()
		case "oom":
			os.Stderr.WriteString("fatal error: runtime: out of memory\n\ngoroutine 1 gp=0x1 m=0 mp=0x2 [running]:\nruntime.mallocgc(0x2000000000, 0x4aa9a0, 0x1)\n")
			os.Exit(2)
		}
		time.Sleep(10 * time.Second)
		return 2
	}
}

// fixtures is the folder of the lesson fixtures.
func fixtures(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "lessons", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer is the session's stdout in tests.
type syncBuffer = syncbuf.Buffer

// testSession is a front end writing to a buffer, with a kernel process
// of its own and its out folder in a temporary directory.
type testSession struct {
	*Session
	t   testing.TB
	buf *syncBuffer
	dir string
}

func newTestSession(t testing.TB) *testSession {
	t.Helper()
	return newTestSessionOpts(t, Options{Quick: true, NoJournal: true, MemoryLimit: 0})
}

func newTestSessionOpts(t testing.TB, opts Options) *testSession {
	t.Helper()
	dir := t.TempDir()
	buf := new(syncBuffer)
	if opts.Out == "" {
		opts.Out = filepath.Join(dir, "out")
	}
	s, err := New(opts, buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &testSession{Session: s, t: t, buf: buf, dir: dir}
}

// cell runs src and returns what it printed and its error.
func (ts *testSession) cell(src string) (string, error) {
	ts.buf.Take()
	err := ts.RunCell(src)
	return ts.buf.Take(), err
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
	ts.buf.Take()
	err := ts.Command(line)
	return ts.buf.Take(), err
}

// kernelPID returns the running kernel's process id.
func (ts *testSession) kernelPID() int {
	ts.kmu.Lock()
	defer ts.kmu.Unlock()
	k, err := ts.kernel()
	if err != nil {
		ts.t.Fatal(err)
	}
	return k.pid
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

// has reports whether out contains every one of wants.
func has(out string, wants ...string) bool {
	for _, w := range wants {
		if !strings.Contains(out, w) {
			return false
		}
	}
	return true
}
