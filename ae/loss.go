package ae

import (
	"fmt"
	"math"

	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
	"gonum.org/v1/gonum/mat"
)

// Loss measures the difference between an input X and its reconstruction X̂,
// averaged over every value.
type Loss int

// The losses training can minimise.
const (
	// MSE is the mean squared error, mean of (x̂ - x)².
	MSE Loss = iota
	// BCE is the binary cross-entropy, mean of -(x·log x̂ + (1-x)·log(1-x̂)),
	// for values in [0, 1]. With a Sigmoid output layer it is computed from the
	// layer's inputs, so it stays exact when x̂ rounds to 0 or 1.
	BCE
	// MAE is the mean absolute error, mean of |x̂ - x|.
	MAE
)

var lossNames = [...]string{"mse", "bce", "mae"}

// String returns the loss's name in lower case, e.g. "bce".
func (l Loss) String() string { return nameOf(lossNames[:], "Loss", int(l)) }

func (l Loss) valid() bool { return l >= 0 && int(l) < len(lossNames) }

// ParseLoss returns the loss with the given name, ignoring case.
func ParseLoss(name string) (Loss, error) {
	i, err := parseName(lossNames[:], "Loss", name)
	return Loss(i), err
}

// logFloor is where the logarithms in BCE are clamped, as in PyTorch, so that
// a reconstruction of exactly 0 or 1 costs 100 per value instead of infinity.
const logFloor = -100

// Errors returns one score per row: the loss between row i of x and row i of
// xhat, averaged over the row's values. These are the per-sample
// reconstruction errors that rank anomalies.
func (l Loss) Errors(x, xhat *mat.Dense) ([]float64, error) {
	if err := l.checkPair("Errors", x, xhat); err != nil {
		return nil, err
	}
	r, c := x.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = l.rowMean(x.RawRowView(i), xhat.RawRowView(i)[:c])
	}
	return out, nil
}

// Mean returns the loss between x and xhat averaged over every value: the
// number training reports.
func (l Loss) Mean(x, xhat *mat.Dense) (float64, error) {
	scores, err := l.Errors(x, xhat)
	if err != nil {
		return 0, fmt.Errorf("ae: %s.Mean: %w", l, err)
	}
	s := 0.0
	for _, v := range scores {
		s += v
	}
	return s / float64(len(scores)), nil
}

// SquaredErrorPerImage returns the sum over each row's values of the squared
// error, averaged over rows: the unit of Hinton and Salakhutdinov's 2006 paper
// (their PCA with 30 components scores 13.87 on MNIST).
func SquaredErrorPerImage(x, xhat *mat.Dense) (float64, error) {
	m, err := MSE.Mean(x, xhat)
	if err != nil {
		return 0, err
	}
	_, c := x.Dims()
	return m * float64(c), nil
}

func (l Loss) checkPair(fn string, x, xhat *mat.Dense) error {
	if !l.valid() {
		return fmt.Errorf("ae: %s: unknown loss %d", fn, int(l))
	}
	if x == nil || xhat == nil {
		return fmt.Errorf("ae: %s.%s: a matrix is nil", l, fn)
	}
	r1, c1 := x.Dims()
	r2, c2 := xhat.Dims()
	if r1 != r2 || c1 != c2 {
		return fmt.Errorf("ae: %s.%s: x is %d×%d but xhat is %d×%d", l, fn, r1, c1, r2, c2)
	}
	if r1 == 0 || c1 == 0 {
		return fmt.Errorf("ae: %s.%s: the matrices are empty", l, fn)
	}
	return nil
}

func (l Loss) rowMean(x, xhat []float64) float64 {
	s := 0.0
	switch l {
	case MSE:
		for i, v := range x {
			d := xhat[i] - v
			s += d * d
		}
	case MAE:
		for i, v := range x {
			s += math.Abs(xhat[i] - v)
		}
	case BCE:
		for i, v := range x {
			a := xhat[i]
			s -= v*math.Max(math.Log(a), logFloor) + (1-v)*math.Max(math.Log(1-a), logFloor)
		}
	}
	return s / float64(len(x))
}

// lossTask is the output layer's last pass: it adds the bias, applies the
// activation, compares with the targets, and writes dLoss/dz (when g is not
// nil) — one sweep over memory instead of four. Each chunk's loss sum goes to
// partial[chunk].
type lossTask struct {
	z, y, g []float32 // z holds X·W on entry and the outputs on return
	b       []float32
	cols    int
	act     Activation
	slope   float32
	loss    Loss
	scale   float32 // 1 / (rows·cols): the loss is a mean
	partial *[par.MaxChunks]float64
	// rows, if not nil, gets each row's loss, summed over its values
	// (NegativeELBO's reconstruction term).
	rows []float64
}

func (t *lossTask) Run(chunk, lo, hi int) {
	sum := 0.0
	for r := lo; r < hi; r++ {
		z := t.z[r*t.cols : (r+1)*t.cols]
		y := t.y[r*t.cols : (r+1)*t.cols]
		var g []float32
		if t.g != nil {
			g = t.g[r*t.cols : (r+1)*t.cols]
		}
		var v float64
		if t.act == Sigmoid && t.loss == BCE {
			// The usual output layer for pixels: with z the logits,
			// BCE = max(z,0) - z·y + log(1+e^-|z|) and dBCE/dz = sigmoid(z) - y,
			// which never takes the log of 0.
			v = vec.SigmoidBCE(z, y, g, t.b, t.scale)
		} else {
			biasActivate(z, t.b, t.act, t.slope)
			v = lossAndGrad(t.loss, z, y, g, t.scale)
			if g != nil {
				chainActivation(g, z, t.act, t.slope)
			}
		}
		if t.rows != nil {
			t.rows[r] = v
		}
		sum += v
	}
	t.partial[chunk] = sum
}

// lossAndGrad returns the sum of the loss over a row of outputs a against
// targets y and, when g is not nil, writes dLoss/da·scale into g.
func lossAndGrad(l Loss, a, y, g []float32, scale float32) float64 {
	switch l {
	case MAE:
		return vec.MAE(a, y, g, scale)
	case BCE:
		return vec.BCE(a, y, g, scale, logFloor)
	}
	return vec.MSE(a, y, g, scale)
}
