package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// kernels returns every kernel this build and CPU can run: the assembly ones
// and both pure-Go ones, so that one `go test` checks them all.
func kernels() []*kernel { return append(asmKernels(), go2x4Kernel, go4x4Kernel) }

// withKernel runs f with k as the active kernel.
func withKernel(k *kernel, f func()) {
	old := setKernel(k)
	defer setKernel(old)
	f()
}

// withParams runs f with blocking parameters changed, restoring them after.
func withParams(kc, mc, bmax, packMin, parMin, workers int, f func()) {
	okc, omc, ob, op, opar, ow := kcMax, mcMax, bMax, packAMinPanels, parallelMinFlops, maxWorkers
	defer func() {
		kcMax, mcMax, bMax, packAMinPanels, parallelMinFlops, maxWorkers = okc, omc, ob, op, opar, ow
	}()
	kcMax, mcMax, bMax, packAMinPanels, parallelMinFlops, maxWorkers = kc, mc, bmax, packMin, parMin, workers
	f()
}

type gemmCase struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	padA, padB     int // extra row stride
	padC           int
}

func (tc gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%g beta=%g pad=%d,%d,%d",
		tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC)
}

// operands are the matrices of a test case.
type operands struct {
	a, b, c       []float32
	lda, ldb, ldc int
}

const sentinel = float32(-12345.678)

// makeOperands builds random A, B and C for tc. C's m×n window is NaN when
// beta is 0 (it must not be read); the rest of C holds a sentinel.
func makeOperands(tc gemmCase, rng *rand.Rand) operands {
	rowsA, colsA := tc.m, tc.k
	if tc.transA {
		rowsA, colsA = tc.k, tc.m
	}
	rowsB, colsB := tc.k, tc.n
	if tc.transB {
		rowsB, colsB = tc.n, tc.k
	}
	var o operands
	o.lda, o.ldb, o.ldc = max(1, colsA)+tc.padA, max(1, colsB)+tc.padB, max(1, tc.n)+tc.padC
	o.a = randSlice(rng, rowsA*o.lda)
	o.b = randSlice(rng, rowsB*o.ldb)
	o.c = make([]float32, tc.m*o.ldc)
	for i := range o.c {
		o.c[i] = sentinel
	}
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			if tc.beta == 0 {
				o.c[i*o.ldc+j] = float32(math.NaN())
			} else {
				o.c[i*o.ldc+j] = float32(rng.NormFloat64())
			}
		}
	}
	return o
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.Float64()*2 - 1)
	}
	return s
}

// checkAgainstNaive compares got (the C after Sgemm) with a float64 triple
// loop over the same operands; c0 is C before the call.
func checkAgainstNaive(t *testing.T, tc gemmCase, o operands, c0, got []float32) {
	t.Helper()
	opA := func(i, p int) float64 {
		if tc.transA {
			return float64(o.a[p*o.lda+i])
		}
		return float64(o.a[i*o.lda+p])
	}
	opB := func(p, j int) float64 {
		if tc.transB {
			return float64(o.b[j*o.ldb+p])
		}
		return float64(o.b[p*o.ldb+j])
	}
	const u = 1.0 / (1 << 23)
	bad := 0
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			var sum, mag float64
			for p := 0; p < tc.k; p++ {
				x := opA(i, p) * opB(p, j)
				sum += x
				mag += math.Abs(x)
			}
			want := float64(tc.alpha) * sum
			bound := math.Abs(float64(tc.alpha)) * mag
			if tc.beta != 0 {
				old := float64(c0[i*o.ldc+j])
				want += float64(tc.beta) * old
				bound += math.Abs(float64(tc.beta) * old)
			}
			// Recursive summation of k products, the alpha and beta
			// scalings and the final add: (k+4) roundings at most.
			tol := 2*float64(tc.k+4)*u*bound + 1e-30
			g := float64(got[i*o.ldc+j])
			if !(math.Abs(g-want) <= tol) {
				if bad < 5 {
					t.Errorf("%v: C[%d][%d] = %v, want %v (tol %.3g)", tc, i, j, g, want, tol)
				}
				bad++
			}
		}
		for j := tc.n; j < o.ldc; j++ {
			if got[i*o.ldc+j] != sentinel {
				t.Fatalf("%v: C[%d][%d] outside the window was changed to %v", tc, i, j, got[i*o.ldc+j])
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%v: %d elements wrong", tc, bad)
	}
}

func runCase(t *testing.T, tc gemmCase, rng *rand.Rand) {
	t.Helper()
	o := makeOperands(tc, rng)
	c0 := append([]float32(nil), o.c...)
	a0 := append([]float32(nil), o.a...)
	b0 := append([]float32(nil), o.b...)
	Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
	for i := range a0 {
		if math.Float32bits(o.a[i]) != math.Float32bits(a0[i]) {
			t.Fatalf("%v: A[%d] was changed", tc, i)
		}
	}
	for i := range b0 {
		if math.Float32bits(o.b[i]) != math.Float32bits(b0[i]) {
			t.Fatalf("%v: B[%d] was changed", tc, i)
		}
	}
	checkAgainstNaive(t, tc, o, c0, o.c)
}

// boundarySizes are sizes around every kernel's mr and nr, mcMax and kcMax.
var boundarySizes = []int{1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 32, 33, 35, 47, 48, 49, 63, 64, 65, 97, 143, 144, 145}

func TestSgemmAgainstNaive(t *testing.T) {
	alphas := []float32{1, 0.5, -1, 0}
	betas := []float32{0, 1, 0.3}
	for _, kern := range kernels() {
		t.Run(kern.name, func(t *testing.T) {
			withKernel(kern, func() {
				rng := rand.New(rand.NewPCG(1, uint64(len(kern.name))))
				// All transposes, alphas and betas on odd and prime shapes.
				shapes := [][3]int{{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {1, 37, 5}, {37, 1, 5}, {13, 33, 7}, {29, 31, 257}, {12, 32, 256}, {25, 65, 513}}
				for _, sh := range shapes {
					for _, tA := range []bool{false, true} {
						for _, tB := range []bool{false, true} {
							for _, al := range alphas {
								for _, be := range betas {
									runCase(t, gemmCase{transA: tA, transB: tB, m: sh[0], n: sh[1], k: sh[2], alpha: al, beta: be, padA: 3, padB: 1, padC: 2}, rng)
								}
							}
						}
					}
				}
				// Sizes just around the tile and block boundaries.
				for i := 0; i < 120; i++ {
					tc := gemmCase{
						transA: rng.IntN(2) == 0, transB: rng.IntN(2) == 0,
						m:     boundarySizes[rng.IntN(len(boundarySizes))],
						n:     boundarySizes[rng.IntN(len(boundarySizes))],
						k:     []int{1, 2, 7, 31, 255, 256, 257, 300}[rng.IntN(8)],
						alpha: alphas[rng.IntN(3)], beta: betas[rng.IntN(3)],
						padA: rng.IntN(3), padB: rng.IntN(3), padC: rng.IntN(3),
					}
					runCase(t, tc, rng)
				}
			})
		})
	}
}

// TestSgemmPlans runs shapes through the other code paths: parallel parts on
// rows and on panels, column chunks of packed B, A packed or read in place,
// small k blocks.
func TestSgemmPlans(t *testing.T) {
	type plan struct {
		name                                 string
		kc, mc, bmax, packMin, parMin, works int
	}
	plans := []plan{
		{"default", kcMax, mcMax, bMax, packAMinPanels, parallelMinFlops, 0},
		{"parallel-always", kcMax, mcMax, bMax, packAMinPanels, 0, 0},
		{"serial", kcMax, mcMax, bMax, packAMinPanels, 0, 1},
		{"pack-A-always", kcMax, mcMax, bMax, 0, 0, 0},
		{"pack-A-never", kcMax, mcMax, bMax, 1 << 30, 0, 0},
		{"small-blocks", 17, 1, 1, 2, 0, 0},
		{"three-workers", 64, 40, 3000, 3, 0, 3},
		{"scalar-packing", kcMax, mcMax, bMax, packAMinPanels, 0, 0}, // see below
		{"pack-B-always", kcMax, mcMax, bMax, packAMinPanels, 0, 0},  // see below
	}
	shapes := [][3]int{{256, 32, 784}, {100, 300, 70}, {7, 500, 90}, {301, 30, 129}, {50, 1000, 40}, {1, 100, 300}}
	for _, kern := range kernels() {
		for _, pl := range plans {
			t.Run(kern.name+"/"+pl.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(2, 3))
				if pl.name == "pack-B-always" {
					bInPlace = false
					defer func() { bInPlace = true }()
				}
				if pl.name == "scalar-packing" {
					// The packing of CPUs without AVX-512.
					t1, p1 := transpose16, packRows32
					transpose16, packRows32 = nil, nil
					defer func() { transpose16, packRows32 = t1, p1 }()
				}
				withKernel(kern, func() {
					withParams(pl.kc, pl.mc, pl.bmax, pl.packMin, pl.parMin, pl.works, func() {
						for i, sh := range shapes {
							tc := gemmCase{transA: i%2 == 1, transB: i%3 == 2, m: sh[0], n: sh[1], k: sh[2], alpha: []float32{1, -1, 0.5}[i%3], beta: []float32{0, 1, 0.3}[i%3], padA: i % 2, padB: 1, padC: i % 3}
							runCase(t, tc, rng)
						}
					})
				})
			})
		}
	}
}

// TestSgemmDeterministic checks that repeated calls give the same bits, and
// that the bits do not depend on the number of goroutines or on whether A
// and B are packed: no plan changes the order of the sum over k.
func TestSgemmDeterministic(t *testing.T) {
	for _, kern := range kernels() {
		t.Run(kern.name, func(t *testing.T) {
			withKernel(kern, func() {
				rng := rand.New(rand.NewPCG(4, 5))
				for _, tc := range []gemmCase{
					{m: 256, n: 256, k: 784, alpha: 1, beta: 0},
					{transA: true, m: 784, n: 32, k: 256, alpha: 1, beta: 1},
					{transB: true, m: 128, n: 250, k: 500, alpha: 0.3, beta: 0.7},
				} {
					o := makeOperands(tc, rng)
					c0 := append([]float32(nil), o.c...)
					var first []float32
					check := func(label string) {
						c := append([]float32(nil), c0...)
						Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, c, o.ldc)
						if first == nil {
							first = c
							return
						}
						for i := range c {
							if math.Float32bits(c[i]) != math.Float32bits(first[i]) {
								t.Fatalf("%v: %s: C[%d] = %v, first call gave %v", tc, label, i, c[i], first[i])
							}
						}
					}
					for r := 0; r < 10; r++ {
						check(fmt.Sprintf("repeat %d", r))
					}
					withParams(kcMax, mcMax, bMax, packAMinPanels, 0, 1, func() { check("one goroutine") })
					withParams(kcMax, mcMax, bMax, packAMinPanels, 0, 3, func() { check("three goroutines") })
					withParams(kcMax, 12, bMax, 0, 0, 0, func() { check("A packed, small row blocks") })
					withParams(kcMax, mcMax, 5000, 1<<30, 0, 0, func() { check("A in place, column chunks") })
					bInPlace = false
					check("B packed")
					bInPlace = true
				}
			})
		})
	}
}

// TestSgemmConcurrent calls Sgemm from several goroutines at once.
func TestSgemmConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 7))
	tc := gemmCase{m: 128, n: 100, k: 200, alpha: 1, beta: 0}
	o := makeOperands(tc, rng)
	want := append([]float32(nil), o.c...)
	Sgemm(false, false, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, want, o.ldc)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make([]float32, len(o.c))
			for r := 0; r < 20; r++ {
				Sgemm(false, false, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, c, o.ldc)
				for i := range c {
					if c[i] != want[i] {
						errs <- fmt.Sprintf("goroutine %d, repeat %d: C[%d] = %v, want %v", g, r, i, c[i], want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSgemmKZeroAndAlphaZero(t *testing.T) {
	nan := float32(math.NaN())
	for _, tc := range []struct {
		name        string
		k           int
		alpha, beta float32
		c, want     []float32
		a, b        []float32
	}{
		{"k=0 beta=0 clears NaN", 0, 1, 0, []float32{nan, 2, 3, 4}, []float32{0, 0, 0, 4}, nil, nil},
		{"k=0 beta=0.5 scales", 0, 1, 0.5, []float32{2, 4, 6, 8}, []float32{1, 2, 3, 8}, nil, nil},
		{"k=0 beta=1 keeps", 0, 1, 1, []float32{2, 4, 6, 8}, []float32{2, 4, 6, 8}, nil, nil},
		{"alpha=0 ignores NaN in A", 1, 0, 2, []float32{1, 2, 3, 4}, []float32{2, 4, 6, 4}, []float32{nan, nan, nan}, []float32{1, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// C is 1×3 with ldc 3 inside a slice of 4: the last element
			// is outside the window.
			lda := max(1, tc.k)
			a := tc.a
			if a == nil {
				a = []float32{}
			}
			b := tc.b
			if b == nil {
				b = []float32{}
			}
			Sgemm(false, false, 1, 3, tc.k, tc.alpha, a, lda, b, 3, tc.beta, tc.c, 3)
			for i := range tc.want {
				if math.Float32bits(tc.c[i]) != math.Float32bits(tc.want[i]) {
					t.Fatalf("C = %v, want %v", tc.c, tc.want)
				}
			}
		})
	}
}

func TestSgemmPanics(t *testing.T) {
	s := make([]float32, 100)
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"negative m", func() { Sgemm(false, false, -1, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "negative size"},
		{"lda too small", func() { Sgemm(false, false, 2, 2, 3, 1, s, 2, s, 2, 0, s, 2) }, "lda=2 is less than the 3 columns of A"},
		{"lda too small, transposed", func() { Sgemm(true, false, 4, 2, 3, 1, s, 3, s, 2, 0, s, 2) }, "lda=3 is less than the 4 columns of A"},
		{"ldb too small", func() { Sgemm(false, false, 2, 5, 3, 1, s, 3, s, 4, 0, s, 5) }, "ldb=4"},
		{"ldb too small, transposed", func() { Sgemm(false, true, 2, 5, 3, 1, s, 3, s, 2, 0, s, 5) }, "ldb=2"},
		{"ldc too small", func() { Sgemm(false, false, 2, 5, 3, 1, s, 3, s, 5, 0, s, 4) }, "ldc=4"},
		{"ld zero", func() { Sgemm(false, false, 0, 0, 0, 1, s, 0, s, 1, 0, s, 1) }, "lda=0"},
		{"A short", func() { Sgemm(false, false, 11, 2, 10, 1, s, 10, s, 2, 0, s, 2) }, "A is 11×10 with stride 10 and needs 110 elements, slice holds 100"},
		{"B short", func() { Sgemm(false, true, 2, 11, 10, 1, s, 10, s, 10, 0, s, 11) }, "B is 11×10"},
		{"C short", func() { Sgemm(false, false, 30, 4, 1, 1, s, 1, s, 4, 0, s, 4) }, "C is 30×4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				v := recover()
				if v == nil {
					t.Fatalf("no panic, want one mentioning %q", tc.want)
				}
				if msg := fmt.Sprint(v); !strings.Contains(msg, tc.want) {
					t.Fatalf("panic %q, want it to mention %q", msg, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestKernels calls every micro-kernel directly on every partial tile size,
// with A read in place (strided) and packed, B packed and in place, and
// checks the bits outside the written window.
func TestKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, kern := range kernels() {
		t.Run(kern.name, func(t *testing.T) {
			mr, nr := kern.mr, kern.nr
			for _, kc := range []int{1, 2, 3, 17, 64} {
				for _, ldb := range []int{nr, nr + 7} {
					// A stored row-major with stride lda (rsa=lda,
					// csa=1), or transposed (rsa=1, csa=mr+1).
					lda := kc + 3
					a := randSlice(rng, mr*lda)
					for _, trans := range []bool{false, true} {
						rsa, csa := lda, 1
						if trans {
							rsa, csa = 1, mr+1
							a = randSlice(rng, kc*(mr+1))
						}
						for h := 1; h <= mr; h++ {
							for w := 1; w <= nr; w++ {
								for _, acc := range []bool{false, true} {
									checkKernel(t, kern, kc, a, rsa, csa, ldb, h, w, acc, rng)
								}
							}
						}
					}
				}
			}
		})
	}
}

func checkKernel(t *testing.T, kern *kernel, kc int, a []float32, rsa, csa, ldb, h, w int, acc bool, rng *rand.Rand) {
	t.Helper()
	nr := kern.nr
	// B as long as the kernel may read: w columns of the last row if it
	// masks, all nr otherwise (packed panels are zero-padded; a B read in
	// place has real data there).
	last := nr
	if kern.maskedB {
		last = w
	}
	b := randSlice(rng, (kc-1)*ldb+last)
	ldc := nr + 5
	c := make([]float32, (kern.mr+1)*ldc)
	for i := range c {
		c[i] = float32(i%7) - 3
	}
	c0 := append([]float32(nil), c...)
	kern.fn(kc, a, rsa, csa, b, ldb, c, ldc, h, w, acc)
	for i := 0; i <= kern.mr; i++ {
		for j := 0; j < ldc; j++ {
			got := c[i*ldc+j]
			if i >= h || j >= w {
				if got != c0[i*ldc+j] {
					t.Fatalf("kc=%d %dx%d acc=%v: C[%d][%d] outside the tile changed", kc, h, w, acc, i, j)
				}
				continue
			}
			var want, mag float64
			for p := 0; p < kc; p++ {
				x := float64(a[i*rsa+p*csa]) * float64(b[p*ldb+j])
				want += x
				mag += math.Abs(x)
			}
			if acc {
				want += float64(c0[i*ldc+j])
				mag += math.Abs(float64(c0[i*ldc+j]))
			}
			if math.Abs(float64(got)-want) > 2*float64(kc+2)*mag/(1<<23)+1e-30 {
				t.Fatalf("kc=%d ldb=%d %dx%d acc=%v rsa=%d csa=%d: C[%d][%d] = %v, want %v", kc, ldb, h, w, acc, rsa, csa, i, j, got, want)
			}
		}
	}
}

// TestNoAllocs checks that a steady state allocates nothing, serial and
// parallel.
func TestNoAllocs(t *testing.T) {
	for _, tc := range []gemmCase{
		{m: 8, n: 8, k: 8, alpha: 1, beta: 0},                      // serial
		{m: 256, n: 128, k: 784, alpha: 1, beta: 0},                // parallel
		{transA: true, m: 784, n: 32, k: 256, alpha: 1, beta: 1},   // parallel, transposed A
		{transB: true, m: 256, n: 784, k: 32, alpha: 1, beta: 0.5}, // parallel, transposed B
	} {
		rng := rand.New(rand.NewPCG(10, 11))
		o := makeOperands(tc, rng)
		f := func() {
			Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
		}
		f()
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%v: %v allocations per call, want 0", tc, n)
		}
	}
}

func TestTranspose16(t *testing.T) {
	if transpose16 == nil {
		t.Skip("no vector transpose on this CPU or build")
	}
	rng := rand.New(rand.NewPCG(12, 13))
	const lds, ldd = 21, 35
	for k := 1; k <= 16; k++ {
		// The source is exactly as long as the k columns read need.
		src := randSlice(rng, 15*lds+k)
		dst := make([]float32, 16*ldd+5)
		for i := range dst {
			dst[i] = sentinel
		}
		transpose16(dst, ldd, src, lds, k)
		for i := range dst {
			tr, r := i/ldd, i%ldd
			want := sentinel
			if r < 16 && tr < k {
				want = src[r*lds+tr]
			}
			if dst[i] != want {
				t.Fatalf("k=%d: dst[%d] (row %d, column %d) = %v, want %v", k, i, tr, r, dst[i], want)
			}
		}
	}
}

func TestPackRows32(t *testing.T) {
	if packRows32 == nil {
		t.Skip("no vector packing on this CPU or build")
	}
	rng := rand.New(rand.NewPCG(16, 17))
	const lds = 40
	for _, kc := range []int{1, 2, 7} {
		for w := 1; w <= 32; w++ {
			for _, alpha := range []float32{1, -0.5} {
				src := randSlice(rng, (kc-1)*lds+w)
				dst := make([]float32, kc*32+3)
				for i := range dst {
					dst[i] = sentinel
				}
				packRows32(dst, src, lds, kc, w, alpha)
				for i, got := range dst {
					p, j := i/32, i%32
					want := sentinel
					switch {
					case p < kc && j < w:
						want = alpha * src[p*lds+j]
					case p < kc:
						want = 0
					}
					if got != want {
						t.Fatalf("kc=%d w=%d alpha=%v: dst[%d] = %v, want %v", kc, w, alpha, i, got, want)
					}
				}
			}
		}
	}
}

// TestPanicInPart checks that a panic in a part, on whichever goroutine,
// reaches the caller as a panic, and that the pool still works after it.
func TestPanicInPart(t *testing.T) {
	var calls atomic.Int32
	panicky := &kernel{name: "panicky", mr: 4, nr: 4, fn: func(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool) {
		if calls.Add(1)%3 == 0 {
			panic("boom")
		}
		go4x4Kernel.fn(kc, a, rsa, csa, b, ldb, c, ldc, mr, nr, accumulate)
	}}
	tc := gemmCase{m: 200, n: 64, k: 50, alpha: 1, beta: 0}
	o := makeOperands(tc, rand.New(rand.NewPCG(18, 19)))
	withParams(kcMax, mcMax, bMax, packAMinPanels, 0, 0, func() {
		for r := 0; r < 5; r++ {
			func() {
				defer func() {
					v := recover()
					if v == nil || !strings.Contains(fmt.Sprint(v), "boom") {
						t.Fatalf("recovered %v, want a panic mentioning boom", v)
					}
				}()
				withKernel(panicky, func() {
					Sgemm(false, false, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
				})
			}()
		}
		runCase(t, tc, rand.New(rand.NewPCG(20, 21)))
	})
}
