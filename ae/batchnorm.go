package ae

import (
	"math"

	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
)

// BatchNorm normalises each channel c (each value, after a Dense layer):
//
//	training:   y = γ·(x - mean)/√(var + eps) + β   over the batch's n·H·W values of c
//	inference:  the same with the running mean and variance
//
// and training moves the running statistics towards the batch's:
// running = (1-momentum)·running + momentum·batch, the variance unbiased
// (·M/(M-1) for M values), as PyTorch does. With x̂ = (x - mean)/√(var+eps),
// the gradients are dβ = Σ dy, dγ = Σ dy·x̂ and
// dx = γ/√(var+eps)·(dy - Σdy/M - x̂·Σ(dy·x̂)/M).
//
// Each channel is handled whole by one goroutine, its sums taken in
// float64 in a fixed order, so the results do not depend on the split.

// batchNormTask runs channels [lo, hi) forward, or (back) backward.
type batchNormTask struct {
	d       *node
	n       int
	in, out []float32 // forward: x and y
	g, gIn  []float32 // backward: dLoss/dy, and dLoss/dx (or nil)
	stats   []float64 // the batch's mean, then 1/√(var+eps), per channel
	train   bool
	back    bool
}

func batchNormForward(ws *workspace, d *node, n int, in, out []float32, stats []float64, train bool) {
	ws.bn = batchNormTask{d: d, n: n, in: in, out: out, stats: stats, train: train}
	par.For(d.In, max(1, (1<<14)/max(1, n*d.in.H*d.in.W)), &ws.bn)
	ws.bn = batchNormTask{}
}

func batchNormBackward(ws *workspace, d *node, n int, in, g, gIn []float32, stats []float64) {
	ws.bn = batchNormTask{d: d, n: n, in: in, g: g, gIn: gIn, stats: stats, back: true}
	par.For(d.In, max(1, (1<<14)/max(1, n*d.in.H*d.in.W)), &ws.bn)
	ws.bn = batchNormTask{}
}

func (t *batchNormTask) Run(_, lo, hi int) {
	for c := lo; c < hi; c++ {
		if t.back {
			t.backward(c)
		} else {
			t.forward(c)
		}
	}
}

// channel returns the slice of image i that holds channel c.
func (t *batchNormTask) channel(x []float32, i, c int) []float32 {
	hw := t.d.in.H * t.d.in.W
	size := t.d.In * hw
	return x[i*size+c*hw : i*size+(c+1)*hw]
}

func (t *batchNormTask) forward(c int) {
	d := t.d
	C := d.In
	var mean, inv float64
	if t.train {
		M := float64(t.n * d.in.H * d.in.W)
		var s, s2 float64
		for i := 0; i < t.n; i++ {
			a, b := vec.SumSquares(t.channel(t.in, i, c))
			s += a
			s2 += b
		}
		mean = s / M
		variance := max(s2/M-mean*mean, 0)
		inv = 1 / math.Sqrt(variance+d.Eps)
		t.stats[c], t.stats[C+c] = mean, inv
		mom := d.Momentum
		d.run[c] = float32((1-mom)*float64(d.run[c]) + mom*mean)
		d.run[C+c] = float32((1-mom)*float64(d.run[C+c]) + mom*variance*M/(M-1))
	} else {
		mean = float64(d.run[c])
		inv = 1 / math.Sqrt(float64(d.run[C+c])+d.Eps)
	}
	// y = (x - mean)·γ/σ + β in float32: x - mean first, so that a large
	// mean does not cost the small differences their precision.
	m, a, b := float32(mean), float32(float64(d.w[c])*inv), d.b[c]
	for i := 0; i < t.n; i++ {
		vec.Normalize(t.channel(t.out, i, c), t.channel(t.in, i, c), m, a, b)
	}
}

func (t *batchNormTask) backward(c int) {
	d := t.d
	C := d.In
	M := float64(t.n * d.in.H * d.in.W)
	mean, inv := t.stats[c], t.stats[C+c]
	// Σdy and Σdy·x, from which Σdy·x̂ = (Σdy·x - mean·Σdy)·inv.
	var sdy, sdyx float64
	for i := 0; i < t.n; i++ {
		a, b := vec.SumProducts(t.channel(t.g, i, c), t.channel(t.in, i, c))
		sdy += a
		sdyx += b
	}
	sdyxhat := (sdyx - mean*sdy) * inv
	d.gb[c] = float32(sdy)
	d.gw[c] = float32(sdyxhat)
	if t.gIn == nil {
		return
	}
	// dx = k·(dy - Σdy/M - (x - mean)·inv·Σ(dy·x̂)/M), in float64: the
	// terms nearly cancel when the batch is small.
	k := float64(d.w[c]) * inv
	mdy, u := sdy/M, inv*sdyxhat/M
	for i := 0; i < t.n; i++ {
		vec.NormalizeGrad(t.channel(t.gIn, i, c), t.channel(t.g, i, c), t.channel(t.in, i, c), k, mdy, mean, u)
	}
}
