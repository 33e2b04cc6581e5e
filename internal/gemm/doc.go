// Package gemm is aekit's single entry point for float32 matrix products.
//
// Every matrix product of the autoencoder engine goes through Sgemm
// (C = alpha·op(A)·op(B) + beta·C, row-major, BLAS conventions), so the
// layers never see how it is computed. The implementation is pure Go plus Go
// assembly: no cgo, `go run` works everywhere.
//
// # Design
//
// Sgemm follows Goto and van de Geijn's layered GEMM (as in BLIS and
// OpenBLAS), cut to the shapes of training: one dimension of a few hundred
// (the batch), the others between 30 and 1000.
//
//   - Micro-kernel. The innermost routine computes an mr×nr tile of C in
//     registers: for each k it loads one row of a panel of B (nr floats)
//     and, for each of the mr rows, broadcasts one element of A and does a
//     fused multiply-add. The AVX-512 kernel is 12×32: 24 zmm accumulators
//     (two 16-float vectors per row of C), 2 for B and 6 for the
//     broadcasts, i.e. all 32 registers; per k it issues 24 FMAs for 14
//     loads, so the two FMA units, not the loads, are the limit (it runs at
//     80-95 % of one core's peak with its operands in L1). A 32-wide tile
//     holds the 30- and 32-wide layers of the models in one panel. It reads
//     B and writes C through AVX-512 masks, so partial tiles cost nothing
//     extra. The AVX2 kernel is the classic 6×16 (12 ymm accumulators);
//     its partial tiles go through a stack buffer. The pure-Go kernels are
//     2×4 (x86, where Go has 15 float registers: a 4×4 tile spills) and
//     4×4 (arm64 and the other 32-register architectures).
//
//   - A in place. The kernels read A through a row and a column stride, so
//     op(A) is read where it is stored, transposed or not: at these sizes a
//     block of A stays in L2 across the panels of B, and packing A measured
//     slower at every benchmark shape. Only the last, partial strip of rows
//     is packed (zero-padded to mr rows). Packing A is kept as an option
//     (packAMinPanels), and tested.
//
//   - B in place or packed. When B is not transposed, alpha is 1 and its
//     rows are at most 1024 floats apart, the kernels read it where it is
//     stored, a panel of nr columns at a time (kernels without masked loads
//     get the last, partial panel packed). Otherwise op(B) is copied,
//     scaled by alpha, into panels of kc×nr contiguous floats, zero-padded
//     to nr columns. Where the CPU has AVX-512, rows are copied with masked
//     vector loads and a transposed B (the dX = dY·Wᵀ products) is packed
//     by 16×16 in-register transposes; elsewhere plain Go loops do it. All
//     of op(B) (up to 8 MiB; wider products go by column chunks) is packed
//     once per call and shared: each panel is packed by the first goroutine
//     that needs it (an atomic state per panel), so there is no barrier
//     between packing and computing.
//
//   - Blocking. k is cut into ceil(k/256) blocks of equal depth kc (784 →
//     4×196): a kc×32 panel of B is then at most 32 KiB, inside the 48 KiB
//     L1 of Zen 5 next to the strip of A. Rows are taken 144 at a time
//     (a 144×kc block of A is at most 144 KiB, well inside the 1 MiB L2).
//     The loops are: row block, k block, panel of B, strip of mr rows,
//     kernel. C is written by the first k block (after a scaling by beta
//     when beta is not 0 or 1) and accumulated by the next ones.
//
// # Threads
//
// A persistent pool of GOMAXPROCS-1 goroutines, started on first use,
// helps the calling goroutine. A product is cut into a fixed list of parts
// (bands of rows, or of panels when that balances better; about 4 MFLOP a
// part, at most 2 parts per goroutine) that goroutines claim with an atomic
// counter; the caller claims parts too, so a worker that wakes late costs
// little. Pool goroutines poll for work for 50 µs before parking, because
// products come in quick succession in training. Products under 2 MFLOP
// run on the caller alone. Every part recovers its panics; the caller
// re-raises the first one once all parts are done. Buffers live in
// recycled workspaces and per-goroutine scratch, so a steady state
// allocates nothing.
//
// # Determinism
//
// No part splits the sum over k, and the k blocking depends on k alone, so
// every element of C is computed by the same chain of operations whichever
// goroutine computes it, however many goroutines there are and whether A
// and B are packed: results are bit-identical from call to call. The
// AVX-512 and AVX2 kernels also agree bit for bit (one fused multiply-add
// chain per element, the same block order, the same rounding of the final
// add); the pure-Go kernels may differ from them in the last bits, since Go
// fuses x*y+z into one FMA only on some architectures.
//
// # Kernel choice and the purego tag
//
// On amd64 the kernel is chosen at init from golang.org/x/sys/cpu: AVX-512F,
// else AVX2 with FMA, else pure Go. Building with the tag purego (go test
// -tags purego) leaves the assembly out and uses the pure-Go kernel, as on
// every other architecture.
package gemm
