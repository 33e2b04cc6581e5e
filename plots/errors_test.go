package plots

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// withValue returns a copy of x with x[i, j] = v.
func withValue(x *mat.Dense, i, j int, v float64) *mat.Dense {
	y := mat.DenseCopyOf(x)
	y.Set(i, j, v)
	return y
}

// withAt returns a copy of v with v[i] = x.
func withAt(v []float64, i int, x float64) []float64 {
	w := append([]float64(nil), v...)
	w[i] = x
	return w
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "out.png")
	x, labels := digits(20, 1)
	rec := blur(x, side, side)
	narrow := mat.NewDense(20, 700, nil)
	c2, l2 := codes(50, 2, 7)
	one := mat.NewDense(50, 1, nil)
	s, planted := scores(100, 5, 11)
	thr, prec, recall := precisionRecall(s, planted, 10)
	curve := []Curve{{Train: []float64{3, 2, 1}, Validation: []float64{3, 2, 1.5}}}
	grid := manifold(4)
	inf, nan := math.Inf(1), math.NaN()
	many := make([]int, 50)
	for i := range many {
		many[i] = i
	}

	xs := func(k int) *mat.Dense { return x.Slice(0, k, 0, side*side).(*mat.Dense) }
	big := LatentGrid{Size: 5, XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	small := LatentGrid{Size: 4, XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	for _, tc := range []struct {
		name string
		call func() error
		want string // the whole message after "plots: "
	}{
		// Paths, on one figure; TestPathErrors tries them on all.
		{"empty path", func() error { return Grid{Images: x, Shape: digitShape}.Save("") },
			`Grid: path is empty`},
		{"no extension", func() error { return Grid{Images: x, Shape: digitShape}.Save(filepath.Join(dir, "out")) },
			`Grid: path "` + filepath.Join(dir, "out") + `" has no extension, want .png, .svg or .pdf`},
		{"bad extension", func() error { return Grid{Images: x, Shape: digitShape}.Save(filepath.Join(dir, "out.jpg")) },
			`Grid: path "` + filepath.Join(dir, "out.jpg") + `" has extension ".jpg", want .png, .svg or .pdf`},

		// Grid, and the checks every figure of images shares.
		{"Grid nil", func() error { return Grid{Shape: digitShape}.Save(png) },
			"Grid: Images is nil"},
		{"Grid empty", func() error { return Grid{Images: &mat.Dense{}, Shape: digitShape}.Save(png) },
			"Grid: Images is empty"},
		{"Grid wrong columns", func() error { return Grid{Images: narrow, Shape: digitShape}.Save(png) },
			"Grid: Images has 700 columns, want 784 for Shape 28×28"},
		{"Grid NaN", func() error { return Grid{Images: withValue(x, 1, 5, nan), Shape: digitShape}.Save(png) },
			"Grid: Images[1, 5] is NaN"},
		{"Grid Inf", func() error { return Grid{Images: withValue(x, 0, 0, inf), Shape: digitShape}.Save(png) },
			"Grid: Images[0, 0] is +Inf"},
		{"Grid no shape", func() error { return Grid{Images: x}.Save(png) },
			"Grid: Shape is not set: give the images' Shape, e.g. Shape: digits.Shape"},
		{"Grid zero channels", func() error { return Grid{Images: x, Shape: Shape{H: side, W: side}}.Save(png) },
			"Grid: Shape: Shape{C: 0, H: 28, W: 28} has C = 0, want at least 1 (C: 1 for grey images)"},
		{"Grid zero height", func() error { return Grid{Images: x, Shape: Shape{C: 1, W: side}}.Save(png) },
			"Grid: Shape: Shape{C: 1, H: 0, W: 28} has H = 0, want at least 1"},
		{"Grid feature maps", func() error {
			return Grid{Images: mat.NewDense(2, 8*49, nil), Shape: Shape{C: 8, H: 7, W: 7}}.Save(png)
		},
			"Grid: Shape 8×7×7 has 8 channels; pictures show 1 (grey) or 3 (colour): pass one channel at a time"},
		{"Grid negative cols", func() error { return Grid{Images: x, Shape: digitShape, Cols: -1}.Save(png) },
			"Grid: Cols is -1, want 0 (for 10) or more"},
		{"Grid captions", func() error { return Grid{Images: x, Shape: digitShape, Captions: []string{"a", "b", "c"}}.Save(png) },
			"Grid: Captions has 3 strings, want one per row of Images (20)"},
		{"Grid too many", func() error {
			return Grid{Images: mat.NewDense(5000, 4, nil), Shape: Shape{C: 1, H: 2, W: 2}, Cols: 1}.Save(png)
		}, "Grid: 5000 tiles of 2×2 pixels, 1 to a row, need a"},

		// Rows.
		{"Rows empty", func() error { return Rows{Shape: digitShape}.Save(png) },
			"Rows: Rows is empty, want at least one Row"},
		{"Rows cols too big", func() error {
			return Rows{Rows: []Row{{"originals", x}, {"reconstructions", rec}}, Shape: digitShape, Cols: 30}.Save(png)
		}, "Rows: Cols is 30, but Rows[0].Images has only 20 rows"},
		{"Rows negative cols", func() error { return Rows{Rows: []Row{{"originals", x}}, Shape: digitShape, Cols: -3}.Save(png) },
			"Rows: Cols is -3, want 0 (for 10) or more"},
		{"Rows fewer rows", func() error {
			return Rows{Rows: []Row{{"originals", x}, {"reconstructions", xs(5)}}, Shape: digitShape, Cols: 8}.Save(png)
		}, "Rows: Cols is 8, but Rows[1].Images has only 5 rows"},
		{"Rows wrong columns", func() error {
			return Rows{Rows: []Row{{"originals", x}, {"reconstructions", narrow}}, Shape: digitShape}.Save(png)
		}, "Rows: Rows[1].Images (reconstructions) has 700 columns, want 784 for Shape 28×28"},
		{"Rows Inf", func() error {
			return Rows{Rows: []Row{{"originals", x}, {"", withValue(rec, 2, 3, -inf)}}, Shape: digitShape}.Save(png)
		}, "Rows: Rows[1].Images[2, 3] is -Inf"},
		{"Rows nil", func() error { return Rows{Rows: []Row{{"noisy", x}, {"clean", nil}}, Shape: digitShape}.Save(png) },
			"Rows: Rows[1].Images (clean) is nil"},
		{"Rows no shape", func() error { return Rows{Rows: []Row{{"noisy", x}}}.Save(png) },
			"Rows: Shape is not set"},

		// Codes.
		{"Codes nil", func() error { return Codes{}.Save(png) },
			"Codes: Codes is nil"},
		{"Codes NaN", func() error { return Codes{Codes: withValue(c2, 3, 1, nan)}.Save(png) },
			"Codes: Codes[3, 1] is NaN"},
		{"Codes captions", func() error { return Codes{Codes: c2, Captions: []string{"a"}}.Save(png) },
			"Codes: Captions has 1 strings, want one per row of Codes (50)"},

		// LossCurves.
		{"LossCurves empty", func() error { return LossCurves{}.Save(png) },
			"LossCurves: Curves is empty"},
		{"LossCurves empty train", func() error { return LossCurves{Curves: []Curve{{Name: "a"}}}.Save(png) },
			"LossCurves: Curves[0].Train is empty"},
		{"LossCurves NaN", func() error {
			return LossCurves{Curves: []Curve{curve[0], {Train: []float64{1, nan}}}}.Save(png)
		}, "LossCurves: Curves[1].Train[1] is NaN"},
		{"LossCurves lengths", func() error {
			return LossCurves{Curves: []Curve{{Train: []float64{1, 2}, Validation: []float64{1}}}}.Save(png)
		}, "LossCurves: Curves[0].Validation has 1 values, Curves[0].Train has 2"},
		{"LossCurves Inf validation", func() error {
			return LossCurves{Curves: []Curve{{Train: []float64{1, 2}, Validation: []float64{1, inf}}}}.Save(png)
		}, "LossCurves: Curves[0].Validation[1] is +Inf"},
		{"LossCurves log of 0", func() error {
			return LossCurves{Curves: []Curve{{Train: []float64{1, 2}, Validation: []float64{1, 0}}}, LogScale: true}.Save(png)
		}, "LossCurves: Curves[0].Validation[1] is 0, but LogScale needs values above 0"},
		{"LossCurves too many", func() error { return LossCurves{Curves: make([]Curve, 11)}.Save(png) },
			"LossCurves: Curves has 11 runs, want at most 10"},

		// LatentMap and LatentMaps.
		{"LatentMap nil", func() error { return LatentMap{}.Save(png) },
			"LatentMap: Points is nil"},
		{"LatentMap one column", func() error { return LatentMap{Points: one}.Save(png) },
			"LatentMap: Points has 1 columns, want 2 (x, y): project codes to 2-D first, e.g. pca, err := ae.FitPCA(codes, 2), then pca.Encode(codes)"},
		{"LatentMap 32 columns", func() error { return LatentMap{Points: mat.NewDense(5, 32, nil)}.Save(png) },
			"LatentMap: Points has 32 columns, want 2 (x, y): project codes to 2-D first"},
		{"LatentMap labels", func() error { return LatentMap{Points: c2, Labels: labels}.Save(png) },
			"LatentMap: Labels has 20 values, Points has 50 rows; want one label per point"},
		{"LatentMap Inf", func() error { return LatentMap{Points: withValue(c2, 7, 1, inf), Labels: l2}.Save(png) },
			"LatentMap: Points[7, 1] is +Inf"},
		{"LatentMap too many labels", func() error { return LatentMap{Points: c2, Labels: many}.Save(png) },
			"LatentMap: Labels has 50 different values, want at most 30 (or nil)"},
		{"LatentMaps one", func() error { return LatentMaps{Maps: []LatentMap{{Points: c2}}}.Save(png) },
			"LatentMaps: Maps has 1 maps, want 2 or 3 (LatentMap draws one)"},
		{"LatentMaps rows", func() error {
			return LatentMaps{Maps: []LatentMap{{Points: c2}, {Points: c2.Slice(0, 10, 0, 2).(*mat.Dense)}}}.Save(png)
		}, "LatentMaps: Maps[1].Points has 10 rows, Maps[0].Points has 50; want one point per sample in each"},
		{"LatentMaps labels", func() error {
			return LatentMaps{Maps: []LatentMap{{Points: c2, Labels: l2}, {Points: c2.Slice(0, 10, 0, 2).(*mat.Dense)}}}.Save(png)
		}, "LatentMaps: Maps[1].Labels has 50 values, Maps[1].Points has 10 rows; want one label per point"},
		{"LatentMaps other labels", func() error {
			return LatentMaps{Maps: []LatentMap{{Points: c2, Labels: l2}, {Points: c2, Labels: make([]int, 50)}}}.Save(png)
		}, "LatentMaps: Maps[1].Labels differ from Maps[0].Labels; want the same samples in each map"},
		{"LatentMaps NaN", func() error {
			return LatentMaps{Maps: []LatentMap{{Points: c2, Labels: l2}, {Points: withValue(c2, 0, 1, nan)}}}.Save(png)
		}, "LatentMaps: Maps[1].Points[0, 1] is NaN"},

		// LatentGrid and Manifold.
		{"LatentGrid size", func() error { _, err := LatentGrid{Size: 1, XMin: -1, XMax: 1, YMin: -1, YMax: 1}.Codes(); return err },
			"LatentGrid: Size is 1, want 2 to 1000"},
		{"LatentGrid zero", func() error { _, err := LatentGrid{}.Codes(); return err },
			"LatentGrid: Size is 0, want 2 to 1000"},
		{"LatentGrid range", func() error { _, err := LatentGrid{Size: 5, XMin: 1, XMax: 1, YMin: -1, YMax: 1}.Codes(); return err },
			"LatentGrid: XMin is 1 and XMax is 1, want XMin < XMax"},
		{"LatentGrid Inf", func() error {
			_, err := LatentGrid{Size: 5, XMin: -1, XMax: 1, YMin: -1, YMax: inf}.Codes()
			return err
		},
			"LatentGrid: YMax is +Inf"},
		{"Manifold rows", func() error { return Manifold{Grid: big, Images: grid, Shape: digitShape}.Save(png) },
			"Manifold: Images has 16 rows, want Grid.Size² = 5×5 = 25, one per code"},
		{"Manifold columns", func() error { return Manifold{Grid: small, Images: grid, Shape: Shape{C: 1, H: 20, W: 20}}.Save(png) },
			"Manifold: Images has 784 columns, want 400 for Shape 20×20"},
		{"Manifold grid NaN", func() error {
			return Manifold{Grid: LatentGrid{Size: 4, XMin: nan, XMax: 1, YMin: -1, YMax: 1}, Images: grid, Shape: digitShape}.Save(png)
		}, "Manifold: Grid: XMin is NaN"},
		{"Manifold no grid", func() error { return Manifold{Images: grid, Shape: digitShape}.Save(png) },
			"Manifold: Grid: Size is 0, want 2 to 1000"},
		{"Manifold NaN", func() error {
			return Manifold{Grid: small, Images: withValue(grid, 15, 783, nan), Shape: digitShape}.Save(png)
		},
			"Manifold: Images[15, 783] is NaN"},

		// ErrorHistogram and PrecisionRecall.
		{"ErrorHistogram empty", func() error { return ErrorHistogram{}.Save(png) },
			"ErrorHistogram: Scores is empty"},
		{"ErrorHistogram NaN", func() error { return ErrorHistogram{Scores: withAt(s, 9, nan), Marked: planted}.Save(png) },
			"ErrorHistogram: Scores[9] is NaN"},
		{"ErrorHistogram marked", func() error { return ErrorHistogram{Scores: s, Marked: planted[:10]}.Save(png) },
			"ErrorHistogram: Marked has 10 values, Scores has 105; want one per score (or nil)"},
		{"ErrorHistogram range", func() error { return ErrorHistogram{Scores: []float64{-1e308, 1e308}}.Save(png) },
			"ErrorHistogram: Scores run from -1e+308 to 1e+308, too wide a range to bin"},
		{"ErrorHistogram threshold", func() error {
			return ErrorHistogram{Scores: s, Marked: planted, Thresholds: []float64{0.1, inf}}.Save(png)
		}, "ErrorHistogram: Thresholds[1] is +Inf"},
		{"PrecisionRecall empty", func() error { return PrecisionRecall{}.Save(png) },
			"PrecisionRecall: Thresholds is empty"},
		{"PrecisionRecall lengths", func() error {
			return PrecisionRecall{Thresholds: thr, Precision: prec[1:], Recall: recall}.Save(png)
		}, "PrecisionRecall: Precision has 9 values, Thresholds has 10"},
		{"PrecisionRecall NaN", func() error {
			return PrecisionRecall{Thresholds: thr, Precision: withAt(prec, 3, nan), Recall: recall}.Save(png)
		}, "PrecisionRecall: Precision[3] is NaN (a threshold that flags nothing has no precision: leave it out)"},
		{"PrecisionRecall range", func() error {
			return PrecisionRecall{Thresholds: thr, Precision: prec, Recall: withAt(recall, 2, 1.5)}.Save(png)
		}, "PrecisionRecall: Recall[2] is 1.5, want a value in [0, 1]"},
		{"PrecisionRecall Inf threshold", func() error {
			return PrecisionRecall{Thresholds: withAt(thr, 0, -inf), Precision: prec, Recall: recall}.Save(png)
		}, "PrecisionRecall: Thresholds[0] is -Inf"},

		// ErrorVsCodeSize.
		{"ErrorVsCodeSize empty", func() error { return ErrorVsCodeSize{}.Save(png) },
			"ErrorVsCodeSize: Sizes is empty"},
		{"ErrorVsCodeSize zero", func() error {
			return ErrorVsCodeSize{Sizes: []int{2, 0}, Autoencoder: []float64{1, 2}}.Save(png)
		}, "ErrorVsCodeSize: Sizes[1] is 0, want a code size of at least 1"},
		{"ErrorVsCodeSize twice", func() error {
			return ErrorVsCodeSize{Sizes: []int{2, 4, 2}, Autoencoder: []float64{1, 2, 3}}.Save(png)
		}, "ErrorVsCodeSize: Sizes[0] and Sizes[2] are both 2, want different sizes"},
		{"ErrorVsCodeSize lengths", func() error { return ErrorVsCodeSize{Sizes: []int{2, 4}, Autoencoder: []float64{1}}.Save(png) },
			"ErrorVsCodeSize: Autoencoder has 1 values, Sizes has 2"},
		{"ErrorVsCodeSize pca NaN", func() error {
			return ErrorVsCodeSize{Sizes: []int{2, 4}, Autoencoder: []float64{1, 2}, PCA: []float64{nan, 1}}.Save(png)
		}, "ErrorVsCodeSize: PCA[0] is NaN"},

		// ErrorMap and Filters.
		{"ErrorMap columns", func() error { return ErrorMap{Originals: narrow, Reconstructions: rec, Shape: digitShape}.Save(png) },
			"ErrorMap: Originals has 700 columns, want 784 for Shape 28×28"},
		{"ErrorMap nil", func() error { return ErrorMap{Originals: x, Shape: digitShape}.Save(png) },
			"ErrorMap: Reconstructions is nil"},
		{"ErrorMap NaN", func() error {
			return ErrorMap{Originals: x, Reconstructions: withValue(rec, 0, 100, nan), Shape: digitShape}.Save(png)
		}, "ErrorMap: Reconstructions[0, 100] is NaN"},
		{"ErrorMap row", func() error {
			return ErrorMap{Originals: x, Reconstructions: xs(5), Row: 7, Shape: digitShape}.Save(png)
		},
			"ErrorMap: Row is 7, want 0 to 4 (Originals has 20 rows, Reconstructions 5)"},
		{"ErrorMap negative row", func() error {
			return ErrorMap{Originals: x, Reconstructions: rec, Row: -1, Shape: digitShape}.Save(png)
		},
			"ErrorMap: Row is -1, want 0 to 19"},
		{"Filters columns", func() error { return Filters{Weights: narrow, Shape: digitShape}.Save(png) },
			"Filters: Weights has 700 columns, want 784 for Shape 28×28"},
		{"Filters cols", func() error { return Filters{Weights: x, Shape: digitShape, Cols: -2}.Save(png) },
			"Filters: Cols is -2, want 0 (for 10) or more"},
		{"Filters Inf", func() error { return Filters{Weights: withValue(x, 19, 0, inf), Shape: digitShape}.Save(png) },
			"Filters: Weights[19, 0] is +Inf"},
		{"Filters colour", func() error {
			return Filters{Weights: mat.NewDense(2, 12, nil), Shape: Shape{C: 3, H: 2, W: 2}}.Save(png)
		},
			"Filters: Shape 3×2×2 has 3 channels; Filters draws filters of one channel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatalf("no error, want %q", "plots: "+tc.want)
			}
			if got := err.Error(); !strings.HasPrefix(got, "plots: "+tc.want) {
				t.Errorf("got  %q\nwant %q", got, "plots: "+tc.want)
			}
			if _, err := os.Stat(png); err == nil {
				t.Errorf("%s was written despite the error", png)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the folder holds %d files after the error", len(left))
			}
		})
	}
}

// TestPathErrors gives every function a path it cannot write (under a
// regular file, which stops root too) and a bad extension.
func TestPathErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "existingfile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, pic := range pictures() {
		t.Run(pic.name, func(t *testing.T) {
			bad := filepath.Join(file, "sub", "x.png")
			err := pic.save(bad)
			prefix := "plots: " + pic.fn + `: path "` + bad + `": `
			if err == nil || !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("unwritable path: got %v, want an error starting %q", err, prefix)
			}
			err = pic.save(filepath.Join(dir, "x.gif"))
			if err == nil || !strings.Contains(err.Error(), `has extension ".gif"`) ||
				!strings.HasPrefix(err.Error(), "plots: "+pic.fn+": ") {
				t.Errorf("bad extension: got %v", err)
			}
		})
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("the folder holds %d files, want only existingfile", len(left))
	}
}

// TestEdgeCases saves tiny and degenerate but valid data: each must give
// a picture, not an error or a panic.
func TestEdgeCases(t *testing.T) {
	dir := t.TempDir()
	one := mat.NewDense(1, 1, []float64{0.5})
	for _, tc := range []struct {
		name string
		call func(path string) error
	}{
		{"one 1×1 image", Grid{Images: one, Shape: Shape{C: 1, H: 1, W: 1}, Captions: []string{"only"}}.Save},
		{"one row of one image", Rows{Rows: []Row{{"only", one}}, Shape: Shape{C: 1, H: 1, W: 1}}.Save},
		{"one code of one number", Codes{Codes: one}.Save},
		{"zero codes", Codes{Codes: mat.NewDense(2, 3, nil)}.Save},
		{"one epoch", LossCurves{Curves: []Curve{{Train: []float64{0.3}, Validation: []float64{0.4}}}, LogScale: true}.Save},
		{"flat loss", LossCurves{Curves: []Curve{{Train: []float64{1, 1, 1}}}}.Save},
		{"one point", LatentMap{Points: mat.NewDense(1, 2, []float64{3, 4}), Labels: []int{7}}.Save},
		{"same points", LatentMap{Points: mat.NewDense(3, 2, []float64{1, 1, 1, 1, 1, 1})}.Save},
		{"negative and large labels", LatentMap{Points: mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 0}), Labels: []int{-1, 100, 5}}.Save},
		{"three maps", LatentMaps{Maps: []LatentMap{
			{Points: mat.NewDense(2, 2, []float64{0, 0, 1, 1}), Labels: []int{1, 2}},
			{Points: mat.NewDense(2, 2, []float64{0, 1, 1, 0})},
			{Points: mat.NewDense(2, 2, []float64{5, 5, 6, 6}), Labels: []int{1, 2}},
		}}.Save},
		{"one score", ErrorHistogram{Scores: []float64{0.2}, Marked: []bool{true}, Thresholds: []float64{0.1}}.Save},
		{"equal scores", ErrorHistogram{Scores: []float64{0, 0, 0}, Thresholds: []float64{5}}.Save},
		{"two thresholds", ErrorHistogram{Scores: []float64{0, 1, 2, 3}, Thresholds: []float64{1.5, 2.5}}.Save},
		{"one threshold", PrecisionRecall{Thresholds: []float64{0.5}, Precision: []float64{1}, Recall: []float64{0}}.Save},
		{"one code size", ErrorVsCodeSize{Sizes: []int{32}, Autoencoder: []float64{0.1}}.Save},
		{"manifold of 1×1 images", Manifold{Grid: LatentGrid{Size: 2, XMin: 0, XMax: 1, YMin: -5, YMax: 5},
			Images: mat.NewDense(4, 1, []float64{0, 0.3, 0.6, 1}), Shape: Shape{C: 1, H: 1, W: 1}}.Save},
		{"zero filters", Filters{Weights: mat.NewDense(2, 4, nil), Shape: Shape{C: 1, H: 2, W: 2}, Cols: 2}.Save},
		{"perfect reconstruction", ErrorMap{Originals: mat.NewDense(1, 4, []float64{0, 1, 1, 0}),
			Reconstructions: mat.NewDense(1, 4, []float64{0, 1, 1, 0}), Shape: Shape{C: 1, H: 2, W: 2}, Title: "Perfect"}.Save},
		{"colour error map", ErrorMap{Originals: mat.NewDense(1, 12, []float64{0, 1, 1, 0, 1, 0, 0, 1, 0.5, 0.5, 0, 1}),
			Reconstructions: mat.NewDense(1, 12, nil), Shape: Shape{C: 3, H: 2, W: 2}}.Save},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".png")
			if err := tc.call(path); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatal(err)
			}
		})
	}
}
