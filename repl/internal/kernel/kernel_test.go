package kernel

import (
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aekit/aekit/repl/internal/protocol"
)

// client is the front end's side of a kernel served in process.
type client struct {
	t    *testing.T
	send *protocol.Sender
	reqW *io.PipeWriter
	msgR *io.PipeReader
	done chan error // Serve's result
	out  string
}

func serve(t *testing.T) *client {
	t.Helper()
	reqR, reqW := io.Pipe()
	msgR, msgW := io.Pipe()
	c := &client{t: t, send: protocol.NewSender(reqW), reqW: reqW, msgR: msgR, done: make(chan error, 1),
		out: filepath.Join(t.TempDir(), "out")}
	var cells []uint64
	go func() {
		err := Serve(reqR, msgW, Config{AfterCell: func(cell uint64) { cells = append(cells, cell) }, StuckAfter: 200 * time.Millisecond})
		msgW.Close()
		c.done <- err
	}()
	t.Cleanup(func() { reqW.Close(); msgR.Close() })
	return c
}

// next reads the next message.
func (c *client) next() any {
	c.t.Helper()
	typ, payload, err := protocol.ReadFrame(c.msgR)
	if err != nil {
		c.t.Fatalf("reading a message: %v", err)
	}
	m, err := protocol.Decode(typ, payload)
	if err != nil {
		c.t.Fatal(err)
	}
	return m
}

// run runs a cell and returns its output and Done.
func (c *client) run(cell uint64, code string) (string, *protocol.Done, []any) {
	c.t.Helper()
	if err := c.send.Send(&protocol.Run{Cell: cell, Code: code}); err != nil {
		c.t.Fatal(err)
	}
	var out strings.Builder
	var others []any
	for {
		switch m := c.next().(type) {
		case *protocol.Output:
			if m.Cell != cell {
				c.t.Errorf("output of cell %d during cell %d", m.Cell, cell)
			}
			out.Write(m.Data)
		case *protocol.Done:
			return out.String(), m, others
		default:
			others = append(others, m)
		}
	}
}

func (c *client) query(kind, arg string) *protocol.Reply {
	c.t.Helper()
	c.send.Send(&protocol.Query{ID: 7, Kind: kind, Arg: arg})
	r, ok := c.next().(*protocol.Reply)
	if !ok || r.ID != 7 {
		c.t.Fatalf("reply %+v", r)
	}
	return r
}

func TestServe(t *testing.T) {
	c := serve(t)
	c.send.Send(&protocol.Init{Version: protocol.Version, Out: c.out, Quick: true})
	ready, ok := c.next().(*protocol.Ready)
	if !ok || ready.Version != protocol.Version || !strings.HasPrefix(ready.Interpreter, "yaegi v") || len(ready.Packages) == 0 || len(ready.Predefined) == 0 {
		t.Fatalf("ready %+v", ready)
	}
	if out, done, _ := c.run(1, "x := 41\nx + 1"); out != "42\n" || done.Problem != nil || done.Out != c.out {
		t.Errorf("cell 1: %q %+v", out, done)
	}
	out, done, _ := c.run(2, "y := nosuch")
	if done.Problem == nil || done.Problem.Msg != "undefined: nosuch" || !strings.Contains(out, "error: line 1: undefined: nosuch") {
		t.Errorf("cell 2: %q %+v", out, done.Problem)
	}
	// Training sends progress and epochs; a picture is reported.
	_, done, others := c.run(3, `r := rand.New(rand.NewSource(1))
d := mat.NewDense(256, 8, nil)
for i := 0; i < 256; i++ { for j := 0; j < 8; j++ { d.Set(i, j, r.Float64()) } }
m, err := ae.NewSymmetric([]int{8, 2}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
h, err := m.Fit(ctx, d, ae.Options{Epochs: 2, BatchSize: 16})
check(plots.LossCurves{Curves: []plots.Curve{{Name: "m", Train: h.Train}}}.Save(picture("loss.png")))`)
	if done.Problem != nil {
		t.Fatal(done.Problem)
	}
	var started, progress, epochs, pictures int
	for _, m := range others {
		switch m := m.(type) {
		case *protocol.Started:
			started++
		case *protocol.Progress:
			progress++
		case *protocol.Epoch:
			epochs++
		case *protocol.Picture:
			pictures++
			if filepath.Base(m.Path) != "loss.png" {
				t.Errorf("picture %s", m.Path)
			}
		}
	}
	if started != 1 || progress == 0 || epochs != 2 || pictures != 1 {
		t.Errorf("%d started, %d progress, %d epochs, %d pictures", started, progress, epochs, pictures)
	}
	// Queries.
	if r := c.query(protocol.QComplete, "ae.NewS"); r.Word != "NewS" || len(r.List) != 1 {
		t.Errorf("complete: %+v", r)
	}
	if r := c.query(protocol.QVars, ""); !strings.Contains(r.Text, "x ") {
		t.Errorf("vars: %+v", r)
	}
	if r := c.query(protocol.QDoc, "ae.NewSymmetric"); !strings.Contains(r.Text, "func NewSymmetric") {
		t.Errorf("doc: %+v", r)
	}
	if r := c.query(protocol.QDoc, "nosuch.Thing"); r.Err == "" {
		t.Errorf("doc of nothing: %+v", r)
	}
	if r := c.query(protocol.QEvalBool, "x == 41"); !r.Bool || r.Err != "" {
		t.Errorf("eval-bool: %+v", r)
	}
	if r := c.query(protocol.QEvalString, `fmt.Sprint(x)`); r.Text != "41" {
		t.Errorf("eval-string: %+v", r)
	}
	if r := c.query(protocol.QNames, ""); !slices.Contains(r.List, "x") {
		t.Errorf("names: %+v", r)
	}
	if r := c.query(protocol.QSetOut, filepath.Join(c.out, "sub")); r.Err != "" {
		t.Errorf("set-out: %+v", r)
	}
	if r := c.query("nosuch", ""); r.Err == "" {
		t.Errorf("an unknown query: %+v", r)
	}
	// Interrupt and Stuck.
	c.send.Send(&protocol.Run{Cell: 4, Code: `func() { fmt.Println("sleeping"); time.Sleep(600 * time.Millisecond) }()`})
	for {
		if o, ok := c.next().(*protocol.Output); ok && strings.Contains(string(o.Data), "sleeping") {
			break
		}
	}
	// Give it time to enter the Sleep: an interrupt before the call
	// stops the cell at once, which is not what this checks.
	time.Sleep(100 * time.Millisecond)
	c.send.Send(&protocol.Interrupt{Cell: 4})
	var stuck bool
	for {
		m := c.next()
		if _, ok := m.(*protocol.Stuck); ok {
			stuck = true
		}
		if d, ok := m.(*protocol.Done); ok {
			if d.Problem == nil || d.Problem.Kind != "interrupted" {
				t.Errorf("interrupted cell: %+v", d.Problem)
			}
			break
		}
	}
	if !stuck {
		t.Error("no Stuck for a cell in time.Sleep")
	}
	c.send.Send(&protocol.Shutdown{})
	if err := <-c.done; err != nil {
		t.Errorf("Serve after Shutdown: %v", err)
	}
}

// TestServeMalformed: what the front end might send wrong ends Serve with
// an error, never a panic.
func TestServeMalformed(t *testing.T) {
	initFrame := func() []byte {
		typ, b, _ := protocol.Encode(&protocol.Init{Version: protocol.Version, Out: t.TempDir()})
		var s strings.Builder
		protocol.WriteFrame(&s, typ, b)
		return []byte(s.String())
	}
	frame := func(typ protocol.Type, payload string) []byte {
		var s strings.Builder
		protocol.WriteFrame(&s, typ, []byte(payload))
		return []byte(s.String())
	}
	for _, c := range []struct {
		name  string
		first bool // the bytes come instead of Init
		in    []byte
		want  string
	}{
		{"not Init first", true, frame(protocol.TRun, `{"Cell": 1}`), "want Init"},
		{"garbage instead of Init", true, []byte("hello kernel, here is some text"), "bad magic"},
		{"another version", true, frame(protocol.TInit, `{"Version": 99}`), "protocol version 99"},
		{"garbage", false, []byte("garbage garbage garbage"), "bad magic"},
		{"oversized", false, []byte{'A', 'K', protocol.Version, byte(protocol.TRun), 0x7f, 0xff, 0xff, 0xff}, "longer than the limit"},
		{"truncated", false, frame(protocol.TRun, `{"Cell": 1, "Code": "1"}`)[:12], "cut short"},
		{"bad JSON", false, frame(protocol.TRun, `{"Cell": "one"}`), "bad Run payload"},
		{"unknown field", false, frame(protocol.TQuery, `{"ID": 1, "Color": "red"}`), "unknown field"},
		{"the wrong way", false, frame(protocol.TDone, `{}`), "a Done frame came to the kernel"},
		{"a second Init", false, initFrame(), "a second Init"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := serve(t)
			go func() {
				if !c.first {
					cl.reqW.Write(initFrame())
				}
				cl.reqW.Write(c.in)
				cl.reqW.Close()
			}()
			go io.Copy(io.Discard, cl.msgR)
			select {
			case err := <-cl.done:
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("Serve returned %v, want %q", err, c.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Serve did not return")
			}
		})
	}
}

// TestSummaryLine: the line a cell's training ends with.
func TestSummaryLine(t *testing.T) {
	one := []fitStats{{epochs: 20, done: 20, train0: 0.0932, train: 0.0115, valid0: 0.0597, valid: 0.0117, seconds: 0.6}}
	if got := summaryLine(one); got != "trained 20 epochs in 0.6 s: train loss 0.0932 → 0.0115, validation 0.0597 → 0.0117" {
		t.Errorf("one model: %q", got)
	}
	stopped := []fitStats{{epochs: 100, done: 3, train0: 0.5, train: 0.25, valid: nan(), valid0: nan(), seconds: 12}}
	if got := summaryLine(stopped); got != "stopped after 3 of 100 epochs (12 s): train loss 0.5000 → 0.2500" {
		t.Errorf("stopped: %q", got)
	}
	if got := summaryLine(append(one, one...)); got != "trained 2 models, 40 epochs in 1.2 s" {
		t.Errorf("two models: %q", got)
	}
}

func nan() float64 {
	var z float64
	return z / z
}
