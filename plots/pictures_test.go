package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// picture is one call of an exported function on synthetic data, saving
// to the path it is given.
type picture struct {
	name string // also the golden file's name, testdata/<name>_golden.png
	fn   string // the function called, as named in its errors
	save func(path string) error
}

// pictures returns a call of every exported drawing function, several for
// some, on small synthetic data sets.
func pictures() []picture {
	x, labels := digits(20, 1)
	captions := make([]string, len(labels))
	for i, l := range labels {
		captions[i] = fmt.Sprintf("%d (#%d)", l, i)
	}
	rec := blur(x, side, side)
	noise := noisy(x, 0.5, 3)
	c2, l2 := codes(2000, 2, 7)
	c32, l32 := codes(1000, 32, 8)
	c8, _ := codes(1000, 8, 9)
	s, planted := scores(1000, 20, 11)
	thr, prec, recall := precisionRecall(s, planted, 25)
	curves := []Curve{
		{Name: "784-32-784", Train: lossCurve(30, 0.3, 0.095, 0.15, 1), Validation: lossCurve(30, 0.28, 0.098, 0.15, 2)},
		{Name: "784-128-64-32", Train: lossCurve(30, 0.3, 0.082, 0.1, 3), Validation: lossCurve(30, 0.28, 0.086, 0.1, 4)},
	}
	return []picture{
		{"images", "Images", func(p string) error {
			return Images(p, x, side, side, 10, captions, "Twenty synthetic digits")
		}},
		{"images_plain", "Images", func(p string) error {
			return Images(p, x.Slice(0, 7, 0, side*side).(*mat.Dense), side, side, 4, nil, "")
		}},
		{"reconstructions", "Reconstructions", func(p string) error {
			return Reconstructions(p, x, rec, side, side, 8, "Originals and reconstructions")
		}},
		{"denoising", "Denoising", func(p string) error {
			return Denoising(p, noise, rec, x, side, side, 8, "Denoising, noise σ = 0.5")
		}},
		{"losscurves", "LossCurves", func(p string) error {
			return LossCurves(p, curves, "Loss per epoch", false)
		}},
		{"losscurves_log", "LossCurves", func(p string) error {
			return LossCurves(p, []Curve{{Train: lossCurve(12, 2, 0.01, 0.6, 5)}}, "", true)
		}},
		{"latentmap", "LatentMap", func(p string) error {
			return LatentMap(p, c2, l2, "Codes of a 2-D autoencoder")
		}},
		{"latentmap_pca", "LatentMap", func(p string) error {
			return LatentMap(p, c8, nil, "")
		}},
		{"latentmaps", "LatentMaps", func(p string) error {
			return LatentMaps(p, c32, c2.Slice(0, 1000, 0, 2).(*mat.Dense), l32, "Autoencoder", "PCA")
		}},
		{"manifold", "Manifold", func(p string) error {
			return Manifold(p, manifold(10), side, side, 10, -2, 2, "Decoded grid of codes")
		}},
		{"errorhistogram", "ErrorHistogram", func(p string) error {
			return ErrorHistogram(p, s, planted, "planted", 0.04, "Reconstruction errors")
		}},
		{"errorhistogram_plain", "ErrorHistogram", func(p string) error {
			return ErrorHistogram(p, s[:1000], nil, "", math.NaN(), "")
		}},
		{"precisionrecall", "PrecisionRecall", func(p string) error {
			return PrecisionRecall(p, thr, prec, recall, "Precision and recall against the threshold")
		}},
		{"codesize", "ErrorVsCodeSize", func(p string) error {
			return ErrorVsCodeSize(p, []int{32, 2, 8, 4, 16, 64},
				[]float64{0.009, 0.055, 0.026, 0.04, 0.015, 0.006},
				[]float64{0.018, 0.056, 0.037, 0.048, 0.027, 0.01}, "Error against code size")
		}},
		{"errormap", "ErrorMap", func(p string) error {
			return ErrorMap(p, x.RawRowView(3), rec.RawRowView(3), side, side, "Where the 3 goes wrong")
		}},
		{"errormap_small", "ErrorMap", func(p string) error {
			o := []float64{0, 1, 1, 0, 1, 0, 0, 1, 0.5, 0.5, 0, 1}
			r := []float64{0.1, 0.8, 0.9, 0, 0.7, 0.2, 0.1, 0.9, 0.5, 0.4, 0, 0.6}
			return ErrorMap(p, o, r, 3, 4, "")
		}},
		{"filters", "Filters", func(p string) error {
			return Filters(p, filters(32, 1), side, side, 8, "First-layer filters")
		}},
	}
}
