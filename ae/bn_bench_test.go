package ae

import "testing"

func BenchmarkBatchNorm(b *testing.B) {
	m, _ := NewConv(Shape{C: 32, H: 28, W: 28}, []Layer{BatchNorm(32)}, []Layer{Conv2D(32, 32, 1, 1, Valid, Linear)}, 1)
	const n = 32
	ws := m.newWorkspace(n, true)
	copy(ws.x, randomData(n, 32*784, 1))
	d := &m.layers[0]
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			batchNormForward(ws, d, n, ws.x[:n*32*784], ws.acts[0][:n*32*784], ws.stats[0], true)
		}
	})
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			batchNormBackward(ws, d, n, ws.x[:n*32*784], ws.acts[0][:n*32*784], ws.grads[0][:n*32*784], ws.stats[0])
		}
	})
}
