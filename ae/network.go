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
	acts  [][]float32 // acts[l]: layer l's outputs
	grads [][]float32 // grads[l]: dLoss/dz for layer l's pre-activations

	partial [par.MaxChunks]float64 // per-chunk sums for deterministic reductions

	// The elementwise passes, kept here so that handing them to par.For
	// needs no allocation.
	bias   biasTask
	loss   lossTask
	chain  chainTask
	colsum colsumTask
	gather gatherTask
}

func (m *Model) newWorkspace(rows int, withGrads bool) *workspace {
	ws := &workspace{rows: rows}
	in, out := m.InputSize(), m.layers[len(m.layers)-1].Out
	ws.x = make([]float32, rows*in)
	ws.y = make([]float32, rows*out)
	ws.acts = make([][]float32, len(m.layers))
	if withGrads {
		ws.grads = make([][]float32, len(m.layers))
	}
	for l, d := range m.layers {
		ws.acts[l] = make([]float32, rows*d.Out)
		if withGrads {
			ws.grads[l] = make([]float32, rows*d.Out)
		}
	}
	return ws
}

// grain returns how many rows of width cols make a chunk worth a goroutine.
func grain(cols int) int {
	g := 1 << 14 / max(cols, 1)
	return max(g, 1)
}

// forward runs layers [first, last) on the n rows of in. If lossOnLast is
// true the last layer's bias and activation are left to the loss pass, which
// fuses them with the loss and its gradient.
func (m *Model) forward(ws *workspace, n int, in []float32, first, last int, lossOnLast bool) {
	cur := in
	for l := first; l < last; l++ {
		d := &m.layers[l]
		out := ws.acts[l][:n*d.Out]
		gemm.Sgemm(false, false, n, d.Out, d.In, 1, cur, d.In, d.w, d.Out, 0, out, d.Out)
		if !(lossOnLast && l == last-1) {
			ws.bias = biasTask{z: out, b: d.b, cols: d.Out, act: d.Act}
			par.For(n, grain(d.Out), &ws.bias)
		}
		cur = out
	}
}

// backward fills m.grads from ws.grads[last] (dLoss/dz of the output layer),
// which the loss pass has written. in holds the batch's inputs. codeL1 > 0
// adds the gradient of codeL1·Σ|code|/n at the code layer; the penalty's value
// is returned.
func (m *Model) backward(ws *workspace, n int, in []float32, codeL1 float32) float64 {
	penalty := 0.0
	for l := len(m.layers) - 1; l >= 0; l-- {
		d := &m.layers[l]
		g := ws.grads[l][:n*d.Out]
		input := in
		if l > 0 {
			input = ws.acts[l-1][:n*d.In]
		}
		// dW = inputᵀ·g, db = column sums of g.
		gemm.Sgemm(true, false, d.In, d.Out, n, 1, input, d.In, g, d.Out, 0, d.gw, d.Out)
		ws.colsum = colsumTask{g: g, rows: n, cols: d.Out, sum: d.gb}
		par.For(d.Out, max(1, 1<<14/max(n, 1)), &ws.colsum)
		if l == 0 {
			break
		}
		// dLoss/d(previous outputs) = g·Wᵀ, then through the previous activation.
		prev := &m.layers[l-1]
		pg := ws.grads[l-1][:n*prev.Out]
		gemm.Sgemm(false, true, n, prev.Out, d.Out, 1, g, d.Out, d.w, d.Out, 0, pg, prev.Out)
		ws.chain = chainTask{g: pg, a: ws.acts[l-1][:n*prev.Out], cols: prev.Out, act: prev.Act}
		if l-1 == m.nEnc-1 && codeL1 > 0 {
			ws.chain.l1 = codeL1 / float32(n)
			ws.chain.partial = &ws.partial
			ws.partial = [par.MaxChunks]float64{}
			par.For(n, grain(prev.Out), &ws.chain)
			for _, s := range ws.partial[:par.Chunks(n, grain(prev.Out))] {
				penalty += s
			}
			penalty *= float64(codeL1) / float64(n)
			continue
		}
		par.For(n, grain(prev.Out), &ws.chain)
	}
	return penalty
}

// biasTask adds a bias and applies an activation to rows of z.
type biasTask struct {
	z, b []float32
	cols int
	act  Activation
}

func (t *biasTask) Run(_, lo, hi int) {
	for r := lo; r < hi; r++ {
		biasActivate(t.z[r*t.cols:(r+1)*t.cols], t.b, t.act)
	}
}

// chainTask multiplies rows of a gradient by the activation's derivative,
// first adding the L1 penalty's gradient l1·sign(a) when l1 > 0 (and summing
// |a| per chunk into partial).
type chainTask struct {
	g, a    []float32
	cols    int
	act     Activation
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
	chainActivation(g, a, t.act)
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
