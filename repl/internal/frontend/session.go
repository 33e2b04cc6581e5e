// Package frontend is the REPL's front end: the process that keeps the
// terminal (readline, history, completion, the commands), the lesson
// cursor, the session's events, its journal and its live page for a
// class (:serve, package classview), while the cells run in a
// kernel, a child process it starts at launch and replaces when it dies
// (package kernel, over package protocol). A kernel that dies — a stack
// overflow, an allocation past the memory guard, a second Ctrl-C on a
// cell that does not stop, kill -9 — costs nothing but the cell that
// killed it: the front end says in one line what happened, starts a new
// kernel and replays the cells that succeeded.
package frontend

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aekit/aekit/repl/internal/classview"
	"github.com/aekit/aekit/repl/internal/events"
	"github.com/aekit/aekit/repl/internal/memguard"
	"github.com/aekit/aekit/repl/internal/notebook"
	"github.com/aekit/aekit/repl/internal/protocol"
)

// Options are what the command line sets.
type Options struct {
	Out         string   // the folder for pictures and the journal
	Quick       bool     // lessons shrink their data and epochs
	MemoryLimit int64    // bytes the kernel may use: 0 for no limit, -1 for the default
	Interactive bool     // output is a terminal: progress bars, previews
	NoJournal   bool     // keep no journal (tests of other things)
	KernelEnv   []string // more environment for the kernel (tests)
}

// logEntry is one thing a new kernel replays: a cell that succeeded, or
// a change of the out folder.
type logEntry struct {
	code   string
	step   *events.Step
	setOut string
}

// Session is one REPL session: the front end's state and its kernel.
type Session struct {
	opts    Options
	term    *terminal
	bus     *events.Bus
	rec     *notebook.Recorder
	journal *notebook.Journal
	started time.Time
	limit   int64 // the kernel's memory limit, 0 for none
	machine memguard.Machine

	kmu     sync.Mutex  // held while the kernel is in use: a cell, a query, a replay
	k       *kernelProc // the current kernel
	baseOut string      // the out folder the current kernel started with
	log     []logEntry  // what the current kernel has run since it started clean
	ready   *protocol.Ready

	mu         sync.Mutex // guards what the signal goroutine touches
	running    *runningCell
	replaying  bool
	stopReplay bool

	vmu  sync.Mutex        // guards view and outs, which the live page's goroutines read
	view *classview.Server // the live page, nil when not served
	outs []string          // every out folder of the session, absolute

	cells  int // cells run this session
	plots  []string
	lesson *lessonState
	timing bool
	warned bool // the memory guard's note was given
	// journalWarned: the journal's failure was reported
	journalWarned bool
	closing       bool
}

// runningCell is the cell the kernel runs now.
type runningCell struct {
	k          *kernelProc
	id         uint64
	interrupts int
	first      time.Time // the first Ctrl-C
	stuck      bool      // the kernel said the cell does not stop
}

// stopAfter is how long a cell may take to stop after Ctrl-C before a
// second Ctrl-C replaces the kernel.
const stopAfter = 2 * time.Second

// New starts a session writing to w and its kernel. The kernel gets ready
// in the background; the first cell waits for it.
func New(opts Options, w io.Writer) (*Session, error) {
	if info, err := os.Stat(opts.Out); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("repl: out folder %s: a file of that name exists", opts.Out)
	}
	s := &Session{
		opts:    opts,
		term:    newTerminal(w),
		bus:     events.NewBus(),
		rec:     new(notebook.Recorder),
		started: time.Now(),
		baseOut: opts.Out,
	}
	s.machine = memguard.Read()
	switch {
	case opts.MemoryLimit < 0:
		s.limit = memguard.DefaultLimit(s.machine)
	default:
		s.limit = opts.MemoryLimit
	}
	s.noteOut(opts.Out)
	s.bus.Subscribe(s.rec.Handle)
	if !opts.NoJournal {
		s.journal = notebook.NewJournal(func() string { return s.opts.Out }, s.started)
		s.bus.Subscribe(s.journal.Handle)
	}
	k, err := s.startKernel(opts.Out)
	if err != nil {
		return nil, err
	}
	s.k = k
	return s, nil
}

// Events returns the session's event bus: what a class view subscribes to.
func (s *Session) Events() *events.Bus { return s.bus }

// JournalPath returns the journal's file, "" before the first cell.
func (s *Session) JournalPath() string {
	if s.journal == nil {
		return ""
	}
	return s.journal.Path()
}

// Close stops the live page, ends the kernel and closes the journal.
func (s *Session) Close() error {
	s.stopServing()
	s.kmu.Lock()
	s.closing = true
	k := s.k
	s.kmu.Unlock()
	if k != nil {
		k.close()
	}
	if s.journal != nil {
		return s.journal.Close()
	}
	return nil
}

// startKernel starts a kernel whose out folder is out.
func (s *Session) startKernel(out string) (*kernelProc, error) {
	init := protocol.Init{Version: protocol.Version, Out: out, Quick: s.opts.Quick, MemoryLimit: s.limit}
	k, err := startKernel(init, s.opts.KernelEnv, s.asyncOutput, s.machine.Total)
	if err != nil {
		return nil, err
	}
	go s.watch(k)
	return k, nil
}

// watch waits for a kernel to die between cells, and replaces it.
func (s *Session) watch(k *kernelProc) {
	<-k.exited
	s.kmu.Lock()
	defer s.kmu.Unlock()
	if s.k != k || s.closing || k.death.expected {
		return // replaced already, or ended on purpose
	}
	s.say("kernel died between cells: %s\n", k.death.cause)
	s.publish(events.Event{Kind: events.Kernel, Text: "died between cells: " + k.death.cause})
	s.replaceKernel("")
}

// kernel returns a live kernel, ready, replacing a dead one (s.kmu held).
func (s *Session) kernel() (*kernelProc, error) {
	for attempt := 0; attempt < 3; attempt++ {
		if s.k != nil && s.k.waitReady() {
			if s.ready == nil {
				s.ready = s.k.readyMsg
				s.noteMemory(s.ready)
			}
			return s.k, nil
		}
		if s.k != nil {
			<-s.k.exited
			s.say("the kernel did not start: %s\n", s.k.death.cause)
		}
		s.replaceKernel("")
	}
	return nil, errNoKernel
}

// noteMemory says so when the kernel could not apply its memory limit.
func (s *Session) noteMemory(r *protocol.Ready) {
	if r.MemoryNote != "" && !s.warned {
		s.warned = true
		s.say("warning: memory guard: %s\n", r.MemoryNote)
	}
}

// say prints a line of the front end's own on the terminal.
func (s *Session) say(format string, args ...any) {
	s.term.endLine()
	s.term.printf(format, args...)
}

// publish sends an event to the session's subscribers.
func (s *Session) publish(e events.Event) {
	s.bus.Publish(e)
}

// asyncOutput shows output that belongs to no cell: a goroutine a cell
// left running that prints, or panics, after the cell ended.
func (s *Session) asyncOutput(b []byte) {
	s.term.Write(b)
	s.publish(events.Event{Kind: events.Output, Text: string(b)})
}

// cellResult is how a cell ended.
type cellResult struct {
	problem *protocol.Problem // the kernel's word on it, nil when it ran
	died    *death            // the kernel died running it
	unrun   bool              // the kernel died before it began the cell
	out     string
	pics    []string
}

// failed returns the cell's failure in one line, "" when it ran.
func (r *cellResult) failed() string {
	switch {
	case r.died != nil:
		return "the kernel died: " + r.died.cause
	case r.problem != nil:
		return r.problem.Headline()
	}
	return ""
}

// err returns the cell's problem as an error, nil when it ran.
func (r *cellResult) err() error {
	switch {
	case r.died != nil:
		return &cellDeath{r.died}
	case r.problem != nil:
		return r.problem
	}
	return nil
}

// cellDeath is the error of a cell that killed its kernel.
type cellDeath struct{ d *death }

// Error says the kernel died and why.
func (e *cellDeath) Error() string { return "the kernel died: " + e.d.cause }

// RunCell runs a cell the learner typed and returns its problem (already
// printed), nil when it ran.
func (s *Session) RunCell(code string) error {
	return s.runCell(code, nil).err()
}

// runCell runs a cell in the kernel, shows and publishes what it does,
// and replaces the kernel if the cell killed it.
func (s *Session) runCell(code string, step *events.Step) *cellResult {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	s.cells++
	n := s.cells
	s.publish(events.Event{Kind: events.CellStart, Cell: n, Code: code, Step: step})
	start := time.Now()
	res := s.execute(code, step, n, false)
	if res.unrun {
		// Killed from outside, say, while the learner typed: not the
		// cell's doing. A new kernel, and the cell runs there.
		s.say("kernel died between cells: %s\n", res.died.cause)
		s.publish(events.Event{Kind: events.Kernel, Text: "died between cells: " + res.died.cause})
		s.replaceKernel("")
		res = s.execute(code, step, n, false)
	}
	s.term.endLine()
	if res.died != nil {
		line := fmt.Sprintf("kernel died in cell %d (%s): %s\n", n, shortCode(code), res.died.cause)
		s.term.printf("%s", line)
		s.publish(events.Event{Kind: events.Output, Cell: n, Text: line})
	}
	s.publish(events.Event{Kind: events.CellEnd, Cell: n, OK: res.err() == nil, Failed: res.failed(), Duration: time.Since(start)})
	if s.journal != nil && !s.journalWarned {
		if err := s.journal.Err(); err != nil {
			s.journalWarned = true
			s.say("warning: the journal stopped: %v; :save FILE.md still saves the session\n", err)
		}
	}
	for _, p := range res.pics {
		s.term.printf("saved %s\n", p)
	}
	s.plots = append(s.plots, res.pics...)
	if s.timing {
		s.term.printf("(%s)\n", formatDuration(time.Since(start)))
	}
	if len(res.pics) > 0 && s.opts.Interactive {
		s.preview(res.pics)
	}
	switch {
	case res.died != nil:
		s.publish(events.Event{Kind: events.Kernel, Cell: n, Text: "died in cell " + fmt.Sprint(n) + ": " + res.died.cause})
		s.replaceKernel(fmt.Sprintf(" (cell %d was not)", n))
	case res.problem == nil:
		s.log = append(s.log, logEntry{code: code, step: step})
	}
	return res
}

// shortCode is a cell's first line, shortened, for a message.
func shortCode(code string) string {
	line := strings.TrimSpace(code)
	more := false
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line, more = strings.TrimSpace(line[:i]), true
	}
	if r := []rune(line); len(r) > 40 {
		line, more = string(r[:39]), true
	}
	if more {
		line += "…"
	}
	return line
}

// execute runs code in the kernel and handles its stream (s.kmu held).
// With replay, nothing is shown and events are marked as a replay.
func (s *Session) execute(code string, step *events.Step, n int, replay bool) *cellResult {
	k, err := s.kernel()
	if err != nil {
		return &cellResult{problem: &protocol.Problem{Kind: "error", Msg: err.Error()}}
	}
	id, c := k.begin()
	defer k.end()
	rc := &runningCell{k: k, id: id}
	s.mu.Lock()
	s.running = rc
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running = nil
		s.mu.Unlock()
	}()
	run := &protocol.Run{Cell: id, Code: code}
	if step != nil {
		run.Step = &protocol.Step{Lesson: step.Lesson, Index: step.Index, Variant: step.Variant}
	}
	res := &cellResult{}
	if err := k.send.Send(run); err != nil {
		<-k.exited
		res.died = k.death
		return res
	}
	b := newBar(s.term, s.opts.Interactive && !replay)
	defer b.clear()
	var done *protocol.Done
	synced := false  // the kernel's stdout reached the cell's marker
	started := false // the kernel began the cell
	var syncWait <-chan time.Time
	for {
		select {
		case m := <-c:
			switch {
			case m.text != nil:
				if !replay {
					b.clear()
					s.term.Write(m.text)
				}
				s.publish(events.Event{Kind: events.Output, Cell: n, Replay: replay, Text: string(m.text)})
			case m.progress != nil:
				p := m.progress
				b.update(p)
				s.publish(events.Event{Kind: events.Progress, Cell: n, Replay: replay, Progress: &events.TrainingProgress{
					Model: p.Model, Epoch: p.Epoch, Epochs: p.Epochs, Batch: p.Batch, Batches: p.Batches,
					Loss: float64(p.Loss), ImagesPerSecond: float64(p.ImagesPerSecond)}})
			case m.epoch != nil:
				e := m.epoch
				if e.Epoch == e.Epochs {
					b.clear()
				}
				s.publish(events.Event{Kind: events.Epoch, Cell: n, Replay: replay, Epoch: &events.EpochEnd{
					Model: e.Model, Epoch: e.Epoch, Epochs: e.Epochs, Train: float64(e.Train),
					Validation: float64(e.Validation), Seconds: float64(e.Seconds)}})
			case m.picture != "":
				res.pics = append(res.pics, m.picture)
				s.publish(events.Event{Kind: events.Picture, Cell: n, Replay: replay, Path: m.picture, Format: pictureFormat(m.picture)})
			case m.stuck != nil:
				s.mu.Lock()
				rc.stuck = true
				s.mu.Unlock()
				if !replay {
					b.clear()
					s.say("the cell has not stopped: it is in compiled code that does not watch ctx (time.Sleep, say). Ctrl-C again replaces the kernel and replays %s.\n", cellsWord(len(s.log)))
				}
			case m.done != nil:
				done = m.done
				if synced {
					return s.finish(res, done, replay)
				}
				syncWait = time.After(500 * time.Millisecond)
			case m.started:
				started = true
			case m.synced:
				synced = true
				if done != nil {
					return s.finish(res, done, replay)
				}
			}
		case <-syncWait:
			return s.finish(res, done, replay) // the kernel's stdout is closed or slow
		case <-k.exited:
			// Take what the cell said before the end.
		drain:
			for {
				select {
				case m := <-c:
					if m.text != nil && !replay {
						s.term.Write(m.text)
					}
					if m.text != nil {
						s.publish(events.Event{Kind: events.Output, Cell: n, Replay: replay, Text: string(m.text)})
					}
					if m.done != nil {
						done = m.done
					}
					if m.started {
						started = true
					}
				default:
					break drain
				}
			}
			if done != nil {
				return s.finish(res, done, replay)
			}
			res.died = k.death
			res.unrun = !started && !replay
			return res
		}
	}
}

// finish completes a cell's result from its Done.
func (s *Session) finish(res *cellResult, done *protocol.Done, replay bool) *cellResult {
	res.problem = done.Problem
	res.out = done.Out
	if !replay && done.Out != "" && done.Out != s.opts.Out {
		s.opts.Out = done.Out // a cell assigned out
		s.noteOut(done.Out)
	}
	return res
}

// pictureFormat is "png" or "gif".
func pictureFormat(path string) string {
	if strings.HasSuffix(strings.ToLower(path), ".gif") {
		return "gif"
	}
	return "png"
}

// cellsWord is "1 cell" or "N cells".
func cellsWord(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// Interrupt is Ctrl-C: the first cancels the running cell's context; a
// later one, once the cell has had stopAfter to stop (or the kernel said
// it will not), replaces the kernel. During a replay it stops the replay.
// It reports whether there was anything to interrupt.
func (s *Session) Interrupt() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replaying {
		s.stopReplay = true
	}
	rc := s.running
	if rc == nil {
		return s.replaying
	}
	rc.interrupts++
	if rc.interrupts == 1 {
		rc.first = time.Now()
		rc.k.send.Send(&protocol.Interrupt{Cell: rc.id})
		return true
	}
	if rc.stuck || time.Since(rc.first) >= stopAfter {
		go rc.k.kill("you stopped it with Ctrl-C twice: the cell was running code that does not watch ctx, so the kernel was replaced")
		return true
	}
	rc.k.send.Send(&protocol.Interrupt{Cell: rc.id})
	return true
}

// replaceKernel starts a new kernel and replays the log into it (s.kmu
// held). note ends the report line (" (cell 5 was not)").
func (s *Session) replaceKernel(note string) {
	for attempt := 0; ; attempt++ {
		k, err := s.startKernel(s.baseOut)
		if err != nil {
			s.say("%v\n", err)
			s.k = nil
			return
		}
		old := s.k
		s.k = k
		if old != nil && !old.isDead() {
			old.kill("replaced")
		}
		if len(s.log) == 0 {
			s.say("new kernel started: the session starts afresh (no cell had succeeded)\n")
			return
		}
		failedAt, died := s.replay(note)
		if !died || attempt == 2 {
			return
		}
		// The kernel died replaying cell failedAt: leave it out and
		// start again.
		s.log = append(s.log[:failedAt], s.log[failedAt+1:]...)
		note = fmt.Sprintf(" (cell %d of the replay was left out: it killed the kernel again)", failedAt+1)
	}
}

// replay runs the log in the current kernel, with a one-line report. It
// returns the index of the entry that killed the kernel, if one did.
func (s *Session) replay(note string) (int, bool) {
	total := len(s.log)
	start := time.Now()
	s.mu.Lock()
	s.replaying, s.stopReplay = true, false
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.replaying = false
		s.mu.Unlock()
	}()
	s.term.endLine()
	// On a terminal the count goes up on one line; under readline's
	// prompt (a kernel that died between cells), and without a terminal,
	// the replay gets a line when it starts and one when it ends.
	counter := s.opts.Interactive && !s.term.isPrompting()
	progress := func(i int) {
		if counter {
			s.term.raw(fmt.Sprintf("\r\x1b[Knew kernel: replaying %d/%d cells…", i, total))
		}
	}
	if !counter {
		s.term.printf("new kernel: replaying %s…\n", cellsWord(total))
	}
	var failed []string
	for i, e := range s.log {
		progress(i)
		s.mu.Lock()
		stop := s.stopReplay
		s.mu.Unlock()
		if stop {
			s.log = s.log[:i]
			if counter {
				s.term.raw("\r\x1b[K")
			}
			s.say("replay stopped at cell %d of %d: the cells after it did not run (:replay runs them all again)\n", i+1, total)
			return 0, false
		}
		if e.setOut != "" {
			if r, err := s.k.query(protocol.QSetOut, e.setOut); err == nil && r.Err != "" {
				failed = append(failed, fmt.Sprintf(":out %s: %s", e.setOut, r.Err))
			}
			continue
		}
		res := s.execute(e.code, e.step, 0, true)
		switch {
		case res.died != nil:
			if counter {
				s.term.raw("\r\x1b[K")
			}
			s.say("the kernel died again replaying cell %d of %d: %s\n", i+1, total, res.died.cause)
			return i, true
		case res.problem != nil:
			failed = append(failed, fmt.Sprintf("cell %d (%s): %s", i+1, shortCode(e.code), res.problem.Headline()))
		}
	}
	if counter {
		s.term.raw("\r\x1b[K")
	}
	msg := fmt.Sprintf("replayed %s in %s%s", cellsWord(total), formatDuration(time.Since(start)), note)
	if len(failed) > 0 {
		msg += fmt.Sprintf("; %d failed this time: %s", len(failed), strings.Join(failed, "; "))
	}
	s.say("%s\n", msg)
	s.publish(events.Event{Kind: events.Kernel, Text: msg})
	return 0, false
}

// restart starts a clean kernel: every name gone, the out folder kept.
func (s *Session) restart() error {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	old := s.k
	k, err := s.startKernel(s.opts.Out)
	if err != nil {
		return err
	}
	s.k = k
	s.baseOut = s.opts.Out
	s.log = nil
	if old != nil {
		go old.close()
	}
	return nil
}

// query asks the kernel something between cells.
func (s *Session) query(kind, arg string) (*protocol.Reply, error) {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	k, err := s.kernel()
	if err != nil {
		return nil, err
	}
	r, err := k.query(kind, arg)
	if err != nil {
		return nil, errors.New("the kernel died before it answered")
	}
	return r, nil
}
