package ae_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"gonum.org/v1/gonum/mat"
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
	benchFitLoss(b, m, batch, ae.BCE)
}

func benchFitLoss(b *testing.B, m *ae.Model, batch int, loss ae.Loss) {
	train, _ := fullMNIST(b)
	opts := ae.Options{Epochs: 1, BatchSize: batch, Loss: loss}
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

// PyImageSearch's ConvAutoencoder (178,769 parameters), MSE, Adam, batch 32,
// as torch_ref.py --model conv.
func BenchmarkFitConv(b *testing.B) {
	m, _ := ae.PyImageSearchConv(ae.Shape{C: 1, H: 28, W: 28}, 1)
	benchFitLoss(b, m, 32, ae.MSE)
}

// The Keras blog's convolutional autoencoder, BCE, Adam, batch 128, as
// torch_ref.py --model kconv.
func BenchmarkFitKConv(b *testing.B) {
	m, _ := ae.KerasBlogConv(ae.Shape{C: 1, H: 28, W: 28}, 1)
	benchFitLoss(b, m, 128, ae.BCE)
}

// BenchmarkFitConvShort trains the two convolutional presets on the first
// 6,000 training images, one epoch per op: the quick measure to compare
// changes by (take the best of a few runs on a shared machine).
func BenchmarkFitConvShort(b *testing.B) {
	train, _ := fullMNIST(b)
	x := train.Images.Slice(0, 6000, 0, 784).(*mat.Dense)
	for _, c := range []struct {
		name  string
		f     func(ae.Shape, int64) (*ae.Model, error)
		batch int
		loss  ae.Loss
	}{{"conv", ae.PyImageSearchConv, 32, ae.MSE}, {"kconv", ae.KerasBlogConv, 128, ae.BCE}} {
		b.Run(c.name, func(b *testing.B) {
			m, _ := c.f(train.Shape, 1)
			opts := ae.Options{Epochs: 1, BatchSize: c.batch, Loss: c.loss}
			if _, err := m.Fit(context.Background(), x, opts); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := m.Fit(context.Background(), x, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*6000)/time.Since(start).Seconds(), "images/s")
		})
	}
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
