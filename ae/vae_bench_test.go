package ae_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

// BenchmarkFitVAEAgainstPlain trains a variational autoencoder and a plain
// autoencoder of the same layer sizes (784-hidden-code: the VAE's last
// encoder layer has twice the code's outputs, means and log-variances),
// one epoch each in turn, so that both see the same load on a shared
// machine, and reports both throughputs and their ratio (the goal: the VAE
// within 10 % of the plain model). Each op is one epoch of each over the
// 60,000 training images when AEKIT_MNIST is set, else over the 10,000
// embedded digits. On Linux it also reports the ratio of the process's
// CPU time per epoch (cpu-vae/plain, above 1 when the VAE costs more),
// which other processes on a shared machine disturb much less than wall
// time.
func BenchmarkFitVAEAgainstPlain(b *testing.B) {
	for _, c := range []struct {
		hidden, code, batch int
	}{{256, 2, 64}, {500, 20, 100}, {256, 20, 256}} {
		b.Run(fmt.Sprintf("784-%d-%d/batch%d", c.hidden, c.code, c.batch), func(b *testing.B) {
			x := benchDigits(b)
			plain, err := ae.NewSymmetric([]int{784, c.hidden, c.code}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
			if err != nil {
				b.Fatal(err)
			}
			vae, err := ae.NewVAE([]int{784, c.hidden, c.code}, ae.ReLU, ae.Sigmoid, 1)
			if err != nil {
				b.Fatal(err)
			}
			opts := ae.Options{Epochs: 1, BatchSize: c.batch, Loss: ae.BCE}
			var cpu time.Duration // of the last fit
			fit := func(m *ae.Model) time.Duration {
				start, c0 := time.Now(), processCPU()
				if _, err := m.Fit(context.Background(), x.Images, opts); err != nil {
					b.Fatal(err)
				}
				cpu = processCPU() - c0
				return time.Since(start)
			}
			fit(plain) // warm up the workspaces and the thread pools
			fit(vae)
			b.ResetTimer()
			var tp, tv, cp, cv time.Duration
			for i := 0; i < b.N; i++ {
				opts.Seed = int64(i)
				tp += fit(plain)
				cp += cpu
				tv += fit(vae)
				cv += cpu
			}
			images := float64(b.N * x.Len())
			b.ReportMetric(images/tp.Seconds(), "plain-images/s")
			b.ReportMetric(images/tv.Seconds(), "vae-images/s")
			b.ReportMetric(tp.Seconds()/tv.Seconds(), "vae/plain")
			if cp > 0 {
				b.ReportMetric(cv.Seconds()/cp.Seconds(), "cpu-vae/plain")
			}
		})
	}
}

// benchDigits returns the 60,000 MNIST training images if AEKIT_MNIST is
// set, else the 10,000 embedded test images.
func benchDigits(b *testing.B) *datasets.Set {
	if os.Getenv("AEKIT_MNIST") != "" {
		train, _ := fullMNIST(b)
		return train
	}
	d, err := datasets.MNISTTest()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkVAENegativeELBO trains VAEs of Kingma and Welling's MNIST size
// (784-500-code, a 2- and a 20-number code) on the 60,000 training images
// and reports the negative ELBO per test image in nats (BCE on the grey
// pixels, 10 samples a code), the KL term, and the BCE of a perfect
// reconstruction (the entropy of the grey pixels, a floor no model goes
// below). Needs AEKIT_MNIST. -benchtime 1x: each op trains the models
// from scratch for 30 epochs (about a minute on two cores).
func BenchmarkVAENegativeELBO(b *testing.B) {
	train, test := fullMNIST(b)
	ctx := context.Background()
	floor := bceFloor(test)
	for i := 0; i < b.N; i++ {
		for _, code := range []int{2, 20} {
			m, err := ae.NewVAE([]int{784, 500, code}, ae.ReLU, ae.Sigmoid, 1)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if _, err := m.Fit(ctx, train.Images, ae.Options{Epochs: 30, BatchSize: 100, Loss: ae.BCE, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			recon, kl, err := m.NegativeELBO(ctx, test.Images, ae.BCE, 10, 1)
			if err != nil {
				b.Fatal(err)
			}
			r, k := meanOf(recon), meanOf(kl)
			b.ReportMetric(r+k, fmt.Sprintf("nats/image(code%d)", code))
			b.ReportMetric(k, fmt.Sprintf("KL(code%d)", code))
			b.Logf("code of %d: negative ELBO %.2f nats per test image (reconstruction %.2f, KL %.2f; the grey pixels' own entropy, %.2f, is in the reconstruction term) after 30 epochs in %.0f s",
				code, r+k, r, k, floor, time.Since(start).Seconds())
		}
	}
	b.ReportMetric(floor, "nats/image(floor)")
}

// bceFloor returns the BCE of each image against itself, summed over its
// pixels and averaged over the images: the entropy of grey pixels read as
// Bernoulli probabilities, which no reconstruction goes below.
func bceFloor(s *datasets.Set) float64 {
	e, err := ae.BCE.Mean(s.Images, s.Images)
	if err != nil {
		panic(err)
	}
	return e * float64(s.Shape.Size())
}

func meanOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
