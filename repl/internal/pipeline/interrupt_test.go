package pipeline

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// epochCounter is a Progress that counts finished epochs and says how a
// cell's training ended, as the kernel's does.
type epochCounter struct {
	mu     sync.Mutex
	epochs int
	total  int
}

func (c *epochCounter) Batch(epoch, epochs, batch, batches, seen int, loss float64) {}

func (c *epochCounter) Epoch(epoch, epochs int, train, validation, seconds float64) {
	c.mu.Lock()
	c.epochs++
	c.total = epochs
	c.mu.Unlock()
}

func (c *epochCounter) Summary() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epochs == 0 {
		return ""
	}
	return "stopped after " + strconv.Itoa(c.epochs) + " of " + strconv.Itoa(c.total) + " epochs"
}

func (c *epochCounter) done() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epochs
}

// runInterrupted runs src in the background, interrupts it once ready
// says it is under way, and returns its problem and output.
func runInterrupted(t *testing.T, ts *testSession, src string, prog Progress, ready func() bool) (*Problem, string) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector cannot see how the REPL waits for an interrupted evaluation (race_test.go)")
	}
	ts.buf.Take()
	done := make(chan *Problem, 1)
	go func() { done <- ts.Run(src, nil, prog) }()
	if !waitFor(20*time.Second, ready) {
		t.Fatalf("cell %q never got under way; output:\n%s", src, ts.buf.String())
	}
	start := time.Now()
	if !ts.Interrupt() {
		t.Fatal("interrupt: no cell running")
	}
	select {
	case pr := <-done:
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("the cell took %v to stop", d)
		}
		return pr, ts.buf.Take()
	case <-time.After(20 * time.Second):
		t.Fatal("the cell did not stop after the interrupt")
	}
	return nil, ""
}

func TestInterruptLoop(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("x := 41")
	pr, out := runInterrupted(t, ts, "for { x = 41 }", nil, ts.Running)
	if pr == nil || pr.Kind != "interrupted" {
		t.Fatalf("problem = %v, want interrupted", pr)
	}
	if !strings.Contains(out, "interrupted") {
		t.Errorf("output %q lacks interrupted", out)
	}
	if got := ts.ok("x + 1"); !strings.Contains(got, "42") {
		t.Errorf("x + 1 = %q after the interrupt", got)
	}
}

// TestInterruptTraining stops Fit through the predefined ctx: training
// stops within a batch, the model keeps what it learned and trains again.
func TestInterruptTraining(t *testing.T) {
	ts := newTestSession(t)
	ts.ok(`r := rand.New(rand.NewSource(1))
x := mat.NewDense(4096, 64, nil)
for i := 0; i < 4096; i++ { for j := 0; j < 64; j++ { x.Set(i, j, r.Float64()) } }
m, err := ae.NewSymmetric([]int{64, 32, 8}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
check(err)
before, err := ae.MSE.Mean(x, func() *mat.Dense { y, err := m.Reconstruct(x); check(err); return y }())
check(err)`)
	prog := new(epochCounter)
	pr, out := runInterrupted(t, ts, "h, err := m.Fit(ctx, x, ae.Options{Epochs: 1000000, BatchSize: 64})", prog, func() bool {
		return prog.done() >= 2
	})
	if pr == nil || pr.Kind != "interrupted" {
		t.Fatalf("problem = %v, want interrupted; output:\n%s", pr, out)
	}
	if !regexp.MustCompile(`stopped after \d+ of 1000000 epochs\n(.*\n)?interrupted`).MatchString(out) {
		t.Errorf("the summary does not come before the problem:\n%s", out)
	}
	got := ts.ok(`y, err := m.Reconstruct(x)
check(err)
after, err := ae.MSE.Mean(x, y)
check(err)
after < before`)
	if !strings.Contains(got, "true") {
		t.Errorf("the model did not keep what it learned: after < before is %q", got)
	}
	if out := ts.ok("h2, err := m.Fit(ctx, x, ae.Options{Epochs: 1})\ncheck(err)\nlen(h2.Train)"); !strings.Contains(out, "1") {
		t.Errorf("training again: %q", out)
	}
}

// TestInterruptStuck: a cell in a compiled call that ignores ctx
// (time.Sleep) is reported stuck after StuckAfter, and its interrupt
// waits for it to end before the next cell runs.
func TestInterruptStuck(t *testing.T) {
	if raceEnabled {
		t.Skip("race_test.go")
	}
	buf := new(syncBuffer)
	stuck := make(chan time.Time, 1)
	s, err := New(Options{Out: t.TempDir(), Stdout: buf, StuckAfter: 100 * time.Millisecond,
		OnStuck: func() { stuck <- time.Now() }})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Problem, 1)
	go func() { done <- s.Run("time.Sleep(700 * time.Millisecond)\nx := 1", nil, nil) }()
	if !waitFor(5*time.Second, s.Running) {
		t.Fatal("the cell never ran")
	}
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	s.Interrupt()
	var at time.Time
	select {
	case at = <-stuck:
	case <-time.After(5 * time.Second):
		t.Fatal("OnStuck was not called")
	}
	if d := at.Sub(start); d < 90*time.Millisecond {
		t.Errorf("OnStuck after %v, before StuckAfter", d)
	}
	pr := <-done
	if pr == nil || pr.Kind != "interrupted" {
		t.Fatalf("problem %v, want interrupted", pr)
	}
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Errorf("Run returned %v after the interrupt, before the sleep ended", d)
	}
}
