package ae_test

import (
	"context"
	"testing"

	"github.com/aekit/aekit/ae"
)

// The three convolutional presets learn real digits: after five epochs on
// 1,000 digits (batches of 16) the held-out loss is falling and well below
// where it started. (PyImageSearch's model is judged with BatchNorm's
// running statistics, which lag behind after so few steps at Keras'
// momentum: its held-out loss is twice its training loss here.)
func TestConvPresetsLearnDigits(t *testing.T) {
	s := mnist(t)
	n, epochs := 1000, 5
	if pureGo { // the same check, on less: the held-out loss falls
		n, epochs = 200, 2
	}
	train, err := s.Take(n)
	if err != nil {
		t.Fatal(err)
	}
	held, err := s.Subset(seq(9000, 9300))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		f     func(ae.Shape, int64) (*ae.Model, error)
		batch int
		loss  ae.Loss
		below float64 // the held-out loss after 5 epochs must be below this
	}{
		{"PyImageSearchConv", ae.PyImageSearchConv, 16, ae.MSE, 0.08},
		{"KerasBlogConv", ae.KerasBlogConv, 16, ae.BCE, 0.22},
		{"TensorFlowDenoiser", ae.TensorFlowDenoiser, 16, ae.MSE, 0.02},
	} {
		m, err := c.f(s.Shape, 1)
		if err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(context.Background(), train.Images, ae.Options{Epochs: epochs, BatchSize: c.batch, Loss: c.loss, Seed: 1,
			Validation: held.Images})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: train %.4f → %.4f, held-out %.4f → %.4f", c.name, h.Train[0], h.LastTrain(), h.Validation[0], h.LastValidation())
		if !(h.LastValidation() < h.Validation[0] && (pureGo || h.LastValidation() < c.below)) {
			t.Errorf("%s: held-out loss %v, want it falling and below %v", c.name, h.Validation, c.below)
		}
	}
}
