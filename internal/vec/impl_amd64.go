//go:build !purego

package vec

import "golang.org/x/sys/cpu"

// avx512Impl is the AVX-512 assembly (avx512_amd64.s): 16 floats a vector,
// tails through masks.
var avx512Impl = &impl{
	name:          "avx512",
	sigmoidBCE:    sigmoidBCEAVX512,
	mse:           mseAVX512,
	biasAdd:       biasAddAVX512,
	biasReLU:      biasReLUAVX512,
	biasLeakyReLU: biasLeakyReLUAVX512,
	biasSigmoid:   biasSigmoidAVX512,
	reluGrad:      reluGradAVX512,
	leakyReLUGrad: leakyReLUGradAVX512,
	sigmoidGrad:   sigmoidGradAVX512,
	tanhGrad:      tanhGradAVX512,
	add:           addAVX512,
	adam: func(p, g, m, v []float32, c adamConsts) {
		adamAVX512(p, g, m, v, c.b1, c.c1, c.b2, c.c2, c.step, c.rootC2, c.eps)
	},
	toFloat32:     toFloat32AVX512,
	finite:        func(x []float64) bool { s := finiteAVX512(x); return s == s },
	sumSquares:    sumSquaresAVX512,
	sumProducts:   sumProductsAVX512,
	normalize:     normalizeAVX512,
	normalizeGrad: normalizeGradAVX512,
	interleave:    interleaveAVX512,
	deinterleave:  deinterleaveAVX512,
	maxPool2:      maxPool2AVX512,
}

// avx2Impl is the AVX2+FMA assembly (avx2_amd64.s): 8 floats a vector. The
// kernels that match the pure-Go ones bit for bit leave their last len%8
// elements to them.
var avx2Impl = &impl{
	name:        "avx2",
	sigmoidBCE:  sigmoidBCEAVX2,
	mse:         mseAVX2,
	biasSigmoid: biasSigmoidAVX2,
	biasAdd: func(z, b []float32) {
		k := len(z) &^ 7
		biasAddAVX2(z[:k], b[:k])
		biasAddGo(z[k:], b[k:])
	},
	biasReLU: func(z, b []float32) {
		k := len(z) &^ 7
		biasReLUAVX2(z[:k], b[:k])
		biasReLUGo(z[k:], b[k:])
	},
	biasLeakyReLU: func(z, b []float32, slope float32) {
		k := len(z) &^ 7
		biasLeakyReLUAVX2(z[:k], b[:k], slope)
		biasLeakyReLUGo(z[k:], b[k:], slope)
	},
	reluGrad: func(g, a []float32) {
		k := len(g) &^ 7
		reluGradAVX2(g[:k], a[:k])
		reluGradGo(g[k:], a[k:])
	},
	leakyReLUGrad: func(g, a []float32, slope float32) {
		k := len(g) &^ 7
		leakyReLUGradAVX2(g[:k], a[:k], slope)
		leakyReLUGradGo(g[k:], a[k:], slope)
	},
	sigmoidGrad: func(g, a []float32) {
		k := len(g) &^ 7
		sigmoidGradAVX2(g[:k], a[:k])
		sigmoidGradGo(g[k:], a[k:])
	},
	tanhGrad: func(g, a []float32) {
		k := len(g) &^ 7
		tanhGradAVX2(g[:k], a[:k])
		tanhGradGo(g[k:], a[k:])
	},
	add: func(dst, src []float32) {
		k := len(dst) &^ 7
		addAVX2(dst[:k], src[:k])
		addGo(dst[k:], src[k:])
	},
	adam: func(p, g, m, v []float32, c adamConsts) {
		k := len(p) &^ 7
		adamAVX2(p[:k], g[:k], m[:k], v[:k], c.b1, c.c1, c.b2, c.c2, c.step, c.rootC2, c.eps)
		adamGo(p[k:], g[k:], m[k:], v[k:], c)
	},
	toFloat32: func(dst []float32, src []float64) {
		k := len(src) &^ 7
		toFloat32AVX2(dst[:k], src[:k])
		toFloat32Go(dst[k:], src[k:])
	},
	finite: func(x []float64) bool {
		k := len(x) &^ 7
		s := finiteAVX2(x[:k])
		return s == s && finiteGo(x[k:])
	},
	sumSquares: func(x []float32) (float64, float64) {
		k := len(x) &^ 7
		a, b := sumSquaresAVX2(x[:k])
		c, d := sumSquaresGo(x[k:])
		return a + c, b + d
	},
	sumProducts: func(g, x []float32) (float64, float64) {
		k := len(g) &^ 7
		a, b := sumProductsAVX2(g[:k], x[:k])
		c, d := sumProductsGo(g[k:], x[k:])
		return a + c, b + d
	},
	normalize: func(y, x []float32, mean, scale, shift float32) {
		k := len(y) &^ 7
		normalizeAVX2(y[:k], x[:k], mean, scale, shift)
		normalizeGo(y[k:], x[k:], mean, scale, shift)
	},
	normalizeGrad: func(dx, dy, x []float32, k, mdy, mean, u float64) {
		n := len(dx) &^ 7
		normalizeGradAVX2(dx[:n], dy[:n], x[:n], k, mdy, mean, u)
		normalizeGradGo(dx[n:], dy[n:], x[n:], k, mdy, mean, u)
	},
	interleave:   interleaveGo,
	deinterleave: deinterleaveGo,
	maxPool2:     maxPool2Go,
}

// asmImpls lists the assembly implementations this CPU can run, fastest
// first.
func asmImpls() []*impl {
	var ks []*impl
	if cpu.X86.HasAVX512F {
		ks = append(ks, avx512Impl)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, avx2Impl)
	}
	return ks
}

func init() {
	if ks := asmImpls(); len(ks) > 0 {
		active = ks[0]
	}
}

// The assembly kernels. Their slices have equal lengths (g may be nil in
// sigmoidBCE and mse); the finite kernels return the OR of the bits of every
// x·0, which is a NaN exactly when some x is not finite.

//go:noescape
func sigmoidBCEAVX512(z, y, g, b []float32, scale float32) float64

//go:noescape
func mseAVX512(a, y, g []float32, scale float32) float64

//go:noescape
func biasAddAVX512(z, b []float32)

//go:noescape
func biasReLUAVX512(z, b []float32)

//go:noescape
func biasLeakyReLUAVX512(z, b []float32, slope float32)

//go:noescape
func biasSigmoidAVX512(z, b []float32)

//go:noescape
func reluGradAVX512(g, a []float32)

//go:noescape
func leakyReLUGradAVX512(g, a []float32, slope float32)

//go:noescape
func sigmoidGradAVX512(g, a []float32)

//go:noescape
func tanhGradAVX512(g, a []float32)

//go:noescape
func addAVX512(dst, src []float32)

//go:noescape
func adamAVX512(p, g, m, v []float32, b1, c1, b2, c2, step, rootC2, eps float32)

//go:noescape
func toFloat32AVX512(dst []float32, src []float64)

//go:noescape
func finiteAVX512(x []float64) float64

//go:noescape
func sigmoidBCEAVX2(z, y, g, b []float32, scale float32) float64

//go:noescape
func mseAVX2(a, y, g []float32, scale float32) float64

//go:noescape
func biasSigmoidAVX2(z, b []float32)

// The AVX2 kernels below take only the first len/8 whole vectors.

//go:noescape
func biasAddAVX2(z, b []float32)

//go:noescape
func biasReLUAVX2(z, b []float32)

//go:noescape
func biasLeakyReLUAVX2(z, b []float32, slope float32)

//go:noescape
func reluGradAVX2(g, a []float32)

//go:noescape
func leakyReLUGradAVX2(g, a []float32, slope float32)

//go:noescape
func sigmoidGradAVX2(g, a []float32)

//go:noescape
func tanhGradAVX2(g, a []float32)

//go:noescape
func addAVX2(dst, src []float32)

//go:noescape
func adamAVX2(p, g, m, v []float32, b1, c1, b2, c2, step, rootC2, eps float32)

//go:noescape
func toFloat32AVX2(dst []float32, src []float64)

//go:noescape
func finiteAVX2(x []float64) float64

// The BatchNorm kernels (see vec.go's SumSquares and the others).

//go:noescape
func sumSquaresAVX512(x []float32) (sum, squares float64)

//go:noescape
func sumProductsAVX512(g, x []float32) (sum, products float64)

//go:noescape
func normalizeAVX512(y, x []float32, mean, scale, shift float32)

//go:noescape
func normalizeGradAVX512(dx, dy, x []float32, k, mdy, mean, u float64)

// These take only the first len/8 whole vectors.

//go:noescape
func sumSquaresAVX2(x []float32) (sum, squares float64)

//go:noescape
func sumProductsAVX2(g, x []float32) (sum, products float64)

//go:noescape
func normalizeAVX2(y, x []float32, mean, scale, shift float32)

//go:noescape
func normalizeGradAVX2(dx, dy, x []float32, k, mdy, mean, u float64)

//go:noescape
func interleaveAVX512(dst, a, b []float32)

//go:noescape
func deinterleaveAVX512(a, b, src []float32)

//go:noescape
func maxPool2AVX512(y []float32, arg []int32, r0, r1 []float32, i0, i1 int32)
