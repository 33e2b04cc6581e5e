package ae

import (
	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/gemm"
	"github.com/aekit/aekit/internal/par"
	"github.com/aekit/aekit/internal/vec"
)

// workspace holds every buffer one pass over a batch needs, so that training
// allocates nothing once it has started. Buffers are sized for rows inputs.
type workspace struct {
	rows  int
	x, y  []float32   // the batch's inputs and targets
	acts  [][]float32 // acts[l]: layer l's outputs (a Flatten or Unflatten shares its input's)
	grads [][]float32 // grads[l]: dLoss/dz for layer l's pre-activations

	argmax [][]int32   // MaxPool2D: where each output came from
	stats  [][]float64 // BatchNorm: the batch's mean and 1/√(var+eps) per channel
	zero   []float32   // zeros: the bias of an output layer that has none
	// bias[l] holds layer l's bias for each output value: the layer's
	// biases for a Dense layer, each channel's bias over its pixels for a
	// convolution (refreshed by every forward pass). The output passes take
	// a bias per value.
	bias [][]float32
	sums []float32   // column sums of a convolution's gradient, before they are folded by channel
	conv convScratch // the convolutions' per-chunk buffers
	gx   []float32   // if not nil, backward writes dLoss/d(inputs) here (tests)

	// A variational autoencoder's sampling (vae.go): eps holds each row's
	// standard normal noise, one value per code number; when sample is
	// true the Sampling layer outputs μ + σ·eps, otherwise μ. beta weighs
	// the KL term in training.
	eps, sigma []float32
	sample     bool
	beta       float32
	sampling   samplingTask
	// rowLoss, if not nil, gets each row's loss from the loss pass.
	rowLoss []float64

	partial [par.MaxChunks]float64 // per-chunk sums for deterministic reductions

	// The passes, kept here so that handing them to par.For needs no
	// allocation.
	biasRun biasTask
	loss    lossTask
	chain   chainTask
	colsum  colsumTask
	gather  gatherTask
	convRun convTask
	pool    poolTask
	up      upsampleTask
	bn      batchNormTask
}

func (m *Model) newWorkspace(rows int, withGrads bool) *workspace {
	ws := &workspace{rows: rows}
	ws.x = make([]float32, rows*max(m.InputSize(), m.CodeSize())) // Decode reads codes into x
	ws.y = make([]float32, rows*m.outputSize())
	L := len(m.layers)
	ws.acts = make([][]float32, L)
	ws.argmax = make([][]int32, L)
	ws.stats = make([][]float64, L)
	ws.bias = make([][]float32, L)
	if withGrads {
		ws.grads = make([][]float32, L)
	}
	widest := 0
	for l := range m.layers {
		d := &m.layers[l]
		size := d.out.Size()
		widest = max(widest, size)
		if d.reshape() {
			if l > 0 { // layer 0's input is given to each pass
				ws.acts[l] = ws.acts[l-1]
				if withGrads {
					ws.grads[l] = ws.grads[l-1]
				}
			}
			continue
		}
		ws.acts[l] = make([]float32, rows*size)
		if withGrads {
			ws.grads[l] = make([]float32, rows*size)
		}
		switch d.kind {
		case kindDense:
			ws.bias[l] = d.b
		case kindConv, kindConvT:
			ws.bias[l] = make([]float32, size)
		case kindMaxPool:
			ws.argmax[l] = make([]int32, rows*size)
		case kindBatchNorm:
			ws.stats[l] = make([]float64, 2*d.In)
		}
	}
	ws.zero = make([]float32, m.outputSize())
	if m.variational() {
		ws.eps, ws.sigma = make([]float32, rows*m.CodeSize()), make([]float32, rows*m.CodeSize())
		ws.sample, ws.beta = withGrads, 1
	}
	if withGrads {
		ws.sums = make([]float32, widest)
	}
	ws.conv.size(m, rows, withGrads)
	return ws
}

// lossLayer returns the last layer that computes something: the one whose
// output the loss pass finishes (the Flatten or Unflatten layers after it
// share its output).
func (m *Model) lossLayer() int {
	l := len(m.layers) - 1
	for l > 0 && m.layers[l].reshape() {
		l--
	}
	return l
}

// below returns the last layer before l that computes something, or -1 if
// only reshapes (or nothing) come before it.
func (m *Model) below(l int) int {
	l--
	for l >= 0 && m.layers[l].reshape() {
		l--
	}
	return l
}

// grain returns how many rows of width cols make a chunk worth a goroutine.
func grain(cols int) int {
	g := 1 << 14 / max(cols, 1)
	return max(g, 1)
}

// forward runs layers [first, last) on the n rows of in. If lossOnLast is
// true the loss layer's bias and activation are left to the loss pass, which
// fuses them with the loss and its gradient. train says whether BatchNorm
// uses (and updates) the batch's statistics or the running ones.
func (m *Model) forward(ws *workspace, n int, in []float32, first, last int, lossOnLast, train bool) {
	cur := in
	lossL := m.lossLayer()
	for l := first; l < last; l++ {
		d := &m.layers[l]
		if d.reshape() {
			ws.acts[l] = cur
			continue
		}
		out := ws.acts[l][:n*d.out.Size()]
		switch d.kind {
		case kindDense:
			gemm.Sgemm(false, false, n, d.Out, d.In, 1, cur, d.In, d.w, d.Out, 0, out, d.Out)
		case kindConv, kindConvT:
			d.expandBias(ws.bias[l])
			// The convolution adds the bias and applies the activation to
			// each image as it writes it, while it is in the cache.
			var bias []float32
			if !(lossOnLast && l == lossL) {
				bias = ws.bias[l]
			}
			m.convForward(ws, d, n, cur, out, bias)
		case kindMaxPool:
			ws.pool = poolTask{d: d, in: cur, out: out, arg: ws.argmax[l]}
			par.For(n, grain(d.in.Size()), &ws.pool)
		case kindUpsample:
			ws.up = upsampleTask{d: d, in: cur, out: out}
			par.For(n, grain(d.out.Size()), &ws.up)
		case kindBatchNorm:
			batchNormForward(ws, d, n, cur, out, ws.stats[l], train)
		case kindSampling:
			samplingForward(ws, d, n, cur, out)
		}
		if d.kind == kindDense && !(lossOnLast && l == lossL) {
			ws.biasRun = biasTask{z: out, b: ws.bias[l], cols: d.out.Size(), act: d.Act, slope: d.slope()}
			par.For(n, grain(d.out.Size()), &ws.biasRun)
		}
		cur = out
	}
}

// backward fills m.grads from ws.grads of the loss layer (dLoss/dz of its
// outputs), which the loss pass has written. in holds the batch's inputs.
// codeL1 > 0 adds the gradient of codeL1·Σ|code|/n at the code layer; the
// penalty's value is returned.
func (m *Model) backward(ws *workspace, n int, in []float32, codeL1 float32) float64 {
	penalty := 0.0
	for l := m.lossLayer(); l >= 0; l = m.below(l) {
		penalty += m.backwardLayer(ws, n, in, l, codeL1)
	}
	return penalty
}

// backwardLayer is one step of backward: layer l's parameter gradients
// from dLoss/dz of its outputs, then dLoss/dz of the layer below it (through
// any Flatten or Unflatten between them, and that layer's activation), with
// the code penalty's gradient if the code is that layer's output, whose
// value it returns.
func (m *Model) backwardLayer(ws *workspace, n int, in []float32, l int, codeL1 float32) float64 {
	d := &m.layers[l]
	g := ws.grads[l][:n*d.out.Size()]
	input := in
	if l > 0 {
		input = ws.acts[l-1][:n*d.in.Size()]
	}
	p := m.below(l) // the layer whose outputs feed this one, through reshapes
	var gIn []float32
	if p >= 0 {
		gIn = ws.grads[l-1][:n*d.in.Size()]
	} else if ws.gx != nil {
		gIn = ws.gx[:n*d.in.Size()]
	}
	switch d.kind {
	case kindDense:
		// dW = inputᵀ·g, db = column sums of g, dLoss/d(input) = g·Wᵀ.
		gemm.Sgemm(true, false, d.In, d.Out, n, 1, input, d.In, g, d.Out, 0, d.gw, d.Out)
		ws.colsum = colsumTask{g: g, rows: n, cols: d.Out, sum: d.gb}
		par.For(d.Out, max(1, 1<<14/max(n, 1)), &ws.colsum)
		if gIn != nil {
			gemm.Sgemm(false, true, n, d.In, d.Out, 1, g, d.Out, d.w, d.Out, 0, gIn, d.In)
		}
	case kindConv, kindConvT:
		m.convBackward(ws, d, n, input, g, gIn)
	case kindMaxPool:
		if gIn != nil {
			ws.pool = poolTask{d: d, in: gIn, out: g, arg: ws.argmax[l], back: true}
			par.For(n, grain(d.in.Size()), &ws.pool)
		}
	case kindUpsample:
		if gIn != nil {
			ws.up = upsampleTask{d: d, in: gIn, out: g, back: true}
			par.For(n, grain(d.out.Size()), &ws.up)
		}
	case kindBatchNorm:
		batchNormBackward(ws, d, n, input, g, gIn, ws.stats[l])
	case kindSampling:
		// The layer below is Dense and linear (checkSamplingPlace): nothing
		// to chain through. The KL term's value is the penalty.
		return samplingBackward(ws, d, n, input, g, gIn)
	}
	if p < 0 {
		return 0
	}
	// Through the activation of the layer below (and the code penalty, if
	// the code is its output).
	prev := &m.layers[p]
	cols := prev.out.Size()
	act := Linear
	if prev.hasAct() {
		act = prev.Act
	}
	ws.chain = chainTask{g: gIn, a: ws.acts[p][:n*cols], cols: cols, act: act, slope: prev.slope()}
	if p <= m.nEnc-1 && m.nEnc-1 < l && codeL1 > 0 {
		ws.chain.l1 = codeL1 / float32(n)
		ws.chain.partial = &ws.partial
		ws.partial = [par.MaxChunks]float64{}
		par.For(n, grain(cols), &ws.chain)
		sum := 0.0
		for _, s := range ws.partial[:par.Chunks(n, grain(cols))] {
			sum += s
		}
		return sum * (float64(codeL1) / float64(n))
	}
	if act != Linear {
		par.For(n, grain(cols), &ws.chain)
	}
	return 0
}

// biasTask adds a bias and applies an activation to rows of z.
type biasTask struct {
	z, b  []float32
	cols  int
	act   Activation
	slope float32
}

func (t *biasTask) Run(_, lo, hi int) {
	for r := lo; r < hi; r++ {
		biasActivate(t.z[r*t.cols:(r+1)*t.cols], t.b, t.act, t.slope)
	}
}

// chainTask multiplies rows of a gradient by the activation's derivative,
// first adding the L1 penalty's gradient l1·sign(a) when l1 > 0 (and summing
// |a| per chunk into partial).
type chainTask struct {
	g, a    []float32
	cols    int
	act     Activation
	slope   float32
	l1      float32
	partial *[par.MaxChunks]float64
}

func (t *chainTask) Run(chunk, lo, hi int) {
	g, a := t.g[lo*t.cols:hi*t.cols], t.a[lo*t.cols:hi*t.cols]
	if t.l1 > 0 {
		abs := float64(0)
		for i, v := range a {
			switch {
			case v > 0:
				g[i] += t.l1
				abs += float64(v)
			case v < 0:
				g[i] -= t.l1
				abs -= float64(v)
			}
		}
		t.partial[chunk] = abs
	}
	chainActivation(g, a, t.act, t.slope)
}

// colsumTask sums the rows of g into sum, for columns [lo, hi).
type colsumTask struct {
	g          []float32
	rows, cols int
	sum        []float32
}

func (t *colsumTask) Run(_, lo, hi int) {
	s := t.sum[lo:hi]
	clear(s)
	for r := 0; r < t.rows; r++ {
		vec.Add(s, t.g[r*t.cols+lo:r*t.cols+hi])
	}
}

// gatherTask converts rows of a float64 matrix into a float32 batch: row i
// of the batch is row rows[i] of src, or row start+i when rows is nil.
type gatherTask struct {
	src   *mat.Dense
	rows  []int
	start int
	dst   []float32
	cols  int
}

func (t *gatherTask) Run(_, lo, hi int) {
	for i := lo; i < hi; i++ {
		r := t.start + i
		if t.rows != nil {
			r = t.rows[i]
		}
		toFloat32(t.dst[i*t.cols:(i+1)*t.cols], t.src.RawRowView(r))
	}
}

// load fills dst with n rows of src (see gatherTask) on all cores.
func (ws *workspace) load(dst []float32, src *mat.Dense, rows []int, start, n int) {
	_, cols := src.Dims()
	ws.gather = gatherTask{src: src, rows: rows, start: start, dst: dst, cols: cols}
	par.For(n, grain(cols), &ws.gather)
	ws.gather.src, ws.gather.rows = nil, nil // let the matrix go
}
