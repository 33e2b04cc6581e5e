package gemm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the autoencoders' products: forward X·W, backward
// dW = Xᵀ·dY (transA) and dX = dY·Wᵀ (transB), and a large inference.
var benchShapes = []gemmCase{
	{m: 256, n: 128, k: 784},                // the target shape
	{m: 256, n: 32, k: 784},                 // simple 784-32: forward
	{m: 256, n: 256, k: 784},                // deep 784-256: forward
	{m: 256, n: 64, k: 256},                 // deep 256-64: forward
	{m: 128, n: 1000, k: 784},               // paper 784-1000: forward
	{m: 128, n: 500, k: 1000},               // paper 1000-500: forward
	{m: 128, n: 250, k: 500},                // paper 500-250: forward
	{m: 128, n: 30, k: 250},                 // paper 250-30: forward
	{transA: true, m: 784, n: 32, k: 256},   // simple: dW
	{transA: true, m: 784, n: 256, k: 256},  // deep: dW
	{transA: true, m: 1000, n: 500, k: 128}, // paper: dW
	{transA: true, m: 250, n: 30, k: 128},   // paper: dW
	{transB: true, m: 256, n: 784, k: 32},   // simple: dX
	{transB: true, m: 256, n: 784, k: 256},  // deep: dX
	{transB: true, m: 128, n: 1000, k: 500}, // paper: dX
	{transB: true, m: 128, n: 250, k: 30},   // paper: dX
	{m: 10000, n: 32, k: 784},               // inference
}

// convShapes are the products of the convolutional presets of package ae
// (PyImageSearch's ConvAutoencoder at batch 32, the Keras blog's at 128):
// a group of images side by side makes about 1000 columns.
var convShapes = []gemmCase{
	{transA: true, m: 288, n: 840, k: 64},  // ConvTranspose2D 64→32, forward: col = Wᵀ·x
	{transB: true, m: 288, n: 64, k: 840},  // its weight gradient: dWᵀ = col·xᵀ
	{m: 64, n: 840, k: 288},                // its input gradient: dx = W·col
	{transA: true, m: 576, n: 1008, k: 64}, // ConvTranspose2D 64→64, forward
	{m: 64, n: 1008, k: 288},               // Conv2D 32→64, forward
	{transB: true, m: 288, n: 64, k: 1008}, // Conv2D 32→64, weight gradient
	{m: 16, n: 840, k: 9},                  // Conv2D 1→16 on 28×28, forward (one image)
	{transA: true, m: 9, n: 840, k: 16},    // Conv2D 16→1 on 28×28 as its transpose, forward
}

// BenchmarkSgemmConv measures the convolutions' products.
func BenchmarkSgemmConv(b *testing.B) {
	for _, tc := range convShapes {
		tc.alpha = 1
		o := makeOperands(tc, rand.New(rand.NewPCG(1, 2)))
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		b.Run(shapeName(tc), func(b *testing.B) {
			for b.Loop() {
				Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func shapeName(tc gemmCase) string {
	t := ""
	if tc.transA {
		t = "At"
	}
	if tc.transB {
		t = "Bt"
	}
	return fmt.Sprintf("%dx%dx%d%s", tc.m, tc.k, tc.n, t)
}

func BenchmarkSgemm(b *testing.B) {
	for _, tc := range benchShapes {
		tc.alpha = 1
		o := makeOperands(tc, rand.New(rand.NewPCG(1, 2)))
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		run := func(b *testing.B, f func()) {
			f()
			b.ResetTimer()
			for b.Loop() {
				f()
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		sgemm := func() {
			Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
		}
		b.Run(shapeName(tc)+"/"+kernelFor().name, func(b *testing.B) { run(b, sgemm) })
		if kernelFor() != goKernel {
			b.Run(shapeName(tc)+"/"+goKernel.name, func(b *testing.B) {
				withKernel(goKernel, func() { run(b, sgemm) })
			})
		}
		b.Run(shapeName(tc)+"/gonum", func(b *testing.B) {
			ta, tb := blas.NoTrans, blas.NoTrans
			if tc.transA {
				ta = blas.Trans
			}
			if tc.transB {
				tb = blas.Trans
			}
			var impl gonum.Implementation
			run(b, func() {
				impl.Sgemm(ta, tb, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
			})
		})
	}
}

// BenchmarkKernel measures each micro-kernel alone on one goroutine, with its
// operands in L1 (A packed, k = 256): the ceiling for the whole product.
func BenchmarkKernel(b *testing.B) {
	for _, kern := range kernels() {
		b.Run(kern.name, func(b *testing.B) {
			const kc = 256
			rng := rand.New(rand.NewPCG(1, 2))
			a := randSlice(rng, kc*kern.mr)
			bp := randSlice(rng, kc*kern.nr)
			c := make([]float32, kern.mr*kern.nr)
			for b.Loop() {
				kern.fn(kc, a, 1, kern.mr, bp, kern.nr, c, kern.nr, kern.mr, kern.nr, true)
			}
			flops := 2 * float64(kern.mr*kern.nr*kc)
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// Tuning aid: GEMM_KC, GEMM_MC, GEMM_PACKMIN, GEMM_PARMIN, GEMM_WORKERS,
// GEMM_PARTFLOPS, GEMM_MAXPARTS, GEMM_BLDMAX, GEMM_SPIN_US and GEMM_BINPLACE=0 override the
// parameters of driver.go and pool.go for a benchmark run.
func init() {
	for name, p := range map[string]*int{"GEMM_KC": &kcMax, "GEMM_MC": &mcMax, "GEMM_PACKMIN": &packAMinPanels, "GEMM_PARMIN": &parallelMinFlops, "GEMM_WORKERS": &maxWorkers, "GEMM_PARTFLOPS": &partFlops, "GEMM_MAXPARTS": &maxPartsPerWorker, "GEMM_BLDMAX": &bInPlaceMaxLd} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				panic(fmt.Sprintf("gemm: %s=%q: %v", name, v, err))
			}
			*p = n
		}
	}
	if os.Getenv("GEMM_BINPLACE") == "0" {
		bInPlace = false
	}
	if v := os.Getenv("GEMM_SPIN_US"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(fmt.Sprintf("gemm: GEMM_SPIN_US=%q: %v", v, err))
		}
		workerSpin = time.Duration(n) * time.Microsecond
	}
}

// BenchmarkSgemmCalls times every call of the chosen kernel separately and
// reports the median and the best per-call GFLOP/s: on a machine shared with
// other work the median is the typical speed and the best is what the code
// does when it has both cores (testdata/torch_mm.py reports the same two
// figures for PyTorch).
func BenchmarkSgemmCalls(b *testing.B) {
	for _, tc := range benchShapes {
		tc.alpha = 1
		o := makeOperands(tc, rand.New(rand.NewPCG(1, 2)))
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		b.Run(shapeName(tc)+"/"+kernelFor().name, func(b *testing.B) {
			f := func() {
				Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
			}
			f()
			var secs []float64
			for b.Loop() {
				t0 := time.Now()
				f()
				secs = append(secs, time.Since(t0).Seconds())
			}
			slices.Sort(secs)
			b.ReportMetric(flops/secs[len(secs)/2]/1e9, "GFLOP/s-median")
			b.ReportMetric(flops/secs[0]/1e9, "GFLOP/s-best")
		})
	}
}
