package plots

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkGrid saves a 10×10 grid of 28×28 images with captions.
func BenchmarkGrid(b *testing.B) {
	x, labels := digits(100, 1)
	captions := make([]string, len(labels))
	for i, l := range labels {
		captions[i] = fmt.Sprint(l)
	}
	path := filepath.Join(b.TempDir(), "images.png")
	for b.Loop() {
		if err := (Grid{Images: x, Shape: digitShape, Captions: captions, Title: "Samples"}).Save(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLatentMap saves a scatter of 10,000 labelled 2-D codes.
func BenchmarkLatentMap(b *testing.B) {
	codes, labels := codes(10000, 2, 7)
	path := filepath.Join(b.TempDir(), "latent.png")
	for b.Loop() {
		if err := (LatentMap{Points: codes, Labels: labels, Title: "Codes"}).Save(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLossCurves saves two runs of 50 epochs.
func BenchmarkLossCurves(b *testing.B) {
	curves := []Curve{
		{Name: "a", Train: lossCurve(50, 0.3, 0.095, 0.15, 1), Validation: lossCurve(50, 0.28, 0.098, 0.15, 2)},
		{Name: "b", Train: lossCurve(50, 0.3, 0.082, 0.1, 3), Validation: lossCurve(50, 0.28, 0.086, 0.1, 4)},
	}
	path := filepath.Join(b.TempDir(), "loss.png")
	for b.Loop() {
		if err := (LossCurves{Curves: curves, Title: "Loss"}).Save(path); err != nil {
			b.Fatal(err)
		}
	}
}
