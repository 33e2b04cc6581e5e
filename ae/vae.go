package ae

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/par"
)

// A variational autoencoder (Kingma and Welling, "Auto-Encoding Variational
// Bayes", 2014) is a Model whose encoder ends in a Sampling layer: its last
// Dense layer outputs, for each of the k code numbers, a mean μ and a
// log-variance log σ², and the Sampling layer turns them into the code
//
//	z = μ + σ·ε,  ε drawn from the standard normal N(0, 1)
//
// (the reparameterisation trick: the noise comes from outside, so the
// gradient flows through μ and σ). Training minimises, per image,
//
//	reconstruction(x, D(z)) + β·KL(N(μ, σ²) ‖ N(0, 1)),
//	KL = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)
//
// averaged over the batch: the reconstruction term is the loss summed over
// the image's values (BCE: −log p(x|z) for Bernoulli pixels, in nats), and
// with β = 1 (Options.KLWeight) the sum is the negative evidence lower bound
// (ELBO). Everywhere but in training (Encode, Reconstruct, the code a
// Decode expects) the code is the mean μ.
//
// Everything else is a Model's: Fit and its Options, callbacks, progress
// and cancellation, Save and Load (format version 3), Summary.

// The clamp on the log-variance: the Sampling layer and the KL term use
// log σ² clamped to [logVarMin, logVarMax], so that σ² = e^{log σ²} stays a
// finite float32 (e^89 does not) and σ above 0, whatever the encoder
// outputs. Outside the clamp the log-variance gets no gradient, as the
// clamp's own derivative is 0 there. The bounds are those of Stable
// Diffusion's autoencoder: σ from 3·10⁻⁷ to 22,026, far beyond any
// spread of a code trained on data.
const (
	logVarMin = -30
	logVarMax = 20
)

// Streams of the generators a VAE draws its noise from, each seeded by a
// seed: training's (Options.Seed), the validation loss's (Options.Seed
// too), NegativeELBO's and PriorCodes' (their seed argument).
const (
	trainNoiseStream = 0x5a_3b_1e
	valNoiseStream   = 0x7a_11d
	elboNoiseStream  = 0xe1_b0
	priorStream      = 0x9_1207
)

// maxCodes bounds the values PriorCodes makes, so that a typo cannot ask
// for an absurd allocation.
const maxCodes = 1 << 28

// Sampling returns the description of a variational autoencoder's sampling
// layer, the last layer of its encoder: it takes 2·size values, size means
// μ and then size log-variances log σ² (from a Dense layer with Linear
// activation, which must come just before it), and makes a code of size
// numbers, z = μ + σ·ε with ε standard normal noise while Fit trains, and
// z = μ otherwise. Its KL term joins the loss in training (see NewVAE).
// The log-variance is clamped to [-30, 20].
//
//	enc := []ae.Layer{ae.Dense(784, 256, ae.ReLU), ae.Dense(256, 2*2, ae.Linear), ae.Sampling(2)}
//	dec := []ae.Layer{ae.Dense(2, 256, ae.ReLU), ae.Dense(256, 784, ae.Sigmoid)}
//	vae, err := ae.New(enc, dec, 1)   // the model NewVAE([]int{784, 256, 2}, ...) builds
func Sampling(size int) Layer {
	return Layer{kind: kindSampling, In: 2 * size, Out: size}
}

// checkSampling reports what is wrong with a Sampling layer on its own.
func (l Layer) checkSampling() error {
	if l.Out < 1 {
		return fmt.Errorf("%v makes a code of %d numbers, want at least 1", l, l.Out)
	}
	if l.Out > maxUnits {
		return fmt.Errorf("%v makes a code wider than %d numbers", l, maxUnits)
	}
	if l.In != 2*l.Out {
		return fmt.Errorf("%v takes %d values, want 2·%d = %d: the means, then the log-variances", l, l.In, l.Out, 2*l.Out)
	}
	return nil
}

// checkSamplingPlace reports a Sampling layer anywhere but at the end of
// the encoder, after a linear Dense layer, with a decoder that computes.
func (m *Model) checkSamplingPlace() error {
	for i, d := range m.layers {
		if d.kind != kindSampling {
			continue
		}
		name := layerTitle(i, m.nEnc, d.Layer)
		if i != m.nEnc-1 {
			return fmt.Errorf("%s: a Sampling layer must be the encoder's last layer: it makes the code", name)
		}
		if i == 0 || m.layers[i-1].kind != kindDense || m.layers[i-1].Act != Linear {
			return fmt.Errorf("%s: the layer before it must be Dense with activation ae.Linear: it outputs the means and the log-variances, which may be any numbers", name)
		}
		if m.lossLayer() < m.nEnc {
			return fmt.Errorf("%s: the decoder has no layer that computes anything", name)
		}
	}
	return nil
}

// variational reports whether the model is a VAE: its encoder ends in a
// Sampling layer.
func (m *Model) variational() bool { return m.layers[m.nEnc-1].kind == kindSampling }

// Variational reports whether the model is a variational autoencoder: its
// encoder ends in a Sampling layer (see NewVAE).
func (m *Model) Variational() bool { return m.variational() }

// NewVAE builds a variational autoencoder of Dense layers whose decoder
// mirrors its encoder. sizes runs from the input to the code: []int{784,
// 256, 2} gives the encoder 784→256 (activation hidden), then 256→2·2
// (linear: a mean and a log-variance per code number) and Sampling(2), and
// the decoder 2→256 (hidden) and 256→784 (activation output, Sigmoid for
// pixels in [0, 1]). Weights are drawn from a generator seeded by seed.
//
// Train it with Fit like any model, with Loss BCE (or MSE) and the KL
// term's weight β in Options.KLWeight (0 means 1). Encode returns the
// means μ, Reconstruct decodes them; Generate decodes codes drawn from the
// standard normal prior, and NegativeELBO scores each image.
//
//	vae, err := ae.NewVAE([]int{784, 256, 2}, ae.ReLU, ae.Sigmoid, 1)
//	h, err := vae.Fit(ctx, digits.Images, ae.Options{Epochs: 20, Loss: ae.BCE})
//	samples, err := vae.Generate(100, 1)
func NewVAE(sizes []int, hidden, output Activation, seed int64) (*Model, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("ae: NewVAE: sizes %v needs at least an input size and a code size", sizes)
	}
	k := sizes[len(sizes)-1]
	if k < 1 {
		return nil, fmt.Errorf("ae: NewVAE: sizes %v ends in a code size of %d, want at least 1", sizes, k)
	}
	var enc []Layer
	for i := 0; i+2 < len(sizes); i++ {
		enc = append(enc, Dense(sizes[i], sizes[i+1], hidden))
	}
	enc = append(enc, Dense(sizes[len(sizes)-2], 2*k, Linear), Sampling(k))
	m, err := New(enc, mirrorDecoder(sizes, hidden, output), seed)
	if err != nil {
		return nil, fmt.Errorf("ae: NewVAE: %w", err)
	}
	return m, nil
}

// TensorFlowCVAE returns the convolutional variational autoencoder of
// TensorFlow's tutorial "Convolutional Variational Autoencoder" for images
// of the given shape (H and W multiples of 4), with a code of codeSize
// numbers (the tutorial uses 2):
//
//	encoder: Conv2D 32 and 64 filters, 3×3, stride 2, valid, ReLU
//	         (28 → 13 → 6); Flatten; Dense to 2·codeSize (linear);
//	         Sampling(codeSize)
//	decoder: Dense to 32×H/4×W/4 (ReLU) and Unflatten; ConvTranspose2D 64
//	         and 32, 3×3, stride 2, same, ReLU; ConvTranspose2D to the
//	         input's channels, 3×3, sigmoid
//
// The tutorial trains it with Adam 1e-4 and batches of 32 on binarised
// digits, with the output's logits and a Bernoulli likelihood: BCE here.
func TensorFlowCVAE(input Shape, codeSize int, seed int64) (*Model, error) {
	if err := checkShape(input); err != nil {
		return nil, fmt.Errorf("ae: TensorFlowCVAE: input: %v", err)
	}
	if codeSize < 1 {
		return nil, fmt.Errorf("ae: TensorFlowCVAE: codeSize is %d, want at least 1", codeSize)
	}
	// Valid 3×3 convolutions of stride 2.
	h, w := (input.H-3)/2+1, (input.W-3)/2+1
	h, w = (h-3)/2+1, (w-3)/2+1
	small := Shape{C: 32, H: input.H / 4, W: input.W / 4}
	enc := []Layer{
		Conv2D(input.C, 32, 3, 2, Valid, ReLU),
		Conv2D(32, 64, 3, 2, Valid, ReLU),
		Flatten(), Dense(64*max(h, 0)*max(w, 0), 2*codeSize, Linear), Sampling(codeSize),
	}
	dec := []Layer{
		Dense(codeSize, small.Size(), ReLU), Unflatten(small),
		ConvTranspose2D(32, 64, 3, 2, Same, ReLU),
		ConvTranspose2D(64, 32, 3, 2, Same, ReLU),
		ConvTranspose2D(32, input.C, 3, 1, Same, Sigmoid),
	}
	m, err := NewConv(input, enc, dec, seed)
	if err != nil {
		return nil, fmt.Errorf("ae: TensorFlowCVAE: %w (it needs H and W multiples of 4, at least 8)", err)
	}
	return m, nil
}

// variationalString is String for a VAE: "ae.Model 784→256→2→256→784,
// variational (404,244 parameters)", or for images "ae.Model 1×28×28 → 2 →
// 1×28×28, variational (9 layers, 312,597 parameters)".
func (m *Model) variationalString() string {
	if m.input.flat {
		sizes := []string{fmt.Sprint(m.InputSize())}
		dense := true
		for i, d := range m.layers {
			switch {
			case d.kind == kindSampling:
				sizes = append(sizes, fmt.Sprint(d.Out))
			case d.kind != kindDense:
				dense = false
			case i != m.nEnc-2: // the means and log-variances are not a size of their own
				sizes = append(sizes, fmt.Sprint(d.Out))
			}
		}
		if dense {
			return fmt.Sprintf("ae.Model %s, variational (%s parameters)", strings.Join(sizes, "→"), thousands(m.NumParams()))
		}
	}
	return fmt.Sprintf("ae.Model %s → %s → %s, variational (%d layers, %s parameters)", m.input, m.layers[m.nEnc-1].out,
		m.layers[len(m.layers)-1].out, len(m.layers), thousands(m.NumParams()))
}

// checkVariational checks Options.KLWeight against the model and fills in
// its default.
func (m *Model) checkVariational(opts *Options) error {
	b := opts.KLWeight
	if !m.variational() {
		if b != 0 {
			return fmt.Errorf("ae: Fit: Options.KLWeight is %v, but the model has no Sampling layer: β weighs a variational autoencoder's KL term (build one with ae.NewVAE)", b)
		}
		return nil
	}
	switch {
	case !(b >= 0) || math.IsInf(b, 0):
		return fmt.Errorf("ae: Fit: Options.KLWeight is %v, want β > 0 (or 0, meaning 1)", b)
	case opts.CodeL1 != 0:
		return fmt.Errorf("ae: Fit: Options.CodeL1 is %v, but a variational autoencoder's code is held by its KL term: leave CodeL1 at 0 (and raise KLWeight for a tighter code)", opts.CodeL1)
	}
	if b == 0 {
		opts.KLWeight = 1
	}
	return nil
}

// sampler draws the noise of a VAE's training, batch by batch.
type sampler struct {
	rng *rand.Rand
	k   int
}

// startSampling readies the training workspace of a VAE for Fit and
// returns its noise, or nil for a model without a Sampling layer.
func (m *Model) startSampling(ws *workspace, opts Options) *sampler {
	if !m.variational() {
		return nil
	}
	ws.sample, ws.beta = true, float32(opts.KLWeight)
	return &sampler{rng: rand.New(rand.NewPCG(uint64(opts.Seed), trainNoiseStream)), k: m.CodeSize()}
}

// draw fills the noise of a batch of n rows; nothing for a nil sampler.
func (s *sampler) draw(ws *workspace, n int) {
	if s == nil {
		return
	}
	fillNormal(ws.eps[:n*s.k], s.rng)
}

// fillNormal fills dst with standard normal values.
func fillNormal(dst []float32, rng *rand.Rand) {
	for i := range dst {
		dst[i] = float32(rng.NormFloat64())
	}
}

// clampLogVar clamps a log-variance to [logVarMin, logVarMax].
func clampLogVar(v float64) float64 {
	if v < logVarMin {
		return logVarMin
	}
	if v > logVarMax {
		return logVarMax
	}
	return v
}

// samplingForward is the Sampling layer's pass over n rows: each row of in
// holds k means then k log-variances, and out gets k code numbers, μ +
// σ·ε when ws.sample is set (keeping σ in ws.sigma for the backward
// pass), else μ.
func samplingForward(ws *workspace, d *node, n int, in, out []float32) {
	ws.sampling = samplingTask{k: d.Out, in: in, out: out, eps: ws.eps, sigma: ws.sigma, sample: ws.sample}
	par.For(n, grain(4*d.Out), &ws.sampling)
}

// samplingBackward takes g = dLoss/dz of the n codes and writes gIn =
// dLoss/d(μ, log σ²) into the linear layer below, adding the gradient of
// β·KL/n; it returns the KL term β·KL/n, summed over the rows. With s = log
// σ² (clamped), z = μ + e^{s/2}·ε and KL = ½(μ² + e^s − 1 − s) per code
// number:
//
//	dLoss/dμ = g + β·μ/n
//	dLoss/ds = g·ε·½e^{s/2} + β·½(e^s − 1)/n   (0 outside the clamp)
//
// It reads σ = e^{s/2} from the forward pass, which ran with ws.sample.
func samplingBackward(ws *workspace, d *node, n int, in, g, gIn []float32) float64 {
	b := float64(ws.beta) / float64(n)
	ws.sampling = samplingTask{k: d.Out, in: in, eps: ws.eps, sigma: ws.sigma, sample: ws.sample,
		g: g, gIn: gIn, beta: b, partial: &ws.partial}
	gr := grain(4 * d.Out)
	par.For(n, gr, &ws.sampling)
	kl := 0.0
	for _, v := range ws.partial[:par.Chunks(n, gr)] {
		kl += v
	}
	return b * 0.5 * kl
}

// samplingTask is the Sampling layer's forward pass (gIn nil) or backward
// pass over rows; see samplingForward and samplingBackward.
type samplingTask struct {
	k          int
	in, out    []float32 // rows of 2k (μ, log σ²), rows of k codes
	eps, sigma []float32 // rows of k: the noise, and σ
	sample     bool
	g, gIn     []float32 // backward: dLoss/dz (rows of k), dLoss/d(μ, log σ²) (rows of 2k)
	beta       float64   // backward: β/n
	partial    *[par.MaxChunks]float64
}

func (t *samplingTask) Run(chunk, lo, hi int) {
	k := t.k
	if t.gIn == nil {
		for i := lo; i < hi; i++ {
			mu, lv := t.in[2*i*k:(2*i+1)*k], t.in[(2*i+1)*k:(2*i+2)*k]
			z := t.out[i*k : (i+1)*k]
			if !t.sample {
				copy(z, mu)
				continue
			}
			eps, sigma := t.eps[i*k:(i+1)*k], t.sigma[i*k:(i+1)*k]
			for j := range z {
				s := math.Exp(0.5 * clampLogVar(float64(lv[j])))
				sigma[j] = float32(s)
				z[j] = float32(float64(mu[j]) + s*float64(eps[j]))
			}
		}
		return
	}
	kl := 0.0
	for i := lo; i < hi; i++ {
		mu, lv := t.in[2*i*k:(2*i+1)*k], t.in[(2*i+1)*k:(2*i+2)*k]
		gMu, gLv := t.gIn[2*i*k:(2*i+1)*k], t.gIn[(2*i+1)*k:(2*i+2)*k]
		gz := t.g[i*k : (i+1)*k]
		eps, sigma := t.eps[i*k:(i+1)*k], t.sigma[i*k:(i+1)*k]
		for j := range gz {
			m, raw := float64(mu[j]), float64(lv[j])
			s := clampLogVar(raw)
			sd := float64(sigma[j])
			if !t.sample {
				sd = math.Exp(0.5 * s)
			}
			v := sd * sd
			kl += m*m + v - 1 - s
			gMu[j] = float32(float64(gz[j]) + t.beta*m)
			gs := 0.0
			if raw >= logVarMin && raw <= logVarMax {
				gs = t.beta * 0.5 * (v - 1)
				if t.sample {
					gs += float64(gz[j]) * float64(eps[j]) * 0.5 * sd
				}
			}
			gLv[j] = float32(gs)
		}
	}
	t.partial[chunk] = kl
}

// klRows writes each row's KL divergence ½Σ(μ² + σ² − 1 − log σ²) into
// out, from rows of k means then k log-variances.
func klRows(in []float32, k int, out []float64) {
	for i := range out {
		mu, lv := in[2*i*k:(2*i+1)*k], in[(2*i+1)*k:(2*i+2)*k]
		s := 0.0
		for j := range mu {
			m, v := float64(mu[j]), clampLogVar(float64(lv[j]))
			s += m*m + math.Exp(v) - 1 - v
		}
		out[i] = 0.5 * s
	}
}

// elbo writes, for each row of x, the reconstruction term against the
// same row of y (the loss summed over the row's values, averaged over
// samples draws of the code from rng) and the KL term. It uses the
// inference workspace; the caller holds the lock.
func (m *Model) elbo(ctx context.Context, x, y *mat.Dense, loss Loss, samples int, rng *rand.Rand, recon, kl []float64) error {
	ws := m.inferWorkspace()
	ws.sample = true
	defer func() { ws.sample, ws.rowLoss = false, nil }()
	in, k, s := m.InputSize(), m.CodeSize(), m.nEnc-1 // s: the Sampling layer
	rows, _ := x.Dims()
	one := make([]float64, ws.rows)
	for start := 0; start < rows; start += ws.rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(ws.rows, rows-start)
		ws.load(ws.x, x, nil, start, n)
		ws.load(ws.y, y, nil, start, n)
		m.forward(ws, n, ws.x[:n*in], 0, s, false, false)
		stats := ws.acts[s-1][:n*2*k]
		klRows(stats, k, kl[start:start+n])
		r := recon[start : start+n]
		clear(r)
		ws.rowLoss = one[:n]
		for j := 0; j < samples; j++ {
			fillNormal(ws.eps[:n*k], rng)
			m.forward(ws, n, stats, s, len(m.layers), true, false)
			m.outputLoss(ws, n, loss, false)
			for i, v := range ws.rowLoss {
				r[i] += v
			}
		}
		if samples > 1 {
			for i := range r {
				r[i] /= float64(samples)
			}
		}
	}
	return nil
}

// evaluateVariational is the validation loss of a VAE in Fit: the mean
// over the rows of x of the reconstruction term against y plus
// Options.KLWeight times the KL term, with one draw of each code, the same
// draws every epoch.
func (m *Model) evaluateVariational(x, y *mat.Dense, opts Options) float64 {
	rows, _ := x.Dims()
	recon, kl := make([]float64, rows), make([]float64, rows)
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), valNoiseStream))
	if err := m.elbo(context.Background(), x, y, opts.Loss, 1, rng, recon, kl); err != nil {
		return math.NaN()
	}
	total := 0.0
	for i := range recon {
		total += recon[i] + opts.KLWeight*kl[i]
	}
	return total / float64(rows)
}

// NegativeELBO returns the two terms of a variational autoencoder's
// negative evidence lower bound for each row of x: the reconstruction term
// (the loss between the row and the decoded code, summed over the row's
// values and averaged over samples codes drawn from the encoder's
// distribution, with generators seeded by seed) and the KL divergence of
// that distribution from the standard normal prior, in closed form. Their
// sum is at least −log p(x): with BCE, in nats per image (the VAE paper's
// unit); with MSE, the squared error summed over the image. It is an
// anomaly score, as a plain model's reconstruction error is. The terms are
// unweighted: Options.KLWeight only changes training.
//
// NegativeELBO watches ctx between chunks of rows. samples must be 1 to
// 1,000 (1 is an unbiased estimate; more average out the noise of each
// image's term).
func (m *Model) NegativeELBO(ctx context.Context, x *mat.Dense, loss Loss, samples int, seed int64) (reconstruction, kl []float64, err error) {
	const fn = "NegativeELBO"
	if ctx == nil {
		return nil, nil, fmt.Errorf("ae: %s: ctx is nil (use context.Background())", fn)
	}
	if !m.variational() {
		return nil, nil, fmt.Errorf("ae: %s: the model has no Sampling layer: it is not a variational autoencoder (build one with ae.NewVAE); score a plain model with Loss.Errors", fn)
	}
	if !loss.valid() {
		return nil, nil, fmt.Errorf("ae: %s: loss is %v, want MSE, BCE or MAE", fn, loss)
	}
	if samples < 1 || samples > 1000 {
		return nil, nil, fmt.Errorf("ae: %s: samples is %d, want 1 to 1000", fn, samples)
	}
	if err := checkRows(fn, "x", x, m.input); err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rows, _ := x.Dims()
	reconstruction, kl = make([]float64, rows), make([]float64, rows)
	rng := rand.New(rand.NewPCG(uint64(seed), elboNoiseStream))
	if err := m.elbo(ctx, x, x, loss, samples, rng, reconstruction, kl); err != nil {
		return nil, nil, fmt.Errorf("ae: %s: %w", fn, err)
	}
	return reconstruction, kl, nil
}

// EncodeDistribution returns what a variational autoencoder's encoder
// makes of each row of x: the means μ (what Encode returns) and the
// log-variances log σ² of the code's normal distribution, clamped to
// [-30, 20] as the Sampling layer uses them. One row per input, one column
// per code number.
func (m *Model) EncodeDistribution(x *mat.Dense) (mean, logVar *mat.Dense, err error) {
	const fn = "EncodeDistribution"
	if !m.variational() {
		return nil, nil, fmt.Errorf("ae: %s: the model has no Sampling layer: it is not a variational autoencoder, and Encode gives its codes", fn)
	}
	both, err := m.run(fn, x, 0, m.nEnc-1)
	if err != nil {
		return nil, nil, err
	}
	r, _ := x.Dims()
	k := m.CodeSize()
	mean, logVar = mat.NewDense(r, k, nil), mat.NewDense(r, k, nil)
	for i := 0; i < r; i++ {
		row := both.RawRowView(i)
		copy(mean.RawRowView(i), row[:k])
		lv := logVar.RawRowView(i)
		for j := range lv {
			lv[j] = clampLogVar(row[k+j])
		}
	}
	return mean, logVar, nil
}

// PriorCodes returns n codes of size numbers drawn from the standard normal
// distribution, the prior of a variational autoencoder, one per row, from a
// generator seeded by seed: decode them with a VAE (or see Generate) to
// make new images. Any model can decode them, but only a VAE was trained
// to expect codes spread that way.
func PriorCodes(n, size int, seed int64) (*mat.Dense, error) {
	if n < 1 {
		return nil, fmt.Errorf("ae: PriorCodes: n is %d, want at least 1 code", n)
	}
	if size < 1 {
		return nil, fmt.Errorf("ae: PriorCodes: size is %d, want a code of at least 1 number", size)
	}
	if int64(n)*int64(size) > maxCodes {
		return nil, fmt.Errorf("ae: PriorCodes: %d codes of %d numbers are more than the %d values allowed", n, size, maxCodes)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), priorStream))
	z := mat.NewDense(n, size, nil)
	for i := range z.RawMatrix().Data {
		z.RawMatrix().Data[i] = rng.NormFloat64()
	}
	return z, nil
}

// Generate returns n new images from a variational autoencoder: codes drawn
// from the standard normal prior (PriorCodes(n, CodeSize(), seed)),
// decoded. The same seed gives the same images.
func (m *Model) Generate(n int, seed int64) (*mat.Dense, error) {
	if !m.variational() {
		return nil, fmt.Errorf("ae: Generate: the model has no Sampling layer: a plain autoencoder's codes follow no known distribution to draw from; choose codes yourself and Decode them")
	}
	if n < 1 {
		return nil, fmt.Errorf("ae: Generate: n is %d, want at least 1 image", n)
	}
	z, err := PriorCodes(n, m.CodeSize(), seed)
	if err != nil {
		return nil, err
	}
	return m.Decode(z)
}
