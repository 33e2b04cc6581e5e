package ae_test

import (
	"context"
	"testing"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

func mnist(t testing.TB) *datasets.Set {
	t.Helper()
	s, err := datasets.MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A denoiser trained noisy→clean must bring held-out noisy digits closer to
// their clean originals than the noisy inputs are.
func TestDenoiserLowersTheError(t *testing.T) {
	s := mnist(t)
	train, err := s.Take(5000)
	if err != nil {
		t.Fatal(err)
	}
	held, err := s.Subset(seq(9000, 10000))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ae.NewSymmetric([]int{784, 128, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(context.Background(), train.Images, ae.Options{
		Epochs: 8, BatchSize: 64, Loss: ae.BCE, Seed: 1, Corrupt: ae.Corruption{Gaussian: 0.5},
	}); err != nil {
		t.Fatal(err)
	}
	noisy, err := datasets.Gaussian(held.Images, 0.5, 99)
	if err != nil {
		t.Fatal(err)
	}
	denoised, err := m.Reconstruct(noisy)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ae.MSE.Mean(held.Images, noisy)
	after, _ := ae.MSE.Mean(held.Images, denoised)
	t.Logf("MSE against the clean digits: noisy %.4f, denoised %.4f", before, after)
	if !(after < 0.6*before) {
		t.Errorf("denoised MSE %.4f is not well below the noisy input's %.4f", after, before)
	}
}

// Trained on 1s with 1% of 3s planted, an autoencoder rebuilds the 3s worst:
// they must crowd the top of the error ranking far beyond chance.
func TestPlantedAnomaliesRankHigh(t *testing.T) {
	s := mnist(t)
	ones, err := s.Filter([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	threes, err := s.Filter([]int{3})
	if err != nil {
		t.Fatal(err)
	}
	mixed, planted, err := datasets.Contaminate(ones, threes, 0.01, 7)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ae.NewSymmetric([]int{784, 64, 8}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(context.Background(), mixed.Images, ae.Options{Epochs: 15, BatchSize: 32, Loss: ae.BCE, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	xhat, err := m.Reconstruct(mixed.Images)
	if err != nil {
		t.Fatal(err)
	}
	scores, err := ae.MSE.Errors(mixed.Images, xhat)
	if err != nil {
		t.Fatal(err)
	}
	nPlanted := ae.Count(planted)
	top := ae.TopK(scores, 2*nPlanted)
	hits := 0
	for _, i := range top {
		if planted[i] {
			hits++
		}
	}
	chance := float64(len(top)) * float64(nPlanted) / float64(len(planted))
	t.Logf("%d planted 3s among %d images; %d of them in the top %d errors (chance: %.2f)", nPlanted, len(planted), hits, len(top), chance)
	if float64(hits) < 10*chance || hits < nPlanted/2 {
		t.Errorf("only %d planted 3s in the top %d errors; chance gives %.2f", hits, len(top), chance)
	}
}

func seq(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
