package gemm

import "fmt"

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major float32
// matrices, where op(X) is X, or its transpose when transX is true.
//
// op(A) is m×k, op(B) is k×n and C is m×n. lda, ldb and ldc are the row
// strides of the matrices as stored: A is stored m×k (k×m when transA), B is
// stored k×n (n×k when transB). Only the m×n window of C is written.
//
// When beta is zero the old contents of C are not read, so C may hold NaN or
// garbage. When k or alpha is zero, C is only scaled by beta and A and B are
// not read.
//
// For the same arguments the result is bit-identical from call to call,
// whatever the number of goroutines used. Invalid arguments (negative sizes,
// strides smaller than a row, slices too short for their matrix) panic with a
// message that names the argument. Sgemm is safe for concurrent use.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scale(beta, m, n, c, ldc)
		return
	}
	run(kernelFor(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Serial reports whether Sgemm computes an m×n×k product on the calling
// goroutine alone: products under 2 MFLOP (2·m·n·k) are not worth waking
// other cores for. Callers that spread their own work over the cores (the
// convolutions of package ae, a group of images per goroutine) keep their
// products serial, so that products do not compete with each other for the
// cores.
func Serial(m, n, k int) bool {
	return 2*float64(m)*float64(n)*float64(k) < float64(parallelMinFlops)
}

// check panics with a clear message when the arguments of Sgemm do not
// describe valid matrices.
func check(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix("A", rowsA, colsA, a, lda)
	checkMatrix("B", rowsB, colsB, b, ldb)
	checkMatrix("C", m, n, c, ldc)
}

// checkMatrix panics unless s can hold a rows×cols row-major matrix with row
// stride ld.
func checkMatrix(name string, rows, cols int, s []float32, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: ld%s=%d is less than the %d columns of %s", lower(name), ld, cols, name))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := (rows-1)*ld + cols; len(s) < need {
		panic(fmt.Sprintf("gemm: %s is %d×%d with stride %d and needs %d elements, slice holds %d", name, rows, cols, ld, need, len(s)))
	}
}

func lower(name string) string {
	switch name {
	case "A":
		return "a"
	case "B":
		return "b"
	}
	return "c"
}

// scale sets C = beta·C over the m×n window; beta == 0 writes zeros without
// reading C.
func scale(beta float32, m, n int, c []float32, ldc int) {
	switch beta {
	case 1:
		return
	case 0:
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	default:
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			for j := range row {
				row[j] *= beta
			}
		}
	}
}
