//go:build purego || !amd64

package gemm

// asmKernels lists the assembly kernels this build can run: none.
func asmKernels() []*kernel { return nil }

func init() { activeKernel.Store(goKernel) }
