package ae

import "testing"

func TestTrainingStepDoesNotAllocate(t *testing.T) {
	const n, d = 256, 784
	x := float32Rows(lowRank(n, d, 4, 0.05, 7))
	m, _ := NewSymmetric([]int{d, 64, 32}, ReLU, ReLU, Sigmoid, 1)
	ws := m.newWorkspace(n, true)
	copy(ws.x, x)
	copy(ws.y, x)
	opt := newOptimizerState(Adam, 1e-3, 0, len(m.params))
	step := func() {
		m.step(ws, n, BCE, 1e-5)
		opt.update(m.params, m.grads)
	}
	step()
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("a training step allocates %v times", a)
	}
}

// TestConvStepDoesNotAllocate: the same for the convolutional presets,
// whose layers cover every kind (the PyImageSearch model's products run on
// every core, the Keras blog's are spread over the cores by par.For), and
// for the inference pass, on a full batch and on the smaller last batch of
// an epoch.
func TestConvStepDoesNotAllocate(t *testing.T) {
	shape := Shape{C: 1, H: 28, W: 28}
	for _, c := range []struct {
		name  string
		f     func(Shape, int64) (*Model, error)
		batch int
		loss  Loss
	}{{"PyImageSearchConv", PyImageSearchConv, 32, MSE}, {"KerasBlogConv", KerasBlogConv, 128, BCE}, {"TensorFlowDenoiser", TensorFlowDenoiser, 64, MSE}} {
		m, err := c.f(shape, 1)
		if err != nil {
			t.Fatal(err)
		}
		n := c.batch
		x := float32Rows(lowRank(n, 784, 4, 0.05, 7))
		ws := m.newWorkspace(n, true)
		copy(ws.x, x)
		copy(ws.y, x)
		opt := newOptimizerState(Adam, 1e-3, 0, len(m.params))
		for _, rows := range []int{n, n/2 + 3} {
			step := func() {
				m.step(ws, rows, c.loss, 0)
				opt.update(m.params, m.grads)
			}
			step()
			if a := testing.AllocsPerRun(3, step); a != 0 {
				t.Errorf("%s: a training step on %d rows allocates %v times", c.name, rows, a)
			}
		}
		infer := m.inferWorkspace()
		copy(infer.x, x)
		pass := func() { m.forward(infer, n, infer.x[:n*784], 0, len(m.layers), false, false) }
		pass()
		if a := testing.AllocsPerRun(3, pass); a != 0 {
			t.Errorf("%s: an inference pass allocates %v times", c.name, a)
		}
	}
}

// TestVAEStepDoesNotAllocate: a variational autoencoder's training step,
// with its noise drawn, allocates nothing either, dense or convolutional,
// on a full batch and on a smaller last one.
func TestVAEStepDoesNotAllocate(t *testing.T) {
	dense, err := NewVAE([]int{784, 256, 20}, ReLU, Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := TensorFlowCVAE(Shape{C: 1, H: 28, W: 28}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Model{dense, conv} {
		const n = 64
		x := float32Rows(lowRank(n, 784, 4, 0.05, 7))
		ws := m.newWorkspace(n, true)
		copy(ws.x, x)
		copy(ws.y, x)
		noise := m.startSampling(ws, Options{KLWeight: 1, Seed: 1})
		opt := newOptimizerState(Adam, 1e-3, 0, len(m.params))
		for _, rows := range []int{n, n/2 + 3} {
			step := func() {
				noise.draw(ws, rows)
				m.step(ws, rows, BCE, 0)
				opt.update(m.params, m.grads)
			}
			step()
			if a := testing.AllocsPerRun(5, step); a != 0 {
				t.Errorf("%v: a training step on %d rows allocates %v times", m, rows, a)
			}
		}
	}
}
