package ae

import (
	"github.com/aekit/aekit/internal/gemm"
	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
)

// A convolution runs as matrix products (im2col): the k×k windows of an
// image are copied into the columns of a matrix col, one column per output
// position, so that the whole convolution is one product with the filters,
//
//	out (Out × positions) = W (Out × In·k·k) · col (In·k·k × positions),
//
// and its gradients are two more: dW = dOut·colᵀ, and dcol = Wᵀ·dOut, which
// col2im adds back into the image's gradient (the adjoint of the copy). A
// transposed convolution is the same machinery the other way round: its
// forward pass is a convolution's input gradient and its input gradient a
// convolution's forward pass (convtranspose.go).
//
// # Rows of col as single copies
//
// The image is first padded and cut into stride×stride phase planes (for
// stride 1, one plane: the padded image; for stride 2, the even rows and
// columns, the even rows and odd columns, and so on). Window offset
// (ky, kx) of channel c then reads, at every output position, the pixel of
// plane (c, ky mod s, kx mod s) that is (ky/s, kx/s) away, so if positions
// are numbered along the plane's width pw rather than the output's width
// ow, the row of col for (c, ky, kx) is one contiguous run of the plane,
// copied in one go; and col2im adds each row of dcol back with one vector
// addition. The pw - ow extra columns per output row compute nothing
// useful: they are dropped when the outputs are written, and the output
// gradients are zero there, so they add nothing to the gradients.
//
// # Groups and cores
//
// The products go through internal/gemm's one entry point. Images are taken
// a group at a time, several side by side in col when they are small, so
// that their products are wide enough to be fast, but no more than gemm
// runs on one core (gemm.Serial) and col stays small (convColFloats). The
// groups are spread over the cores by par.For, each chunk of groups with
// its own buffers and its own partial weight gradient, summed in chunk
// order afterwards; the split depends only on the batch's size, so the
// result does not depend on which core ran what. A core thus takes a group
// from im2col through the products to col2im while col is in its cache.
// (Measured on PyImageSearch's model, whose products for one image of
// 14×14 already take 4-8 MFLOP: 3,530 images/s this way, against 3,000
// with the groups one after another and each product split over the cores
// by gemm, the copies spread over the group's images by par.For.)

// geom is what a convolution and its transpose share: an image of c
// channels of h×w pixels, seen through k×k windows moved s pixels at a
// time, with p pixels of zeros around it, at oh×ow positions. Its phase
// planes are ph×pw.
type geom struct{ c, h, w, k, s, p, oh, ow, ph, pw int }

func newGeom(img Shape, k, s, p, oh, ow int) geom {
	return geom{c: img.C, h: img.H, w: img.W, k: k, s: s, p: p, oh: oh, ow: ow,
		ph: (img.H + 2*p + s - 1) / s, pw: (img.W + 2*p + s - 1) / s}
}

// positions returns the columns one image takes in col: oh rows of pw.
func (g *geom) positions() int { return g.oh * g.pw }

// planesLen returns the length of an image's phase planes, with room for
// the reads of the last rows of col, which run k values past the end.
func (g *geom) planesLen() int { return g.c*g.s*g.s*g.ph*g.pw + g.pw + g.k }

// plane returns the offset of phase plane (c, a, b).
func (g *geom) plane(c, a, b int) int { return ((c*g.s+a)*g.s + b) * g.ph * g.pw }

// convPlan is how a convolution or transposed convolution layer runs.
type convPlan struct {
	g     geom
	K     int // rows of col: the image side's channels·k·k
	P     int // columns of one image in col: g.positions()
	group int // images per product
	// For Conv2D the image side is the input and the positions the
	// output; for ConvTranspose2D the image side is the output and the
	// positions the input.
	transposed bool
	// flipped: a Conv2D of stride 1 runs as the transposed convolution it
	// equals (see newConvPlan), with weights wf, its gradient made in gf.
	flipped bool
	wf, gf  []float32
}

// convGroupColumns is how many columns of col a group of images may take,
// and convColFloats the most floats col should hold (128 KiB), so that it
// stays in the cache between the product that writes it and the col2im
// that reads it (or im2col and the product). They are variables for the
// tuning aid TestLayerTimes; 16K to 256K floats measured alike.
var (
	convGroupColumns = 1024
	convColFloats    = 1 << 15
)

// A Conv2D of stride 1 with padding p is also a transposed convolution of
// stride 1 with padding k-1-p and its kernels flipped (each input pixel
// adds its window of the output), whose col has a row per output channel
// and kernel offset instead of one per input channel. When the layer has
// fewer output channels than input ones (16 → 1 at the end of the Keras
// blog's model), that col is the smaller, and the products are fatter: the
// direct way would multiply by a single row of filters, using one row in
// twelve of the GEMM's tiles.
func newConvPlan(d *node) *convPlan {
	pl := &convPlan{transposed: d.kind == kindConvT}
	pl.flipped = d.kind == kindConv && d.Stride == 1 && d.Out < d.In && d.pad() <= d.Kernel-1
	img, pos := d.in, d.out
	pad := d.pad()
	if pl.flipped {
		pl.transposed = true
		pad = d.Kernel - 1 - pad
		pl.wf, pl.gf = make([]float32, len(d.w)), make([]float32, len(d.w))
	}
	if pl.transposed {
		img, pos = d.out, d.in
	}
	pl.g = newGeom(img.Shape, d.Kernel, d.Stride, pad, pos.H, pos.W)
	pl.K = img.C * d.Kernel * d.Kernel
	pl.P = pl.g.positions()
	// The forward product: Out × P·group × K for a convolution, K ×
	// P·group × In for a transposed one; the backward ones are the same
	// size.
	m, k := d.Out, pl.K
	if pl.transposed {
		m, k = pl.K, d.In
	}
	cols := max(1, min(convGroupColumns, convColFloats/pl.K))
	pl.group = max(1, cols/pl.P)
	for pl.group > 1 && !gemm.Serial(m, pl.group*pl.P, k) {
		pl.group--
	}
	return pl
}

// groups returns how many groups n images make.
func (pl *convPlan) groups(n int) int { return (n + pl.group - 1) / pl.group }

// chunks returns how many chunks of groups par.For makes of n images, each
// with its own buffers.
func (pl *convPlan) chunks(n int) int { return par.Chunks(pl.groups(n), 1) }

// convScratch holds each chunk's buffers: col, a buffer for a group's
// inputs or outputs in col's layout, phase planes, and the chunk's partial
// weight gradient.
type convScratch struct {
	col, buf, planes, dw [par.MaxChunks][]float32
}

// size allocates the buffers the model's convolutions need for batches of
// up to rows images.
func (s *convScratch) size(m *Model, rows int, withGrads bool) {
	var col, buf, planes, dw [par.MaxChunks]int
	for i := range m.layers {
		d := &m.layers[i]
		pl := d.conv
		if pl == nil {
			continue
		}
		cols := min(pl.group, rows) * pl.P
		for c := 0; c < pl.chunks(rows); c++ {
			col[c] = max(col[c], (pl.K+1)*cols) // a row of ones for the bias gradient
			buf[c] = max(buf[c], max(d.In, d.Out)*cols)
			planes[c] = max(planes[c], pl.g.planesLen())
			if withGrads {
				dw[c] = max(dw[c], len(d.w)+d.Out)
			}
		}
	}
	for c := range s.col {
		s.col[c] = make([]float32, col[c])
		s.buf[c] = make([]float32, buf[c])
		s.planes[c] = make([]float32, planes[c])
		s.dw[c] = make([]float32, dw[c])
	}
}

// flip copies between the weights of a Conv2D (Out × In × k × k) and those
// of the transposed convolution it equals (In × Out × k × k, each kernel
// rotated by half a turn): to the transposed layout if !back, else back.
func (d *node) flip(conv, convT []float32, back bool) {
	k := d.Kernel
	kk := k * k
	for o := 0; o < d.Out; o++ {
		for i := 0; i < d.In; i++ {
			src := conv[(o*d.In+i)*kk : (o*d.In+i+1)*kk]
			dst := convT[(i*d.Out+o)*kk : (i*d.Out+o+1)*kk]
			for j := range src {
				if back {
					src[j] = dst[kk-1-j]
				} else {
					dst[kk-1-j] = src[j]
				}
			}
		}
	}
}

// expandBias writes each channel's bias over the channel's pixels in bias.
func (d *node) expandBias(bias []float32) {
	hw := d.out.H * d.out.W
	for c, v := range d.b {
		row := bias[c*hw : (c+1)*hw]
		for i := range row {
			row[i] = v
		}
	}
}

// convForward computes the n images' outputs of a convolution layer into
// out, adding bias (one value per output) and applying the layer's
// activation if bias is not nil.
func (m *Model) convForward(ws *workspace, d *node, n int, in, out, bias []float32) {
	w := d.w
	if d.conv.flipped {
		d.flip(d.w, d.conv.wf, false)
		w = d.conv.wf
	}
	ws.convRun = convTask{d: d, w: w, s: &ws.conv, n: n, in: in, out: out, bias: bias}
	ws.convRun.run()
	ws.convRun = convTask{}
}

// convBackward computes a convolution layer's weight and bias gradients
// from g (dLoss/dz of its outputs) and in (its inputs), and, if gIn is not
// nil, dLoss/d(inputs) into gIn.
func (m *Model) convBackward(ws *workspace, d *node, n int, in, g, gIn []float32) {
	pl := d.conv
	w, gw := d.w, d.gw
	if pl.flipped {
		d.flip(d.w, pl.wf, false)
		w, gw = pl.wf, pl.gf
	}
	ws.convRun = convTask{d: d, w: w, s: &ws.conv, n: n, in: in, g: g, gIn: gIn, back: true}
	ws.convRun.run()
	ws.convRun = convTask{}
	// The chunks' partial weight gradients, summed in chunk order, are
	// dWᵀ (K × rows): transpose their sum into gw (rows × K). A Conv2D's
	// have one more row, the bias gradient (see products).
	size := len(gw)
	if !pl.transposed {
		size += d.Out
	}
	dwT := ws.conv.dw[0][:size]
	for c := 1; c < pl.chunks(n); c++ {
		vec.Add(dwT, ws.conv.dw[c][:size])
	}
	rows := len(gw) / pl.K
	for r := 0; r < rows; r++ {
		row := gw[r*pl.K : (r+1)*pl.K]
		for k := range row {
			row[k] = dwT[k*rows+r]
		}
	}
	if pl.flipped {
		d.flip(d.gw, pl.gf, true)
	}
	if !pl.transposed {
		copy(d.gb, dwT[pl.K*d.Out:])
		return
	}
	// The bias gradient of a transposed convolution: the column sums of g,
	// then the sum of each channel's columns.
	cols := d.out.Size()
	ws.colsum = colsumTask{g: g, rows: n, cols: cols, sum: ws.sums[:cols]}
	par.For(cols, max(1, 1<<14/max(n, 1)), &ws.colsum)
	hw := d.out.H * d.out.W
	for c := range d.gb {
		s := 0.0
		for _, v := range ws.sums[c*hw : (c+1)*hw] {
			s += float64(v)
		}
		d.gb[c] = float32(s)
	}
}

// convTask runs a convolution layer's groups of images, forward or
// backward: with par.For, groups [lo, hi).
type convTask struct {
	d       *node
	w       []float32 // the weights in the layout the plan runs: d.w, or the flipped ones
	s       *convScratch
	n       int
	in, out []float32 // forward
	bias    []float32 // forward: if not nil, the bias per output value, then the activation
	g, gIn  []float32 // backward: dLoss/dz of the outputs, dLoss/d(inputs)
	back    bool
}

func (t *convTask) run() { par.For(t.d.conv.groups(t.n), 1, t) }

func (t *convTask) Run(chunk, lo, hi int) {
	pl := t.d.conv
	for grp := lo; grp < hi; grp++ {
		n0, n1 := grp*pl.group, min((grp+1)*pl.group, t.n)
		for i := n0; i < n1; i++ {
			t.pre(i, n0, n1, t.s.planes[chunk], chunk)
		}
		t.products(n0, n1, chunk, grp == lo, t.s.dw[chunk])
		for i := n0; i < n1; i++ {
			t.post(i, n0, n1, t.s.planes[chunk], chunk)
		}
	}
}

// The three steps of a group [n0, n1), with col and buf those of
// chunk c, which hold the group's images side by side, gp = (n1-n0)·P
// columns each:
//
//	Conv2D forward:    pre: col ← im2col(x)           products: buf ← W·col          post: out ← buf
//	Conv2D backward:   pre: buf ← dOut, col ← im2col(x), 1  products: [dWᵀ; db] += [col; 1]·bufᵀ, col ← Wᵀ·buf   post: gIn ← col2im(col)
//	ConvT forward:     pre: buf ← x                   products: col ← Wᵀ·buf         post: out ← col2im(col)
//	ConvT backward:    pre: col ← im2col(dOut), buf ← x  products: dWᵀ += col·bufᵀ, buf ← W·col   post: gIn ← buf
//
// The weight gradient is made transposed, dWᵀ = col·bufᵀ (K × rows of W)
// rather than dW = buf·colᵀ: gemm then reads col where it is and copies
// (transposes) only buf, which has fewer rows than col (Out or In against
// In·k·k or Out·k·k), and the K rows of col fill its 12-row tiles better
// than W's few rows do.

func (t *convTask) pre(i, n0, n1 int, planes []float32, c int) {
	d, pl := t.d, t.d.conv
	gp, at := (n1-n0)*pl.P, (i-n0)*pl.P
	inSize, outSize := d.in.Size(), d.out.Size()
	col, buf := t.s.col[c][:pl.K*gp], t.s.buf[c]
	x := t.in[i*inSize : (i+1)*inSize]
	switch {
	case !pl.transposed:
		pl.g.split(x, planes)
		pl.g.toCol(planes, col[at:], gp)
		if t.back {
			pl.g.toPositions(buf, gp, at, t.g[i*outSize:(i+1)*outSize], d.Out)
			ones := t.s.col[c][pl.K*gp+at : pl.K*gp+at+pl.P]
			for j := range ones {
				ones[j] = 1
			}
		}
	case !t.back:
		pl.g.toPositions(buf, gp, at, x, d.In)
	default:
		pl.g.split(t.g[i*outSize:(i+1)*outSize], planes)
		pl.g.toCol(planes, col[at:], gp)
		pl.g.toPositions(buf, gp, at, x, d.In)
	}
}

func (t *convTask) products(n0, n1, c int, first bool, dw []float32) {
	d, pl := t.d, t.d.conv
	gp := (n1 - n0) * pl.P
	col, buf := t.s.col[c][:pl.K*gp], t.s.buf[c]
	beta := float32(1)
	if first {
		beta = 0
	}
	switch {
	case !pl.transposed && !t.back:
		gemm.Sgemm(false, false, d.Out, gp, pl.K, 1, t.w, pl.K, col, gp, 0, buf[:d.Out*gp], gp)
	case !pl.transposed:
		// col's extra row of ones makes the last row of dWᵀ the sums of
		// dOut's rows: the bias gradient. (dOut is 0 past each output
		// row, where col holds other pixels.)
		dOut := buf[:d.Out*gp]
		gemm.Sgemm(false, true, pl.K+1, d.Out, gp, 1, t.s.col[c][:(pl.K+1)*gp], gp, dOut, gp, beta, dw, d.Out)
		if t.gIn != nil {
			gemm.Sgemm(true, false, pl.K, gp, d.Out, 1, t.w, pl.K, dOut, gp, 0, col, gp)
		}
	case !t.back:
		gemm.Sgemm(true, false, pl.K, gp, d.In, 1, t.w, pl.K, buf[:d.In*gp], gp, 0, col, gp)
	default:
		x := buf[:d.In*gp]
		gemm.Sgemm(false, true, pl.K, d.In, gp, 1, col, gp, x, gp, beta, dw, d.In)
		if t.gIn != nil {
			gemm.Sgemm(false, false, d.In, gp, pl.K, 1, t.w, pl.K, col, gp, 0, x, gp)
		}
	}
}

func (t *convTask) post(i, n0, n1 int, planes []float32, c int) {
	d, pl := t.d, t.d.conv
	gp, at := (n1-n0)*pl.P, (i-n0)*pl.P
	inSize, outSize := d.in.Size(), d.out.Size()
	col, buf := t.s.col[c][:pl.K*gp], t.s.buf[c]
	switch {
	case !pl.transposed && !t.back:
		out := t.out[i*outSize : (i+1)*outSize]
		pl.g.fromPositions(out, d.Out, buf, gp, at)
		if t.bias != nil {
			biasActivate(out, t.bias, d.Act, d.slope())
		}
	case !pl.transposed:
		if t.gIn != nil {
			pl.g.col2im(col[at:], gp, planes, t.gIn[i*inSize:(i+1)*inSize])
		}
	case !t.back:
		out := t.out[i*outSize : (i+1)*outSize]
		pl.g.col2im(col[at:], gp, planes, out)
		if t.bias != nil {
			biasActivate(out, t.bias, d.Act, d.slope())
		}
	default:
		if t.gIn != nil {
			pl.g.fromPositions(t.gIn[i*inSize:(i+1)*inSize], d.In, buf, gp, at)
		}
	}
}

// span returns the o in [0, n) for which o·s - p + k lies in [0, size).
func span(n, size, s, p, k int) (lo, hi int) {
	if d := p - k; d > 0 {
		lo = (d + s - 1) / s
	}
	last := size - 1 + p - k // o·s ≤ last
	if last < 0 {
		return 0, 0
	}
	hi = min(n, last/s+1)
	if lo > hi {
		lo = hi
	}
	return lo, hi
}

// split writes img (c×h×w), padded by p, into its phase planes: plane
// (ci, a, b) holds the padded image's pixels (u·s + a, v·s + b).
func (g *geom) split(img, planes []float32) {
	s, p, pw := g.s, g.p, g.pw
	if s == 2 {
		g.split2(img, planes)
		return
	}
	for ci := 0; ci < g.c; ci++ {
		src := img[ci*g.h*g.w : (ci+1)*g.h*g.w]
		for a := 0; a < s; a++ {
			u0, u1 := span(g.ph, g.h, s, p, a)
			for b := 0; b < s; b++ {
				dst := planes[g.plane(ci, a, b) : g.plane(ci, a, b)+g.ph*pw]
				v0, v1 := span(pw, g.w, s, p, b)
				clear(dst[:u0*pw])
				for u := u0; u < u1; u++ {
					row := dst[u*pw : (u+1)*pw]
					line := src[(u*s+a-p)*g.w : (u*s+a-p+1)*g.w]
					clear(row[:v0])
					if s == 1 {
						copy(row[v0:v1], line[v0-p:])
					} else {
						for v := v0; v < v1; v++ {
							row[v] = line[v*s+b-p]
						}
					}
					clear(row[v1:])
				}
				clear(dst[u1*pw:])
			}
		}
	}
}

// split2 is split for stride 2: each row of the image goes to its two
// planes in one pass, even and odd padded columns at once.
func (g *geom) split2(img, planes []float32) {
	p, pw, ph := g.p, g.pw, g.ph
	for ci := 0; ci < g.c; ci++ {
		src := img[ci*g.h*g.w : (ci+1)*g.h*g.w]
		for a := 0; a < 2; a++ {
			p0 := planes[g.plane(ci, a, 0) : g.plane(ci, a, 0)+ph*pw]
			p1 := planes[g.plane(ci, a, 1) : g.plane(ci, a, 1)+ph*pw]
			clear(p0)
			clear(p1)
			u0, u1 := span(ph, g.h, 2, p, a)
			for u := u0; u < u1; u++ {
				line := src[(2*u+a-p)*g.w : (2*u+a-p+1)*g.w]
				rows := [2][]float32{p0[u*pw : (u+1)*pw], p1[u*pw : (u+1)*pw]}
				// Pixel x goes to plane (x+p)&1 at column (x+p)>>1.
				ra, rb := rows[p&1][p>>1:], rows[(p+1)&1][(p+1)>>1:]
				half := len(line) / 2
				vec.Deinterleave(ra[:half], rb[:half], line)
				if len(line)%2 == 1 {
					ra[half] = line[len(line)-1]
				}
			}
		}
	}
}

// merge writes the image's pixels from its phase planes: the inverse of
// split on the image (the padding is dropped).
func (g *geom) merge(planes, img []float32) {
	s, p, pw := g.s, g.p, g.pw
	if s == 2 {
		g.merge2(planes, img)
		return
	}
	for ci := 0; ci < g.c; ci++ {
		dst := img[ci*g.h*g.w : (ci+1)*g.h*g.w]
		for a := 0; a < s; a++ {
			u0, u1 := span(g.ph, g.h, s, p, a)
			for b := 0; b < s; b++ {
				src := planes[g.plane(ci, a, b):]
				v0, v1 := span(pw, g.w, s, p, b)
				for u := u0; u < u1; u++ {
					row := src[u*pw : (u+1)*pw]
					line := dst[(u*s+a-p)*g.w : (u*s+a-p+1)*g.w]
					if s == 1 {
						copy(line, row[v0:v1])
					} else {
						for v := v0; v < v1; v++ {
							line[v*s+b-p] = row[v]
						}
					}
				}
			}
		}
	}
}

// merge2 is merge for stride 2, each image row from its two planes in one
// pass.
func (g *geom) merge2(planes, img []float32) {
	p, pw, ph := g.p, g.pw, g.ph
	for ci := 0; ci < g.c; ci++ {
		dst := img[ci*g.h*g.w : (ci+1)*g.h*g.w]
		for a := 0; a < 2; a++ {
			p0 := planes[g.plane(ci, a, 0) : g.plane(ci, a, 0)+ph*pw]
			p1 := planes[g.plane(ci, a, 1) : g.plane(ci, a, 1)+ph*pw]
			u0, u1 := span(ph, g.h, 2, p, a)
			for u := u0; u < u1; u++ {
				line := dst[(2*u+a-p)*g.w : (2*u+a-p+1)*g.w]
				rows := [2][]float32{p0[u*pw : (u+1)*pw], p1[u*pw : (u+1)*pw]}
				ra, rb := rows[p&1][p>>1:], rows[(p+1)&1][(p+1)>>1:]
				half := len(line) / 2
				vec.Interleave(line, ra[:half], rb[:half])
				if len(line)%2 == 1 {
					line[len(line)-1] = ra[half]
				}
			}
		}
	}
}

// toCol copies the image's windows from its phase planes into col (row
// stride ld): row (ci·k + ky)·k + kx, at position oy·pw + ox, holds the
// padded image's pixel (oy·s + ky, ox·s + kx).
func (g *geom) toCol(planes, col []float32, ld int) {
	k, s, n := g.k, g.s, g.positions()
	for ci := 0; ci < g.c; ci++ {
		for ky := 0; ky < k; ky++ {
			for kx := 0; kx < k; kx++ {
				from := g.plane(ci, ky%s, kx%s) + ky/s*g.pw + kx/s
				r := (ci*k+ky)*k + kx
				copy(col[r*ld:r*ld+n], planes[from:from+n])
			}
		}
	}
}

// col2im adds the rows of col (row stride ld) back into phase planes, the
// adjoint of toCol, and writes the image they make into img.
func (g *geom) col2im(col []float32, ld int, planes, img []float32) {
	k, s, n := g.k, g.s, g.positions()
	clear(planes[:g.planesLen()])
	for ci := 0; ci < g.c; ci++ {
		for ky := 0; ky < k; ky++ {
			for kx := 0; kx < k; kx++ {
				from := g.plane(ci, ky%s, kx%s) + ky/s*g.pw + kx/s
				r := (ci*k+ky)*k + kx
				vec.Add(planes[from:from+n], col[r*ld:r*ld+n])
			}
		}
	}
	g.merge(planes, img)
}

// toPositions copies an image of channels×oh×ow values into buf's layout
// (channels rows of stride ld, this image's columns from at, oy·pw + ox),
// with zeros in the columns past ow.
func (g *geom) toPositions(buf []float32, ld, at int, img []float32, channels int) {
	for c := 0; c < channels; c++ {
		for oy := 0; oy < g.oh; oy++ {
			row := buf[c*ld+at+oy*g.pw : c*ld+at+(oy+1)*g.pw]
			copy(row, img[(c*g.oh+oy)*g.ow:(c*g.oh+oy+1)*g.ow])
			clear(row[g.ow:])
		}
	}
}

// fromPositions is the inverse of toPositions: it copies the columns before
// ow of each row into the image.
func (g *geom) fromPositions(img []float32, channels int, buf []float32, ld, at int) {
	for c := 0; c < channels; c++ {
		for oy := 0; oy < g.oh; oy++ {
			copy(img[(c*g.oh+oy)*g.ow:(c*g.oh+oy+1)*g.ow], buf[c*ld+at+oy*g.pw:])
		}
	}
}
