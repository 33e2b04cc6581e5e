//go:build linux

package gemm

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

// BenchmarkSerialCPU runs the shapes of BenchmarkSgemm on one goroutine,
// locked to its thread, for every kernel, and reports GFLOP/s per second of
// that thread's CPU time: a figure that other processes on a shared machine
// disturb much less than wall time (they still share caches and memory).
// The kernels are the assembly ones and this architecture's Go kernel.
func BenchmarkSerialCPU(b *testing.B) {
	for _, tc := range benchShapes {
		tc.alpha = 1
		o := makeOperands(tc, rand.New(rand.NewPCG(1, 2)))
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		for _, kern := range append(asmKernels(), goKernel) {
			b.Run(shapeName(tc)+"/"+kern.name, func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				withKernel(kern, func() {
					withParams(kcMax, mcMax, bMax, packAMinPanels, parallelMinFlops, 1, func() {
						f := func() {
							Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
						}
						f()
						t0 := threadCPU()
						for b.Loop() {
							f()
						}
						b.ReportMetric(flops*float64(b.N)/(threadCPU()-t0).Seconds()/1e9, "GFLOP/s-cpu")
					})
				})
			})
		}
	}
}
