package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Blocking parameters (see doc.go). They are variables so that benchmarks
// can explore them; nothing else changes them.
var (
	// kcMax bounds the depth of a k block. k is cut into ceil(k/kcMax)
	// blocks of equal depth (the last one shorter by less than one
	// element per block), so the blocking depends on k alone.
	kcMax = 256
	// mcMax bounds the rows of op(A) handled per block (a multiple of the
	// kernel's mr is used).
	mcMax = 144
	// bMax bounds the packed B held at once, in floats (8 MiB): wider
	// products are done in column chunks.
	bMax = 1 << 21
	// packAMinPanels: op(A) is packed when a part sweeps at least this
	// many B panels; otherwise the kernels read A where it is stored
	// (transposed or not), which measured faster at every shape of
	// BenchmarkSgemm: a block of A stays in L2 either way, and packing
	// costs a pass over it. Packing is kept for experiments and for very
	// wide products; tests run both ways.
	packAMinPanels = 1 << 30
	// parallelMinFlops: products with fewer flops (2·m·n·k) run on the
	// calling goroutine alone.
	parallelMinFlops = 1 << 21
	// maxWorkers bounds the goroutines used by one call (0: GOMAXPROCS).
	maxWorkers = 0
	// partFlops is the work aimed at per part in a parallel call: more,
	// smaller parts let a goroutine that starts late (or is descheduled)
	// cost less, at the price of re-reading B once per part.
	partFlops = 1 << 22
	// bInPlace: when B is not transposed, alpha is 1 and B's rows are at
	// most bInPlaceMaxLd floats apart, the kernels read B where it is
	// stored (packing would only copy it), except the last, partial panel
	// for kernels that would read past its columns. Measured as fast as
	// packed B, or a few per cent faster, up to ldb = 1000; farther apart
	// (not measured) each k of a panel is on a new page, so B is packed.
	bInPlace      = true
	bInPlaceMaxLd = 1024
	// maxPartsPerWorker bounds the parts per goroutine.
	maxPartsPerWorker = 2
)

// job describes one product and how it is cut into parts.
type job struct {
	jobState

	kern           *kernel
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int

	kcb     int  // depth of a k block
	mcb     int  // rows per A block
	packA   bool // pack op(A) (else read it in place)
	directB bool // read B in place (see bInPlace)

	// The current column chunk: columns [c0, c1) in npan panels.
	c0, c1, npan int
	bp           []float32 // packed alpha·op(B) of the chunk
	// panel[kb*npan+q] is the state of panel q of k block kb in bp:
	// 0 not packed, 1 being packed, 2 packed. The first part that needs a
	// panel packs it.
	panel []atomic.Uint32

	workers int  // goroutines that may run parts
	splitM  bool // parts split the rows (else the panels)
	parts   int
	tiles   int // tiles along the split dimension
}

// scratch is the private memory of a goroutine running parts.
type scratch struct {
	a []float32 // packed op(A) block, or one padded strip
}

func (s *scratch) floats(n int) []float32 {
	if cap(s.a) < n {
		s.a = make([]float32, n)
	}
	return s.a[:n]
}

// workspace is what one call needs; workspaces are recycled through a free
// list, so a steady state allocates nothing.
type workspace struct {
	j     job
	bp    []float32
	panel []atomic.Uint32
	s     scratch
}

var (
	freeMu sync.Mutex
	free   []*workspace
)

func getWorkspace() *workspace {
	freeMu.Lock()
	defer freeMu.Unlock()
	if n := len(free); n > 0 {
		w := free[n-1]
		free = free[:n-1]
		return w
	}
	return new(workspace)
}

func putWorkspace(w *workspace) {
	// Drop the references to the caller's matrices.
	w.j.a, w.j.b, w.j.c, w.j.bp, w.j.panel = nil, nil, nil, nil, nil
	// A huge k can need a packed panel far above bMax: do not keep it.
	if cap(w.bp) > 2*bMax {
		w.bp = nil
	}
	freeMu.Lock()
	free = append(free, w)
	freeMu.Unlock()
}

// run computes the product for k ≥ 1, alpha ≠ 0, m, n ≥ 1.
func run(kern *kernel, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ws := getWorkspace()
	defer putWorkspace(ws)
	j := &ws.j
	j.kern = kern
	j.transA, j.transB = transA, transB
	j.m, j.n, j.k = m, n, k
	j.alpha, j.beta = alpha, beta
	j.a, j.b, j.c = a, b, c
	j.lda, j.ldb, j.ldc = lda, ldb, ldc

	mr, nr := kern.mr, kern.nr
	nkb := (k + kcMax - 1) / kcMax
	j.kcb = (k + nkb - 1) / nkb
	j.mcb = max(mr, mcMax/mr*mr)
	j.directB = bInPlace && !transB && alpha == 1 && ldb <= bInPlaceMaxLd

	workers := 1
	flops := 2 * float64(m) * float64(n) * float64(k)
	if flops >= float64(parallelMinFlops) {
		startPool()
		workers = poolSize
		if maxWorkers > 0 {
			workers = min(workers, maxWorkers)
		}
		workers = min(workers, runtime.GOMAXPROCS(0))
	}
	j.workers = workers

	tilesM := (m + mr - 1) / mr
	panTotal := (n + nr - 1) / nr
	chunk := max(1, bMax/(k*nr)) // panels per column chunk
	chunk = min(chunk, panTotal)
	if need := k * chunk * nr; cap(ws.bp) < need {
		ws.bp = make([]float32, need)
	}
	if need := nkb * chunk; cap(ws.panel) < need {
		ws.panel = make([]atomic.Uint32, need)
	}
	for p0 := 0; p0 < panTotal; p0 += chunk {
		np := min(chunk, panTotal-p0)
		j.c0 = p0 * nr
		j.c1 = min(n, (p0+np)*nr)
		j.npan = np
		j.bp = ws.bp[:k*np*nr]
		j.panel = ws.panel[:nkb*np]
		for i := range j.panel {
			j.panel[i].Store(0)
		}

		// Split the rows or the panels, whichever gives the largest
		// share the fewest tiles (rows on a tie), into parts of about
		// partFlops.
		w := workers
		costM := (tilesM + w - 1) / w * np
		costN := tilesM * ((np + w - 1) / w)
		j.splitM = costM <= costN
		j.tiles = np
		if j.splitM {
			j.tiles = tilesM
		}
		parts := 1
		if w > 1 {
			chunkFlops := flops * float64(j.c1-j.c0) / float64(n)
			parts = min(max(w, int(chunkFlops/float64(partFlops))), w*maxPartsPerWorker)
		}
		j.parts = min(parts, j.tiles)
		swept := np // panels a part sweeps
		if !j.splitM {
			swept = (np + j.parts - 1) / j.parts
		}
		j.packA = swept >= packAMinPanels
		j.dispatch(j.parts, w, &ws.s)
	}
}

// span returns the half-open range of the i-th of parts equal shares of n.
func span(i, parts, n int) (int, int) {
	return i * n / parts, (i + 1) * n / parts
}

// ensurePanel makes sure panel q of k block kb (rows [k0, k0+kc)) is packed,
// packing it if no other part has started to.
func (j *job) ensurePanel(kb, q, k0, kc int) {
	st := &j.panel[kb*j.npan+q]
	if st.Load() == 2 {
		return
	}
	if st.CompareAndSwap(0, 1) {
		defer st.Store(2)
		nr := j.kern.nr
		dst := j.bp[k0*j.npan*nr+q*kc*nr : k0*j.npan*nr+(q+1)*kc*nr]
		packB(dst, j.b, j.ldb, j.transB, j.n, k0, kc, j.c0+q*nr, 1, nr, j.alpha)
		return
	}
	// Another goroutine is packing it: that takes about a microsecond.
	for i := 0; st.Load() != 2; i++ {
		if i%64 == 63 {
			runtime.Gosched()
		}
	}
}

// computePart computes part p: a band of rows, or of panels.
func (j *job) computePart(p int, s *scratch) {
	kern := j.kern
	mr, nr := kern.mr, kern.nr
	t0, t1 := span(p, j.parts, j.tiles)
	i0, i1, q0, q1 := 0, j.m, 0, j.npan
	if j.splitM {
		i0, i1 = t0*mr, min(j.m, t1*mr)
	} else {
		q0, q1 = t0, t1
	}
	if i0 >= i1 || q0 >= q1 {
		return
	}
	c0, c1 := j.c0+q0*nr, min(j.c1, j.c0+q1*nr)
	if j.beta != 0 && j.beta != 1 {
		for i := i0; i < i1; i++ {
			row := j.c[i*j.ldc+c0 : i*j.ldc+c1]
			for x := range row {
				row[x] *= j.beta
			}
		}
	}
	for ic := i0; ic < i1; ic += j.mcb {
		mc := min(j.mcb, i1-ic)
		full := mc / mr * mr // rows in full tiles
		for kb, k0 := 0, 0; k0 < j.k; kb, k0 = kb+1, k0+j.kcb {
			kc := min(j.kcb, j.k-k0)
			accumulate := k0 > 0 || j.beta != 0
			blk := j.bp[k0*j.npan*nr:]
			var ap []float32
			switch {
			case j.packA:
				ap = s.floats((mc + mr - 1) / mr * kc * mr)
				packA(ap, j.a, j.lda, j.transA, ic, mc, k0, kc, mr)
			case full < mc:
				// Pad the partial strip: the kernel reads mr rows.
				ap = s.floats(kc * mr)
				packA(ap, j.a, j.lda, j.transA, ic+full, mc-full, k0, kc, mr)
			}
			// Parts that share panels start at different ones, so
			// that they pack different panels. The order of the
			// panels does not change any result.
			rot := 0
			if j.splitM && j.workers > 1 {
				rot = (p % j.workers) * (q1 - q0) / j.workers
			}
			for qi := 0; qi < q1-q0; qi++ {
				q := q0 + (qi+rot)%(q1-q0)
				col := j.c0 + q*nr
				w := min(nr, j.c1-col)
				var pan []float32
				ldp := nr
				if j.directB && (w == nr || kern.maskedB) {
					pan, ldp = j.b[k0*j.ldb+col:], j.ldb
				} else {
					j.ensurePanel(kb, q, k0, kc)
					pan = blk[q*kc*nr : (q+1)*kc*nr]
				}
				for ir := 0; ir < mc; ir += mr {
					h := min(mr, mc-ir)
					var a []float32
					rsa, csa := 1, mr
					switch {
					case j.packA:
						a = ap[ir*kc:]
					case h < mr:
						a = ap
					case j.transA:
						a, rsa, csa = j.a[k0*j.lda+ic+ir:], 1, j.lda
					default:
						a, rsa, csa = j.a[(ic+ir)*j.lda+k0:], j.lda, 1
					}
					kern.fn(kc, a, rsa, csa, pan, ldp, j.c[(ic+ir)*j.ldc+col:], j.ldc, h, w, accumulate)
				}
			}
		}
	}
}
