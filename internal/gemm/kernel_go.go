package gemm

import "runtime"

// The portable micro-kernels are plain Go. goKernel is the default wherever
// no assembly kernel applies (build tag purego, other architectures, CPUs
// without AVX2+FMA); both are always compiled so that tests check them on
// every machine. The 2×4 tile suits x86, where Go has 15 float registers (a
// 4×4 tile spills and runs at about half the speed); the 4×4 tile suits the
// architectures with 32 float registers (arm64, ppc64, riscv64...).
var (
	go2x4Kernel = &kernel{name: "go2x4", mr: 2, nr: 4, fn: kernelGo2x4}
	go4x4Kernel = &kernel{name: "go4x4", mr: 4, nr: 4, fn: kernelGo4x4}
	goKernel    = goKernelFor(runtime.GOARCH)
)

func goKernelFor(arch string) *kernel {
	if arch == "amd64" || arch == "386" {
		return go2x4Kernel
	}
	return go4x4Kernel
}

func kernelGo2x4(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	a0 := a[:(kc-1)*csa+1]
	a1 := a[rsa : rsa+(kc-1)*csa+1]
	b = b[:(kc-1)*ldb+4]
	for p, q := 0, 0; p < len(b); p, q = p+ldb, q+csa {
		bb := b[p : p+4 : p+4]
		b0, b1, b2, b3 := bb[0], bb[1], bb[2], bb[3]
		x, y := a0[q], a1[q]
		c00 += x * b0
		c01 += x * b1
		c02 += x * b2
		c03 += x * b3
		c10 += y * b0
		c11 += y * b1
		c12 += y * b2
		c13 += y * b3
	}
	t := [8]float32{c00, c01, c02, c03, c10, c11, c12, c13}
	writeTile(t[:], 4, c, ldc, mr, nr, accumulate)
}

func kernelGo4x4(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	var c20, c21, c22, c23 float32
	var c30, c31, c32, c33 float32
	a0 := a[:(kc-1)*csa+1]
	a1 := a[rsa : rsa+(kc-1)*csa+1]
	a2 := a[2*rsa : 2*rsa+(kc-1)*csa+1]
	a3 := a[3*rsa : 3*rsa+(kc-1)*csa+1]
	b = b[:(kc-1)*ldb+4]
	for p, q := 0, 0; p < len(b); p, q = p+ldb, q+csa {
		bb := b[p : p+4 : p+4]
		b0, b1, b2, b3 := bb[0], bb[1], bb[2], bb[3]
		x := a0[q]
		c00 += x * b0
		c01 += x * b1
		c02 += x * b2
		c03 += x * b3
		x = a1[q]
		c10 += x * b0
		c11 += x * b1
		c12 += x * b2
		c13 += x * b3
		x = a2[q]
		c20 += x * b0
		c21 += x * b1
		c22 += x * b2
		c23 += x * b3
		x = a3[q]
		c30 += x * b0
		c31 += x * b1
		c32 += x * b2
		c33 += x * b3
	}
	t := [16]float32{
		c00, c01, c02, c03,
		c10, c11, c12, c13,
		c20, c21, c22, c23,
		c30, c31, c32, c33,
	}
	writeTile(t[:], 4, c, ldc, mr, nr, accumulate)
}

// writeTile stores the mr×nr window of the tile t (row stride ldt) into c,
// or adds it to c when accumulate is set. It is the same arithmetic as the
// assembly kernels' stores (one rounding per add), so a tile written here or
// there has the same bits.
func writeTile(t []float32, ldt int, c []float32, ldc, mr, nr int, accumulate bool) {
	for i := 0; i < mr; i++ {
		src := t[i*ldt : i*ldt+nr]
		dst := c[i*ldc : i*ldc+nr]
		if accumulate {
			for j, v := range src {
				dst[j] += v
			}
		} else {
			copy(dst, src)
		}
	}
}
