package ae_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

// The benchmarks train on the full MNIST: set AEKIT_MNIST to a folder that
// `go run ./datasets/cmd/getmnist -o DIR` filled. Each op is one epoch over
// the 60,000 training images; images/s is the figure to set beside
// PyTorch's (see the README for the side-by-side command).

var (
	fullOnce        sync.Once
	fullTrain, full *datasets.Set
	fullErr         error
)

func fullMNIST(b *testing.B) (train, test *datasets.Set) {
	dir := os.Getenv("AEKIT_MNIST")
	if dir == "" {
		b.Skip("AEKIT_MNIST is not set: run `go run ./datasets/cmd/getmnist -o DIR` and set AEKIT_MNIST=DIR")
	}
	fullOnce.Do(func() { fullTrain, full, fullErr = datasets.LoadMNIST(dir) })
	if fullErr != nil {
		b.Fatal(fullErr)
	}
	return fullTrain, full
}

func benchFit(b *testing.B, m *ae.Model, batch int) {
	train, _ := fullMNIST(b)
	opts := ae.Options{Epochs: 1, BatchSize: batch, Loss: ae.BCE}
	// One epoch to warm up workspaces and the thread pool.
	if _, err := m.Fit(context.Background(), train.Images, opts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		opts.Seed = int64(i)
		if _, err := m.Fit(context.Background(), train.Images, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*train.Len())/time.Since(start).Seconds(), "images/s")
}

// The Keras blog's simple autoencoder, 784-32-784, BCE, Adam, batch 256.
func BenchmarkFitSimple(b *testing.B) {
	m, _ := ae.NewSymmetric([]int{784, 32}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	benchFit(b, m, 256)
}

// 784-256-64-256-784, BCE, Adam, batch 256.
func BenchmarkFitDeep(b *testing.B) {
	m, _ := ae.NewSymmetric([]int{784, 256, 64}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	benchFit(b, m, 256)
}

// Hinton and Salakhutdinov's 784-1000-500-250-30 with a linear code, batch 128.
func BenchmarkFitPaper(b *testing.B) {
	m, _ := ae.NewSymmetric([]int{784, 1000, 500, 250, 30}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	benchFit(b, m, 128)
}

// PCA with 30 components fitted on the 60,000 training images and scored on
// the 10,000 test images, in the 2006 paper's unit (13.87 there).
func BenchmarkPCA30(b *testing.B) {
	train, test := fullMNIST(b)
	var se float64
	for i := 0; i < b.N; i++ {
		p, err := ae.FitPCA(train.Images, 30)
		if err != nil {
			b.Fatal(err)
		}
		xhat, err := p.Reconstruct(test.Images)
		if err != nil {
			b.Fatal(err)
		}
		se, _ = ae.SquaredErrorPerImage(test.Images, xhat)
	}
	b.ReportMetric(se, "sq-err/image")
}
