package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBatchNormKernels checks SumSquares, SumProducts, Normalize and
// NormalizeGrad of every implementation against float64 arithmetic, on
// every test length at shifting offsets, and that they write nothing
// outside their slices.
func TestBatchNormKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range impls() {
		for _, n := range testLengths() {
			off := n % 7
			// Guard values around every slice.
			mk := func() []float32 {
				b := make([]float32, n+off+8)
				for i := range b {
					b[i] = float32(rng.NormFloat64()*3 + 0.5)
				}
				return b
			}
			xb, gb, yb := mk(), mk(), mk()
			x, g, y := xb[off:off+n], gb[off:off+n], yb[off:off+n]
			guard := append([]float32(nil), yb...)
			var s, s2, sg, sgx float64
			for i := range x {
				s += float64(x[i])
				s2 += float64(x[i]) * float64(x[i])
				sg += float64(g[i])
				sgx += float64(g[i]) * float64(x[i])
			}
			var a, b, c, d float64
			withImpl(k, func() {
				a, b = SumSquares(x)
				c, d = SumProducts(g, x)
			})
			for _, p := range []struct {
				name      string
				got, want float64
				scale     float64
			}{{"SumSquares sum", a, s, s2}, {"SumSquares squares", b, s2, s2}, {"SumProducts sum", c, sg, s2}, {"SumProducts products", d, sgx, s2}} {
				if math.Abs(p.got-p.want) > 1e-12*(p.scale+1) {
					t.Fatalf("%s n=%d: %s %v, want %v", k.name, n, p.name, p.got, p.want)
				}
			}
			const mean, scale, shift = 0.37, 1.9, -0.2
			withImpl(k, func() { Normalize(y, x, mean, scale, shift) })
			for i := range yb {
				if i >= off && i < off+n {
					want := (float64(x[i-off]) - mean) * scale
					want = float64(float32(want)) + shift
					if math.Abs(float64(y[i-off])-want) > 1e-6*(math.Abs(want)+1) {
						t.Fatalf("%s n=%d: Normalize [%d] %v, want %v", k.name, n, i-off, y[i-off], want)
					}
				} else if yb[i] != guard[i] {
					t.Fatalf("%s n=%d: Normalize wrote outside its slice at %d", k.name, n, i-off)
				}
			}
			const kk, mdy, m, u = 0.8, 0.05, -0.3, 0.7
			withImpl(k, func() { NormalizeGrad(y, g, x, kk, mdy, m, u) })
			for i := range yb {
				if i >= off && i < off+n {
					want := float32(kk * ((float64(g[i-off]) - mdy) - (float64(x[i-off])-m)*u))
					if y[i-off] != want { // float64 operations in the same order: the same bits
						t.Fatalf("%s n=%d: NormalizeGrad [%d] %v, want %v", k.name, n, i-off, y[i-off], want)
					}
				} else if yb[i] != guard[i] {
					t.Fatalf("%s n=%d: NormalizeGrad wrote outside its slice at %d", k.name, n, i-off)
				}
			}
		}
	}
}

// TestInterleave checks Interleave and Deinterleave of every implementation
// on every test length, and that they write nothing outside their slices.
func TestInterleave(t *testing.T) {
	for _, k := range impls() {
		for _, n := range testLengths() {
			a := make([]float32, n+2)
			b := make([]float32, n+2)
			for i := range a {
				a[i], b[i] = float32(i), float32(-i-1)
			}
			dst := make([]float32, 2*n+3)
			for i := range dst {
				dst[i] = 7
			}
			withImpl(k, func() { Interleave(dst[1:], a[:n], b[:n]) })
			for i, v := range dst {
				want := float32(7)
				if i >= 1 && i <= 2*n {
					j := (i - 1) / 2
					want = a[j]
					if (i-1)%2 == 1 {
						want = b[j]
					}
				}
				if v != want {
					t.Fatalf("%s n=%d: Interleave wrote %v at %d, want %v", k.name, n, v, i, want)
				}
			}
			ea, eb := make([]float32, n+1), make([]float32, n+1)
			ea[n], eb[n] = 9, 9
			withImpl(k, func() { Deinterleave(ea[:n], eb[:n], dst[1:]) })
			for i := 0; i < n; i++ {
				if ea[i] != a[i] || eb[i] != b[i] {
					t.Fatalf("%s n=%d: Deinterleave [%d] = %v, %v, want %v, %v", k.name, n, i, ea[i], eb[i], a[i], b[i])
				}
			}
			if ea[n] != 9 || eb[n] != 9 {
				t.Fatalf("%s n=%d: Deinterleave wrote past its slices", k.name, n)
			}
		}
	}
}

// TestMaxPool2 checks MaxPool2 of every implementation against the rule,
// with ties and NaNs, on every test length.
func TestMaxPool2(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, k := range impls() {
		for _, n := range testLengths() {
			r0, r1 := make([]float32, 2*n), make([]float32, 2*n)
			for i := range r0 {
				// Few distinct values, so that ties are common; some NaNs.
				r0[i], r1[i] = float32(rng.IntN(4)), float32(rng.IntN(4))
				if rng.IntN(40) == 0 {
					r0[i] = float32(math.NaN())
				}
				if rng.IntN(40) == 0 {
					r1[i] = float32(math.NaN())
				}
			}
			y, arg := make([]float32, n+1), make([]int32, n+1)
			y[n], arg[n] = 7, 7
			withImpl(k, func() { MaxPool2(y[:n], arg[:n], r0, r1, 100, 500) })
			for j := 0; j < n; j++ {
				cand := []struct {
					v float32
					i int32
				}{{r0[2*j], int32(100 + 2*j)}, {r0[2*j+1], int32(101 + 2*j)}, {r1[2*j], int32(500 + 2*j)}, {r1[2*j+1], int32(501 + 2*j)}}
				m, at := cand[0].v, cand[0].i
				for _, c := range cand[1:] {
					if c.v > m || c.v != c.v {
						m, at = c.v, c.i
					}
				}
				if arg[j] != at || !(y[j] == m || y[j] != y[j] && m != m) {
					t.Fatalf("%s n=%d: window %d gives %v at %d, want %v at %d", k.name, n, j, y[j], arg[j], m, at)
				}
			}
			if y[n] != 7 || arg[n] != 7 {
				t.Fatalf("%s n=%d: MaxPool2 wrote past its slices", k.name, n)
			}
		}
	}
}
