package ae

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/datasets"
)

func TestLearningRateAt(t *testing.T) {
	cases := []struct {
		name  string
		opts  Options
		epoch float64
		want  float64
	}{
		{"default", Options{}, 3.7, 0.001},
		{"sgd default", Options{Optimizer: SGD}, 0, 0.01},
		{"constant warm-up, half-way", Options{LearningRate: 0.004, WarmupEpochs: 2}, 1, 0.002},
		{"constant after warm-up", Options{LearningRate: 0.004, WarmupEpochs: 2}, 2.5, 0.004},
		{"cosine warm-up", Options{Epochs: 21, LearningRate: 0.002, Schedule: CosineDecay, WarmupEpochs: 1}, 0.5, 0.001},
		{"cosine top", Options{Epochs: 21, LearningRate: 0.002, Schedule: CosineDecay, WarmupEpochs: 1}, 1, 0.002},
		{"cosine half-way", Options{Epochs: 21, LearningRate: 0.002, Schedule: CosineDecay, WarmupEpochs: 1}, 11, 0.001},
		{"cosine quarter", Options{Epochs: 20, LearningRate: 0.002, Schedule: CosineDecay}, 5, 0.001 * (1 + math.Sqrt2/2)},
		{"cosine end", Options{Epochs: 21, LearningRate: 0.002, Schedule: CosineDecay, WarmupEpochs: 1}, 21, 0},
		{"cosine to a floor", Options{Epochs: 10, LearningRate: 0.003, MinLearningRate: 0.001, Schedule: CosineDecay}, 5, 0.002},
		{"cosine past the end", Options{Epochs: 10, LearningRate: 0.003, MinLearningRate: 0.001, Schedule: CosineDecay}, 12, 0.001},
		{"linear", Options{Epochs: 10, LearningRate: 0.01, MinLearningRate: 0.001, Schedule: LinearDecay}, 5, 0.0055},
		{"linear after warm-up", Options{Epochs: 12, LearningRate: 0.01, Schedule: LinearDecay, WarmupEpochs: 2}, 9.5, 0.0025},
		{"step before", Options{Epochs: 10, LearningRate: 0.1, Schedule: StepDecay, DecayEvery: 3, DecayFactor: 0.5}, 2.9, 0.1},
		{"step once", Options{Epochs: 10, LearningRate: 0.1, Schedule: StepDecay, DecayEvery: 3, DecayFactor: 0.5}, 3, 0.05},
		{"step twice", Options{Epochs: 10, LearningRate: 0.1, Schedule: StepDecay, DecayEvery: 3, DecayFactor: 0.5}, 6.5, 0.025},
		{"step default factor", Options{Epochs: 10, LearningRate: 0.1, Schedule: StepDecay, DecayEvery: 4}, 8, 0.001},
		{"one-cycle start", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle}, 0, 0.0004},
		{"one-cycle rising", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle}, 1.5, 0.0052},
		{"one-cycle peak", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle}, 3, 0.01},
		{"one-cycle falling", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle}, 6.5, (0.01 + 0.01/250000) / 2},
		{"one-cycle end", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle}, 10, 0.01 / 250000},
		{"one-cycle set rise", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle, WarmupEpochs: 1, MinLearningRate: 0.001}, 1, 0.01},
		{"one-cycle set floor", Options{Epochs: 10, LearningRate: 0.01, Schedule: OneCycle, WarmupEpochs: 1, MinLearningRate: 0.001}, 10, 0.001},
	}
	for _, c := range cases {
		if got := c.opts.LearningRateAt(c.epoch); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: LearningRateAt(%v) = %.10g, want %.10g", c.name, c.epoch, got, c.want)
		}
	}
}

func TestBatchSizeAt(t *testing.T) {
	o := Options{Epochs: 40, BatchSize: 128, MaxBatchSize: 1024}
	for epoch, want := range map[int]int{1: 128, 10: 128, 11: 256, 20: 256, 21: 512, 31: 1024, 40: 1024} {
		if got := o.BatchSizeAt(epoch); got != want {
			t.Errorf("BatchSizeAt(%d) = %d, want %d", epoch, got, want)
		}
	}
	o = Options{Epochs: 4, BatchSize: 100, MaxBatchSize: 300} // 100, 200, 300: stages of 4/3 epochs
	for epoch, want := range map[int]int{1: 100, 2: 100, 3: 200, 4: 300} {
		if got := o.BatchSizeAt(epoch); got != want {
			t.Errorf("100 to 300 over 4 epochs: BatchSizeAt(%d) = %d, want %d", epoch, got, want)
		}
	}
	if got := (Options{}).BatchSizeAt(3); got != 256 {
		t.Errorf("the zero Options: BatchSizeAt(3) = %d, want 256", got)
	}
}

// Fit must give each batch the rate of LearningRateAt at the batch's middle:
// train with a schedule, one batch an epoch, and step a copy by hand.
func TestFitFollowsTheSchedule(t *testing.T) {
	const n, d = 16, 12
	x := mat.NewDense(n, d, float64s(float32Rows(lowRank(n, d, 3, 0.05, 3))))
	opts := Options{Epochs: 5, BatchSize: n, LearningRate: 0.05, Optimizer: SGD, Momentum: 0.5,
		Schedule: CosineDecay, WarmupEpochs: 1.5, WeightDecay: 0.1, Loss: MSE}
	m, _ := NewSymmetric([]int{d, 6, 3}, Tanh, Linear, Sigmoid, 4)
	hand, _ := NewSymmetric([]int{d, 6, 3}, Tanh, Linear, Sigmoid, 4)
	if _, err := m.Fit(context.Background(), x, opts); err != nil {
		t.Fatal(err)
	}
	ws := hand.newWorkspace(n, true)
	ws.load(ws.x, x, nil, 0, n)
	copy(ws.y, ws.x)
	opt := newOptimizerState(SGD, 0, 0.5, len(hand.params))
	opt.decay = 0.1
	for e := range 5 {
		hand.step(ws, n, MSE, 0)
		opt.lr = opts.LearningRateAt(float64(e) + 0.5)
		opt.update(hand.params, hand.grads)
	}
	for k := range m.params {
		if d := math.Abs(float64(m.params[k] - hand.params[k])); d > 1e-6 {
			t.Fatalf("%s: Fit reached %.7g, the hand-stepped copy %.7g", paramName(m, k), m.params[k], hand.params[k])
		}
	}
	// The same schedule at a constant rate would have gone elsewhere.
	flat, _ := NewSymmetric([]int{d, 6, 3}, Tanh, Linear, Sigmoid, 4)
	o := opts
	o.Schedule, o.WarmupEpochs = Constant, 0
	if _, err := flat.Fit(context.Background(), x, o); err != nil {
		t.Fatal(err)
	}
	same := true
	for k := range m.params {
		same = same && m.params[k] == flat.params[k]
	}
	if same {
		t.Error("a cosine schedule with warm-up trained to the same weights as a constant rate")
	}
}

// AdamW on a case worked by hand: on the first step Adam moves each
// parameter by lr·sign(g) (m̂ = g, v̂ = g²), and weight decay first
// multiplies it by 1 - lr·λ.
func TestWeightDecayByHand(t *testing.T) {
	const lr, decay = 0.1, 0.5
	for _, c := range []struct {
		kind     Optimizer
		want     []float32
		momentum float64
	}{
		// Adam: 1·0.95 - 0.1, -2·0.95 - 0 (no gradient, no step), 4·0.95 + 0.1.
		{Adam, []float32{0.85, -1.9, 3.9}, 0},
		// SGD: p·0.95 - 0.1·g.
		{SGD, []float32{0.9, -1.9, 3.8 + 0.02}, 0.9},
	} {
		p := []float32{1, -2, 4}
		g := []float32{0.5, 0, -0.2}
		s := newOptimizerState(c.kind, lr, c.momentum, len(p))
		s.decay = decay
		s.update(p, g)
		for i := range p {
			if math.Abs(float64(p[i]-c.want[i])) > 1e-6 {
				t.Errorf("%v with weight decay %v: parameter %d is %.7g, want %.7g", c.kind, decay, i, p[i], c.want[i])
			}
		}
		// Without decay the second parameter stays where it was.
		p = []float32{1, -2, 4}
		s = newOptimizerState(c.kind, lr, c.momentum, len(p))
		s.update(p, g)
		if p[1] != -2 {
			t.Errorf("%v without weight decay moved a parameter with no gradient to %v", c.kind, p[1])
		}
	}
	// Betas: with β1 = 0.5 and β2 = 0.75 the first step is still lr·sign(g)
	// (the bias corrections undo the betas), the second is worked here.
	p, g := []float32{1}, []float32{0.5}
	s := newOptimizerState(Adam, lr, 0, 1)
	s.b1, s.b2 = 0.5, 0.75
	s.update(p, g)
	g[0] = -0.25
	s.update(p, g)
	// m = 0.5·0.25 + 0.5·(-0.25) = 0; so the second step is 0.
	if math.Abs(float64(p[0]-0.9)) > 1e-6 {
		t.Errorf("Adam with β1 0.5, β2 0.75: the parameter is %.7g after two steps, want 0.9", p[0])
	}
}

func TestScheduleOptionsChecked(t *testing.T) {
	m, _ := NewSymmetric([]int{6, 3}, ReLU, ReLU, Sigmoid, 1)
	x := mat.NewDense(4, 6, nil)
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{Schedule: Schedule(9)}, "Options.Schedule is Schedule(9)"},
		{Options{Schedule: StepDecay}, "DecayEvery is 0"},
		{Options{WarmupEpochs: -1}, "Options.WarmupEpochs is -1"},
		{Options{MinLearningRate: math.NaN()}, "Options.MinLearningRate is NaN"},
		{Options{DecayFactor: 1.5}, "Options.DecayFactor is 1.5"},
		{Options{Beta1: 1}, "Options.Beta1 is 1"},
		{Options{Beta2: -0.1}, "Options.Beta2 is -0.1"},
		{Options{WeightDecay: math.Inf(1)}, "Options.WeightDecay is +Inf"},
		{Options{MaxBatchSize: -3}, "Options.MaxBatchSize is -3"},
		{Options{BatchSize: 32, MaxBatchSize: 16}, "Options.MaxBatchSize is 16, below the first batch size 32"},
		{Options{MaxBatchSize: 128}, "Options.MaxBatchSize is 128, below the first batch size 256"},
	} {
		_, err := m.Fit(context.Background(), x, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error containing %q", c.opts, err, c.want)
		}
	}
	if s, err := ParseSchedule("OneCycle"); err != nil || s != OneCycle || s.String() != "onecycle" {
		t.Errorf("ParseSchedule(OneCycle) = %v, %v", s, err)
	}
}

// Growing batches: Fit runs with batches that double, and a seed repeats
// bit for bit.
func TestGrowingBatches(t *testing.T) {
	const n, d = 100, 12
	x := mat.NewDense(n, d, float64s(float32Rows(lowRank(n, d, 3, 0.05, 5))))
	opts := Options{Epochs: 3, BatchSize: 10, MaxBatchSize: 40, Loss: BCE, Seed: 2, Schedule: CosineDecay}
	var batches []int
	opts.OnBatch = func(epoch, batch, nb int, loss float64) {
		if batch == 1 {
			batches = append(batches, nb)
		}
	}
	run := func() []float32 {
		m, _ := NewSymmetric([]int{d, 6, 3}, ReLU, Linear, Sigmoid, 1)
		if _, err := m.Fit(context.Background(), x, opts); err != nil {
			t.Fatal(err)
		}
		return m.params
	}
	a := run()
	if want := []int{10, 5, 3}; len(batches) != 3 || batches[0] != want[0] || batches[1] != want[1] || batches[2] != want[2] {
		t.Errorf("batches per epoch %v, want %v (sizes 10, 20, 40)", batches, want)
	}
	b := run()
	for k := range a {
		if a[k] != b[k] {
			t.Fatalf("two runs with the same seed differ at parameter %d", k)
		}
	}
}

// Pretraining must leave every layer's shallow autoencoder better than it
// started, on the codes of the layers below, and the model ready to fine-tune.
func TestPretrainImprovesEachLayer(t *testing.T) {
	x := mnistRows(t, 1000)
	m, _ := NewSymmetric([]int{784, 64, 32, 8}, ReLU, Linear, Sigmoid, 1)
	before := append([]float32(nil), m.params...)
	layers := 0
	hists, err := m.pretrain(context.Background(), x, Options{Epochs: 2, BatchSize: 50, Loss: BCE, Seed: 1},
		func(layer int, start, end float64) {
			layers++
			t.Logf("layer %d: its shallow autoencoder's loss %.5f before, %.5f after", layer+1, start, end)
			if !(end < start) {
				t.Errorf("layer %d: loss %.5f after pretraining, not below the %.5f it started from", layer+1, end, start)
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if layers != 3 || len(hists) != 3 || hists[0].Epochs() != 2 {
		t.Errorf("%d layers reported, %d histories (first with %d epochs); want 3, 3 and 2", layers, len(hists), hists[0].Epochs())
	}
	changed := 0
	for k := range before {
		if before[k] != m.params[k] {
			changed++
		}
	}
	// Weights from pixels that are 0 in every image get no gradient.
	if changed < len(before)*3/4 {
		t.Errorf("pretraining changed %d of %d parameters", changed, len(before))
	}
	if _, err := m.Fit(context.Background(), x, Options{Epochs: 1, BatchSize: 50, Loss: BCE}); err != nil {
		t.Fatal(err)
	}
}

func TestPretrainRefusesOtherModels(t *testing.T) {
	x := mat.NewDense(4, 6, nil)
	uneven, _ := New([]Layer{Dense(6, 4, ReLU), Dense(4, 2, Linear)}, []Layer{Dense(2, 6, Sigmoid)}, 1)
	crossed, _ := New([]Layer{Dense(6, 4, ReLU), Dense(4, 2, Linear)}, []Layer{Dense(2, 3, ReLU), Dense(3, 6, Sigmoid)}, 1)
	conv, _ := KerasBlogConv(Shape{C: 1, H: 28, W: 28}, 1)
	for _, c := range []struct {
		m    *Model
		want string
	}{{uneven, "the encoder has 2 layers and the decoder 1"}, {crossed, "encoder layer 1 maps 6 to 4 values, but its mirror, decoder layer 2, maps 3 to 6"},
		{conv, "layers other than Dense"}} {
		_, err := c.m.Pretrain(context.Background(), x, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
}

// mnistRows returns the first n embedded MNIST test digits.
func mnistRows(t *testing.T, n int) *mat.Dense {
	t.Helper()
	digits, err := datasets.MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	return mat.DenseCopyOf(digits.Images.Slice(0, n, 0, 784))
}
