package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// withImpl runs f with k as the active implementation.
func withImpl(k *impl, f func()) {
	old := setImpl(k)
	defer setImpl(old)
	f()
}

// testLengths are the slice lengths the kernels are checked on: every
// length up to 100 (so every tail mod 16), some row widths of the models,
// and a run of long ones covering every tail again.
func testLengths() []int {
	var ns []int
	for n := 0; n <= 100; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 255, 256, 257, 784, 1000)
	for n := 4096; n < 4096+16; n++ {
		ns = append(ns, n)
	}
	return ns
}

// logits returns n values for the inputs of an activation: mostly in
// [-12, 12], with special values mixed in — ±0, tiny, around the flush to
// zero of e^-|v|, ±100, huge, ±Inf and, if withNaN, NaN.
func logits(rng *rand.Rand, n int, withNaN bool) []float32 {
	specials := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e-45, 87.2, -87.2, 87.3, -87.3, 87.4, -87.4,
		88.5, -88.5, 100, -100, 1e30, -1e30, float32(math.Inf(1)), float32(math.Inf(-1)), 0.5, -0.5, 16, -16}
	x := make([]float32, n)
	for i := range x {
		switch r := rng.IntN(100); {
		case r < 12:
			x[i] = specials[rng.IntN(len(specials))]
		case r < 13 && withNaN:
			x[i] = float32(math.NaN())
		default:
			x[i] = float32(24*rng.Float64() - 12)
		}
	}
	return x
}

// unit returns n values in [0, 1], some exactly 0 or 1.
func unit(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch r := rng.IntN(10); {
		case r == 0:
			x[i] = 0
		case r == 1:
			x[i] = 1
		default:
			x[i] = rng.Float32()
		}
	}
	return x
}

// normal returns n values of a normal distribution of the given spread.
func normal(rng *rand.Rand, n int, std float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(std * rng.NormFloat64())
	}
	return x
}

const guardLen = 17

var guardBits = math.Float32bits(-12345.678)

// guarded copies vals into a buffer after off guard values and before
// guardLen more, and returns the buffer and the slice of vals in it.
func guarded(vals []float32, off int) (buf, s []float32) {
	buf = make([]float32, off+len(vals)+guardLen)
	for i := range buf {
		buf[i] = math.Float32frombits(guardBits)
	}
	copy(buf[off:], vals)
	return buf, buf[off : off+len(vals) : off+len(vals)]
}

// checkGuards reports an error if a kernel wrote outside the slice.
func checkGuards(t *testing.T, what string, buf []float32, off, n int) {
	t.Helper()
	for i, v := range buf {
		if (i < off || i >= off+n) && math.Float32bits(v) != guardBits {
			t.Errorf("%s: wrote %v at %d, outside the slice [%d, %d)", what, v, i-off, 0, n)
			return
		}
	}
}

// ulpDiff returns how many float32 values lie between a and b (0 if both
// are NaN, a large number if only one is).
func ulpDiff(a, b float32) int64 {
	an, bn := a != a, b != b
	if an || bn {
		if an && bn {
			return 0
		}
		return math.MaxInt32
	}
	ord := func(x float32) int64 {
		u := int64(math.Float32bits(x))
		if u&(1<<31) != 0 {
			return -(u &^ (1 << 31))
		}
		return u
	}
	d := ord(a) - ord(b)
	if d < 0 {
		d = -d
	}
	return d
}

// kernelRun is one call of a kernel on fresh copies of the inputs made from
// a seed and a length; it returns the slices the kernel wrote and its
// float64 result, if any.
type kernelRun struct {
	out [][]float32
	sum float64
}

// kernelCase describes a kernel for the comparisons between
// implementations: how to make its inputs and call it.
type kernelCase struct {
	name string
	// exact: every implementation gives the pure-Go bits. Otherwise the
	// written values may differ by ulps, and sum by relTol relative.
	exact  bool
	ulps   int64
	relTol float64
	// gradAbs, if not 0, is the absolute tolerance for the output slice
	// grad instead of ulps: (a - y)·scale loses the relative accuracy of a
	// where a and y nearly cancel.
	grad    int
	gradAbs float64
	inputs  func(rng *rand.Rand, n int) [][]float32
	call    func(in [][]float32) float64 // in: the inputs, overwritten by the outputs
}

func kernelCases() []kernelCase {
	return []kernelCase{
		{name: "SigmoidBCE", ulps: 4, relTol: 1e-6, grad: 2, gradAbs: 4 * 0x1p-24 / 3,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, true), unit(rng, n), make([]float32, n), normal(rng, n, 1)}
			},
			call: func(in [][]float32) float64 { return SigmoidBCE(in[0], in[1], in[2], in[3], 1.0/3) }},
		{name: "SigmoidBCE without g", ulps: 4, relTol: 1e-6,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, false), unit(rng, n), normal(rng, n, 1)}
			},
			call: func(in [][]float32) float64 { return SigmoidBCE(in[0], in[1], nil, in[2], 1) }},
		{name: "MSE", exact: true, relTol: 1e-14,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{unit(rng, n), unit(rng, n), make([]float32, n)}
			},
			call: func(in [][]float32) float64 { return MSE(in[0], in[1], in[2], 1e-3) }},
		{name: "MSE without g", exact: true, relTol: 1e-14,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, false), normal(rng, n, 3)}
			},
			call: func(in [][]float32) float64 { return MSE(in[0], in[1], nil, 1) }},
		{name: "MSE of wide range", exact: true, relTol: 1e-14,
			// Terms from 1e-30 to 1e30: float64 sums of these depend on the
			// order of the additions, which the implementations must share.
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				a := normal(rng, n, 1)
				for i := range a {
					a[i] *= float32(math.Pow(10, float64(rng.IntN(31)-15)))
				}
				return [][]float32{a, make([]float32, n)}
			},
			call: func(in [][]float32) float64 { return MSE(in[0], in[1], nil, 1) }},
		{name: "MAE", exact: true, relTol: 1e-14,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{unit(rng, n), unit(rng, n), make([]float32, n)}
			},
			call: func(in [][]float32) float64 { return MAE(in[0], in[1], in[2], 1e-3) }},
		{name: "BCE", exact: true, relTol: 1e-14,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{unit(rng, n), unit(rng, n), make([]float32, n)}
			},
			call: func(in [][]float32) float64 { return BCE(in[0], in[1], in[2], 1e-3, -100) }},
		{name: "BCE without g", exact: true, relTol: 1e-14,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{unit(rng, n), unit(rng, n)} },
			call:   func(in [][]float32) float64 { return BCE(in[0], in[1], nil, 1, -100) }},
		{name: "BiasTanh", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{logits(rng, n, true), normal(rng, n, 1)} },
			call:   func(in [][]float32) float64 { BiasTanh(in[0], in[1]); return 0 }},
		{name: "BiasAdd", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{logits(rng, n, true), normal(rng, n, 1)} },
			call:   func(in [][]float32) float64 { BiasAdd(in[0], in[1]); return 0 }},
		{name: "BiasReLU", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, true), logits(rng, n, false)}
			},
			call: func(in [][]float32) float64 { BiasReLU(in[0], in[1]); return 0 }},
		{name: "BiasLeakyReLU", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, true), logits(rng, n, false)}
			},
			call: func(in [][]float32) float64 { BiasLeakyReLU(in[0], in[1], 0.01); return 0 }},
		{name: "BiasSigmoid", ulps: 4,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{logits(rng, n, true), normal(rng, n, 1)} },
			call:   func(in [][]float32) float64 { BiasSigmoid(in[0], in[1]); return 0 }},
		{name: "ReLUGrad", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{normal(rng, n, 1), logits(rng, n, true)} },
			call:   func(in [][]float32) float64 { ReLUGrad(in[0], in[1]); return 0 }},
		{name: "LeakyReLUGrad", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{normal(rng, n, 1), logits(rng, n, true)} },
			call:   func(in [][]float32) float64 { LeakyReLUGrad(in[0], in[1], 0.01); return 0 }},
		{name: "SigmoidGrad", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{normal(rng, n, 1), unit(rng, n)} },
			call:   func(in [][]float32) float64 { SigmoidGrad(in[0], in[1]); return 0 }},
		{name: "TanhGrad", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 { return [][]float32{normal(rng, n, 1), normal(rng, n, 0.7)} },
			call:   func(in [][]float32) float64 { TanhGrad(in[0], in[1]); return 0 }},
		{name: "Add", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				return [][]float32{logits(rng, n, true), logits(rng, n, true)}
			},
			call: func(in [][]float32) float64 { Add(in[0], in[1]); return 0 }},
		{name: "Adam", exact: true,
			inputs: func(rng *rand.Rand, n int) [][]float32 {
				v := normal(rng, n, 1e-3)
				for i := range v {
					v[i] *= v[i]
				}
				return [][]float32{normal(rng, n, 0.1), normal(rng, n, 1e-2), normal(rng, n, 1e-3), v}
			},
			call: func(in [][]float32) float64 {
				Adam(in[0], in[1], in[2], in[3], 0.9, 0.999, 1e-3/(1-0.9*0.9), float32(math.Sqrt(1-0.999*0.999)), 1e-8)
				return 0
			}},
	}
}

// runCase calls c on inputs made from seed and n, placed off floats into
// guarded buffers, with implementation k.
func runCase(t *testing.T, k *impl, c kernelCase, seed uint64, n, off int) kernelRun {
	t.Helper()
	in := c.inputs(rand.New(rand.NewPCG(seed, uint64(n))), n)
	bufs := make([][]float32, len(in))
	for i := range in {
		bufs[i], in[i] = guarded(in[i], off)
	}
	var r kernelRun
	withImpl(k, func() { r.sum = c.call(in) })
	for i := range bufs {
		checkGuards(t, fmt.Sprintf("%s %s n=%d slice %d", k.name, c.name, n, i), bufs[i], off, n)
	}
	r.out = in
	return r
}

// compare reports the first differences between got and want beyond the
// case's tolerance.
func compare(t *testing.T, what string, c kernelCase, got, want kernelRun, exactSum bool) {
	t.Helper()
	for s := range want.out {
		for i := range want.out[s] {
			g, w := got.out[s][i], want.out[s][i]
			if !c.exact && c.gradAbs > 0 && s == c.grad && math.Abs(float64(g-w)) <= c.gradAbs {
				continue
			}
			if d := ulpDiff(g, w); (c.exact && d != 0) || d > c.ulps {
				t.Errorf("%s: slice %d [%d]: %v (%#x), want %v (%#x): %d ulps apart",
					what, s, i, g, math.Float32bits(g), w, math.Float32bits(w), d)
				return
			}
		}
	}
	gs, ws := got.sum, want.sum
	switch {
	case math.IsNaN(gs) && math.IsNaN(ws):
	case exactSum:
		if math.Float64bits(gs) != math.Float64bits(ws) {
			t.Errorf("%s: sum %v, want the same bits as %v", what, gs, ws)
		}
	case math.Abs(gs-ws) > c.relTol*math.Abs(ws) && !(gs == ws):
		t.Errorf("%s: sum %v, want %v (relative difference %.3g)", what, gs, ws, math.Abs(gs-ws)/math.Abs(ws))
	}
}

// TestKernelsMatchGo checks every assembly implementation against the
// pure-Go reference, on every test length at shifting offsets, including
// that nothing outside the slices is touched.
func TestKernelsMatchGo(t *testing.T) {
	asm := asmImpls()
	if len(asm) == 0 {
		t.Skip("no assembly kernels in this build or on this CPU")
	}
	for _, c := range kernelCases() {
		for _, k := range asm {
			t.Run(k.name+"/"+c.name, func(t *testing.T) {
				for _, n := range testLengths() {
					off := n % 5
					want := runCase(t, goImpl, c, 1, n, 0)
					got := runCase(t, k, c, 1, n, off)
					compare(t, fmt.Sprintf("n=%d off=%d", n, off), c, got, want, false)
					if t.Failed() {
						return
					}
				}
			})
		}
	}
}

// TestGuards runs the pure-Go kernels through the same checks, so that the
// comparison above starts from a reference that stays in its slices.
func TestGuards(t *testing.T) {
	for _, c := range kernelCases() {
		for _, n := range []int{0, 1, 17, 100} {
			runCase(t, goImpl, c, 2, n, 3)
		}
	}
}

// TestAssemblyVersionsAgree checks that the AVX-512 and AVX2 kernels give
// the same bits, sums included.
func TestAssemblyVersionsAgree(t *testing.T) {
	asm := asmImpls()
	if len(asm) < 2 {
		t.Skip("fewer than two assembly implementations on this CPU")
	}
	for _, c := range kernelCases() {
		t.Run(c.name, func(t *testing.T) {
			exact := c
			exact.exact = true
			for _, n := range testLengths() {
				a := runCase(t, asm[0], c, 3, n, n%3)
				b := runCase(t, asm[1], c, 3, n, 0)
				compare(t, fmt.Sprintf("%s vs %s n=%d", asm[0].name, asm[1].name, n), exact, a, b, true)
				if t.Failed() {
					return
				}
			}
		})
	}
}

// TestDeterminism checks that results do not depend on where the slices
// start in memory, nor on the call, for every implementation.
func TestDeterminism(t *testing.T) {
	for _, k := range impls() {
		for _, c := range kernelCases() {
			exact := c
			exact.exact = true
			for _, n := range []int{37, 784, 1000} {
				first := runCase(t, k, c, 4, n, 0)
				for off := 1; off < 16; off++ {
					again := runCase(t, k, c, 4, n, off)
					compare(t, fmt.Sprintf("%s %s n=%d off=%d", k.name, c.name, n, off), exact, again, first, true)
				}
			}
		}
	}
}

// TestAccuracy checks the exponential-based kernels of every implementation
// against float64 math.
func TestAccuracy(t *testing.T) {
	const n = 200001
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(-100 + 200*float64(i)/(n-1))
	}
	zero := make([]float32, n)
	y := unit(rand.New(rand.NewPCG(5, 5)), n)
	for _, k := range impls() {
		withImpl(k, func() {
			s := append([]float32(nil), v...)
			BiasSigmoid(s, zero)
			worst := 0.0
			for i, x := range v {
				want := 1 / (1 + math.Exp(-float64(x)))
				if x < -87.3 { // e^-|v| flushes to 0 below the normal range
					continue
				}
				worst = math.Max(worst, math.Abs(float64(s[i])-want)/want)
			}
			if worst > 5e-7 {
				t.Errorf("%s: BiasSigmoid: worst relative error %.3g, want ≤ 5e-7", k.name, worst)
			}

			z := append([]float32(nil), v...)
			g := make([]float32, n)
			got := SigmoidBCE(z, y, g, zero, 1)
			want, sumAbs := 0.0, 0.0
			for i, x := range v {
				x, t := float64(x), float64(y[i])
				l := math.Max(x, 0) - x*t + math.Log1p(math.Exp(-math.Abs(x)))
				want += l
				sumAbs += math.Abs(l)
			}
			if math.Abs(got-want) > 1e-6*sumAbs {
				t.Errorf("%s: SigmoidBCE: sum %.10g, float64 math gives %.10g", k.name, got, want)
			}
			for i := range g {
				if d := math.Abs(float64(g[i]) - (float64(z[i]) - float64(y[i]))); d > 1e-7 {
					t.Errorf("%s: SigmoidBCE: gradient %v at v=%v, want sigmoid(v)-y = %v", k.name, g[i], v[i], z[i]-y[i])
					break
				}
			}
		})
	}
}

// TestFastMathAccuracy checks the scalar functions of fastmath.go against
// float64 math over their ranges.
func TestFastMathAccuracy(t *testing.T) {
	worst := func(name string, lo, hi float64, f func(float32) float32, ref func(float64) float64, tol float64) {
		t.Helper()
		maxRel, at := 0.0, 0.0
		for i := 0; i <= 200000; i++ {
			x := float32(lo + (hi-lo)*float64(i)/200000)
			got, want := float64(f(x)), ref(float64(x))
			rel := math.Abs(got-want) / math.Max(math.Abs(want), 1e-30)
			if rel > maxRel {
				maxRel, at = rel, float64(x)
			}
		}
		if maxRel > tol {
			t.Errorf("%s: worst relative error %.3g on [%g, %g] (at %g), want ≤ %g", name, maxRel, lo, hi, at, tol)
		}
	}
	worst("exp32", -87.3, 0, exp32, math.Exp, 4e-7)
	worst("log1p32", 0, 1, log1p32, math.Log1p, 4e-7)
	worst("log32", 1e-30, 1e30, log32, math.Log, 4e-7)
	worst("log32 near 1", 0.5, 2, log32, math.Log, 4e-7)
	worst("log32 of subnormals", 1e-45, 1e-38, log32, math.Log, 4e-7)
	worst("tanh32", -20, 20, tanh32, math.Tanh, 4e-7)
	worst("tanh32 near 0", -1, 1, tanh32, math.Tanh, 4e-7)
	worst("tanh32 very near 0", -1e-3, 1e-3, tanh32, math.Tanh, 4e-7)

	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for _, c := range []struct {
		name      string
		got, want float32
	}{
		{"exp32(-100)", exp32(-100), 0},
		{"exp32(-Inf)", exp32(-inf), 0},
		{"log32(0)", log32(0), -inf},
		{"log32(-1)", log32(-1), -inf},
		{"log32(+Inf)", log32(inf), inf},
		{"log32(NaN)", log32(nan), nan},
		{"tanh32(+Inf)", tanh32(inf), 1},
		{"tanh32(-Inf)", tanh32(-inf), -1},
		{"tanh32(-0)", tanh32(float32(math.Copysign(0, -1))), float32(math.Copysign(0, -1))},
		{"tanh32(NaN)", tanh32(nan), nan},
		{"tanh32(1e30)", tanh32(1e30), 1},
	} {
		if math.Float32bits(c.got) != math.Float32bits(c.want) && !(c.got != c.got && c.want != c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestPureGoLosses checks BiasTanh, MAE and BCE against float64 math,
// BCE's floor and its NaN included.
func TestPureGoLosses(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const n = 1000
	a, y := unit(rng, n), unit(rng, n)
	g := make([]float32, n)
	const scale = 0.25

	want := 0.0
	for i := range a {
		p, q := float64(a[i]), float64(y[i])
		want -= q*math.Max(math.Log(p), -100) + (1-q)*math.Max(math.Log(1-p), -100)
	}
	if got := BCE(a, y, g, scale, -100); math.Abs(got-want) > 1e-6*math.Abs(want) {
		t.Errorf("BCE: sum %.10g, float64 math gives %.10g", got, want)
	}
	for i := range g {
		p, q := float64(a[i]), float64(y[i])
		w := (p - q) / math.Max(p*(1-p), 1e-12) * scale
		if math.Abs(float64(g[i])-w) > 1e-6*math.Abs(w)+1e-30 {
			t.Errorf("BCE: gradient %v at a=%v y=%v, want %v", g[i], a[i], y[i], w)
			break
		}
	}
	if got := BCE([]float32{0, 1}, []float32{1, 0}, nil, 1, -100); got != 200 {
		t.Errorf("BCE of outputs 0 and 1 against 1 and 0 is %v, want 200 (the floor)", got)
	}
	if got := BCE([]float32{0.5, float32(math.NaN())}, []float32{0, 0}, nil, 1, -100); !math.IsNaN(got) {
		t.Errorf("BCE of a NaN output is %v, want NaN", got)
	}

	want = 0
	for i := range a {
		want += math.Abs(float64(a[i]) - float64(y[i]))
	}
	if got := MAE(a, y, g, scale); math.Abs(got-want) > 1e-6*want {
		t.Errorf("MAE: sum %.10g, float64 math gives %.10g", got, want)
	}
	for i := range g {
		w := float32(0)
		switch {
		case a[i] > y[i]:
			w = scale
		case a[i] < y[i]:
			w = -scale
		}
		if g[i] != w {
			t.Errorf("MAE: gradient %v at a=%v y=%v, want %v", g[i], a[i], y[i], w)
			break
		}
	}

	z, b := normal(rng, n, 2), normal(rng, n, 1)
	want64 := make([]float64, n)
	for i := range z {
		want64[i] = math.Tanh(float64(z[i] + b[i]))
	}
	BiasTanh(z, b)
	for i := range z {
		if d := math.Abs(float64(z[i]) - want64[i]); d > 4e-7*math.Abs(want64[i]) {
			t.Errorf("BiasTanh: %v, want %v", z[i], want64[i])
			break
		}
	}
}

// TestSaturatedLogits checks that SigmoidBCE stays finite and exact where
// the output rounds to 0 or 1.
func TestSaturatedLogits(t *testing.T) {
	for _, k := range impls() {
		withImpl(k, func() {
			z := []float32{-200, 200, -30, 30}
			y := []float32{1, 0, 0, 1}
			g := make([]float32, 4)
			got := SigmoidBCE(z, y, g, make([]float32, 4), 1)
			want := 200 + 200 + 2*math.Log1p(math.Exp(-30))
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s: loss %v, want %v", k.name, got, want)
			}
			if z[0] != 0 || z[1] != 1 || g[0] != -1 || g[1] != 1 {
				t.Errorf("%s: outputs %v and gradients %v, want [0 1 ...] and [-1 1 ...]", k.name, z, g)
			}
			if w := float32(math.Exp(-30)); ulpDiff(z[2], w) > 4 {
				t.Errorf("%s: sigmoid(-30) = %v, want %v", k.name, z[2], w)
			}
		})
	}
}

// TestToFloat32 checks the conversion against Go's, special values included.
func TestToFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	specials := []float64{0, math.Copysign(0, -1), 1e300, -1e300, math.Inf(1), math.Inf(-1), math.NaN(),
		5e-324, 1e-40, math.MaxFloat32, 1 + 0x1p-24, 1 + 0x1p-24 + 0x1p-50, 1 + 3*0x1p-24}
	for _, k := range impls() {
		for _, n := range testLengths() {
			src := make([]float64, n)
			for i := range src {
				if rng.IntN(4) == 0 {
					src[i] = specials[rng.IntN(len(specials))]
				} else {
					src[i] = rng.NormFloat64()
				}
			}
			off := n % 7
			buf, dst := guarded(make([]float32, n), off)
			withImpl(k, func() { ToFloat32(dst, src) })
			checkGuards(t, k.name+" ToFloat32", buf, off, n)
			for i, v := range src {
				if w := float32(v); math.Float32bits(dst[i]) != math.Float32bits(w) && !(w != w && dst[i] != dst[i]) {
					t.Fatalf("%s: n=%d: ToFloat32 of %v = %v, want %v", k.name, n, v, dst[i], w)
				}
			}
		}
	}
}

// TestFinite puts each kind of bad value at every position of slices of
// every length up to 70.
func TestFinite(t *testing.T) {
	good := []float64{0, -1, 1e308, -1e308, 5e-324, math.MaxFloat64}
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Float64frombits(0x7ff0000000000001)}
	for _, k := range impls() {
		withImpl(k, func() {
			for n := 0; n <= 70; n++ {
				x := make([]float64, n+3)[3:] // not 64-byte aligned
				for i := range x {
					x[i] = good[(i+n)%len(good)]
				}
				if !Finite(x) {
					t.Fatalf("%s: Finite of %d finite values is false", k.name, n)
				}
				for p := 0; p < n; p++ {
					for _, b := range bad {
						old := x[p]
						x[p] = b
						if Finite(x) {
							t.Fatalf("%s: Finite is true with %v at %d of %d", k.name, b, p, n)
						}
						x[p] = old
					}
				}
			}
		})
	}
}

// TestShortSlicesPanic checks that every kernel refuses slices shorter
// than its first one, naming the kernel and the slice.
func TestShortSlicesPanic(t *testing.T) {
	long, short := make([]float32, 9), make([]float32, 8)
	cases := []struct {
		name, want string
		call       func()
	}{
		{"SigmoidBCE y", "SigmoidBCE: y holds 8", func() { SigmoidBCE(long, short, nil, long, 1) }},
		{"SigmoidBCE g", "SigmoidBCE: g holds 8", func() { SigmoidBCE(long, long, short, long, 1) }},
		{"SigmoidBCE b", "SigmoidBCE: b holds 8", func() { SigmoidBCE(long, long, long, short, 1) }},
		{"MSE y", "MSE: y holds 8", func() { MSE(long, short, nil, 1) }},
		{"MSE g", "MSE: g holds 8", func() { MSE(long, long, short, 1) }},
		{"MAE y", "MAE: y holds 8", func() { MAE(long, short, nil, 1) }},
		{"MAE g", "MAE: g holds 8", func() { MAE(long, long, short, 1) }},
		{"BCE y", "BCE: y holds 8", func() { BCE(long, short, nil, 1, -100) }},
		{"BCE g", "BCE: g holds 8", func() { BCE(long, long, short, 1, -100) }},
		{"BiasTanh", "BiasTanh: b holds 8", func() { BiasTanh(long, short) }},
		{"BiasAdd", "BiasAdd: b holds 8", func() { BiasAdd(long, short) }},
		{"BiasReLU", "BiasReLU: b holds 8", func() { BiasReLU(long, short) }},
		{"BiasLeakyReLU", "BiasLeakyReLU: b holds 8", func() { BiasLeakyReLU(long, short, 0.01) }},
		{"BiasSigmoid", "BiasSigmoid: b holds 8", func() { BiasSigmoid(long, short) }},
		{"ReLUGrad", "ReLUGrad: a holds 8", func() { ReLUGrad(long, short) }},
		{"LeakyReLUGrad", "LeakyReLUGrad: a holds 8", func() { LeakyReLUGrad(long, short, 0.01) }},
		{"SigmoidGrad", "SigmoidGrad: a holds 8", func() { SigmoidGrad(long, short) }},
		{"TanhGrad", "TanhGrad: a holds 8", func() { TanhGrad(long, short) }},
		{"Add", "Add: src holds 8", func() { Add(long, short) }},
		{"Adam g", "Adam: g holds 8", func() { Adam(long, short, long, long, 0.9, 0.999, 1, 1, 1e-8) }},
		{"Adam m", "Adam: m holds 8", func() { Adam(long, long, short, long, 0.9, 0.999, 1, 1, 1e-8) }},
		{"Adam v", "Adam: v holds 8", func() { Adam(long, long, long, short, 0.9, 0.999, 1, 1, 1e-8) }},
		{"ToFloat32", "ToFloat32: dst holds 8", func() { ToFloat32(short, make([]float64, 9)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, c.want) {
					t.Errorf("panic %v, want one containing %q", r, c.want)
				}
			}()
			c.call()
		})
	}
	// Longer slices are fine: only the first len values are used.
	BiasAdd(short, long)
}

// TestNoAllocations checks that no kernel allocates, with every
// implementation.
func TestNoAllocations(t *testing.T) {
	const n = 100
	z, y, g, b := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	m, v, d := make([]float32, n), make([]float32, n), make([]float64, n)
	for _, k := range impls() {
		withImpl(k, func() {
			allocs := testing.AllocsPerRun(20, func() {
				SigmoidBCE(z, y, g, b, 1)
				SigmoidBCE(z, y, nil, b, 1)
				MSE(z, y, g, 1)
				MAE(z, y, g, 1)
				BCE(z, y, g, 1, -100)
				BiasAdd(z, b)
				BiasTanh(z, b)
				BiasReLU(z, b)
				BiasLeakyReLU(z, b, 0.01)
				BiasSigmoid(z, b)
				ReLUGrad(g, z)
				LeakyReLUGrad(g, z, 0.01)
				SigmoidGrad(g, z)
				TanhGrad(g, z)
				Add(z, b)
				Adam(z, g, m, v, 0.9, 0.999, 1e-3, 1, 1e-8)
				ToFloat32(z, d)
				Finite(d)
			})
			if allocs != 0 {
				t.Errorf("%s: the kernels allocate %v times", k.name, allocs)
			}
		})
	}
}

// TestActiveIsFastest checks that init chose the first implementation
// this CPU can run.
func TestActiveIsFastest(t *testing.T) {
	if got, want := active.name, impls()[0].name; got != want {
		t.Errorf("active implementation %s, want %s", got, want)
	}
	t.Logf("active: %s", active.name)
}
