package ae

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aekit/aekit/internal/par"
	"gonum.org/v1/gonum/mat"
)

// lowRank returns n rows of d values near a k-dimensional plane, in [0, 1].
func lowRank(n, d, k int, noiseStd float64, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 11))
	basis := make([]float64, k*d)
	for i := range basis {
		basis[i] = rng.NormFloat64() / math.Sqrt(float64(k))
	}
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		for c := 0; c < k; c++ {
			z := rng.NormFloat64() * 0.15
			for j := range row {
				row[j] += z * basis[c*d+j]
			}
		}
		for j := range row {
			row[j] = math.Min(1, math.Max(0, 0.5+row[j]+noiseStd*rng.NormFloat64()))
		}
	}
	return x
}

func paramsCopy(m *Model) []float32 { return append([]float32(nil), m.params...) }

func TestSameSeedSameRun(t *testing.T) {
	x := lowRank(700, 20, 3, 0.02, 1)
	run := func(modelSeed, fitSeed int64) ([]float32, *History) {
		m, err := NewSymmetric([]int{20, 12, 4}, ReLU, ReLU, Sigmoid, modelSeed)
		if err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(context.Background(), x, Options{Epochs: 3, BatchSize: 64, Loss: BCE, Seed: fitSeed,
			Corrupt: Corruption{Gaussian: 0.1}, Validation: x})
		if err != nil {
			t.Fatal(err)
		}
		return paramsCopy(m), h
	}
	w1, h1 := run(1, 1)
	w2, h2 := run(1, 1)
	for i := range w1 {
		if math.Float32bits(w1[i]) != math.Float32bits(w2[i]) {
			t.Fatalf("same seeds: weight %d differs: %v vs %v", i, w1[i], w2[i])
		}
	}
	for i := range h1.Train {
		if h1.Train[i] != h2.Train[i] || h1.Validation[i] != h2.Validation[i] {
			t.Fatalf("same seeds: epoch %d losses differ: %v/%v vs %v/%v", i+1, h1.Train[i], h1.Validation[i], h2.Train[i], h2.Validation[i])
		}
	}
	w3, _ := run(2, 1)
	w4, h4 := run(1, 2)
	if equal32(w1, w3) {
		t.Error("different model seeds gave the same weights")
	}
	if equal32(w1, w4) || h4.Train[0] == h1.Train[0] {
		t.Error("different fit seeds gave the same run")
	}
}

func equal32(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A linear autoencoder trained with MSE can at best match PCA with the same
// code size (the Eckart-Young theorem), and Adam gets it there.
func TestLinearAutoencoderReachesPCA(t *testing.T) {
	const k = 3
	x := lowRank(1000, 24, 5, 0.03, 2)
	p, err := FitPCA(x, k)
	if err != nil {
		t.Fatal(err)
	}
	xp, _ := p.Reconstruct(x)
	pcaErr, _ := MSE.Mean(x, xp)

	m, err := NewSymmetric([]int{24, k}, Linear, Linear, Linear, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Minibatches get close quickly; full batches then remove the last of
	// the minibatch noise.
	if _, err := m.Fit(context.Background(), x, Options{Epochs: 150, BatchSize: 32, LearningRate: 0.01, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(context.Background(), x, Options{Epochs: 300, BatchSize: 1000, LearningRate: 0.001, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	xa, _ := m.Reconstruct(x)
	aeErr, _ := MSE.Mean(x, xa)
	t.Logf("PCA MSE %.6g, linear autoencoder MSE %.6g (ratio %.4f)", pcaErr, aeErr, aeErr/pcaErr)
	if aeErr < pcaErr*(1-1e-4) {
		t.Errorf("linear autoencoder MSE %.6g is below PCA's %.6g: impossible, so something is miscounted", aeErr, pcaErr)
	}
	if aeErr > pcaErr*1.03 {
		t.Errorf("linear autoencoder MSE %.6g is more than 3%% above PCA's %.6g", aeErr, pcaErr)
	}
}

func TestFitStopsOnCancel(t *testing.T) {
	x := lowRank(2000, 30, 4, 0.02, 3)
	m, _ := NewSymmetric([]int{30, 8}, ReLU, ReLU, Sigmoid, 1)
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	h, err := m.Fit(ctx, x, Options{Epochs: 50, BatchSize: 100, OnBatch: func(epoch, batch, n int, loss float64) {
		batches++
		if epoch == 2 && batch == 5 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit returned %v, want an error wrapping context.Canceled", err)
	}
	if batches != 20+5 {
		t.Errorf("ran %d batches, want 25 (stop within one batch of the cancel)", batches)
	}
	if h.Epochs() != 1 {
		t.Errorf("history has %d epochs, want the 1 completed", h.Epochs())
	}
	xr, err := m.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := MSE.Mean(x, xr); math.IsNaN(e) || e > h.Train[0] {
		t.Errorf("after the cancel the model's error is %v, worse than epoch 1's %v", e, h.Train[0])
	}
}

func TestFitDivergenceRestoresWeights(t *testing.T) {
	x := lowRank(300, 10, 2, 0.02, 4)
	m, _ := NewSymmetric([]int{10, 4}, Linear, Linear, Linear, 1)
	lastGood := paramsCopy(m)
	_, err := m.Fit(context.Background(), x, Options{Epochs: 20, Optimizer: SGD, LearningRate: 1e3,
		OnEpoch: func(int, float64, float64) { lastGood = paramsCopy(m) }})
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("Fit with learning rate 1e3 returned %v, want ErrDiverged", err)
	}
	if !equal32(lastGood, m.params) {
		t.Errorf("the weights are not those after the last completed epoch: %v", err)
	}
	for i, v := range m.params {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("weight %d is %v after the restore", i, v)
		}
	}
}

func TestFitErrors(t *testing.T) {
	m, _ := NewSymmetric([]int{10, 4}, ReLU, ReLU, Sigmoid, 1)
	good := lowRank(20, 10, 2, 0, 5)
	nan := mat.DenseCopyOf(good)
	nan.Set(3, 7, math.NaN())
	for _, c := range []struct {
		name string
		x    *mat.Dense
		opts Options
		want string
	}{
		{"nil", nil, Options{}, "ae: Fit: x is nil"},
		{"wrong width", mat.NewDense(5, 9, nil), Options{}, "ae: Fit: x is 5×9, but the model takes rows of 10 values"},
		{"NaN", nan, Options{}, "ae: Fit: x has NaN at row 3, column 7"},
		{"target rows", good, Options{Target: mat.NewDense(19, 10, nil)}, "ae: Fit: x has 20 rows but Options.Target has 19"},
		{"validation width", good, Options{Validation: mat.NewDense(4, 11, nil)}, "ae: Fit: Options.Validation is 4×11, but the model takes rows of 10 values"},
		{"negative epochs", good, Options{Epochs: -1}, "ae: Fit: Options.Epochs is -1, want 0 (meaning 10) or more"},
		{"NaN rate", good, Options{LearningRate: math.NaN()}, "ae: Fit: Options.LearningRate is NaN, want a positive number (or 0 for the default)"},
		{"momentum", good, Options{Momentum: 1}, "ae: Fit: Options.Momentum is 1, want 0 ≤ momentum < 1"},
		{"loss", good, Options{Loss: 7}, "ae: Fit: Options.Loss is Loss(7), want MSE, BCE or MAE"},
		{"noise", good, Options{Corrupt: Corruption{Mask: 1.5}}, "ae: Fit: Options.Corrupt.Mask: "},
	} {
		_, err := m.Fit(context.Background(), c.x, c.opts)
		if err == nil || len(err.Error()) < len(c.want) || err.Error()[:len(c.want)] != c.want {
			t.Errorf("%s: got error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := m.Fit(nil, good, Options{}); err == nil { //lint:ignore SA1012 testing the nil check
		t.Error("Fit with a nil context returned no error")
	}
}

// The gradients of one big batch, split across goroutines, must equal the
// row-weighted mean of the gradients of its pieces computed separately.
func TestParallelBatchMatchesPieces(t *testing.T) {
	const n, d = 600, 64
	x := float32Rows(lowRank(n, d, 4, 0.05, 6))
	m, _ := NewSymmetric([]int{d, 16, 8}, Tanh, ReLU, Sigmoid, 2)
	if par.Chunks(n, grain(d)) < 2 {
		t.Fatalf("the batch is not split: test does not exercise the parallel path")
	}
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, x)
	whole := m.step(ws, n, BCE, 0)
	want := append([]float32(nil), m.grads...)
	sum := make([]float64, len(m.grads))
	loss := 0.0
	for start := 0; start < n; start += 100 {
		copy(ws.x, x[start*d:(start+100)*d])
		copy(ws.y, x[start*d:(start+100)*d])
		loss += m.step(ws, 100, BCE, 0) / 6
		for i, g := range m.grads {
			sum[i] += float64(g) / 6
		}
	}
	if math.Abs(loss-whole) > 1e-5*whole {
		t.Errorf("loss of the batch %v, mean of its pieces %v", whole, loss)
	}
	for i := range want {
		if math.Abs(float64(want[i])-sum[i]) > 1e-4*math.Abs(sum[i])+1e-7 {
			t.Fatalf("gradient %d: whole batch %v, pieces %v", i, want[i], sum[i])
		}
	}
}

// Callbacks may use the model (no deadlock), and a callback that panics
// leaves the model usable.
func TestCallbacksMayUseTheModel(t *testing.T) {
	x := lowRank(200, 10, 2, 0.02, 8)
	m, _ := NewSymmetric([]int{10, 4}, ReLU, ReLU, Sigmoid, 1)
	seen := 0
	_, err := m.Fit(context.Background(), x, Options{Epochs: 2, BatchSize: 50, OnEpoch: func(int, float64, float64) {
		if _, err := m.Reconstruct(x); err != nil {
			t.Error(err)
		}
		seen++
	}})
	if err != nil || seen != 2 {
		t.Fatalf("Fit: %v, %d epochs seen", err, seen)
	}
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the callback's panic", r)
			}
		}()
		m.Fit(context.Background(), x, Options{Epochs: 2, OnBatch: func(int, int, int, float64) { panic("boom") }})
	}()
	if _, err := m.Reconstruct(x); err != nil {
		t.Errorf("after a panicking callback: %v", err)
	}
}

func TestHistoryStringOfARaggedHistory(t *testing.T) {
	h := &History{Train: []float64{0.5, 0.4}, Seconds: []float64{1}}
	if s := h.String(); !strings.Contains(s, "0.40000") {
		t.Errorf("String() = %q", s)
	}
}
