// Package kernel is the REPL's kernel: the process that runs cells. The
// front end starts it (the same binary, with protocol.KernelEnv set) and
// talks to it over the protocol on file descriptors 3 and 4; the kernel
// runs each cell through the pipeline (package pipeline), streams what the
// cell prints, its training's progress and the pictures it saved, and
// answers the front end's queries between cells. Whatever a cell does to
// the kernel — a stack overflow, an allocation past the memory guard, a
// goroutine that never returns — costs the kernel, never the session:
// the front end starts another and replays the journal.
package kernel

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/aekit/aekit/repl/internal/memguard"
	"github.com/aekit/aekit/repl/internal/pipeline"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// ExitProtocol is the kernel's exit status when it cannot read or write
// the protocol (the front end is gone, or a cell closed a pipe): the front
// end tells it from a crash by it and by what the kernel printed.
const ExitProtocol = 3

// Config is what Serve needs from its process.
type Config struct {
	// ApplyMemory applies the memory limit Init asks for and returns the
	// note for Ready when it could not ("" when it did). nil applies none.
	ApplyMemory func(limit int64) string
	// AfterCell runs after each cell, before Done (Main restores the
	// kernel's stdout and writes protocol.SyncMarker to it).
	AfterCell func(cell uint64)
	// Quit is called when the front end is gone or the protocol broke
	// while a cell runs (Main exits at once); Serve returns when the cell
	// ends otherwise.
	Quit func(err error)
	// StuckAfter is how long an interrupted cell may take to stop before
	// the front end hears of it (default 2 s).
	StuckAfter time.Duration
}

// Main is the kernel process's main: it serves the protocol on file
// descriptors 3 and 4 and returns the exit status.
func Main() int {
	os.Unsetenv(protocol.KernelEnv)
	r := os.NewFile(protocol.RequestFD, "requests")
	w := os.NewFile(protocol.MessageFD, "messages")
	if r == nil || w == nil {
		fmt.Fprintln(os.Stderr, "aekit kernel: no protocol file descriptors: the kernel is started by the REPL, not by hand")
		return 2
	}
	guard, err := newStdioGuard()
	if err != nil {
		fmt.Fprintf(os.Stderr, "aekit kernel: %v\n", err)
		return 2
	}
	cfg := Config{
		ApplyMemory: func(limit int64) string {
			if err := memguard.Apply(limit); err != nil {
				return err.Error()
			}
			return ""
		},
		AfterCell: guard.afterCell,
		Quit: func(err error) {
			if err != nil {
				fmt.Fprintf(os.Stderr, "aekit kernel: %v\n", err)
				os.Exit(ExitProtocol)
			}
			os.Exit(0)
		},
	}
	if err := Serve(r, w, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "aekit kernel: %v\n", err)
		return ExitProtocol
	}
	return 0
}

// request is a frame for the main loop.
type request struct {
	run   *protocol.Run
	query *protocol.Query
}

// server is one kernel's state.
type server struct {
	cfg  Config
	send *protocol.Sender
	sess *pipeline.Session
	out  *cellWriter

	mu      sync.Mutex
	cur     uint64 // the running cell, 0 between cells
	last    uint64 // the last cell that ran or runs
	pending uint64 // a cell interrupted before it started
	// interruptedAt is when the running cell was interrupted.
	interruptedAt time.Time
}

// Serve runs a kernel on the protocol stream r (requests) and w
// (messages) until the front end sends Shutdown or goes away. It returns
// an error when the protocol breaks.
func Serve(r io.Reader, w io.Writer, cfg Config) error {
	start := time.Now()
	if cfg.StuckAfter == 0 {
		cfg.StuckAfter = 2 * time.Second
	}
	k := &server{cfg: cfg, send: protocol.NewSender(w)}
	typ, payload, err := protocol.ReadFrame(r)
	if err != nil {
		return fmt.Errorf("reading Init: %w", err)
	}
	if typ != protocol.TInit {
		return fmt.Errorf("the first frame is %v, want Init", typ)
	}
	m, err := protocol.Decode(typ, payload)
	if err != nil {
		return err
	}
	init := m.(*protocol.Init)
	if init.Version != protocol.Version {
		return fmt.Errorf("the front end speaks protocol version %d, the kernel %d", init.Version, protocol.Version)
	}
	ready := protocol.Ready{Version: protocol.Version, PID: os.Getpid(), Interpreter: "yaegi " + pipeline.YaegiVersion}
	if init.MemoryLimit > 0 && cfg.ApplyMemory != nil {
		if note := cfg.ApplyMemory(init.MemoryLimit); note != "" {
			ready.MemoryNote = note
		} else {
			ready.MemoryLimit = init.MemoryLimit
		}
	}
	k.out = &cellWriter{k: k}
	k.sess, err = pipeline.New(pipeline.Options{
		Out:        init.Out,
		Quick:      init.Quick,
		Stdout:     k.out,
		StuckAfter: cfg.StuckAfter,
		OnStuck:    k.stuck,
	})
	if err != nil {
		return err
	}
	ready.Packages = k.sess.PreludeNames()
	for _, p := range pipeline.Predefined {
		ready.Predefined = append(ready.Predefined, protocol.NameDoc{Name: p.Name, Doc: p.Doc})
	}
	ready.Unsupported = pipeline.Unsupported()
	ready.Millis = float64(time.Since(start).Microseconds()) / 1000
	if err := k.send.Send(&ready); err != nil {
		return err
	}

	reqs := make(chan request, 16)
	quit := make(chan error, 1)
	go k.read(r, reqs, quit)
	for {
		select {
		case err := <-quit:
			return err
		case req := <-reqs:
			if req.run != nil {
				k.run(req.run)
			} else {
				k.query(req.query)
			}
			if err := k.sendErr(); err != nil {
				return err
			}
		}
	}
}

// read reads requests: an Interrupt is handled at once, a cell or a query
// goes to the main loop. It ends at Shutdown, at the end of the stream or
// at a protocol error, and says so on quit.
func (k *server) read(r io.Reader, reqs chan<- request, quit chan<- error) {
	stop := func(err error) {
		k.mu.Lock()
		busy := k.cur != 0
		k.mu.Unlock()
		if busy && k.cfg.Quit != nil {
			k.cfg.Quit(err) // a cell runs: do not wait for it
		}
		quit <- err
	}
	for {
		typ, payload, err := protocol.ReadFrame(r)
		if err == io.EOF {
			stop(nil) // the front end is gone
			return
		}
		if err != nil {
			stop(fmt.Errorf("reading a request: %w", err))
			return
		}
		if !typ.ToKernel() {
			stop(fmt.Errorf("a %v frame came to the kernel", typ))
			return
		}
		m, err := protocol.Decode(typ, payload)
		if err != nil {
			stop(err)
			return
		}
		switch m := m.(type) {
		case *protocol.Interrupt:
			k.mu.Lock()
			switch {
			case k.cur == m.Cell && k.cur != 0:
				k.interruptedAt = time.Now()
				k.sess.Interrupt()
			case m.Cell > k.last:
				k.pending = m.Cell // its Run is still in the queue
			}
			k.mu.Unlock()
		case *protocol.Shutdown:
			stop(nil)
			return
		case *protocol.Run:
			reqs <- request{run: m}
		case *protocol.Query:
			reqs <- request{query: m}
		case *protocol.Init:
			stop(errors.New("a second Init"))
			return
		}
	}
}

// sendErr returns the error that stopped the messages, if one did.
func (k *server) sendErr() error {
	return k.send.Err()
}

// run runs one cell and reports it.
func (k *server) run(m *protocol.Run) {
	start := time.Now()
	k.mu.Lock()
	k.cur, k.last = m.Cell, m.Cell
	k.interruptedAt = time.Time{}
	if k.pending == m.Cell {
		k.interruptedAt = time.Now()
		k.sess.Interrupt() // stops it as soon as its evaluation starts
	}
	k.mu.Unlock()
	k.send.Send(&protocol.Started{Cell: m.Cell})
	before := snapshotPictures(k.sess.Out())
	var step *pipeline.StepRef
	if m.Step != nil {
		step = &pipeline.StepRef{Lesson: m.Step.Lesson, Index: m.Step.Index, Variant: m.Step.Variant}
	}
	prog := newProgress(k.send, m.Cell, step == nil)
	pr := k.sess.Run(m.Code, step, prog)
	for _, p := range newPictures(before, k.sess.Out()) {
		k.send.Send(&protocol.Picture{Cell: m.Cell, Path: p})
	}
	if k.cfg.AfterCell != nil {
		k.cfg.AfterCell(m.Cell)
	}
	done := &protocol.Done{Cell: m.Cell, Out: k.sess.Out(), Millis: protocol.Float(float64(time.Since(start).Microseconds()) / 1000)}
	if pr != nil {
		done.Problem = pr
	}
	k.mu.Lock()
	k.cur = 0
	k.mu.Unlock()
	k.send.Send(done)
}

// stuck tells the front end that the interrupted cell has not stopped.
func (k *server) stuck() {
	k.mu.Lock()
	cell, at := k.cur, k.interruptedAt
	k.mu.Unlock()
	if cell == 0 {
		return
	}
	secs := 0.0
	if !at.IsZero() {
		secs = time.Since(at).Seconds()
	}
	k.send.Send(&protocol.Stuck{Cell: cell, Seconds: protocol.Float(secs)})
}

// query answers one query.
func (k *server) query(q *protocol.Query) {
	r := &protocol.Reply{ID: q.ID}
	switch q.Kind {
	case protocol.QComplete:
		r.Word, r.List = k.sess.Complete(q.Arg)
	case protocol.QVars:
		r.Text = k.sess.Vars()
	case protocol.QDoc:
		text, err := k.sess.Doc(q.Arg)
		r.Text = text
		if err != nil {
			r.Err = err.Error()
		}
	case protocol.QEvalBool:
		v, err := k.sess.EvalBool(q.Arg)
		r.Bool = v
		if err != nil {
			r.Err = err.Error()
		}
	case protocol.QEvalString:
		v, err := k.sess.EvalString(q.Arg)
		r.Text = v
		if err != nil {
			r.Err = err.Error()
		}
	case protocol.QNames:
		r.List = k.sess.Names()
	case protocol.QSetOut:
		if err := k.sess.SetOut(q.Arg); err != nil {
			r.Err = err.Error()
		}
	default:
		r.Err = fmt.Sprintf("unknown query %q", q.Kind)
	}
	k.send.Send(r)
}

// cellWriter is where cells print: Output frames of the running cell (or
// of cell 0, for a goroutine a finished cell left).
type cellWriter struct {
	k *server
}

// Write implements io.Writer.
func (w *cellWriter) Write(p []byte) (int, error) {
	w.k.mu.Lock()
	cell := w.k.cur
	w.k.mu.Unlock()
	if err := w.k.send.SendOutput(cell, p); err != nil {
		return 0, err
	}
	return len(p), nil
}
