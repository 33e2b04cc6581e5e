package ae

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// inferRows is how many rows Encode, Decode and Reconstruct push through the
// layers at a time: big enough for fast matrix products, small enough that
// 60,000 images never need 60,000 rows of every layer at once.
const inferRows = 1024

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
	in, out := m.layers[first].In, m.layers[last-1].Out
	if err := checkInput(fn, "the input", x, in); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.infer == nil {
		m.infer = m.newWorkspace(inferRows, false)
	}
	ws := m.infer
	r, _ := x.Dims()
	res := mat.NewDense(r, out, nil)
	for start := 0; start < r; start += inferRows {
		n := min(inferRows, r-start)
		ws.load(ws.x, x, nil, start, n)
		m.forward(ws, n, ws.x[:n*in], first, last, false)
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
// and then the decoder) as a matrix with one row per unit: row j holds the
// weights from every input into unit j, the layout PyTorch uses. For the
// first layer of an MNIST model each row is a 28×28 picture of what the unit
// looks for.
func (m *Model) Weights(i int) (*mat.Dense, error) {
	if i < 0 || i >= len(m.layers) {
		return nil, fmt.Errorf("ae: Weights: layer %d does not exist (the model has layers 0 to %d)", i, len(m.layers)-1)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d := &m.layers[i]
	w := mat.NewDense(d.Out, d.In, nil)
	for r := 0; r < d.In; r++ {
		for c := 0; c < d.Out; c++ {
			w.Set(c, r, float64(d.w[r*d.Out+c]))
		}
	}
	return w, nil
}

// Biases returns the biases of layer i, one per unit.
func (m *Model) Biases(i int) ([]float64, error) {
	if i < 0 || i >= len(m.layers) {
		return nil, fmt.Errorf("ae: Biases: layer %d does not exist (the model has layers 0 to %d)", i, len(m.layers)-1)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b := make([]float64, len(m.layers[i].b))
	for j, v := range m.layers[i].b {
		b[j] = float64(v)
	}
	return b, nil
}
