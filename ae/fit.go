package ae

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/aekit/aekit/internal/par"
	"gonum.org/v1/gonum/mat"
)

// ErrDiverged is wrapped by the error Fit returns when the loss stops being a
// finite number; the model is restored to its weights after the last good epoch.
var ErrDiverged = errors.New("the loss is no longer a finite number")

// Fit trains the model to rebuild the rows of x (or opts.Target) with
// minibatch gradient descent and returns what it measured.
//
// Fit watches ctx: once ctx is cancelled it returns within one batch, with the
// epochs completed so far and an error wrapping ctx.Err(); the model keeps
// every update it made and stays usable. If ctx carries a Progress (see
// WithProgress) it is told of every batch and epoch. Callbacks run between
// batches without the model's lock, so they may use the model. Running Fit
// again continues from the current weights with a fresh optimizer.
//
// A variational autoencoder (a model with a Sampling layer, see NewVAE)
// trains on its own loss: per row, the reconstruction loss summed over the
// row's values plus Options.KLWeight times the KL divergence of its code's
// distribution from the standard normal, averaged over rows; with BCE and
// KLWeight 1 that is the negative ELBO in nats per image, which the
// History reports.
func (m *Model) Fit(ctx context.Context, x *mat.Dense, opts Options) (*History, error) {
	if ctx == nil {
		return nil, errors.New("ae: Fit: ctx is nil (use context.Background())")
	}
	if err := m.checkFit(x, &opts); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()

	n, in := x.Dims()
	out := m.outputSize()
	target := x
	if opts.Target != nil {
		target = opts.Target
	}
	vx, vy := opts.Validation, opts.ValidationTarget
	if vy == nil {
		vy = vx
	}

	stages := opts.batchStages()
	bs := min(stages[len(stages)-1], n) // the largest batch
	if m.train == nil || m.train.rows < bs {
		m.train = m.newWorkspace(bs, true)
	}
	ws := m.train
	opt := newOptimizerState(opts.Optimizer, opts.LearningRate, opts.Momentum, len(m.params))
	opt.b1, opt.b2, opt.decay = opts.Beta1, opts.Beta2, opts.WeightDecay
	shuffle := rand.New(rand.NewPCG(uint64(opts.Seed), 0xf17_5a1e))
	corrupt := rand.New(rand.NewPCG(uint64(opts.Seed), 0xc0_22_07))
	noise := m.startSampling(ws, opts) // a VAE's noise; nil for other models
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	good := append([]float32(nil), m.params...) // weights after the last good epoch
	goodState := append([]float32(nil), m.state...)
	progress := progressFrom(ctx)
	done := ctx.Done()
	hist := &History{Images: n}
	l1 := float32(opts.CodeL1)

	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		start := time.Now()
		shuffle.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		total := 0.0
		bs := min(opts.batchAt(epoch, stages), n)
		batches := (n + bs - 1) / bs
		for b := 0; b < batches; b++ {
			select {
			case <-done:
				return hist, fmt.Errorf("ae: Fit stopped in epoch %d at batch %d of %d: %w", epoch, b+1, batches, ctx.Err())
			default:
			}
			rows := perm[b*bs : min((b+1)*bs, n)]
			nb := len(rows)
			// Rows are converted to float32 as they are gathered: no float32
			// copy of the whole training set is ever made. When the target is
			// x itself, the targets are the inputs before any corruption.
			ws.load(ws.x, x, rows, 0, nb)
			if target == x {
				copy(ws.y[:nb*out], ws.x[:nb*in])
			} else {
				ws.load(ws.y, target, rows, 0, nb)
			}
			if !opts.Corrupt.IsZero() {
				opts.Corrupt.apply(ws.x[:nb*in], corrupt)
			}
			noise.draw(ws, nb)
			loss := m.step(ws, nb, opts.Loss, l1)
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				copy(m.params, good)
				copy(m.state, goodState)
				return hist, fmt.Errorf("ae: Fit: epoch %d, batch %d: %w (%v); the weights after epoch %d are restored — try a smaller LearningRate",
					epoch, b+1, ErrDiverged, loss, epoch-1)
			}
			// The rate at the middle of the batch (see LearningRateAt).
			opt.lr = opts.rateAt(float64(epoch-1) + (float64(b*bs)+float64(nb)/2)/float64(n))
			opt.update(m.params, m.grads)
			total += loss * float64(nb)
			if opts.OnBatch != nil || progress != nil {
				m.unlocked(func() {
					if opts.OnBatch != nil {
						opts.OnBatch(epoch, b+1, batches, loss)
					}
					if progress != nil {
						progress.Batch(epoch, opts.Epochs, b+1, batches, b*bs+nb, loss)
					}
				})
			}
		}
		train := total / float64(n)
		val := math.NaN()
		if vx != nil && noise != nil {
			val = m.evaluateVariational(vx, vy, opts)
		} else if vx != nil {
			val = m.evaluate(vx, vy, opts.Loss, l1)
		}
		secs := time.Since(start).Seconds()
		hist.Train = append(hist.Train, train)
		hist.Validation = append(hist.Validation, val)
		hist.Seconds = append(hist.Seconds, secs)
		copy(good, m.params)
		copy(goodState, m.state)
		if opts.OnEpoch != nil || progress != nil {
			m.unlocked(func() {
				if opts.OnEpoch != nil {
					opts.OnEpoch(epoch, train, val)
				}
				if progress != nil {
					progress.Epoch(epoch, opts.Epochs, train, val, secs)
				}
			})
		}
	}
	return hist, nil
}

// unlocked runs a callback without holding the model's lock, so that the
// callback may use the model (Reconstruct it to draw a picture each epoch,
// say). The lock is taken back even if the callback panics.
func (m *Model) unlocked(f func()) {
	m.mu.Unlock()
	defer m.mu.Lock()
	f()
}

// checkFit validates x and opts and fills in opts' defaults.
func (m *Model) checkFit(x *mat.Dense, opts *Options) error {
	if err := checkRows("Fit", "x", x, m.input); err != nil {
		return err
	}
	n, _ := x.Dims()
	if opts.Target != nil {
		if err := checkRows("Fit", "Options.Target", opts.Target, m.layers[len(m.layers)-1].out); err != nil {
			return err
		}
		if r, _ := opts.Target.Dims(); r != n {
			return fmt.Errorf("ae: Fit: x has %d rows but Options.Target has %d", n, r)
		}
	}
	if opts.Validation != nil {
		if err := checkRows("Fit", "Options.Validation", opts.Validation, m.input); err != nil {
			return err
		}
		if opts.ValidationTarget != nil {
			if err := checkRows("Fit", "Options.ValidationTarget", opts.ValidationTarget, m.layers[len(m.layers)-1].out); err != nil {
				return err
			}
			r1, _ := opts.Validation.Dims()
			if r2, _ := opts.ValidationTarget.Dims(); r1 != r2 {
				return fmt.Errorf("ae: Fit: Options.Validation has %d rows but Options.ValidationTarget has %d", r1, r2)
			}
		}
	} else if opts.ValidationTarget != nil {
		return errors.New("ae: Fit: Options.ValidationTarget is set but Options.Validation is nil")
	}
	switch {
	case opts.Epochs < 0:
		return fmt.Errorf("ae: Fit: Options.Epochs is %d, want 0 (meaning 10) or more", opts.Epochs)
	case opts.BatchSize < 0:
		return fmt.Errorf("ae: Fit: Options.BatchSize is %d, want 0 (meaning 256) or more", opts.BatchSize)
	case opts.BatchSize > 1<<16:
		return fmt.Errorf("ae: Fit: Options.BatchSize is %d, more than the %d allowed", opts.BatchSize, 1<<16)
	case !(opts.LearningRate >= 0) || math.IsInf(opts.LearningRate, 0):
		return fmt.Errorf("ae: Fit: Options.LearningRate is %v, want a positive number (or 0 for the default)", opts.LearningRate)
	case !(opts.Momentum >= 0 && opts.Momentum < 1):
		return fmt.Errorf("ae: Fit: Options.Momentum is %v, want 0 ≤ momentum < 1", opts.Momentum)
	case !(opts.CodeL1 >= 0) || math.IsInf(opts.CodeL1, 0):
		return fmt.Errorf("ae: Fit: Options.CodeL1 is %v, want 0 or a positive number", opts.CodeL1)
	case !opts.Loss.valid():
		return fmt.Errorf("ae: Fit: Options.Loss is %v, want MSE, BCE or MAE", opts.Loss)
	case !opts.Optimizer.valid():
		return fmt.Errorf("ae: Fit: Options.Optimizer is %v, want Adam or SGD", opts.Optimizer)
	}
	if err := opts.Corrupt.check(); err != nil {
		return fmt.Errorf("ae: Fit: Options.%v", err)
	}
	if err := opts.checkSchedule(); err != nil {
		return fmt.Errorf("ae: Fit: %v", err)
	}
	if err := m.checkVariational(opts); err != nil {
		return err
	}
	opts.fillDefaults()
	for _, b := range opts.batchStages() {
		if err := m.checkBatchNorm(n, b); err != nil {
			return err
		}
	}
	return nil
}

// checkBatchNorm reports a batch of one row reaching a BatchNorm layer,
// whose batch statistics need at least two.
func (m *Model) checkBatchNorm(n, batch int) error {
	for i, d := range m.layers {
		if d.kind != kindBatchNorm {
			continue
		}
		name := layerTitle(i, m.nEnc, d.Layer)
		switch {
		case n == 1:
			return fmt.Errorf("ae: Fit: x has 1 row, but %s computes the statistics of each batch and needs at least 2 rows", name)
		case batch == 1:
			return fmt.Errorf("ae: Fit: Options.BatchSize is 1, but %s computes the statistics of each batch and needs at least 2 rows", name)
		case batch < n && n%batch == 1:
			return fmt.Errorf("ae: Fit: the last batch of each epoch would have 1 row (%d rows in batches of %d), but %s needs at least 2 rows a batch: change Options.BatchSize or drop a row",
				n, batch, name)
		}
	}
	return nil
}

// step runs one batch forward and backward, leaving the gradients in m.grads,
// and returns the batch's loss.
func (m *Model) step(ws *workspace, n int, loss Loss, codeL1 float32) float64 {
	x := ws.x[:n*m.InputSize()]
	m.forward(ws, n, x, 0, len(m.layers), true, true)
	value := m.outputLoss(ws, n, loss, true)
	return value + m.backward(ws, n, x, codeL1)
}

// outputLoss runs the output layer's fused pass on ws.acts (whose last entry
// holds X·W without bias) against ws.y and returns the mean loss. With grad
// it also writes dLoss/dz into the last entry of ws.grads.
func (m *Model) outputLoss(ws *workspace, n int, loss Loss, grad bool) float64 {
	L := m.lossLayer()
	d := &m.layers[L]
	cols := d.out.Size()
	cells := n * cols
	per := cells // the loss is a mean over every value...
	if m.variational() {
		per = n // ...or, for a VAE, summed over each row's values (vae.go)
	}
	ws.loss = lossTask{
		z: ws.acts[L][:cells], y: ws.y[:cells], b: ws.zero, cols: cols,
		act: Linear, loss: loss, scale: 1 / float32(per), partial: &ws.partial, rows: ws.rowLoss,
	}
	if d.hasAct() {
		ws.loss.b, ws.loss.act, ws.loss.slope = ws.bias[L], d.Act, d.slope()
	}
	if grad {
		ws.loss.g = ws.grads[L][:cells]
	}
	g := grain(cols)
	par.For(n, g, &ws.loss)
	sum := 0.0
	for _, s := range ws.partial[:par.Chunks(n, g)] {
		sum += s
	}
	return sum / float64(per)
}

// evaluate returns the loss of the model on the rows of x against those of
// y, in chunks, including any code penalty.
func (m *Model) evaluate(x, y *mat.Dense, loss Loss, codeL1 float32) float64 {
	ws := m.inferWorkspace()
	in := m.InputSize()
	rows, _ := x.Dims()
	total, penalty := 0.0, 0.0
	for start := 0; start < rows; start += ws.rows {
		n := min(ws.rows, rows-start)
		ws.load(ws.x, x, nil, start, n)
		ws.load(ws.y, y, nil, start, n)
		m.forward(ws, n, ws.x[:n*in], 0, len(m.layers), true, false)
		total += m.outputLoss(ws, n, loss, false) * float64(n)
		if codeL1 > 0 {
			for _, v := range ws.acts[m.nEnc-1][:n*m.CodeSize()] {
				penalty += math.Abs(float64(v))
			}
		}
	}
	return total/float64(rows) + float64(codeL1)*penalty/float64(rows)
}
