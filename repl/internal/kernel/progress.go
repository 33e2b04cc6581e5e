package kernel

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/aekit/aekit/repl/internal/protocol"
)

// progressEvery is the least time between two Progress frames of a
// training run: the front end's bar redraws ten times a second at most,
// and a batch can take microseconds.
const progressEvery = 50 * time.Millisecond

// progress is what a cell's training reports to (pipeline.Progress): it
// sends the front end a Progress frame now and then and an Epoch frame per
// epoch, and keeps what each Fit did for the cell's summary line:
//
//	trained 20 epochs in 0.6 s: train loss 0.0932 → 0.0115, validation 0.0597 → 0.0117
//	trained 4 models, 80 epochs in 2.1 s
//
// A lesson step gets no summary: it prints what it measured itself.
type progress struct {
	send    *protocol.Sender
	cell    uint64
	summary bool

	mu       sync.Mutex
	epoch    int
	t0       time.Time // when the epoch's first batch was reported
	seen0    int       // and how many images it had seen then
	lastSent time.Time
	fits     []fitStats
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

func newProgress(send *protocol.Sender, cell uint64, summary bool) *progress {
	return &progress{send: send, cell: cell, summary: summary}
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
	now := time.Now()
	if p.epoch != epoch || batch <= 1 {
		p.epoch, p.t0, p.seen0 = epoch, now, seen
	}
	if now.Sub(p.lastSent) < progressEvery && batch != batches {
		return
	}
	p.lastSent = now
	var rate float64
	if secs := now.Sub(p.t0).Seconds(); secs > 0 && seen > p.seen0 {
		rate = float64(seen-p.seen0) / secs
	}
	p.send.Send(&protocol.Progress{Cell: p.cell, Model: len(p.fits), Epoch: epoch, Epochs: epochs,
		Batch: batch, Batches: batches, Loss: protocol.Float(loss), ImagesPerSecond: protocol.Float(rate)})
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
	p.send.Send(&protocol.Epoch{Cell: p.cell, Model: len(p.fits), Epoch: epoch, Epochs: epochs,
		Train: protocol.Float(train), Validation: protocol.Float(validation), Seconds: protocol.Float(seconds)})
}

// Summary returns the cell's line about its training, "" for none.
func (p *progress) Summary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.summary || len(p.fits) == 0 {
		return ""
	}
	return summaryLine(p.fits)
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
