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
