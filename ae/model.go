package ae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
)

// Model is an autoencoder: an encoder E, a stack of dense layers that
// compresses each input row into a short code, and a decoder D that rebuilds
// the input from the code, so that a reconstruction is X̂ = D(E(X)).
//
// The parameters live in one contiguous slice; each layer's weights and biases
// are views into it. A Model serialises its own calls with a mutex, so a cell
// that trains in the background cannot corrupt a model another cell reads.
type Model struct {
	mu     sync.Mutex
	layers []dense
	nEnc   int       // layers[:nEnc] are the encoder, the rest the decoder
	params []float32 // every weight and bias
	grads  []float32 // their gradients, same layout
	train  *workspace
	infer  *workspace
}

// dense is a layer with its parameters: w is In×Out, row-major, so a batch of
// rows X (n×In) maps to X·w (n×Out).
type dense struct {
	Layer
	w, b   []float32
	gw, gb []float32
}

// New builds an autoencoder from encoder and decoder layers, with weights drawn
// from a generator seeded by seed (the same seed gives the same weights).
// Each layer's In must equal the previous layer's Out, the decoder's last
// layer must output as many values as the encoder's first takes in, and each
// part needs at least one layer. Weights and biases start uniform in
// ±1/√In, as PyTorch's Linear layers do.
func New(encoder, decoder []Layer, seed int64) (*Model, error) {
	total, err := checkArchitecture(encoder, decoder)
	if err != nil {
		return nil, fmt.Errorf("ae: New: %v", err)
	}
	m := &Model{nEnc: len(encoder), params: make([]float32, total), grads: make([]float32, total)}
	m.bind(append(append([]Layer(nil), encoder...), decoder...))
	m.initWeights(seed)
	return m, nil
}

// checkArchitecture reports whether the layers make an autoencoder, and how
// many parameters it has.
func checkArchitecture(encoder, decoder []Layer) (int, error) {
	if len(encoder) == 0 {
		return 0, fmt.Errorf("the encoder has no layers")
	}
	if len(decoder) == 0 {
		return 0, fmt.Errorf("the decoder has no layers")
	}
	all := append(append([]Layer(nil), encoder...), decoder...)
	total := 0
	for i, l := range all {
		if err := l.check(); err != nil {
			return 0, fmt.Errorf("%s: %v", layerName(i, len(encoder)), err)
		}
		if i > 0 && l.In != all[i-1].Out {
			return 0, fmt.Errorf("%s takes %d inputs but %s gives %d",
				layerName(i, len(encoder)), l.In, layerName(i-1, len(encoder)), all[i-1].Out)
		}
		total += l.Params()
		if total > 1<<28 {
			return 0, fmt.Errorf("more than the %d parameters allowed", 1<<28)
		}
	}
	if last := all[len(all)-1]; last.Out != all[0].In {
		return 0, fmt.Errorf("the decoder outputs %d values but the encoder takes %d", last.Out, all[0].In)
	}
	return total, nil
}

// NewSymmetric builds an autoencoder whose decoder mirrors its encoder. sizes
// runs from the input to the code, e.g. []int{784, 128, 32} gives the encoder
// 784→128→32 and the decoder 32→128→784. Hidden layers use hidden, the code
// layer uses code and the output layer uses output (Sigmoid for pixels in [0,1]).
func NewSymmetric(sizes []int, hidden, code, output Activation, seed int64) (*Model, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("ae: NewSymmetric: sizes %v needs at least an input size and a code size", sizes)
	}
	var enc, dec []Layer
	for i := 0; i+1 < len(sizes); i++ {
		act := hidden
		if i+2 == len(sizes) {
			act = code
		}
		enc = append(enc, Dense(sizes[i], sizes[i+1], act))
	}
	for i := len(sizes) - 1; i > 0; i-- {
		act := hidden
		if i == 1 {
			act = output
		}
		dec = append(dec, Dense(sizes[i], sizes[i-1], act))
	}
	m, err := New(enc, dec, seed)
	if err != nil {
		return nil, fmt.Errorf("ae: NewSymmetric: %w", err)
	}
	return m, nil
}

// bind lays the layers' weights and biases out in m.params and m.grads.
func (m *Model) bind(all []Layer) {
	m.layers = make([]dense, len(all))
	off := 0
	for i, l := range all {
		d := &m.layers[i]
		d.Layer = l
		nw := l.In * l.Out
		d.w, d.gw = m.params[off:off+nw:off+nw], m.grads[off:off+nw:off+nw]
		off += nw
		d.b, d.gb = m.params[off:off+l.Out:off+l.Out], m.grads[off:off+l.Out:off+l.Out]
		off += l.Out
	}
}

func (m *Model) initWeights(seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed_1a7e))
	for i := range m.layers {
		d := &m.layers[i]
		bound := 1 / math.Sqrt(float64(d.In))
		for j := range d.w {
			d.w[j] = float32((2*rng.Float64() - 1) * bound)
		}
		for j := range d.b {
			d.b[j] = float32((2*rng.Float64() - 1) * bound)
		}
	}
}

func layerName(i, nEnc int) string {
	if i < nEnc {
		return fmt.Sprintf("encoder layer %d", i+1)
	}
	return fmt.Sprintf("decoder layer %d", i-nEnc+1)
}

// InputSize returns how many values each input row has (784 for MNIST).
func (m *Model) InputSize() int { return m.layers[0].In }

// CodeSize returns the length of the latent code the encoder produces.
func (m *Model) CodeSize() int { return m.layers[m.nEnc-1].Out }

// NumParams returns the number of weights and biases.
func (m *Model) NumParams() int { return len(m.params) }

// Encoder returns the descriptions of the encoder's layers.
func (m *Model) Encoder() []Layer { return m.specs(0, m.nEnc) }

// Decoder returns the descriptions of the decoder's layers.
func (m *Model) Decoder() []Layer { return m.specs(m.nEnc, len(m.layers)) }

func (m *Model) specs(from, to int) []Layer {
	out := make([]Layer, 0, to-from)
	for _, d := range m.layers[from:to] {
		out = append(out, d.Layer)
	}
	return out
}

// String returns the model's shape, e.g. "ae.Model 784→32→784 (50,992 parameters)".
func (m *Model) String() string {
	sizes := []string{fmt.Sprint(m.layers[0].In)}
	for _, d := range m.layers {
		sizes = append(sizes, fmt.Sprint(d.Out))
	}
	return fmt.Sprintf("ae.Model %s (%s parameters)", strings.Join(sizes, "→"), thousands(len(m.params)))
}

// Summary returns a table of the model's layers: shapes, activations and
// parameter counts, with the code size and the compression factor.
func (m *Model) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", m)
	fmt.Fprintf(&b, "code size %d: each %d-value input is compressed %.1f×\n",
		m.CodeSize(), m.InputSize(), float64(m.InputSize())/float64(m.CodeSize()))
	fmt.Fprintf(&b, "  %-17s %-13s %-10s %12s\n", "layer", "shape", "activation", "parameters")
	for i, d := range m.layers {
		fmt.Fprintf(&b, "  %-17s %-13s %-10s %12s\n", layerName(i, m.nEnc),
			fmt.Sprintf("%d → %d", d.In, d.Out), d.Act, thousands(d.Params()))
	}
	fmt.Fprintf(&b, "  %-17s %-13s %-10s %12s\n", "total", "", "", thousands(len(m.params)))
	return b.String()
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
