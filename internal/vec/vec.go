package vec

import "strconv"

// SigmoidBCE is the fused output pass of a sigmoid layer trained with binary
// cross-entropy. For each i it takes the logit v = z[i] + b[i], stores the
// output sigmoid(v) in z[i] and, if g is not nil, the gradient of the loss
// with respect to v, (sigmoid(v) - y[i])·scale, in g[i]. It returns the sum
// of the losses max(v, 0) - v·y[i] + log(1 + e^-|v|), which never takes
// the logarithm of 0 however far v saturates.
func SigmoidBCE(z, y, g, b []float32, scale float32) float64 {
	n := len(z)
	need("SigmoidBCE", "y", len(y), n)
	need("SigmoidBCE", "b", len(b), n)
	if g != nil {
		need("SigmoidBCE", "g", len(g), n)
		g = g[:n]
	}
	return active.sigmoidBCE(z, y[:n], g, b[:n], scale)
}

// MSE returns the sum of the squared differences (a[i] - y[i])² and, if g is
// not nil, stores their derivatives 2·(a[i] - y[i])·scale in g[i].
func MSE(a, y, g []float32, scale float32) float64 {
	n := len(a)
	need("MSE", "y", len(y), n)
	if g != nil {
		need("MSE", "g", len(g), n)
		g = g[:n]
	}
	return active.mse(a, y[:n], g, scale)
}

// MAE returns the sum of the absolute differences |a[i] - y[i]| and, if g
// is not nil, stores their derivatives sign(a[i] - y[i])·scale in g[i]
// (0 where a[i] = y[i]). It is pure Go on every architecture.
func MAE(a, y, g []float32, scale float32) float64 {
	n := len(a)
	need("MAE", "y", len(y), n)
	if g != nil {
		need("MAE", "g", len(g), n)
		g = g[:n]
	}
	return maeGo(a, y[:n], g, scale)
}

// BCE returns the sum of the binary cross-entropies
// -(y[i]·log a[i] + (1-y[i])·log(1-a[i])) of outputs a[i] that are
// probabilities, each logarithm clamped below at floor (PyTorch uses -100,
// so an output of exactly 0 or 1 costs 100 instead of infinity), and, if g
// is not nil, stores the derivatives (a[i] - y[i]) / (a[i]·(1 - a[i]))·scale
// in g[i], the denominator kept at least 1e-12. A NaN output gives a NaN
// sum. For the outputs of a sigmoid, SigmoidBCE is exact where this
// saturates. It is pure Go on every architecture.
func BCE(a, y, g []float32, scale, floor float32) float64 {
	n := len(a)
	need("BCE", "y", len(y), n)
	if g != nil {
		need("BCE", "g", len(g), n)
		g = g[:n]
	}
	return bceGo(a, y[:n], g, scale, floor)
}

// BiasAdd adds b to z: z[i] += b[i], the bias of a linear layer.
func BiasAdd(z, b []float32) {
	need("BiasAdd", "b", len(b), len(z))
	active.biasAdd(z, b[:len(z)])
}

// BiasReLU adds b to z and applies the ReLU: z[i] = max(z[i] + b[i], 0).
// A NaN stays NaN.
func BiasReLU(z, b []float32) {
	need("BiasReLU", "b", len(b), len(z))
	active.biasReLU(z, b[:len(z)])
}

// BiasLeakyReLU adds b to z and applies the leaky ReLU with the given slope
// for negative values: z[i] = v if v ≥ 0, slope·v otherwise, v = z[i] + b[i].
func BiasLeakyReLU(z, b []float32, slope float32) {
	need("BiasLeakyReLU", "b", len(b), len(z))
	active.biasLeakyReLU(z, b[:len(z)], slope)
}

// BiasSigmoid adds b to z and applies the logistic sigmoid:
// z[i] = 1 / (1 + e^-(z[i]+b[i])), accurate for large negative inputs too.
func BiasSigmoid(z, b []float32) {
	need("BiasSigmoid", "b", len(b), len(z))
	active.biasSigmoid(z, b[:len(z)])
}

// BiasTanh adds b to z and applies the hyperbolic tangent:
// z[i] = tanh(z[i] + b[i]). It is pure Go on every architecture.
func BiasTanh(z, b []float32) {
	need("BiasTanh", "b", len(b), len(z))
	biasTanhGo(z, b[:len(z)])
}

// ReLUGrad turns the gradient g with respect to a ReLU's outputs a into the
// gradient with respect to its inputs: g[i] = 0 where a[i] ≤ 0.
func ReLUGrad(g, a []float32) {
	need("ReLUGrad", "a", len(a), len(g))
	active.reluGrad(g, a[:len(g)])
}

// LeakyReLUGrad is ReLUGrad for a leaky ReLU: g[i] *= slope where a[i] ≤ 0.
func LeakyReLUGrad(g, a []float32, slope float32) {
	need("LeakyReLUGrad", "a", len(a), len(g))
	active.leakyReLUGrad(g, a[:len(g)], slope)
}

// SigmoidGrad turns the gradient g with respect to a sigmoid's outputs a into
// the gradient with respect to its inputs: g[i] *= a[i]·(1 - a[i]).
func SigmoidGrad(g, a []float32) {
	need("SigmoidGrad", "a", len(a), len(g))
	active.sigmoidGrad(g, a[:len(g)])
}

// TanhGrad turns the gradient g with respect to a tanh's outputs a into the
// gradient with respect to its inputs: g[i] *= 1 - a[i]².
func TanhGrad(g, a []float32) {
	need("TanhGrad", "a", len(a), len(g))
	active.tanhGrad(g, a[:len(g)])
}

// Add adds src to dst: dst[i] += src[i].
func Add(dst, src []float32) {
	need("Add", "src", len(src), len(dst))
	active.add(dst, src[:len(dst)])
}

// Adam applies one step of the Adam update to the parameters p, given their
// gradients g and the running moments m and v, in PyTorch's form:
//
//	m[i] = b1·m[i] + (1-b1)·g[i]
//	v[i] = b2·v[i] + (1-b2)·g[i]²
//	p[i] -= step·m[i] / (√v[i] / rootC2 + eps)
//
// where step = lr / (1 - b1^t) and rootC2 = √(1 - b2^t) carry the bias
// corrections of step t.
func Adam(p, g, m, v []float32, b1, b2, step, rootC2, eps float32) {
	n := len(p)
	need("Adam", "g", len(g), n)
	need("Adam", "m", len(m), n)
	need("Adam", "v", len(v), n)
	active.adam(p, g[:n], m[:n], v[:n], adamConsts{b1, 1 - b1, b2, 1 - b2, step, rootC2, eps})
}

// ToFloat32 converts src into dst, rounding to the nearest float32: values
// beyond the float32 range become ±Inf. dst must be at least as long as src.
func ToFloat32(dst []float32, src []float64) {
	need("ToFloat32", "dst", len(dst), len(src))
	active.toFloat32(dst[:len(src)], src)
}

// Finite reports whether every value of x is a finite number: no NaN, no
// ±Inf. It reads all of x; callers that need the position of a bad value
// look for it once Finite has said there is one.
func Finite(x []float64) bool {
	return active.finite(x)
}

// SumSquares returns Σx[i] and Σx[i]² (BatchNorm's mean and variance), each
// x[i] widened to float64 and summed in float64.
func SumSquares(x []float32) (sum, squares float64) {
	return active.sumSquares(x)
}

// SumProducts returns Σg[i] and Σg[i]·x[i] (BatchNorm's gradients), in
// float64 as SumSquares.
func SumProducts(g, x []float32) (sum, products float64) {
	need("SumProducts", "x", len(x), len(g))
	return active.sumProducts(g, x[:len(g)])
}

// Normalize sets y[i] = (x[i] - mean)·scale + shift, rounding after each
// operation: BatchNorm's output, with scale = γ/σ and shift = β.
func Normalize(y, x []float32, mean, scale, shift float32) {
	need("Normalize", "x", len(x), len(y))
	active.normalize(y, x[:len(y)], mean, scale, shift)
}

// NormalizeGrad sets dx[i] = k·((dy[i] - mdy) - (x[i] - mean)·u), computed
// in float64 and rounded once: BatchNorm's input gradient, whose terms
// nearly cancel on small batches.
func NormalizeGrad(dx, dy, x []float32, k, mdy, mean, u float64) {
	n := len(dx)
	need("NormalizeGrad", "dy", len(dy), n)
	need("NormalizeGrad", "x", len(x), n)
	active.normalizeGrad(dx, dy[:n], x[:n], k, mdy, mean, u)
}

// Interleave sets dst[2i] = a[i] and dst[2i+1] = b[i] for i < len(a): two
// phase planes of a stride-2 convolution back into one row of pixels.
func Interleave(dst, a, b []float32) {
	need("Interleave", "b", len(b), len(a))
	need("Interleave", "dst", len(dst), 2*len(a))
	active.interleave(dst, a, b)
}

// Deinterleave sets a[i] = src[2i] and b[i] = src[2i+1] for i < len(a):
// a row of pixels into the two phase planes of a stride-2 convolution.
func Deinterleave(a, b, src []float32) {
	need("Deinterleave", "b", len(b), len(a))
	need("Deinterleave", "src", len(src), 2*len(a))
	active.deinterleave(a, b, src)
}

// MaxPool2 pools the 2×2 windows of two rows of pixels, r0 and r1: y[j] is
// the largest of r0[2j], r0[2j+1], r1[2j] and r1[2j+1], and arg[j] says
// which, as i0+2j, i0+2j+1, i1+2j or i1+2j+1 (i0 and i1 being the rows'
// offsets in their image). A tie goes to the first in that order; a NaN
// beats any number, and a later NaN an earlier one, as PyTorch's max
// pooling.
func MaxPool2(y []float32, arg []int32, r0, r1 []float32, i0, i1 int32) {
	n := len(y)
	need("MaxPool2", "arg", len(arg), n)
	need("MaxPool2", "r0", len(r0), 2*n)
	need("MaxPool2", "r1", len(r1), 2*n)
	active.maxPool2(y, arg[:n], r0[:2*n], r1[:2*n], i0, i1)
}

// need panics unless a slice named name of length have holds at least want
// values.
func need(fn, name string, have, want int) {
	if have < want {
		panicShort(fn, name, have, want)
	}
}

//go:noinline
func panicShort(fn, name string, have, want int) {
	panic("vec: " + fn + ": " + name + " holds " + strconv.Itoa(have) + " values, want at least " + strconv.Itoa(want))
}
