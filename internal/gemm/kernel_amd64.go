//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

// avx512Kernel is a 12×32 tile held in 24 zmm accumulators (two 16-float
// vectors per row of C); partial tiles are read and written with AVX-512
// masks.
var avx512Kernel = &kernel{name: "avx512-12x32", mr: 12, nr: 32, fn: kernelAVX512, maskedB: true}

// avx2Kernel is a 6×16 tile held in 12 ymm accumulators; partial tiles go
// through a small buffer on the stack.
var avx2Kernel = &kernel{name: "avx2-6x16", mr: 6, nr: 16, fn: kernelAVX2}

// asmKernels lists the assembly kernels this CPU can run, fastest first.
func asmKernels() []*kernel {
	var ks []*kernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, avx512Kernel)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, avx2Kernel)
	}
	return ks
}

func init() {
	if cpu.X86.HasAVX512F {
		transpose16 = transpose16Asm
		packRows32 = packRows32Asm
	}
	if ks := asmKernels(); len(ks) > 0 {
		activeKernel.Store(ks[0])
		return
	}
	activeKernel.Store(goKernel)
}

// sgemmKernel12x32AVX512 is the assembly body of avx512Kernel. Strides are in
// elements; mask0 and mask1 select the columns 0-15 and 16-31 that are
// written; accumulate is 0 or 1.
//
//go:noescape
func sgemmKernel12x32AVX512(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, mr int, mask0, mask1 uint64, accumulate int)

// sgemmKernel6x16AVX2 is the assembly body of avx2Kernel: a full 6×16 tile.
//
//go:noescape
func sgemmKernel6x16AVX2(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc int, accumulate int)

func kernelAVX512(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool) {
	// Bounds the assembly relies on: all 12 rows of A, the nr columns of B
	// and the written window of C.
	_ = a[11*rsa+(kc-1)*csa]
	_ = b[(kc-1)*ldb+nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	var m0, m1 uint64 = 0xffff, 0xffff
	if nr < 16 {
		m0, m1 = 1<<nr-1, 0
	} else if nr < 32 {
		m1 = 1<<(nr-16) - 1
	}
	acc := 0
	if accumulate {
		acc = 1
	}
	sgemmKernel12x32AVX512(kc, &a[0], rsa, csa, &b[0], ldb, &c[0], ldc, mr, m0, m1, acc)
}

func kernelAVX2(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool) {
	_ = a[5*rsa+(kc-1)*csa]
	_ = b[(kc-1)*ldb+15]
	_ = c[(mr-1)*ldc+nr-1]
	if mr == 6 && nr == 16 {
		acc := 0
		if accumulate {
			acc = 1
		}
		sgemmKernel6x16AVX2(kc, &a[0], rsa, csa, &b[0], ldb, &c[0], ldc, acc)
		return
	}
	var t [6 * 16]float32
	sgemmKernel6x16AVX2(kc, &a[0], rsa, csa, &b[0], ldb, &t[0], 16, 0)
	writeTile(t[:], 16, c, ldc, mr, nr, accumulate)
}

// transpose16AVX512 sets dst[t*ldd+r] = src[r*lds+t] for r < 16, t < k ≤ 16.
//
//go:noescape
func transpose16AVX512(dst *float32, ldd int, src *float32, lds int, k int)

func transpose16Asm(dst []float32, ldd int, src []float32, lds int, k int) {
	_ = dst[(k-1)*ldd+15]
	_ = src[15*lds+k-1]
	transpose16AVX512(&dst[0], ldd, &src[0], lds, k)
}

// packRows32AVX512 packs kc rows of up to 32 columns: see packRows32.
//
//go:noescape
func packRows32AVX512(dst, src *float32, lds, kc int, mask0, mask1 uint64, alpha float32)

func packRows32Asm(dst, src []float32, lds, kc, w int, alpha float32) {
	_ = dst[kc*32-1]
	_ = src[(kc-1)*lds+w-1]
	var m0, m1 uint64 = 0xffff, 0xffff
	if w < 16 {
		m0, m1 = 1<<w-1, 0
	} else if w < 32 {
		m1 = 1<<(w-16) - 1
	}
	packRows32AVX512(&dst[0], &src[0], lds, kc, m0, m1, alpha)
}
