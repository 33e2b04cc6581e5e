package vec

// impl is one complete set of kernels. The exported functions check their
// arguments and call the active set; the slices they pass have equal
// lengths (g may be nil where it is optional).
type impl struct {
	name          string
	sigmoidBCE    func(z, y, g, b []float32, scale float32) float64
	mse           func(a, y, g []float32, scale float32) float64
	biasAdd       func(z, b []float32)
	biasReLU      func(z, b []float32)
	biasLeakyReLU func(z, b []float32, slope float32)
	biasSigmoid   func(z, b []float32)
	reluGrad      func(g, a []float32)
	leakyReLUGrad func(g, a []float32, slope float32)
	sigmoidGrad   func(g, a []float32)
	tanhGrad      func(g, a []float32)
	add           func(dst, src []float32)
	adam          func(p, g, m, v []float32, c adamConsts)
	toFloat32     func(dst []float32, src []float64)
	finite        func(x []float64) bool
	sumSquares    func(x []float32) (float64, float64)
	sumProducts   func(g, x []float32) (float64, float64)
	normalize     func(y, x []float32, mean, scale, shift float32)
	normalizeGrad func(dx, dy, x []float32, k, mdy, mean, u float64)
	interleave    func(dst, a, b []float32)
	deinterleave  func(a, b, src []float32)
	maxPool2      func(y []float32, arg []int32, r0, r1 []float32, i0, i1 int32)
}

// adamConsts are the scalars of one Adam step; c1 = 1 - b1 and c2 = 1 - b2
// are rounded to float32 once, as the pure-Go loop always did.
type adamConsts struct {
	b1, c1, b2, c2, step, rootC2, eps float32
}

// goImpl is the pure-Go reference, and the implementation wherever no
// assembly applies.
var goImpl = &impl{
	name:          "go",
	sigmoidBCE:    sigmoidBCEGo,
	mse:           mseGo,
	biasAdd:       biasAddGo,
	biasReLU:      biasReLUGo,
	biasLeakyReLU: biasLeakyReLUGo,
	biasSigmoid:   biasSigmoidGo,
	reluGrad:      reluGradGo,
	leakyReLUGrad: leakyReLUGradGo,
	sigmoidGrad:   sigmoidGradGo,
	tanhGrad:      tanhGradGo,
	add:           addGo,
	adam:          adamGo,
	toFloat32:     toFloat32Go,
	finite:        finiteGo,
	sumSquares:    sumSquaresGo,
	sumProducts:   sumProductsGo,
	normalize:     normalizeGo,
	normalizeGrad: normalizeGradGo,
	interleave:    interleaveGo,
	deinterleave:  deinterleaveGo,
	maxPool2:      maxPool2Go,
}

// active is the implementation the exported functions use, chosen at init
// (see impl_amd64.go and impl_other.go). Tests and benchmarks switch it with
// setImpl; it is not meant to change while kernels run.
var active = goImpl

// setImpl makes k the active implementation and returns the previous one.
func setImpl(k *impl) *impl {
	old := active
	active = k
	return old
}

// impls returns every implementation this build and CPU can run, fastest
// first, the pure-Go one last.
func impls() []*impl { return append(asmImpls(), goImpl) }
