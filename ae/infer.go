package ae

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// inferRows is how many rows Encode, Decode and Reconstruct push through the
// layers at a time: big enough for fast matrix products, small enough that
// 60,000 images never need 60,000 rows of every layer at once. Models whose
// layers make many values an image (convolutions) take fewer, so that the
// workspace stays near inferValues floats.
const (
	inferRows   = 1024
	inferValues = 1 << 23
)

// inferWorkspace returns the workspace of Encode, Decode, Reconstruct and
// the validation loss, making it on first use.
func (m *Model) inferWorkspace() *workspace {
	if m.infer == nil {
		per := m.InputSize() + m.outputSize()
		for _, d := range m.layers {
			if !d.reshape() {
				per += d.out.Size()
			}
		}
		m.infer = m.newWorkspace(min(inferRows, max(16, inferValues/per)), false)
	}
	return m.infer
}

// Encode returns the latent codes E(X) of the rows of x, one row per input.
func (m *Model) Encode(x *mat.Dense) (*mat.Dense, error) {
	return m.run("Encode", x, 0, m.nEnc)
}

// Decode returns the reconstructions D(Z) of the codes in the rows of z.
func (m *Model) Decode(z *mat.Dense) (*mat.Dense, error) {
	return m.run("Decode", z, m.nEnc, len(m.layers))
}

// Reconstruct returns X̂ = D(E(X)) for the rows of x.
func (m *Model) Reconstruct(x *mat.Dense) (*mat.Dense, error) {
	return m.run("Reconstruct", x, 0, len(m.layers))
}

// run pushes the rows of x through layers [first, last).
func (m *Model) run(fn string, x *mat.Dense, first, last int) (*mat.Dense, error) {
	in, out := m.layers[first].in.Size(), m.layers[last-1].out.Size()
	if err := checkRows(fn, "the input", x, m.layers[first].in); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ws := m.inferWorkspace()
	r, _ := x.Dims()
	res := mat.NewDense(r, out, nil)
	for start := 0; start < r; start += ws.rows {
		n := min(ws.rows, r-start)
		ws.load(ws.x, x, nil, start, n)
		m.forward(ws, n, ws.x[:n*in], first, last, false, false)
		y := ws.acts[last-1]
		for i := 0; i < n; i++ {
			dst := res.RawRowView(start + i)
			for j := range dst {
				dst[j] = float64(y[i*out+j])
			}
		}
	}
	return res, nil
}

// Weights returns the weights of layer i (counting from 0 across the encoder
// and then the decoder) as a matrix with one row per unit or filter, the
// layout PyTorch uses:
//   - Dense: Out rows of In weights; row j holds the weights from every
//     input into unit j. For the first layer of an MNIST model each row is a
//     28×28 picture of what the unit looks for.
//   - Conv2D: Out rows (one per filter) of In·k·k weights, channel by
//     channel: for a first convolution on grey images, each row is a k×k
//     picture of what the filter looks for (see KernelShape).
//   - ConvTranspose2D: In rows (one per input channel) of Out·k·k weights:
//     the patch each input channel paints into every output channel.
//   - BatchNorm: one row of the scales γ.
//
// Layers without weights (pooling, upsampling, Flatten, Unflatten) give an
// error.
func (m *Model) Weights(i int) (*mat.Dense, error) {
	d, err := m.weighted("Weights", i)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch d.kind {
	case kindDense:
		w := mat.NewDense(d.Out, d.In, nil)
		for r := 0; r < d.In; r++ {
			for c := 0; c < d.Out; c++ {
				w.Set(c, r, float64(d.w[r*d.Out+c]))
			}
		}
		return w, nil
	case kindBatchNorm:
		return mat.NewDense(1, d.In, float64s(d.w)), nil
	}
	rows := d.Out
	if d.kind == kindConvT {
		rows = d.In
	}
	return mat.NewDense(rows, len(d.w)/rows, float64s(d.w)), nil
}

// KernelShape returns the shape of one row of Weights(i) for a convolution:
// In×k×k for a Conv2D (a filter), Out×k×k for a ConvTranspose2D. With one
// channel it is the Shape to draw the rows with (plots.Filters).
func (m *Model) KernelShape(i int) (Shape, error) {
	d, err := m.weighted("KernelShape", i)
	if err != nil {
		return Shape{}, err
	}
	switch d.kind {
	case kindConv:
		return Shape{C: d.In, H: d.Kernel, W: d.Kernel}, nil
	case kindConvT:
		return Shape{C: d.Out, H: d.Kernel, W: d.Kernel}, nil
	}
	return Shape{}, fmt.Errorf("ae: KernelShape: layer %d is a %s, not a convolution", i, d.Kind())
}

// Biases returns the biases of layer i, one per unit or filter (BatchNorm:
// its shifts β).
func (m *Model) Biases(i int) ([]float64, error) {
	d, err := m.weighted("Biases", i)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return float64s(d.b), nil
}

// weighted returns layer i if it exists and has parameters.
func (m *Model) weighted(fn string, i int) (*node, error) {
	if i < 0 || i >= len(m.layers) {
		return nil, fmt.Errorf("ae: %s: layer %d does not exist (the model has layers 0 to %d)", fn, i, len(m.layers)-1)
	}
	d := &m.layers[i]
	if d.trainable() == 0 {
		return nil, fmt.Errorf("ae: %s: layer %d, %s, has no weights", fn, i, layerTitle(i, m.nEnc, d.Layer))
	}
	return d, nil
}

func float64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
