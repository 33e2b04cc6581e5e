package ae

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// vaeLoss is the loss Fit minimises for a VAE, on the n rows in ws with
// the noise in ws.eps: the reconstruction loss summed over each row's
// values plus ws.beta times the KL term, averaged over rows. It runs the
// training forward pass but no backward pass.
func vaeLoss(m *Model, ws *workspace, n int, loss Loss) float64 {
	m.forward(ws, n, ws.x[:n*m.InputSize()], 0, len(m.layers), true, true)
	recon := m.outputLoss(ws, n, loss, false)
	kl := make([]float64, n)
	klRows(ws.acts[m.nEnc-2][:n*2*m.CodeSize()], m.CodeSize(), kl)
	sum := 0.0
	for _, v := range kl {
		sum += v
	}
	return recon + float64(ws.beta)*sum/float64(n)
}

// vaeGradCheck compares the gradients of a VAE's training step with
// central differences of vaeLoss, the noise ε fixed, for every parameter:
// the whole loss, reconstruction and KL, through the reparameterised
// sample. It returns the first disagreement, or "".
func vaeGradCheck(m *Model, x []float32, n int, loss Loss, beta float32, tamper func([]float32)) string {
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, x)
	ws.beta = beta
	fillNormal(ws.eps[:n*m.CodeSize()], rand.New(rand.NewPCG(3, 4)))
	stepLoss := m.step(ws, n, loss, 0)
	if f := vaeLoss(m, ws, n, loss); math.Abs(f-stepLoss) > 1e-5*math.Abs(f) {
		return fmt.Sprintf("the step's loss %v is not the loss %v", stepLoss, f)
	}
	analytic := append([]float32(nil), m.grads...)
	if tamper != nil {
		tamper(analytic)
	}
	f := func() float64 { return vaeLoss(m, ws, n, loss) }
	// The loss is a sum over a row's values, so its rounding noise is
	// larger than a mean's: the tolerances follow its size.
	return compareGradients(m.params, analytic, f, 1e-3, func(loss float64) float64 { return 2e-3 * math.Max(1, math.Abs(loss)/10) })
}

// smallConvVAE is a convolutional VAE small enough for a gradient check.
func smallConvVAE(t testing.TB, seed int64) *Model {
	t.Helper()
	m, err := NewConv(Shape{C: 1, H: 6, W: 6},
		[]Layer{Conv2D(1, 2, 3, 2, Same, Tanh), Flatten(), Dense(18, 4, Linear), Sampling(2)},
		[]Layer{Dense(2, 18, Tanh), Unflatten(Shape{C: 2, H: 3, W: 3}), ConvTranspose2D(2, 1, 3, 2, Same, Sigmoid)}, seed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestVAEGradients(t *testing.T) {
	const n, d = 5, 6
	x := randomData(n, d, 1)
	for _, c := range []struct {
		name           string
		hidden, output Activation
		loss           Loss
		beta           float32
		sizes          []int
	}{
		{"BCE, β 1", Tanh, Sigmoid, BCE, 1, []int{d, 5, 2}},
		{"BCE, β 4, code of 3", Tanh, Sigmoid, BCE, 4, []int{d, 5, 3}},
		{"MSE, β 0.3, ReLU", ReLU, Sigmoid, MSE, 0.3, []int{d, 5, 2}},
		{"MAE, β 1", LeakyReLU, Sigmoid, MAE, 1, []int{d, 5, 2}},
		{"MSE, linear output, no hidden layer", Tanh, Linear, MSE, 1, []int{d, 2}},
		{"BCE, two hidden layers", Tanh, Sigmoid, BCE, 2, []int{d, 5, 4, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewVAE(c.sizes, c.hidden, c.output, 3)
			if err != nil {
				t.Fatal(err)
			}
			if msg := vaeGradCheck(m, x, n, c.loss, c.beta, nil); msg != "" {
				t.Error(msg)
			}
		})
	}
	t.Run("convolutional, BCE", func(t *testing.T) {
		m := smallConvVAE(t, 2)
		if msg := vaeGradCheck(m, randomData(4, 36, 5), 4, BCE, 1, nil); msg != "" {
			t.Error(msg)
		}
	})
}

// TestVAEGradientCheckCanFail: the check catches a gradient of the
// log-variances (the KL term's and the sample's) 10% off.
func TestVAEGradientCheckCanFail(t *testing.T) {
	const n, d = 5, 6
	m, err := NewVAE([]int{d, 5, 2}, Tanh, Sigmoid, 3)
	if err != nil {
		t.Fatal(err)
	}
	lv := m.layers[1] // Dense(5, 4): its last 2 outputs are the log-variances
	start := len(m.layers[0].w) + len(m.layers[0].b) + len(lv.w)
	msg := vaeGradCheck(m, randomData(n, d, 1), n, BCE, 1, func(g []float32) {
		for j := 2; j < 4; j++ {
			g[start+j] *= 1.1
		}
	})
	if msg == "" {
		t.Fatal("log-variance gradients 10% off passed the check")
	}
}

// setCode makes the encoder of a NewVAE([]int{d, k}, ...) model output the
// same means and log-variances for every input: zero weights, the values
// as biases.
func setCode(m *Model, mu, logVar []float64) {
	d := &m.layers[0]
	clear(d.w)
	for j := range mu {
		d.b[j] = float32(mu[j])
		d.b[len(mu)+j] = float32(logVar[j])
	}
}

// TestKLClosedForm holds the KL term to values worked out by hand from
// ½Σ(μ² + σ² − 1 − log σ²), and to a Monte Carlo estimate of E[log q(z) −
// log p(z)] under the encoder's distribution.
func TestKLClosedForm(t *testing.T) {
	ln4 := math.Log(4)
	for _, c := range []struct {
		name       string
		mu, logVar []float64
		want       float64
	}{
		{"the prior itself", []float64{0, 0}, []float64{0, 0}, 0},
		{"mean 1", []float64{1, 0}, []float64{0, 0}, 0.5},              // ½(1 + 1 − 1 − 0)
		{"σ = 2", []float64{0, 0}, []float64{ln4, 0}, 0.806852819440},  // ½(4 − 1 − ln 4)
		{"σ = ½", []float64{0, 0}, []float64{-ln4, 0}, 0.318147180560}, // ½(¼ − 1 + ln 4)
		{"both", []float64{1, -2}, []float64{0, -ln4}, 2.818147180560}, // ½(1) + ½(4 + ¼ − 1 + ln 4)
		{"clamped above", []float64{0, 0}, []float64{100, 0}, 0.5 * (math.Exp(20) - 21)},
		{"clamped below", []float64{0, 0}, []float64{-100, 0}, 0.5 * (math.Exp(-30) - 1 + 30)},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewVAE([]int{3, 2}, Tanh, Sigmoid, 1)
			if err != nil {
				t.Fatal(err)
			}
			setCode(m, c.mu, c.logVar)
			x := mat.NewDense(4, 3, []float64{0, 0.5, 1, 1, 1, 0, 0.2, 0.3, 0.4, 0, 0, 0})
			recon, kl, err := m.NegativeELBO(context.Background(), x, BCE, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range kl {
				if math.Abs(v-c.want) > 1e-6*math.Max(1, c.want) {
					t.Errorf("row %d: KL %.12g, want %.12g", i, v, c.want)
				}
				if math.IsNaN(recon[i]) || math.IsInf(recon[i], 0) {
					t.Errorf("row %d: reconstruction term %v", i, recon[i])
				}
			}
			if c.logVar[0] > 50 || c.logVar[0] < -50 {
				return // the Monte Carlo estimate needs a spread it can draw
			}
			// Monte Carlo: the mean of log q(z) − log p(z) over draws of z.
			rng := rand.New(rand.NewPCG(7, 8))
			const draws = 400000
			sum := 0.0
			for i := 0; i < draws; i++ {
				for j := range c.mu {
					s := math.Exp(0.5 * c.logVar[j])
					e := rng.NormFloat64()
					z := c.mu[j] + s*e
					sum += -0.5*e*e - math.Log(s) + 0.5*z*z // log q − log p; the 2π terms cancel
				}
			}
			if mc := sum / draws; math.Abs(mc-c.want) > 0.02*math.Max(1, c.want) {
				t.Errorf("Monte Carlo KL %.4f, closed form %.4f", mc, c.want)
			}
		})
	}
}

// TestReparameterisedSample: over many draws, the codes the Sampling layer
// makes in training have the encoder's means and variances, and the
// numbers of one code are uncorrelated.
func TestReparameterisedSample(t *testing.T) {
	m, err := NewVAE([]int{3, 2}, Tanh, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	mu := []float64{1.5, -0.5}
	variance := []float64{0.25, 4}
	setCode(m, mu, []float64{math.Log(variance[0]), math.Log(variance[1])})
	const n = 200000
	ws := m.newWorkspace(n, true)
	noise := m.startSampling(ws, Options{Seed: 9, KLWeight: 1})
	noise.draw(ws, n)
	m.forward(ws, n, ws.x[:n*3], 0, m.nEnc, false, true)
	z := ws.acts[m.nEnc-1][:n*2]
	var sum, sq [2]float64
	cross := 0.0
	for i := 0; i < n; i++ {
		a, b := float64(z[2*i])-mu[0], float64(z[2*i+1])-mu[1]
		sum[0] += a
		sum[1] += b
		sq[0] += a * a
		sq[1] += b * b
		cross += a * b
	}
	for j := 0; j < 2; j++ {
		mean := mu[j] + sum[j]/n
		v := sq[j]/n - (sum[j]/n)*(sum[j]/n)
		se := math.Sqrt(variance[j] / n)
		if math.Abs(mean-mu[j]) > 4*se {
			t.Errorf("code number %d: mean %.5f, want %.5f ± %.5f", j, mean, mu[j], 4*se)
		}
		if math.Abs(v/variance[j]-1) > 4*math.Sqrt(2.0/n) {
			t.Errorf("code number %d: variance %.5f, want %.5f", j, v, variance[j])
		}
	}
	if r := cross / n / math.Sqrt(variance[0]*variance[1]); math.Abs(r) > 4/math.Sqrt(n) {
		t.Errorf("the two code numbers have correlation %.4f, want 0", r)
	}
	// Outside training the code is the mean.
	x := mat.NewDense(2, 3, []float64{0, 1, 0, 1, 0, 1})
	codes, err := m.Encode(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			if got := codes.At(i, j); math.Abs(got-mu[j]) > 1e-6 {
				t.Errorf("Encode: row %d, number %d is %v, want the mean %v", i, j, got, mu[j])
			}
		}
	}
	means, logVars, err := m.EncodeDistribution(x)
	if err != nil {
		t.Fatal(err)
	}
	if means.At(1, 1) != codes.At(1, 1) || math.Abs(logVars.At(0, 1)-math.Log(4)) > 1e-6 {
		t.Errorf("EncodeDistribution gives mean %v and log-variance %v, want %v and %v", means.At(1, 1), logVars.At(0, 1), codes.At(1, 1), math.Log(4))
	}
}

// TestVAELossAgainstFloat64: the loss of a training step is the negative
// ELBO computed again in float64 from the model's weights, with the same
// noise.
func TestVAELossAgainstFloat64(t *testing.T) {
	const n, d, k = 4, 6, 2
	m, err := NewVAE([]int{d, 5, k}, Tanh, Sigmoid, 7)
	if err != nil {
		t.Fatal(err)
	}
	x := randomData(n, d, 3)
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, x)
	ws.beta = 1.5
	fillNormal(ws.eps[:n*k], rand.New(rand.NewPCG(1, 2)))
	got := m.step(ws, n, BCE, 0)

	dense := func(i int, in []float64, act Activation) []float64 {
		w, _ := m.Weights(i) // Out rows of In weights
		b, _ := m.Biases(i)
		out := make([]float64, len(b))
		for j := range out {
			z := b[j]
			for i, v := range in {
				z += w.At(j, i) * v
			}
			out[j] = refActivate(act, z)
		}
		return out
	}
	want := 0.0
	for r := 0; r < n; r++ {
		row := make([]float64, d)
		for j := range row {
			row[j] = float64(x[r*d+j])
		}
		stats := dense(1, dense(0, row, Tanh), Linear)
		z := make([]float64, k)
		kl := 0.0
		for j := range z {
			mu, lv := stats[j], stats[k+j]
			z[j] = mu + math.Exp(lv/2)*float64(ws.eps[r*k+j])
			kl += 0.5 * (mu*mu + math.Exp(lv) - 1 - lv)
		}
		xhat := dense(4, dense(3, z, Tanh), Sigmoid)
		recon := 0.0
		for j, y := range row {
			recon -= y*math.Log(xhat[j]) + (1-y)*math.Log(1-xhat[j])
		}
		want += (recon + 1.5*kl) / n
	}
	if math.Abs(got-want) > 1e-5*want {
		t.Errorf("the step's loss is %.8g, the float64 negative ELBO %.8g", got, want)
	}
}

func TestVAEErrors(t *testing.T) {
	ctx := context.Background()
	x := lowRank(50, 8, 2, 0.02, 1)
	vae, err := NewVAE([]int{8, 6, 2}, ReLU, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := NewSymmetric([]int{8, 6, 2}, ReLU, Linear, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	build := func(enc, dec []Layer) error {
		_, err := New(enc, dec, 1)
		return err
	}
	_, errCode0 := NewVAE([]int{8, 6, 0}, ReLU, Sigmoid, 1)
	_, errSizes := NewVAE([]int{8}, ReLU, Sigmoid, 1)
	_, errConv := TensorFlowCVAE(Shape{C: 1, H: 28, W: 28}, 0, 1)
	_, errPrior0 := PriorCodes(0, 2, 1)
	_, errPriorNeg := PriorCodes(-3, 2, 1)
	_, errPriorSize := PriorCodes(5, 0, 1)
	_, errPriorHuge := PriorCodes(1<<20, 1<<10, 1)
	_, errGen := vae.Generate(0, 1)
	_, errGenPlain := plain.Generate(10, 1)
	_, _, errSamples := vae.NegativeELBO(ctx, x, BCE, 0, 1)
	_, _, errPlain := plain.NegativeELBO(ctx, x, BCE, 1, 1)
	_, _, errLoss := vae.NegativeELBO(ctx, x, Loss(7), 1, 1)
	_, _, errCtx := vae.NegativeELBO(nil, x, BCE, 1, 1) //lint:ignore SA1012 testing the error
	_, _, errWidth := vae.NegativeELBO(ctx, lowRank(5, 7, 2, 0.02, 1), BCE, 1, 1)
	_, _, errDist := plain.EncodeDistribution(x)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, errCancelled := vae.NegativeELBO(cancelled, x, BCE, 1, 1)
	fit := func(m *Model, o Options) error {
		_, err := m.Fit(ctx, x, o)
		return err
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"β < 0", fit(vae, Options{KLWeight: -1}), "Options.KLWeight is -1, want β > 0"},
		{"β NaN", fit(vae, Options{KLWeight: math.NaN()}), "Options.KLWeight is NaN"},
		{"β Inf", fit(vae, Options{KLWeight: math.Inf(1)}), "Options.KLWeight is +Inf"},
		{"β on a plain model", fit(plain, Options{KLWeight: 2}), "the model has no Sampling layer"},
		{"CodeL1 on a VAE", fit(vae, Options{CodeL1: 0.1}), "Options.CodeL1 is 0.1, but a variational autoencoder"},
		{"code size 0", errCode0, "ae: NewVAE: sizes [8 6 0] ends in a code size of 0, want at least 1"},
		{"sizes", errSizes, "needs at least an input size and a code size"},
		{"conv code size 0", errConv, "codeSize is 0"},
		{"Sampling(0)", build([]Layer{Dense(8, 2, Linear), Sampling(0)}, []Layer{Dense(0, 8, Sigmoid)}), "Sampling(0 → 0) makes a code of 0 numbers"},
		{"Sampling of the wrong width", build([]Layer{Dense(8, 3, Linear), Sampling(2)}, []Layer{Dense(2, 8, Sigmoid)}), "takes 4 values (2 means, then 2 log-variances) but encoder layer 1 (Dense) outputs 3"},
		{"Sampling in the decoder", build([]Layer{Dense(8, 4, Linear)}, []Layer{Sampling(2), Dense(2, 8, Sigmoid)}), "must be the encoder's last layer"},
		{"Sampling inside the encoder", build([]Layer{Dense(8, 4, Linear), Sampling(2), Dense(2, 2, Tanh)}, []Layer{Dense(2, 8, Sigmoid)}), "must be the encoder's last layer"},
		{"Sampling after ReLU", build([]Layer{Dense(8, 4, ReLU), Sampling(2)}, []Layer{Dense(2, 8, Sigmoid)}), "must be Dense with activation ae.Linear"},
		{"Sampling first", build([]Layer{Sampling(4)}, []Layer{Dense(4, 8, Sigmoid)}), "does not say what the input is"},
		{"Sampling with an activation", build([]Layer{Dense(8, 4, Linear), Layer{kind: kindSampling, In: 4, Out: 2, Act: ReLU}}, []Layer{Dense(2, 8, Sigmoid)}), "takes no activation"},
		{"PriorCodes n = 0", errPrior0, "ae: PriorCodes: n is 0, want at least 1 code"},
		{"PriorCodes n < 0", errPriorNeg, "n is -3"},
		{"PriorCodes size 0", errPriorSize, "size is 0"},
		{"PriorCodes too many", errPriorHuge, "more than the"},
		{"Generate n = 0", errGen, "ae: Generate: n is 0, want at least 1 image"},
		{"Generate on a plain model", errGenPlain, "ae: Generate: the model has no Sampling layer"},
		{"NegativeELBO samples 0", errSamples, "samples is 0, want 1 to 1000"},
		{"NegativeELBO on a plain model", errPlain, "not a variational autoencoder"},
		{"NegativeELBO loss", errLoss, "loss is"},
		{"NegativeELBO nil ctx", errCtx, "ctx is nil"},
		{"NegativeELBO width", errWidth, "ae: NegativeELBO: x is 5×7, but the model takes rows of 8 values"},
		{"NegativeELBO cancelled", errCancelled, "context canceled"},
		{"EncodeDistribution on a plain model", errDist, "not a variational autoencoder"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
	if !errors.Is(errCancelled, context.Canceled) {
		t.Errorf("NegativeELBO cancelled: %v does not wrap context.Canceled", errCancelled)
	}
	if vae.Generate(3, 1); plain.Variational() || !vae.Variational() {
		t.Error("Variational is wrong")
	}
}

// TestVAEFit: a VAE trains as any model does: the same seed gives the same
// bits, another seed other bits; the negative ELBO falls; the callbacks and
// the progress hear of every batch and epoch; cancelling stops it within a
// batch, keeping what it learned.
func TestVAEFit(t *testing.T) {
	ctx := context.Background()
	x := lowRank(600, 30, 3, 0.05, 2)
	val := lowRank(100, 30, 3, 0.05, 3)
	run := func(seed int64, opts Options) (*Model, *History) {
		m, err := NewVAE([]int{30, 16, 2}, ReLU, Sigmoid, 4)
		if err != nil {
			t.Fatal(err)
		}
		opts.Seed = seed
		h, err := m.Fit(ctx, x, opts)
		if err != nil {
			t.Fatal(err)
		}
		return m, h
	}
	opts := Options{Epochs: 6, BatchSize: 32, Loss: BCE, Validation: val}
	a, ha := run(1, opts)
	b, hb := run(1, opts)
	c, _ := run(2, opts)
	if !equal32(a.params, b.params) || fmt.Sprint(ha.Train, ha.Validation) != fmt.Sprint(hb.Train, hb.Validation) {
		t.Error("the same seed gave different weights or losses")
	}
	if equal32(a.params, c.params) {
		t.Error("another seed gave the same weights")
	}
	if !(ha.LastTrain() < ha.Train[0]) || !(ha.LastValidation() < ha.Validation[0]) {
		t.Errorf("training did not lower the negative ELBO: train %v, validation %v", ha.Train, ha.Validation)
	}
	// The validation loss is the negative ELBO of the validation rows, in
	// nats per row: NegativeELBO with many samples lands close to it.
	recon, kl, err := a.NegativeELBO(ctx, val, BCE, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for i := range recon {
		total += (recon[i] + kl[i]) / float64(len(recon))
	}
	if math.Abs(total-ha.LastValidation()) > 0.01*total {
		t.Errorf("NegativeELBO averages %.4f per row, Fit's validation loss is %.4f", total, ha.LastValidation())
	}
	// A larger β buys a smaller KL term with a larger reconstruction term.
	big, _ := run(1, Options{Epochs: 6, BatchSize: 32, Loss: BCE, KLWeight: 8})
	r8, kl8, err := big.NegativeELBO(ctx, val, BCE, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	if mean(kl8) >= mean(kl) || mean(r8) <= mean(recon) {
		t.Errorf("β = 8: KL %.3f, reconstruction %.3f; β = 1: KL %.3f, reconstruction %.3f", mean(kl8), mean(r8), mean(kl), mean(recon))
	}

	// Callbacks, progress and cancellation within a batch.
	m, err := NewVAE([]int{30, 16, 2}, ReLU, Sigmoid, 4)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var batches, epochs int
	rec := &recorder{}
	before := paramsCopy(m)
	h, err := m.Fit(WithProgress(cctx, rec), x, Options{Epochs: 5, BatchSize: 32, Loss: BCE,
		OnEpoch: func(epoch int, train, validation float64) {
			epochs++
			if _, err := m.Generate(4, 1); err != nil { // callbacks may use the model
				t.Error(err)
			}
		},
		OnBatch: func(epoch, batch, n int, loss float64) {
			batches++
			if epoch == 2 && batch == 3 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "epoch 2 at batch 4 of 19") {
		t.Errorf("cancelled Fit returned %v", err)
	}
	if h.Epochs() != 1 || epochs != 1 || batches != 19+3 || rec.batches != 19+3 || rec.epochs != 1 {
		t.Errorf("history %d epochs, OnEpoch %d, OnBatch %d, progress %d batches and %d epochs", h.Epochs(), epochs, batches, rec.batches, rec.epochs)
	}
	if equal32(before, m.params) {
		t.Error("the cancelled Fit kept nothing it learned")
	}
	if _, err := m.Generate(3, 1); err != nil {
		t.Errorf("the model is not usable after cancelling: %v", err)
	}
}

// recorder is a Progress that counts what it hears.
type recorder struct{ batches, epochs int }

func (r *recorder) Batch(epoch, epochs, batch, batches, seen int, loss float64) { r.batches++ }
func (r *recorder) Epoch(epoch, epochs int, train, validation, seconds float64) { r.epochs++ }

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// TestVAEClamp: an encoder that outputs absurd log-variances still gives
// finite codes, losses and gradients.
func TestVAEClamp(t *testing.T) {
	m, err := NewVAE([]int{4, 2}, Tanh, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	setCode(m, []float64{0.5, -0.5}, []float64{500, -500})
	x := lowRank(8, 4, 1, 0.02, 1)
	ws := m.newWorkspace(8, true)
	copy(ws.x, float32Rows(x))
	copy(ws.y, ws.x)
	fillNormal(ws.eps[:16], rand.New(rand.NewPCG(1, 1)))
	loss := m.step(ws, 8, BCE, 0)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		t.Fatalf("loss %v", loss)
	}
	for i, g := range m.grads {
		if math.IsNaN(float64(g)) || math.IsInf(float64(g), 0) {
			t.Fatalf("gradient %d is %v", i, g)
		}
	}
	lv := m.layers[0].gb[2:4]
	if lv[0] != 0 || lv[1] != 0 {
		t.Errorf("log-variances beyond the clamp have gradients %v, want 0", lv)
	}
	for _, z := range ws.acts[m.nEnc-1][:16] {
		if math.IsNaN(float64(z)) || math.IsInf(float64(z), 0) {
			t.Fatalf("code %v", z)
		}
	}
}

// vaeSaved is a small trained VAE and its bytes.
func vaeSaved(t testing.TB) (*Model, []byte) {
	t.Helper()
	m, err := NewVAE([]int{6, 4, 2}, Tanh, Sigmoid, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(context.Background(), lowRank(20, 6, 2, 0.05, 4), Options{Epochs: 2, BatchSize: 8, Loss: BCE}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

// TestVAESaveLoad: a VAE saves as version 3 and loads back the same, dense
// or convolutional; plain models still save as version 2; a file that
// mixes the two is refused.
func TestVAESaveLoad(t *testing.T) {
	conv := smallConvVAE(t, 3)
	if _, err := conv.Fit(context.Background(), lowRank(16, 36, 2, 0.05, 1), Options{Epochs: 1, BatchSize: 8, Loss: BCE}); err != nil {
		t.Fatal(err)
	}
	dense, good := vaeSaved(t)
	for _, m := range []*Model{dense, conv} {
		path := filepath.Join(t.TempDir(), "vae.aekit")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Variational() || got.Summary() != m.Summary() || !equal32(got.params, m.params) {
			t.Fatalf("loaded VAE differs:\n%s\nwant\n%s", got.Summary(), m.Summary())
		}
		a, _ := m.Generate(5, 3)
		b, _ := got.Generate(5, 3)
		if !mat.Equal(a, b) {
			t.Error("a loaded VAE generates other images from the same seed")
		}
		var buf bytes.Buffer
		if err := got.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if v := binary.LittleEndian.Uint32(buf.Bytes()[8:]); v != 3 {
			t.Errorf("a VAE is written as version %d, want 3", v)
		}
	}
	_, plain := savedModel(t)
	if v := binary.LittleEndian.Uint32(plain[8:]); v != 2 {
		t.Errorf("a plain model is written as version %d, want 2", v)
	}
	g, p := patcher(good), patcher(plain)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"a VAE as version 2", g.patch(8, 2), "a version 2 file holds no Sampling layer"},
		{"a plain model as version 3", p.patch(8, 3), "a version 3 file holds a variational autoencoder"},
		{"Sampling's width", g.patch(rec(2, fIn), 6), "Sampling(6 → 2) takes 6 values, want 2·2 = 4"},
		{"Sampling's code", g.patch(rec(2, fOut), 3, rec(3, fIn), 3), "Sampling(4 → 3) takes 4 values, want 2·3 = 6"},
		{"Sampling's activation", g.patch(rec(2, fAct), 1), "takes no activation"},
	} {
		_, err := Read(bytes.NewReader(c.data))
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an ErrFormat containing %q", c.name, err, c.want)
		}
	}
}

func TestVAEDescribes(t *testing.T) {
	m, err := NewVAE([]int{784, 256, 2}, ReLU, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.String(); s != "ae.Model 784→256→2→256→784, variational (404,244 parameters)" {
		t.Errorf("String() = %q", s)
	}
	if m.CodeSize() != 2 || m.InputSize() != 784 {
		t.Errorf("CodeSize %d, InputSize %d", m.CodeSize(), m.InputSize())
	}
	sum := m.Summary()
	if !strings.Contains(sum, "Sampling(4 → 2)") || !strings.Contains(sum, "code size 2: each 784-value input is compressed 392.0×") {
		t.Errorf("Summary:\n%s", sum)
	}
	// TensorFlow's CVAE, layer for layer: 69,989 parameters with a
	// 2-number code (its encoder's valid convolutions make 6×6×64).
	cvae, err := TensorFlowCVAE(Shape{C: 1, H: 28, W: 28}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if cvae.NumParams() != 69989 || !cvae.Variational() {
		t.Errorf("TensorFlowCVAE: %v", cvae)
	}
	if s := cvae.String(); s != "ae.Model 1×28×28 → 2 → 1×28×28, variational (10 layers, 69,989 parameters)" {
		t.Errorf("String() = %q", s)
	}
	codes, err := PriorCodes(3, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := PriorCodes(3, 4, 1)
	other, _ := PriorCodes(3, 4, 2)
	if !mat.Equal(codes, again) || mat.Equal(codes, other) {
		t.Error("PriorCodes does not repeat with its seed")
	}
}
