package ae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
)

// Model is an autoencoder: an encoder E, a stack of layers that compresses
// each input row into a short code, and a decoder D that rebuilds the input
// from the code, so that a reconstruction is X̂ = D(E(X)).
//
// The trainable parameters live in one contiguous slice; each layer's
// weights and biases are views into it. A Model serialises its own calls
// with a mutex, so a cell that trains in the background cannot corrupt a
// model another cell reads.
type Model struct {
	mu     sync.Mutex
	layers []node
	nEnc   int       // layers[:nEnc] are the encoder, the rest the decoder
	input  tensor    // what each input row is: flat values or an image
	params []float32 // every trainable weight and bias
	grads  []float32 // their gradients, same layout
	state  []float32 // BatchNorm's running means and variances
	// nParams and nState are the lengths of params and state.
	nParams, nState int
	train           *workspace
	infer           *workspace
}

// node is a layer with its place in the model: the shapes it takes and
// makes, and views of its parameters.
type node struct {
	Layer
	in, out tensor
	// w and b are the weights and biases (BatchNorm: γ and β); gw and gb
	// their gradients. Dense: w is In×Out, row-major, so a batch of rows X
	// (n×In) maps to X·w (n×Out). Conv2D: w is Out×(In·k·k), a filter per
	// row (PyTorch's layout). ConvTranspose2D: w is In×(Out·k·k) (PyTorch's
	// layout too).
	w, b   []float32
	gw, gb []float32
	// run is BatchNorm's running mean (In values) then running variance.
	run []float32
	// conv is how a convolution runs (see conv.go).
	conv *convPlan
}

// New builds an autoencoder from encoder and decoder layers that take rows
// of plain values (for images, see NewConv), with weights drawn from a
// generator seeded by seed (the same seed gives the same weights). The
// encoder's first layer must be Dense (or a BatchNorm), and says how many
// values each input row has. Each layer must fit the one before (see
// NewConv), the decoder must output as many values as the encoder takes in,
// and each part needs at least one layer. Weights and biases start uniform in
// ±1/√fan-in, as PyTorch's layers do.
func New(encoder, decoder []Layer, seed int64) (*Model, error) {
	if len(encoder) == 0 {
		return nil, fmt.Errorf("ae: New: the encoder has no layers")
	}
	first := encoder[0]
	if first.kind != kindDense && first.kind != kindBatchNorm {
		return nil, fmt.Errorf("ae: New: encoder layer 1 (%s) does not say what the input is: build the model with ae.NewConv(shape, encoder, decoder, seed), shape being the data set's Shape", first.Kind())
	}
	m, err := build(flatOf(max(first.In, 0)), encoder, decoder)
	if err != nil {
		return nil, fmt.Errorf("ae: New: %v", err)
	}
	m.allocate()
	m.initWeights(seed)
	return m, nil
}

// NewConv builds an autoencoder whose input rows are images of the given
// shape (a data set's Shape, e.g. 1×28×28 for MNIST), typically with
// convolutional layers; otherwise it is New. Shapes are worked out layer by
// layer: each layer that declares a size must fit what the layer before
// outputs (a Dense layer's In the number of values, a convolution's or a
// BatchNorm's In the channels), and the decoder must output the input's
// shape. An error names the layer and both shapes.
func NewConv(input Shape, encoder, decoder []Layer, seed int64) (*Model, error) {
	if err := checkShape(input); err != nil {
		return nil, fmt.Errorf("ae: NewConv: input: %v", err)
	}
	m, err := build(tensor{Shape: input}, encoder, decoder)
	if err != nil {
		return nil, fmt.Errorf("ae: NewConv: %v", err)
	}
	m.allocate()
	m.initWeights(seed)
	return m, nil
}

// build checks the layers and works out every shape and the parameter
// counts; allocate then makes the parameters.
func build(input tensor, encoder, decoder []Layer) (*Model, error) {
	if len(encoder) == 0 {
		return nil, fmt.Errorf("the encoder has no layers")
	}
	if len(decoder) == 0 {
		return nil, fmt.Errorf("the decoder has no layers")
	}
	if n := len(encoder) + len(decoder); n > maxLayers {
		return nil, fmt.Errorf("%d layers, more than the %d allowed", n, maxLayers)
	}
	m, cur, err := plan(input, append(append([]Layer(nil), encoder...), decoder...), len(encoder))
	if err != nil {
		return nil, err
	}
	if err := checkOutput(m, cur); err != nil {
		return nil, err
	}
	if m.layers[m.lossLayer()].reshape() {
		return nil, fmt.Errorf("no layer computes anything: Flatten and Unflatten only relabel the values")
	}
	if err := m.checkSamplingPlace(); err != nil {
		return nil, err
	}
	return m, nil
}

// plan checks each layer on its own and against what the layer before
// outputs, and returns the model's layers with their shapes and parameter
// counts, and the last layer's output.
func plan(input tensor, all []Layer, nEnc int) (*Model, tensor, error) {
	m := &Model{nEnc: nEnc, input: input, layers: make([]node, len(all))}
	cur, from := input, "the input"
	for i, l := range all {
		name := layerTitle(i, nEnc, l)
		if err := l.check(); err != nil {
			return nil, cur, fmt.Errorf("%s: %v", name, err)
		}
		out, err := l.infer(cur, from)
		if err != nil {
			return nil, cur, fmt.Errorf("%s %v", name, err)
		}
		m.layers[i] = node{Layer: l, in: cur, out: out}
		m.nParams += l.trainable()
		if l.kind == kindBatchNorm {
			m.nState += 2 * l.In
		}
		if m.nParams > 1<<28 {
			return nil, cur, fmt.Errorf("more than the %d parameters allowed", 1<<28)
		}
		cur, from = out, name
	}
	return m, cur, nil
}

// allocate makes the parameters (all zero), their gradients and
// BatchNorm's running statistics, and gives each layer its views of them.
func (m *Model) allocate() {
	m.params, m.grads, m.state = make([]float32, m.nParams), make([]float32, m.nParams), make([]float32, m.nState)
	m.bind()
}

// checkOutput reports whether the decoder's output out can be compared with
// the input: as many values, and the same shape if both are images.
func checkOutput(m *Model, out tensor) error {
	in := m.input
	if out.Size() == in.Size() && (out.flat || in.flat || out.Shape == in.Shape) {
		return nil
	}
	msg := fmt.Sprintf("the decoder outputs %s but the input is %s", out, in)
	if out.Size() != in.Size() && in.flat && out.flat {
		msg = fmt.Sprintf("the decoder outputs %d values but the encoder takes %d", out.Size(), in.Size())
	}
	// Name the transposed convolution that sets the size, and what its
	// output padding could do.
	for i := len(m.layers) - 1; i >= 0; i-- {
		d := &m.layers[i]
		if d.kind == kindConv || d.kind == kindMaxPool || d.kind == kindUpsample || d.kind == kindUnflatten || d.kind == kindDense {
			break
		}
		if d.kind != kindConvT || in.flat {
			continue
		}
		base := (d.in.H-1)*d.Stride - 2*d.pad() + d.Kernel
		need := in.H - base
		name := layerTitle(i, m.nEnc, d.Layer)
		if in.W-((d.in.W-1)*d.Stride-2*d.pad()+d.Kernel) == need && need >= 0 && need < d.Stride && d.Padding != Same {
			msg += fmt.Sprintf(": set %s's OutputPadding to %d", name, need)
		} else {
			msg += fmt.Sprintf(": %s makes %d×%d from %d×%d (kernel %d, stride %d, padding %d) plus an output padding of 0 to %d, which cannot reach %d×%d",
				name, d.out.H, d.out.W, d.in.H, d.in.W, d.Kernel, d.Stride, d.pad(), d.Stride-1, in.H, in.W)
		}
		break
	}
	return fmt.Errorf("%s", msg)
}

// NewSymmetric builds an autoencoder whose decoder mirrors its encoder. sizes
// runs from the input to the code, e.g. []int{784, 128, 32} gives the encoder
// 784→128→32 and the decoder 32→128→784. Hidden layers use hidden, the code
// layer uses code and the output layer uses output (Sigmoid for pixels in [0,1]).
func NewSymmetric(sizes []int, hidden, code, output Activation, seed int64) (*Model, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("ae: NewSymmetric: sizes %v needs at least an input size and a code size", sizes)
	}
	var enc []Layer
	for i := 0; i+1 < len(sizes); i++ {
		act := hidden
		if i+2 == len(sizes) {
			act = code
		}
		enc = append(enc, Dense(sizes[i], sizes[i+1], act))
	}
	m, err := New(enc, mirrorDecoder(sizes, hidden, output), seed)
	if err != nil {
		return nil, fmt.Errorf("ae: NewSymmetric: %w", err)
	}
	return m, nil
}

// mirrorDecoder returns the Dense layers that take a code of
// sizes[len(sizes)-1] numbers back through the sizes in reverse, with the
// hidden activation and, on the last layer, output.
func mirrorDecoder(sizes []int, hidden, output Activation) []Layer {
	var dec []Layer
	for i := len(sizes) - 1; i > 0; i-- {
		act := hidden
		if i == 1 {
			act = output
		}
		dec = append(dec, Dense(sizes[i], sizes[i-1], act))
	}
	return dec
}

// bind lays the layers' weights and biases out in m.params and m.grads, and
// BatchNorm's running statistics in m.state.
func (m *Model) bind() {
	off, soff := 0, 0
	for i := range m.layers {
		d := &m.layers[i]
		nw, nb := d.nWeights(), d.trainable()-d.nWeights()
		d.w, d.gw = m.params[off:off+nw:off+nw], m.grads[off:off+nw:off+nw]
		off += nw
		d.b, d.gb = m.params[off:off+nb:off+nb], m.grads[off:off+nb:off+nb]
		off += nb
		switch d.kind {
		case kindConv, kindConvT:
			d.conv = newConvPlan(d)
		case kindBatchNorm:
			d.run = m.state[soff : soff+2*d.In : soff+2*d.In]
			soff += 2 * d.In
		}
	}
}

// initWeights draws the weights and biases uniform in ±1/√fan-in, as
// PyTorch's default initialisation does (fan-in is In for Dense, In·k² for
// Conv2D and Out·k² for ConvTranspose2D, PyTorch's rule), and sets
// BatchNorm's γ to 1, β to 0, the running means to 0 and the running
// variances to 1.
func (m *Model) initWeights(seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed_1a7e))
	for i := range m.layers {
		d := &m.layers[i]
		if d.kind == kindBatchNorm {
			for j := range d.w {
				d.w[j], d.b[j] = 1, 0
				d.run[j], d.run[d.In+j] = 0, 1
			}
			continue
		}
		fan := d.fanIn()
		if fan == 0 {
			continue
		}
		bound := 1 / math.Sqrt(float64(fan))
		for j := range d.w {
			d.w[j] = float32((2*rng.Float64() - 1) * bound)
		}
		for j := range d.b {
			d.b[j] = float32((2*rng.Float64() - 1) * bound)
		}
	}
}

// fanIn returns how many inputs each output of the layer sums over, as
// PyTorch counts them for its initialisations: In for Dense, In·k² for
// Conv2D, Out·k² for ConvTranspose2D; 0 for a layer without weights to
// draw.
func (d *node) fanIn() int {
	switch d.kind {
	case kindDense:
		return d.In
	case kindConv:
		return d.In * d.Kernel * d.Kernel
	case kindConvT:
		return d.Out * d.Kernel * d.Kernel
	}
	return 0
}

// layerName returns e.g. "encoder layer 2".
func layerName(i, nEnc int) string {
	if i < nEnc {
		return fmt.Sprintf("encoder layer %d", i+1)
	}
	return fmt.Sprintf("decoder layer %d", i-nEnc+1)
}

// layerTitle returns e.g. "encoder layer 2 (Conv2D)".
func layerTitle(i, nEnc int, l Layer) string {
	return fmt.Sprintf("%s (%s)", layerName(i, nEnc), l.Kind())
}

// InputSize returns how many values each input row has (784 for MNIST).
func (m *Model) InputSize() int { return m.input.Size() }

// InputShape returns the shape of one input: the Shape given to NewConv,
// or Shape{C: n, H: 1, W: 1} for a model of n plain values built by New.
func (m *Model) InputShape() Shape { return m.input.Shape }

// CodeSize returns the length of the latent code the encoder produces.
func (m *Model) CodeSize() int { return m.layers[m.nEnc-1].out.Size() }

// outputSize returns how many values the decoder outputs per row.
func (m *Model) outputSize() int { return m.layers[len(m.layers)-1].out.Size() }

// NumLayers returns the number of layers, encoder and decoder together.
func (m *Model) NumLayers() int { return len(m.layers) }

// Shapes returns the shape of each layer's output, encoder then decoder
// (layer i is the i-th, counting from 0 as Weights does). The outputs of
// Dense and Flatten layers are plain values: n of them show as
// Shape{C: n, H: 1, W: 1}.
func (m *Model) Shapes() []Shape {
	out := make([]Shape, len(m.layers))
	for i, d := range m.layers {
		out[i] = d.out.Shape
	}
	return out
}

// NumParams returns the number of parameters as Keras counts them: every
// weight and bias, and BatchNorm's running means and variances, which
// training tracks but does not learn.
func (m *Model) NumParams() int { return len(m.params) + len(m.state) }

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

// dense reports whether every layer is Dense and the input plain values:
// the models New made before there were other layers.
func (m *Model) dense() bool {
	if !m.input.flat {
		return false
	}
	for _, d := range m.layers {
		if d.kind != kindDense {
			return false
		}
	}
	return true
}

// String returns the model's shape, e.g. "ae.Model 784→32→784 (50,992
// parameters)", or for a model of images "ae.Model 1×28×28 → 16 → 1×28×28
// (11 layers, 178,769 parameters)".
func (m *Model) String() string {
	if m.variational() {
		return m.variationalString()
	}
	if m.dense() {
		sizes := []string{fmt.Sprint(m.InputSize())}
		for _, d := range m.layers {
			sizes = append(sizes, fmt.Sprint(d.Out))
		}
		return fmt.Sprintf("ae.Model %s (%s parameters)", strings.Join(sizes, "→"), thousands(m.NumParams()))
	}
	return fmt.Sprintf("ae.Model %s → %s → %s (%d layers, %s parameters)", m.input, m.layers[m.nEnc-1].out,
		m.layers[len(m.layers)-1].out, len(m.layers), thousands(m.NumParams()))
}

// Summary returns a table of the model's layers, as Keras' model.summary()
// prints: each layer's kind and settings, its output shape (C×H×W for
// images, a count for plain values), its activation and its parameter
// count, with the code size and the compression factor.
func (m *Model) Summary() string {
	rows := [][5]string{{"input", "", m.input.String(), "", ""}}
	for i, d := range m.layers {
		kind := d.Kind() + "(" + d.describe(false) + ")"
		act, params := "", ""
		if d.hasAct() {
			act = d.actString()
		}
		if n := d.Params(); n > 0 || d.hasAct() {
			params = thousands(n)
		}
		rows = append(rows, [5]string{layerName(i, m.nEnc), kind, d.out.String(), act, params})
	}
	rows = append(rows, [5]string{"total", "", "", "", thousands(m.NumParams())})
	head := [5]string{"layer", "kind", "output", "activation", "parameters"}
	var wid [5]int
	for _, r := range append(rows, head) {
		for j, s := range r {
			wid[j] = max(wid[j], len([]rune(s)))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", m)
	fmt.Fprintf(&b, "code size %d: each %d-value input is compressed %.1f×\n",
		m.CodeSize(), m.InputSize(), float64(m.InputSize())/float64(m.CodeSize()))
	for _, r := range append([][5]string{head}, rows...) {
		line := "  "
		for j, s := range r {
			pad := strings.Repeat(" ", wid[j]-len([]rune(s)))
			if j == 4 {
				line += pad + s
			} else {
				line += s + pad + "   "
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if len(m.state) > 0 {
		fmt.Fprintf(&b, "  of which %s trainable and %s not: BatchNorm's running means and variances\n",
			thousands(len(m.params)), thousands(len(m.state)))
	}
	return b.String()
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
