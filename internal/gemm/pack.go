package gemm

// Vector packing routines, set at init where the CPU has them (AVX-512).
var (
	// transpose16 sets dst[t*ldd+r] = src[r*lds+t] for r < 16 and
	// t < k ≤ 16, reading only the first k floats of each source row.
	transpose16 func(dst []float32, ldd int, src []float32, lds int, k int)
	// packRows32 sets dst[p*32+j] = alpha·src[p*lds+j] for p < kc,
	// j < w ≤ 32, and zero for w ≤ j < 32.
	packRows32 func(dst, src []float32, lds, kc, w int, alpha float32)
)

// packB packs alpha·op(B) for the k rows [k0, k0+kc) and the npan·nr columns
// starting at c0 into dst: npan panels of kc×nr, each row of a panel holding
// nr consecutive columns. Columns at or past n are zero, so the kernels can
// always work on full panels. dst must hold npan·kc·nr elements.
func packB(dst, b []float32, ldb int, transB bool, n, k0, kc, c0, npan, nr int, alpha float32) {
	for jp := 0; jp < npan; jp++ {
		col := c0 + jp*nr
		w := min(nr, n-col) // valid columns in this panel
		pan := dst[jp*kc*nr : (jp+1)*kc*nr]
		if !transB {
			if packRows32 != nil && nr == 32 {
				packRows32(pan, b[k0*ldb+col:], ldb, kc, w, alpha)
				continue
			}
			for kk := 0; kk < kc; kk++ {
				src := b[(k0+kk)*ldb+col : (k0+kk)*ldb+col+w]
				row := pan[kk*nr : kk*nr+nr]
				if alpha == 1 {
					copy(row, src)
				} else {
					for jj, v := range src {
						row[jj] = alpha * v
					}
				}
				clear(row[w:])
			}
			continue
		}
		// op(B)[kk][jj] = b[(col+jj)*ldb + k0+kk]: a transpose, by 16×16
		// blocks in registers where the CPU can, the rest by reading each
		// stored row once and scattering it down a panel column.
		jt := 0 // columns done by blocks
		if transpose16 != nil && w >= 16 {
			jt = w / 16 * 16
			for jj := 0; jj < jt; jj += 16 {
				for kk := 0; kk < kc; kk += 16 {
					transpose16(pan[kk*nr+jj:], nr, b[(col+jj)*ldb+k0+kk:], ldb, min(16, kc-kk))
				}
			}
			if alpha != 1 {
				for kk := 0; kk < kc; kk++ {
					row := pan[kk*nr : kk*nr+jt]
					for x := range row {
						row[x] *= alpha
					}
				}
			}
		}
		for jj := jt; jj < w; jj++ {
			src := b[(col+jj)*ldb+k0 : (col+jj)*ldb+k0+kc]
			if alpha == 1 {
				for kk, v := range src {
					pan[kk*nr+jj] = v
				}
			} else {
				for kk, v := range src {
					pan[kk*nr+jj] = alpha * v
				}
			}
		}
		if w < nr {
			for kk := 0; kk < kc; kk++ {
				clear(pan[kk*nr+w : kk*nr+nr])
			}
		}
	}
}

// packA packs op(A) for the rows [i0, i0+mc) and the k columns [k0, k0+kc)
// into dst: ceil(mc/mr) strips of kc×mr, each row of a strip holding mr
// consecutive rows of op(A) at one k. Rows past i0+mc are zero. dst must hold
// ceil(mc/mr)·kc·mr elements.
func packA(dst, a []float32, lda int, transA bool, i0, mc, k0, kc, mr int) {
	for s := 0; s < mc; s += mr {
		h := min(mr, mc-s) // valid rows in this strip
		strip := dst[(s/mr)*kc*mr : (s/mr+1)*kc*mr]
		row0 := i0 + s
		if transA {
			// op(A)[i][kk] = a[kk*lda + i]: h consecutive floats per k.
			// Strips are short: plain loops beat copy and clear calls.
			for kk := 0; kk < kc; kk++ {
				o := (k0+kk)*lda + row0
				dr := strip[kk*mr : kk*mr+mr]
				for i, v := range a[o : o+h] {
					dr[i] = v
				}
				for i := h; i < mr; i++ {
					dr[i] = 0
				}
			}
			continue
		}
		for ii := 0; ii < h; ii++ {
			src := a[(row0+ii)*lda+k0 : (row0+ii)*lda+k0+kc]
			for kk, v := range src {
				strip[kk*mr+ii] = v
			}
		}
		if h < mr {
			for kk := 0; kk < kc; kk++ {
				clear(strip[kk*mr+h : kk*mr+mr])
			}
		}
	}
}
