package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// runInterrupted runs src in the background, interrupts it once ready
// says it is under way, and returns its error and output.
func runInterrupted(t *testing.T, ts *testSession, src string, ready func() bool) (error, string) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector cannot see how the REPL waits for an interrupted evaluation (race_test.go)")
	}
	ts.buf.take()
	done := make(chan error, 1)
	go func() { done <- ts.runCell(src, nil) }()
	if !waitFor(20*time.Second, ready) {
		t.Fatalf("cell %q never got under way; output:\n%s", src, ts.buf.String())
	}
	start := time.Now()
	if !ts.interrupt() {
		t.Fatal("interrupt: no cell running")
	}
	select {
	case err := <-done:
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("the cell took %v to stop", d)
		}
		return err, ts.buf.take()
	case <-time.After(20 * time.Second):
		t.Fatal("the cell did not stop after the interrupt")
	}
	return nil, ""
}

func TestInterruptLoop(t *testing.T) {
	ts := newTestSession(t)
	ts.ok("x := 41")
	err, out := runInterrupted(t, ts, "for { x = 41 }", func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return ts.cancel != nil
	})
	if p, ok := err.(*problem); !ok || p.kind != "interrupted" {
		t.Fatalf("err = %v, want interrupted", err)
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
	err, out := runInterrupted(t, ts, "h, err := m.Fit(ctx, x, ae.Options{Epochs: 1000000, BatchSize: 64})", func() bool {
		ts.mu.Lock()
		prog := ts.prog
		ts.mu.Unlock()
		return prog != nil && prog.epochsDone() >= 2
	})
	if p, ok := err.(*problem); !ok || p.kind != "interrupted" {
		t.Fatalf("err = %v, want interrupted; output:\n%s", err, out)
	}
	if !regexp.MustCompile(`stopped after \d+ of 1000000 epochs \(.*\): train loss `).MatchString(out) {
		t.Errorf("no summary line in the output:\n%s", out)
	}
	if strings.Contains(out, "epoch 1/1000000") {
		t.Errorf("a line per epoch in the output:\n%s", out)
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
