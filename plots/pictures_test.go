package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// picture is one figure on synthetic data, saved to the path it is given.
type picture struct {
	name string // also the golden file's name, testdata/<name>_golden.png
	fn   string // the figure's type, as its errors name it
	save func(path string) error
}

// digitShape is the Shape of the synthetic digits.
var digitShape = Shape{C: 1, H: side, W: side}

// pictures returns every figure type, several for some, on small
// synthetic data sets.
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
	p8, share8 := project(c8)
	p32, share32 := project(c32)
	pics := []picture{
		{"images", "Grid", Grid{Images: x, Shape: digitShape, Cols: 10, Captions: captions, Title: "Twenty synthetic digits"}.Save},
		{"images_plain", "Grid", Grid{Images: x.Slice(0, 7, 0, side*side).(*mat.Dense), Shape: digitShape, Cols: 4}.Save},
		{"images_colour", "Grid", Grid{Images: colourise(x.Slice(0, 6, 0, side*side).(*mat.Dense)), Shape: Shape{C: 3, H: side, W: side},
			Cols: 6, Title: "Colour images"}.Save},
		{"reconstructions", "Rows", Rows{
			Rows:  []Row{{Name: "original", Images: x}, {Name: "reconstruction", Images: rec}},
			Shape: digitShape, Cols: 8, Title: "Originals and reconstructions",
		}.Save},
		{"denoising", "Rows", Rows{
			Rows:  []Row{{Name: "noisy", Images: noise}, {Name: "denoised", Images: rec}, {Name: "clean", Images: x}},
			Shape: digitShape, Cols: 8, Title: "Denoising, noise σ = 0.5",
		}.Save},
		{"codes", "Codes", Codes{Codes: c32.Slice(0, 10, 0, 32).(*mat.Dense), Cols: 2, Captions: captions[:10],
			Title: "Ten codes of 32 numbers"}.Save},
		{"losscurves", "LossCurves", LossCurves{Curves: curves, References: []Reference{{Name: "published (0.09)", Value: 0.09}}, Title: "Loss per epoch"}.Save},
		{"losscurves_log", "LossCurves", LossCurves{Curves: []Curve{{Train: lossCurve(12, 2, 0.01, 0.6, 5)}}, LogScale: true}.Save},
		{"latentmap", "LatentMap", LatentMap{Points: c2, Labels: l2, Title: "Codes of a 2-D autoencoder"}.Save},
		{"latentmap_pca", "LatentMap", LatentMap{Points: p8, Title: "PCA projection of 8-D codes",
			XLabel: fmt.Sprintf("PC 1 (%.0f%% of variance)", 100*share8[0]),
			YLabel: fmt.Sprintf("PC 2 (%.0f%% of variance)", 100*share8[1])}.Save},
		{"latentmaps", "LatentMaps", LatentMaps{Maps: []LatentMap{
			{Points: p32, Labels: l32, Title: "Autoencoder\n(PCA projection of 32-D codes)",
				XLabel: fmt.Sprintf("PC 1 (%.0f%% of variance)", 100*share32[0]),
				YLabel: fmt.Sprintf("PC 2 (%.0f%% of variance)", 100*share32[1])},
			{Points: c2.Slice(0, 1000, 0, 2).(*mat.Dense), Title: "PCA"},
		}}.Save},
		{"manifold", "Manifold", Manifold{Grid: LatentGrid{Size: 10, XMin: -2, XMax: 2, YMin: -2, YMax: 2},
			Images: manifold(10), Shape: digitShape, Title: "Decoded grid of codes"}.Save},
		{"errorhistogram", "ErrorHistogram", ErrorHistogram{Scores: s, Marked: planted, MarkedName: "planted",
			Thresholds: []float64{0.04}, Title: "Reconstruction errors"}.Save},
		{"errorhistogram_plain", "ErrorHistogram", ErrorHistogram{Scores: s[:1000]}.Save},
		{"precisionrecall", "PrecisionRecall", PrecisionRecall{Thresholds: thr, Precision: prec, Recall: recall,
			Title: "Precision and recall against the threshold"}.Save},
		{"codesize", "ErrorVsCodeSize", ErrorVsCodeSize{Sizes: []int{32, 2, 8, 4, 16, 64},
			Autoencoder: []float64{0.009, 0.055, 0.026, 0.04, 0.015, 0.006},
			PCA:         []float64{0.018, 0.056, 0.037, 0.048, 0.027, 0.01}, Title: "Error against code size"}.Save},
		{"errormap", "ErrorMap", ErrorMap{Originals: x, Reconstructions: rec, Row: 3, Shape: digitShape, Title: "Where the 3 goes wrong"}.Save},
		{"errormap_small", "ErrorMap", ErrorMap{
			Originals:       mat.NewDense(1, 12, []float64{0, 1, 1, 0, 1, 0, 0, 1, 0.5, 0.5, 0, 1}),
			Reconstructions: mat.NewDense(1, 12, []float64{0.1, 0.8, 0.9, 0, 0.7, 0.2, 0.1, 0.9, 0.5, 0.4, 0, 0.6}),
			Shape:           Shape{C: 1, H: 3, W: 4},
		}.Save},
		{"filters", "Filters", Filters{Weights: filters(32, 1), Shape: digitShape, Cols: 8, Title: "First-layer filters"}.Save},
	}
	return append(append(pics, newPictures()...), vaePictures()...)
}

// colourise returns grey images as colour ones (channels first): the
// strokes in orange on a dark blue ground.
func colourise(x *mat.Dense) *mat.Dense {
	n, c := x.Dims()
	out := mat.NewDense(n, 3*c, nil)
	for i := range n {
		src, dst := x.RawRowView(i), out.RawRowView(i)
		for p, v := range src {
			dst[p] = 0.1 + 0.9*v     // red
			dst[c+p] = 0.15 + 0.4*v  // green
			dst[2*c+p] = 0.4 - 0.4*v // blue
		}
	}
	return out
}

// project returns the rows of x projected onto their first two principal
// components, with the share of the variance each explains, each
// component's sign fixed so that its largest loading is positive: what a
// caller of LatentMap does to draw codes of more than two numbers (the
// lessons use ae.FitPCA, which plots cannot import).
func project(x *mat.Dense) (*mat.Dense, [2]float64) {
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		panic("principal component analysis failed")
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	d, _ := vecs.Dims()
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}
	share := [2]float64{vars[0] / total, vars[1] / total}
	top := mat.DenseCopyOf(vecs.Slice(0, d, 0, 2))
	for j := range 2 {
		best := 0.0
		for i := range d {
			if v := top.At(i, j); math.Abs(v) > math.Abs(best) {
				best = v
			}
		}
		if best < 0 {
			for i := range d {
				top.Set(i, j, -top.At(i, j))
			}
		}
	}
	n, _ := x.Dims()
	centred := mat.DenseCopyOf(x)
	for j := range d {
		mean := stat.Mean(mat.Col(nil, j, x), nil)
		for i := range n {
			centred.Set(i, j, centred.At(i, j)-mean)
		}
	}
	var out mat.Dense
	out.Mul(centred, top)
	return &out, share
}
