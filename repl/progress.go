package main

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows training as it happens without flooding the screen. On a
// terminal a bar shows the epoch, the batch, the loss and the speed
// while a model trains, and is cleared when it is done:
//
//	model 2 · epoch 3/20 · batch 17/125 · loss 0.0312 · 41,000 img/s
//
// No line is printed per epoch. A cell the learner typed gets one line at
// its end, for the model it trained or for all of them:
//
//	trained 20 epochs in 0.6 s: train loss 0.0932 → 0.0115, validation 0.0597 → 0.0117
//	trained 4 models, 80 epochs in 2.1 s
//
// A lesson step gets none: it prints what it measured itself, one line per
// model when it trains several. progress implements ae.Progress; each cell
// gets a fresh one in its context.
type progress struct {
	out     *output
	term    bool
	summary bool // print the line at the end of the cell

	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	epoch int
	t0    time.Time // when the epoch's first batch was reported
	seen0 int       // and how many images it had seen then
	fits  []fitStats
}

// fitStats is what one Fit reported.
type fitStats struct {
	epochs            int // asked for
	done              int // completed
	train0, train     float64
	valid0, valid     float64
	seconds           float64
	lastEpochReported int
	lastBatchReported int
}

func newProgress(out *output, term, summary bool) *progress {
	return &progress{out: out, term: term, summary: summary}
}

// fit returns the stats of the Fit reporting now, starting a new one when
// the report is the first of a training run.
func (p *progress) fit(epoch, epochs, batch int) *fitStats {
	n := len(p.fits)
	if n == 0 || (epoch == 1 && batch <= 1 && (p.fits[n-1].lastEpochReported > 1 || p.fits[n-1].lastBatchReported > 1)) || epoch < p.fits[n-1].lastEpochReported {
		p.fits = append(p.fits, fitStats{epochs: epochs, train0: math.NaN(), valid0: math.NaN(), train: math.NaN(), valid: math.NaN()})
		n++
	}
	f := &p.fits[n-1]
	f.epochs = epochs
	f.lastEpochReported = epoch
	f.lastBatchReported = batch
	return f
}

// Batch implements ae.Progress.
func (p *progress) Batch(epoch, epochs, batch, batches, seen int, loss float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fit(epoch, epochs, batch)
	if !p.term {
		return
	}
	now := time.Now()
	if p.bar == nil || p.epoch != epoch {
		p.clearLocked()
		p.epoch, p.t0, p.seen0 = epoch, now, seen
		p.bar = progressbar.NewOptions(batches,
			progressbar.OptionSetWriter(p.out.terminal()),
			progressbar.OptionSetWidth(24),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false),
		)
	}
	p.bar.Describe(barLabel(len(p.fits), epoch, epochs, batch, batches, loss, seen-p.seen0, now.Sub(p.t0).Seconds()))
	p.bar.Set(batch)
}

// barLabel is the text beside the bar. The counts are labelled: a bar
// that reads (40/40) would say nothing of whether it counts epochs or
// batches.
func barLabel(model, epoch, epochs, batch, batches int, loss float64, images int, secs float64) string {
	s := ""
	if model > 1 {
		s = fmt.Sprintf("model %d · ", model)
	}
	s += fmt.Sprintf("epoch %d/%d · batch %d/%d · loss %.4f", epoch, epochs, batch, batches, loss)
	if secs > 0 && images > 0 {
		s += " · " + groupThousands(int(float64(images)/secs)) + " img/s"
	}
	return s
}

// groupThousands writes n with commas: 41,000.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Epoch implements ae.Progress.
func (p *progress) Epoch(epoch, epochs int, train, validation, seconds float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.fit(epoch, epochs, math.MaxInt)
	if f.done == 0 {
		f.train0, f.valid0 = train, validation
	}
	f.done = epoch
	f.train, f.valid = train, validation
	f.seconds += seconds
	if epoch == epochs {
		p.clearLocked()
	}
}

// done clears a bar left by an interrupted Fit and prints the cell's
// summary line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if !p.summary || len(p.fits) == 0 {
		return
	}
	if line := summaryLine(p.fits); line != "" {
		p.out.printf("%s\n", line)
	}
}

// summaryLine describes the training a cell did in one line.
func summaryLine(fits []fitStats) string {
	if len(fits) == 1 {
		f := fits[0]
		if f.done == 0 {
			return fmt.Sprintf("stopped in the first of %d epochs: the model keeps what it learned", f.epochs)
		}
		s := fmt.Sprintf("trained %d epoch%s in %s: train loss %.4f → %.4f", f.done, plural(f.done), seconds(f.seconds), f.train0, f.train)
		if f.done < f.epochs {
			s = fmt.Sprintf("stopped after %d of %d epochs (%s): train loss %.4f → %.4f", f.done, f.epochs, seconds(f.seconds), f.train0, f.train)
		}
		if !math.IsNaN(f.valid) {
			s += fmt.Sprintf(", validation %.4f → %.4f", f.valid0, f.valid)
		}
		return s
	}
	epochs, secs := 0, 0.0
	for _, f := range fits {
		epochs += f.done
		secs += f.seconds
	}
	return fmt.Sprintf("trained %d models, %d epochs in %s", len(fits), epochs, seconds(secs))
}

func seconds(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
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

// epochsDone returns the number of epochs the cell's models completed.
func (p *progress) epochsDone() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, f := range p.fits {
		n += f.done
	}
	return n
}
