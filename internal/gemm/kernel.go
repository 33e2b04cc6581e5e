package gemm

import "sync/atomic"

// A microKernel computes one mr×nr tile of C from a strip of op(A) and a
// panel of op(B):
//
//	acc[i][j] = Σ_{p<kc} A(i,p)·B(p,j)   (p ascending, one accumulator per element)
//	C[i][j]   = acc[i][j]                 if !accumulate
//	C[i][j]   = C[i][j] + acc[i][j]       if accumulate
//
// for i < mr ≤ kernel.mr and j < nr ≤ kernel.nr. A(i,p) is a[i*rsa+p*csa]; the
// kernel reads all kernel.mr rows of A, so a must hold them (callers pad the
// last rows of a partial tile). B(p,j) is b[p*ldb+j]: a packed panel
// (ldb = kernel.nr, zero-padded to kernel.nr columns) or B where it is
// stored. A kernel reads all kernel.nr columns of B unless maskedB is set,
// in which case it reads only the nr columns asked for. C[i][j] is
// c[i*ldc+j] and only the mr×nr window is read or written.
type microKernel func(kc int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc, mr, nr int, accumulate bool)

// kernel describes a register-blocked micro-kernel.
type kernel struct {
	name    string
	mr, nr  int // register tile: rows of A, columns of B
	fn      microKernel
	maskedB bool // reads only the nr columns of B it is asked for
}

// activeKernel is the kernel Sgemm uses: the fastest one this CPU supports,
// chosen at init (see kernel_amd64.go and kernel_other.go). Tests and
// benchmarks switch it with setKernel.
var activeKernel atomic.Pointer[kernel]

func kernelFor() *kernel { return activeKernel.Load() }

// setKernel makes k the kernel Sgemm uses and returns the previous one.
func setKernel(k *kernel) *kernel { return activeKernel.Swap(k) }
