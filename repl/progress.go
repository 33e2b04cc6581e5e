package main

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows training as it happens: on a terminal a bar per epoch
// (batch, loss, images/s), and always one plain line per epoch, which is
// also what a piped session and :save get:
//
//	epoch 3/10  train 0.1023  val 0.1051  2.1 s
//
// It implements ae.Progress; each cell gets a fresh one in its context.
type progress struct {
	out  *output
	term bool

	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	epoch int
	t0    time.Time // when the epoch's first batch was reported
	seen0 int       // and how many images it had seen then
}

func newProgress(out *output, term bool) *progress {
	return &progress{out: out, term: term}
}

// Batch implements ae.Progress.
func (p *progress) Batch(epoch, epochs, batch, batches, seen int, loss float64) {
	if !p.term {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.bar == nil || p.epoch != epoch {
		p.clearLocked()
		p.epoch, p.t0, p.seen0 = epoch, now, seen
		p.bar = progressbar.NewOptions(batches,
			progressbar.OptionSetWriter(p.out.terminal()),
			progressbar.OptionSetWidth(24),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false),
		)
	}
	desc := fmt.Sprintf("epoch %d/%d  loss %.4f", epoch, epochs, loss)
	if secs := now.Sub(p.t0).Seconds(); secs > 0 && seen > p.seen0 {
		desc += fmt.Sprintf("  %.0f img/s", float64(seen-p.seen0)/secs)
	}
	p.bar.Describe(desc)
	p.bar.Set(batch)
}

// Epoch implements ae.Progress.
func (p *progress) Epoch(epoch, epochs int, train, validation, seconds float64) {
	p.mu.Lock()
	p.clearLocked()
	p.mu.Unlock()
	p.out.printf("%s\n", epochLine(epoch, epochs, train, validation, seconds))
}

// done clears a bar left by an interrupted Fit.
func (p *progress) done() {
	p.mu.Lock()
	p.clearLocked()
	p.mu.Unlock()
}

// clearLocked erases the bar's line. (The bar's own Clear writes a line of
// spaces that may wrap on a narrow terminal.)
func (p *progress) clearLocked() {
	if p.bar == nil {
		return
	}
	p.bar = nil
	p.out.terminal().Write([]byte("\r\x1b[K"))
}

// epochLine is the plain per-epoch line.
func epochLine(epoch, epochs int, train, validation, seconds float64) string {
	s := fmt.Sprintf("epoch %d/%d  train %.4f", epoch, epochs, train)
	if !math.IsNaN(validation) {
		s += fmt.Sprintf("  val %.4f", validation)
	}
	return s + fmt.Sprintf("  %.1f s", seconds)
}
