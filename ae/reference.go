// The whole autoencoder on one page: read this file first.
//
// refModel is the engine's model again in float64 and plain loops, with no
// matrix library, goroutines or assembly: slow, and the definition. The
// tests check that the fast engine (the rest of the package: float32, fused
// passes, a GEMM on every core) computes the same losses, gradients and
// updates. The names in brackets say where each step lives there.

package ae

import (
	"cmp"
	"math"
)

// refLayer is a dense layer: a = act(x·W + b) for a batch of rows x.
type refLayer struct {
	W, dW [][]float64 // In×Out: W[i][j] weighs input i in output j [dense.w, dense.gw]
	b, db []float64   // one bias per output [dense.b, dense.gb]
	act   Activation
	x, a  [][]float64 // the batch's inputs and outputs, kept for backward
}

// refModel is an autoencoder: layers[:nEnc] are the encoder, whose last
// output is the code; the rest are the decoder. Every layer's W (row by
// row) and b are views into params, and dW and db into grads. [Model]
type refModel struct {
	layers        []*refLayer
	nEnc          int
	params, grads []float64
	m, v          []float64 // the optimizer's memory, per parameter
	t             int       // Adam's step count
}

// newRef copies the fast model into a refModel.
func newRef(fast *Model) *refModel {
	n := len(fast.params)
	r := &refModel{nEnc: fast.nEnc, params: make([]float64, n), grads: make([]float64, n),
		m: make([]float64, n), v: make([]float64, n)}
	for k, p := range fast.params {
		r.params[k] = float64(p)
	}
	off := 0 // [Model.bind]
	for _, d := range fast.layers {
		L := &refLayer{act: d.Act}
		for range d.In {
			L.W = append(L.W, r.params[off:off+d.Out])
			L.dW = append(L.dW, r.grads[off:off+d.Out])
			off += d.Out
		}
		L.b, L.db = r.params[off:off+d.Out], r.grads[off:off+d.Out]
		off += d.Out
		r.layers = append(r.layers, L)
	}
	return r
}

// forward runs the batch x through every layer and returns the outputs X̂.
// [Model.forward: a GEMM, then biasTask]
func (r *refModel) forward(x [][]float64) [][]float64 {
	for _, L := range r.layers {
		L.x, L.a = x, zeros(len(x), len(L.b))
		for n := range x {
			for j := range L.b {
				z := L.b[j]
				for i := range L.W {
					z += x[n][i] * L.W[i][j]
				}
				L.a[n][j] = refActivate(L.act, z)
			}
		}
		x = L.a
	}
	return x
}

// lossAndGrads returns the loss of the batch x against the targets y — the
// mean over every value, plus codeL1·Σ|code|/rows — and leaves its gradient
// with respect to every parameter in grads. [Model.step]
func (r *refModel) lossAndGrads(x, y [][]float64, loss Loss, codeL1 float64) float64 {
	xhat := r.forward(x)
	rows, count := float64(len(x)), float64(len(x)*len(y[0]))
	total, da := 0.0, zeros(len(x), len(y[0])) // da: dLoss/dX̂ [lossTask]
	for n := range xhat {
		for j, a := range xhat[n] {
			value, grad := refLoss(loss, a, y[n][j])
			total += value / count
			da[n][j] = grad / count
		}
	}
	clear(r.grads)
	for l := len(r.layers) - 1; l >= 0; l-- {
		L := r.layers[l]
		if l == r.nEnc-1 && codeL1 > 0 { // the code [chainTask]
			for n := range L.a {
				for j, c := range L.a[n] {
					total += codeL1 * math.Abs(c) / rows
					da[n][j] += codeL1 * refSign(c) / rows
				}
			}
		}
		da = L.backward(da)
	}
	return total
}

// backward takes dLoss/da for the layer's outputs, adds dLoss/dW and
// dLoss/db to dW and db, and returns dLoss/dx for the layer below. With
// dz = dLoss/da ⊙ act'(a): dW = xᵀ·dz, db = the column sums of dz and
// dx = dz·Wᵀ. [Model.backward]
func (L *refLayer) backward(da [][]float64) [][]float64 {
	dx := zeros(len(L.x), len(L.W))
	for n := range da {
		for j := range L.b {
			dz := da[n][j] * refSlope(L.act, L.a[n][j])
			L.db[j] += dz
			for i := range L.W {
				L.dW[i][j] += L.x[n][i] * dz
				dx[n][i] += dz * L.W[i][j]
			}
		}
	}
	return dx
}

// adamStep moves every parameter by Adam in PyTorch's form: running means
// of the gradient (decaying by b1) and of its square (b2), corrected for
// starting at 0. With weight decay λ > 0 each parameter first shrinks by
// lr·λ times itself: AdamW, PyTorch's form too. Fit's defaults are b1 = 0.9,
// b2 = 0.999, λ = 0; lr is the scheduled rate of this step [rateAt].
// [optimizerState.update, vec.Adam]
func (r *refModel) adamStep(lr, b1, b2, decay float64) {
	const eps = 1e-8
	r.t++
	c1, c2 := 1-math.Pow(b1, float64(r.t)), 1-math.Pow(b2, float64(r.t))
	for k, g := range r.grads {
		r.params[k] *= 1 - lr*decay
		r.m[k] = b1*r.m[k] + (1-b1)*g
		r.v[k] = b2*r.v[k] + (1-b2)*g*g
		r.params[k] -= lr / c1 * r.m[k] / (math.Sqrt(r.v[k])/math.Sqrt(c2) + eps)
	}
}

// sgdStep moves every parameter by SGD with momentum μ in PyTorch's form,
// m = μ·m + g, p -= lr·m; μ = 0 is plain SGD. Weight decay λ shrinks each
// parameter first, as in adamStep (decoupled: it is not added to g).
// [updateTask]
func (r *refModel) sgdStep(lr, momentum, decay float64) {
	for k, g := range r.grads {
		r.params[k] *= 1 - lr*decay
		r.m[k] = momentum*r.m[k] + g
		r.params[k] -= lr * r.m[k]
	}
}

// refActivate returns act(z). [biasActivate]
func refActivate(act Activation, z float64) float64 {
	switch {
	case act == ReLU && z < 0:
		return 0
	case act == LeakyReLU && z < 0:
		return leak * z
	case act == Sigmoid:
		return 1 / (1 + math.Exp(-z))
	case act == Tanh:
		return math.Tanh(z)
	}
	return z
}

// refSlope returns act'(z) written in terms of the output a = act(z), so
// that backward needs only the outputs forward kept. [chainActivation]
func refSlope(act Activation, a float64) float64 {
	switch {
	case act == ReLU && a <= 0:
		return 0
	case act == LeakyReLU && a <= 0:
		return leak
	case act == Sigmoid:
		return a * (1 - a)
	case act == Tanh:
		return 1 - a*a
	}
	return 1
}

// refLoss returns the loss between an output a and its target y, and its
// derivative dLoss/da. BCE's logarithms are clamped at logFloor, as in
// PyTorch; under a Sigmoid the engine gets the same value from the logits,
// which stays exact where a rounds to 0 or 1. [lossAndGrad, vec.SigmoidBCE]
func refLoss(loss Loss, a, y float64) (value, grad float64) {
	switch loss {
	case BCE:
		value = -(y*math.Max(math.Log(a), logFloor) + (1-y)*math.Max(math.Log(1-a), logFloor))
		return value, (a - y) / math.Max(a*(1-a), 1e-12)
	case MAE:
		return math.Abs(a - y), refSign(a - y)
	}
	return (a - y) * (a - y), 2 * (a - y)
}

// refSign returns 1, 0 or -1 as v is above, at or below 0.
func refSign(v float64) float64 { return float64(cmp.Compare(v, 0)) }

// zeros returns a rows×cols matrix of zeros.
func zeros(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}
