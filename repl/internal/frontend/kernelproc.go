package frontend

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"

	"github.com/aekit/aekit/repl/internal/protocol"
)

// kmsg is one piece of a running cell's stream, from either of the
// kernel's two channels: its protocol messages and its stdout.
type kmsg struct {
	text     []byte // output: from an Output frame, or from the kernel's stdout
	progress *protocol.Progress
	epoch    *protocol.Epoch
	picture  string
	stuck    *protocol.Stuck
	done     *protocol.Done
	started  bool // the kernel began the cell
	synced   bool // the kernel's stdout reached the cell's sync marker
}

// kernelProc is one kernel process, seen from the front end.
type kernelProc struct {
	cmd  *exec.Cmd
	pid  int
	send *protocol.Sender
	reqW *os.File // requests
	msgR *os.File // messages
	outR *os.File // the kernel's stdout and stderr

	ready    chan struct{} // closed when Ready came, or the kernel died first
	readyMsg *protocol.Ready
	exited   chan struct{} // closed when the process is reaped and its death explained
	death    *death        // why it ended, once exited is closed
	started  time.Time

	async func(text []byte) // shows output that belongs to no cell
	mem   memory

	mu       sync.Mutex
	nextID   uint64
	nextCell uint64
	pending  map[uint64]chan *protocol.Reply
	cell     uint64    // the running cell, 0 between cells
	cellc    chan kmsg // the running cell's stream
	killedAs string    // why the front end killed it, "" if it did not
	shutdown bool      // the front end asked it to end
	protoErr error     // the kernel broke the protocol
	held     bytes.Buffer
	holding  bool   // the kernel's stdout looks like a crash: held back
	partial  []byte // a line start that may begin a crash report
	tail     []byte // the last of the kernel's stdout, for a death without a report

	// outbox holds what the readers route while they hold mu, sent after
	// they let it go: a slow terminal must not keep mu held.
	outbox []routed

	readers sync.WaitGroup
}

// routed is a message on its way: to a cell's channel, or shown as
// output that belongs to no cell.
type routed struct {
	c     chan kmsg
	m     kmsg
	async []byte
}

// flush sends what the outbox holds (k.mu not held).
func (k *kernelProc) flush(box []routed) {
	for _, r := range box {
		switch {
		case r.c != nil:
			r.c <- r.m
		case r.async != nil && k.async != nil:
			k.async(r.async)
		}
	}
}

// take empties the outbox (k.mu held).
func (k *kernelProc) take() []routed {
	box := k.outbox
	k.outbox = nil
	return box
}

// crashStart matches the first line of what Go's runtime (or the kernel)
// prints when the process is about to die.
var crashStart = regexp.MustCompile(`(?m)^(fatal error: |runtime: |panic: |SIGSEGV|SIGBUS|SIGILL|unexpected fault|\[signal |goroutine \d+ \[|aekit kernel: )`)

// crashPrefixes are the starts of crashStart's lines, to hold back a line
// cut short that may be one.
var crashPrefixes = []string{"fatal error: ", "runtime: ", "panic: ", "SIGSEGV", "SIGBUS", "SIGILL", "unexpected fault", "[signal ", "goroutine ", "aekit kernel: "}

// maxHeld is the most of a crash report kept.
const maxHeld = 256 << 10

// startKernel starts a kernel process (this binary, with
// protocol.KernelEnv set) and sends it init. It does not wait for Ready.
func startKernel(init protocol.Init, env []string, async func([]byte), total int64) (*kernelProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("starting the kernel: %v", err)
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("starting the kernel: %v", err)
	}
	msgR, msgW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("starting the kernel: %v", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		for _, f := range []*os.File{reqR, reqW, msgR, msgW} {
			f.Close()
		}
		return nil, fmt.Errorf("starting the kernel: %v", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), protocol.KernelEnv+"="+fmt.Sprint(protocol.Version)), env...)
	cmd.ExtraFiles = []*os.File{reqR, msgW} // descriptors 3 and 4
	cmd.Stdout = outW
	cmd.Stderr = outW
	// Its own process group, so that the terminal's Ctrl-C reaches the
	// front end alone; killed with the front end.
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Start()
	reqR.Close()
	msgW.Close()
	outW.Close()
	if err != nil {
		reqW.Close()
		msgR.Close()
		outR.Close()
		return nil, fmt.Errorf("starting the kernel: %v", err)
	}
	k := &kernelProc{
		cmd: cmd, pid: cmd.Process.Pid, send: protocol.NewSender(reqW), reqW: reqW, msgR: msgR, outR: outR,
		ready: make(chan struct{}), exited: make(chan struct{}), started: time.Now(),
		async: async, pending: map[uint64]chan *protocol.Reply{}, mem: memory{limit: init.MemoryLimit, total: total},
	}
	k.readers.Add(2)
	go k.readMessages()
	go k.readOutput()
	go k.wait()
	if err := k.send.Send(&init); err != nil {
		k.kill("the kernel could not be sent its settings")
	}
	return k, nil
}

// waitReady waits for Ready; false if the kernel died first.
func (k *kernelProc) waitReady() bool {
	select {
	case <-k.ready:
	case <-k.exited:
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.readyMsg != nil && !k.isDead()
}

// isDead reports whether the kernel has exited (k.mu not needed).
func (k *kernelProc) isDead() bool {
	select {
	case <-k.exited:
		return true
	default:
		return false
	}
}

// readMessages reads the kernel's messages until it stops.
func (k *kernelProc) readMessages() {
	defer k.readers.Done()
	defer k.msgR.Close()
	for {
		typ, payload, err := protocol.ReadFrame(k.msgR)
		if err == io.EOF {
			break
		}
		if err == nil && typ.ToKernel() {
			err = fmt.Errorf("the kernel sent a %v frame", typ)
		}
		var m any
		if err == nil {
			m, err = protocol.Decode(typ, payload)
		}
		if err != nil {
			k.mu.Lock()
			k.protoErr = err
			k.mu.Unlock()
			k.kill("")
			break
		}
		k.dispatch(m)
	}
	// The kernel closed its end: it is ending, or a cell closed the
	// descriptor. Either way it is of no more use.
	go func() {
		select {
		case <-k.exited:
		case <-time.After(time.Second):
			k.kill("")
		}
	}()
}

// dispatch routes one message.
func (k *kernelProc) dispatch(m any) {
	k.mu.Lock()
	k.route(m)
	box := k.take()
	k.mu.Unlock()
	k.flush(box)
}

// route puts one message in the outbox, or answers a query (k.mu held).
func (k *kernelProc) route(m any) {
	switch m := m.(type) {
	case *protocol.Ready:
		if k.readyMsg == nil {
			k.readyMsg = m
			close(k.ready)
		}
	case *protocol.Reply:
		if c, ok := k.pending[m.ID]; ok {
			delete(k.pending, m.ID)
			c <- m
		}
	case *protocol.Output:
		if m.Cell != 0 && m.Cell == k.cell {
			k.outbox = append(k.outbox, routed{c: k.cellc, m: kmsg{text: m.Data}})
		} else {
			k.outbox = append(k.outbox, routed{async: m.Data})
		}
	case *protocol.Progress:
		k.toCell(m.Cell, kmsg{progress: m})
	case *protocol.Epoch:
		k.toCell(m.Cell, kmsg{epoch: m})
	case *protocol.Picture:
		k.toCell(m.Cell, kmsg{picture: m.Path})
	case *protocol.Stuck:
		k.toCell(m.Cell, kmsg{stuck: m})
	case *protocol.Done:
		k.toCell(m.Cell, kmsg{done: m})
	case *protocol.Started:
		k.toCell(m.Cell, kmsg{started: true})
	}
}

// toCell routes a message to the running cell, if it is the cell's (k.mu
// held). The channel is large; a cell that prints faster than the
// terminal shows holds the kernel up, as a program's pipe would.
func (k *kernelProc) toCell(cell uint64, m kmsg) {
	if cell != 0 && cell == k.cell {
		k.outbox = append(k.outbox, routed{c: k.cellc, m: m})
	}
}

// readOutput reads the kernel's stdout and stderr: a cell's output, sync
// markers, and, when the kernel dies, Go's report of why.
func (k *kernelProc) readOutput() {
	defer k.readers.Done()
	defer k.outR.Close()
	var sc protocol.SyncScanner
	buf := make([]byte, 32<<10)
	for {
		n, err := k.outR.Read(buf)
		if n > 0 {
			k.mu.Lock()
			sc.Scan(buf[:n], k.outputText, k.synced)
			box := k.take()
			k.mu.Unlock()
			k.flush(box)
		}
		if err != nil {
			break
		}
	}
	k.mu.Lock()
	if rest := sc.Flush(); len(rest) > 0 {
		k.outputText(rest)
	}
	if len(k.partial) > 0 {
		k.held.Write(k.partial)
		k.partial = nil
	}
	box := k.take()
	k.mu.Unlock()
	k.flush(box)
}

// outputText handles text from the kernel's stdout (k.mu held): it goes
// to the running cell, unless it looks like the start of a crash report,
// which is held back until the cell ends (then it was a cell's text after
// all) or the kernel dies (then it says why).
func (k *kernelProc) outputText(b []byte) {
	k.tail = append(k.tail, b...)
	if len(k.tail) > 8<<10 {
		k.tail = k.tail[len(k.tail)-4<<10:]
	}
	if k.holding {
		if k.held.Len() < maxHeld {
			k.held.Write(b)
		}
		return
	}
	b = append(k.partial, b...)
	k.partial = nil
	if loc := crashStart.FindIndex(b); loc != nil {
		k.deliver(b[:loc[0]])
		k.holding = true
		k.held.Write(b[loc[0]:min(len(b), loc[0]+maxHeld)])
		return
	}
	// A last line cut short that may begin a report waits for more.
	if i := bytes.LastIndexByte(b, '\n') + 1; i < len(b) && maybeCrash(b[i:]) {
		k.partial = append([]byte(nil), b[i:]...)
		b = b[:i]
	}
	k.deliver(b)
}

// maybeCrash reports whether a line cut short may be the start of a crash
// report's first line.
func maybeCrash(line []byte) bool {
	for _, p := range crashPrefixes {
		n := min(len(line), len(p))
		if string(line[:n]) == p[:n] {
			return true
		}
	}
	return false
}

// deliver sends the kernel's stdout text to the running cell, or shows it
// (k.mu held).
func (k *kernelProc) deliver(b []byte) {
	if len(b) == 0 {
		return
	}
	b = append([]byte(nil), b...)
	if k.cell != 0 {
		k.outbox = append(k.outbox, routed{c: k.cellc, m: kmsg{text: b}})
	} else {
		k.outbox = append(k.outbox, routed{async: b})
	}
}

// synced handles a sync marker (k.mu held): what was held back was a
// cell's text, and the cell's output is complete.
func (k *kernelProc) synced(cell uint64) {
	if k.holding {
		k.holding = false
		k.deliver(k.held.Bytes())
		k.held.Reset()
	}
	if len(k.partial) > 0 {
		k.deliver(k.partial)
		k.partial = nil
	}
	k.toCell(cell, kmsg{synced: true})
}

// wait reaps the process and explains its end.
func (k *kernelProc) wait() {
	err := k.cmd.Wait()
	done := make(chan struct{})
	go func() { k.readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	k.reqW.Close()
	k.mu.Lock()
	k.death = explainDeath(k.cmd.ProcessState, err, k.held.String(), string(k.tail), k.protoErr, k.killedAs, k.shutdown, k.mem)
	for id, c := range k.pending {
		close(c)
		delete(k.pending, id)
	}
	k.mu.Unlock()
	close(k.exited)
	select {
	case <-k.ready:
	default:
		close(k.ready)
	}
}

// kill ends the kernel at once; reason, when not "", is what the learner
// is told killed it.
func (k *kernelProc) kill(reason string) {
	k.mu.Lock()
	if reason != "" && k.killedAs == "" {
		k.killedAs = reason
	}
	k.mu.Unlock()
	k.cmd.Process.Signal(syscall.SIGKILL)
}

// close asks the kernel to end and waits for it (a second at most).
func (k *kernelProc) close() {
	k.mu.Lock()
	k.shutdown = true
	k.mu.Unlock()
	k.send.Send(&protocol.Shutdown{})
	select {
	case <-k.exited:
	case <-time.After(time.Second):
		k.kill("")
		<-k.exited
	}
}

// begin starts a cell's stream and returns its number in this kernel.
func (k *kernelProc) begin() (uint64, chan kmsg) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.nextCell++
	k.cell = k.nextCell
	k.cellc = make(chan kmsg, 4096)
	return k.cell, k.cellc
}

// end ends the cell's stream.
func (k *kernelProc) end() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.cell = 0
	k.cellc = nil
}

// errDead is a query's error when the kernel died before answering.
var errDead = errors.New("the kernel is not running")

// query asks the kernel something and waits for the answer.
func (k *kernelProc) query(kind, arg string) (*protocol.Reply, error) {
	if !k.waitReady() {
		return nil, errDead
	}
	k.mu.Lock()
	k.nextID++
	id := k.nextID
	c := make(chan *protocol.Reply, 1)
	k.pending[id] = c
	k.mu.Unlock()
	if err := k.send.Send(&protocol.Query{ID: id, Kind: kind, Arg: arg}); err != nil {
		return nil, errDead
	}
	r, ok := <-c
	if !ok {
		return nil, errDead
	}
	return r, nil
}
