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

	for _, tc := range []struct {
		name string
		call func() error
		want string // the whole message after "plots: "
	}{
		// Paths, on one function; TestPathErrors tries them on all.
		{"empty path", func() error { return Images("", x, side, side, 10, nil, "") },
			`Images: path is empty`},
		{"no extension", func() error { return Images(filepath.Join(dir, "out"), x, side, side, 10, nil, "") },
			`Images: path "` + filepath.Join(dir, "out") + `" has no extension, want .png, .svg or .pdf`},
		{"bad extension", func() error { return Images(filepath.Join(dir, "out.jpg"), x, side, side, 10, nil, "") },
			`Images: path "` + filepath.Join(dir, "out.jpg") + `" has extension ".jpg", want .png, .svg or .pdf`},

		// Images.
		{"Images nil", func() error { return Images(png, nil, side, side, 10, nil, "") },
			"Images: x is nil"},
		{"Images empty", func() error { return Images(png, &mat.Dense{}, side, side, 10, nil, "") },
			"Images: x is empty"},
		{"Images wrong columns", func() error { return Images(png, narrow, side, side, 10, nil, "") },
			"Images: x has 700 columns, want 28×28 = 784"},
		{"Images NaN", func() error { return Images(png, withValue(x, 1, 5, nan), side, side, 10, nil, "") },
			"Images: x[1, 5] is NaN"},
		{"Images Inf", func() error { return Images(png, withValue(x, 0, 0, inf), side, side, 10, nil, "") },
			"Images: x[0, 0] is +Inf"},
		{"Images zero height", func() error { return Images(png, x, 0, side, 10, nil, "") },
			"Images: height×width is 0×28, want positive sizes"},
		{"Images zero cols", func() error { return Images(png, x, side, side, 0, nil, "") },
			"Images: cols is 0, want at least 1"},
		{"Images captions", func() error { return Images(png, x, side, side, 10, []string{"a", "b", "c"}, "") },
			"Images: captions has 3 strings, want one per row of x (20)"},
		{"Images too many", func() error { return Images(png, mat.NewDense(5000, 4, nil), 2, 2, 1, nil, "") },
			"Images: 5000 tiles of 2×2 pixels, 1 to a row, need a"},

		// Reconstructions and Denoising.
		{"Reconstructions n too big", func() error { return Reconstructions(png, x, rec, side, side, 30, "") },
			"Reconstructions: n is 30, but originals has only 20 rows"},
		{"Reconstructions n zero", func() error { return Reconstructions(png, x, rec, side, side, 0, "") },
			"Reconstructions: n is 0, want at least 1"},
		{"Reconstructions fewer rows", func() error {
			return Reconstructions(png, x, rec.Slice(0, 5, 0, side*side).(*mat.Dense), side, side, 8, "")
		}, "Reconstructions: n is 8, but reconstructions has only 5 rows"},
		{"Reconstructions wrong columns", func() error { return Reconstructions(png, x, narrow, side, side, 8, "") },
			"Reconstructions: reconstructions has 700 columns, want 28×28 = 784"},
		{"Reconstructions Inf", func() error { return Reconstructions(png, x, withValue(rec, 2, 3, -inf), side, side, 8, "") },
			"Reconstructions: reconstructions[2, 3] is -Inf"},
		{"Denoising nil clean", func() error { return Denoising(png, x, rec, nil, side, side, 8, "") },
			"Denoising: clean is nil"},
		{"Denoising NaN noisy", func() error { return Denoising(png, withValue(x, 4, 4, nan), rec, x, side, side, 8, "") },
			"Denoising: noisy[4, 4] is NaN"},

		// LossCurves.
		{"LossCurves empty", func() error { return LossCurves(png, nil, "", false) },
			"LossCurves: curves is empty"},
		{"LossCurves empty train", func() error { return LossCurves(png, []Curve{{Name: "a"}}, "", false) },
			"LossCurves: curves[0].Train is empty"},
		{"LossCurves NaN", func() error {
			return LossCurves(png, []Curve{curve[0], {Train: []float64{1, nan}}}, "", false)
		}, "LossCurves: curves[1].Train[1] is NaN"},
		{"LossCurves lengths", func() error {
			return LossCurves(png, []Curve{{Train: []float64{1, 2}, Validation: []float64{1}}}, "", false)
		}, "LossCurves: curves[0].Validation has 1 values, curves[0].Train has 2"},
		{"LossCurves Inf validation", func() error {
			return LossCurves(png, []Curve{{Train: []float64{1, 2}, Validation: []float64{1, inf}}}, "", false)
		}, "LossCurves: curves[0].Validation[1] is +Inf"},
		{"LossCurves log of 0", func() error {
			return LossCurves(png, []Curve{{Train: []float64{1, 2}, Validation: []float64{1, 0}}}, "", true)
		}, "LossCurves: curves[0].Validation[1] is 0, but logY needs values above 0"},
		{"LossCurves too many", func() error { return LossCurves(png, make([]Curve, 11), "", false) },
			"LossCurves: curves has 11 runs, want at most 10"},

		// LatentMap and LatentMaps.
		{"LatentMap nil", func() error { return LatentMap(png, nil, nil, "") },
			"LatentMap: codes is nil"},
		{"LatentMap one column", func() error { return LatentMap(png, one, nil, "") },
			"LatentMap: codes has 1 column, want 2 or more (one code per row)"},
		{"LatentMap labels", func() error { return LatentMap(png, c2, labels, "") },
			"LatentMap: labels has 20 values, codes has 50 rows; want one label per row"},
		{"LatentMap Inf", func() error { return LatentMap(png, withValue(c2, 7, 1, inf), l2, "") },
			"LatentMap: codes[7, 1] is +Inf"},
		{"LatentMap too many labels", func() error { return LatentMap(png, c2, many, "") },
			"LatentMap: labels has 50 different values, want at most 30 (or nil)"},
		{"LatentMaps rows", func() error { return LatentMaps(png, c2, c2.Slice(0, 10, 0, 2).(*mat.Dense), nil, "", "") },
			"LatentMaps: right has 10 rows, left has 50; want one point per sample in each"},
		{"LatentMaps labels", func() error { return LatentMaps(png, c2, c2.Slice(0, 10, 0, 2).(*mat.Dense), l2, "", "") },
			"LatentMaps: labels has 50 values, right has 10 rows; want one label per row"},
		{"LatentMaps NaN", func() error { return LatentMaps(png, c2, withValue(c2, 0, 1, nan), l2, "", "") },
			"LatentMaps: right[0, 1] is NaN"},

		// GridCodes and Manifold.
		{"GridCodes n", func() error { _, err := GridCodes(1, -1, 1); return err },
			"GridCodes: n is 1, want at least 2"},
		{"GridCodes range", func() error { _, err := GridCodes(5, 1, 1); return err },
			"GridCodes: lo is 1 and hi is 1, want lo < hi"},
		{"GridCodes Inf", func() error { _, err := GridCodes(5, -1, inf); return err },
			"GridCodes: hi is +Inf"},
		{"Manifold rows", func() error { return Manifold(png, grid, side, side, 5, -1, 1, "") },
			"Manifold: decoded has 16 rows, want n×n = 5×5 = 25"},
		{"Manifold columns", func() error { return Manifold(png, grid, 20, 20, 4, -1, 1, "") },
			"Manifold: decoded has 784 columns, want 20×20 = 400"},
		{"Manifold lo NaN", func() error { return Manifold(png, grid, side, side, 4, nan, 1, "") },
			"Manifold: lo is NaN"},
		{"Manifold NaN", func() error { return Manifold(png, withValue(grid, 15, 783, nan), side, side, 4, -1, 1, "") },
			"Manifold: decoded[15, 783] is NaN"},

		// ErrorHistogram and PrecisionRecall.
		{"ErrorHistogram empty", func() error { return ErrorHistogram(png, nil, nil, "", 0.1, "") },
			"ErrorHistogram: scores is empty"},
		{"ErrorHistogram NaN", func() error { return ErrorHistogram(png, withAt(s, 9, nan), planted, "", 0.1, "") },
			"ErrorHistogram: scores[9] is NaN"},
		{"ErrorHistogram flagged", func() error { return ErrorHistogram(png, s, planted[:10], "", 0.1, "") },
			"ErrorHistogram: marked has 10 values, scores has 105; want one per score (or nil)"},
		{"ErrorHistogram range", func() error { return ErrorHistogram(png, []float64{-1e308, 1e308}, nil, "", nan, "") },
			"ErrorHistogram: scores run from -1e+308 to 1e+308, too wide a range to bin"},
		{"ErrorHistogram threshold", func() error { return ErrorHistogram(png, s, planted, "", inf, "") },
			"ErrorHistogram: threshold is +Inf, want a finite value (or NaN for no line)"},
		{"PrecisionRecall empty", func() error { return PrecisionRecall(png, nil, nil, nil, "") },
			"PrecisionRecall: thresholds is empty"},
		{"PrecisionRecall lengths", func() error { return PrecisionRecall(png, thr, prec[1:], recall, "") },
			"PrecisionRecall: precision has 9 values, thresholds has 10"},
		{"PrecisionRecall NaN", func() error { return PrecisionRecall(png, thr, withAt(prec, 3, nan), recall, "") },
			"PrecisionRecall: precision[3] is NaN (a threshold that flags nothing has no precision: leave it out)"},
		{"PrecisionRecall range", func() error { return PrecisionRecall(png, thr, prec, withAt(recall, 2, 1.5), "") },
			"PrecisionRecall: recall[2] is 1.5, want a value in [0, 1]"},
		{"PrecisionRecall Inf threshold", func() error { return PrecisionRecall(png, withAt(thr, 0, -inf), prec, recall, "") },
			"PrecisionRecall: thresholds[0] is -Inf"},

		// ErrorVsCodeSize.
		{"ErrorVsCodeSize empty", func() error { return ErrorVsCodeSize(png, nil, nil, nil, "") },
			"ErrorVsCodeSize: sizes is empty"},
		{"ErrorVsCodeSize zero", func() error { return ErrorVsCodeSize(png, []int{2, 0}, []float64{1, 2}, nil, "") },
			"ErrorVsCodeSize: sizes[1] is 0, want a code size of at least 1"},
		{"ErrorVsCodeSize twice", func() error { return ErrorVsCodeSize(png, []int{2, 4, 2}, []float64{1, 2, 3}, nil, "") },
			"ErrorVsCodeSize: sizes[0] and sizes[2] are both 2, want different sizes"},
		{"ErrorVsCodeSize lengths", func() error { return ErrorVsCodeSize(png, []int{2, 4}, []float64{1}, nil, "") },
			"ErrorVsCodeSize: autoencoder has 1 values, sizes has 2"},
		{"ErrorVsCodeSize pca NaN", func() error {
			return ErrorVsCodeSize(png, []int{2, 4}, []float64{1, 2}, []float64{nan, 1}, "")
		}, "ErrorVsCodeSize: pca[0] is NaN"},

		// ErrorMap and Filters.
		{"ErrorMap length", func() error { return ErrorMap(png, make([]float64, 700), rec.RawRowView(0), side, side, "") },
			"ErrorMap: original has 700 values, want 28×28 = 784"},
		{"ErrorMap empty", func() error { return ErrorMap(png, nil, rec.RawRowView(0), side, side, "") },
			"ErrorMap: original is empty"},
		{"ErrorMap NaN", func() error {
			return ErrorMap(png, x.RawRowView(0), withAt(rec.RawRowView(0), 100, nan), side, side, "")
		}, "ErrorMap: reconstruction[100] is NaN"},
		{"ErrorMap size", func() error { return ErrorMap(png, x.RawRowView(0), rec.RawRowView(0), -1, side, "") },
			"ErrorMap: height×width is -1×28, want positive sizes"},
		{"Filters columns", func() error { return Filters(png, narrow, side, side, 8, "") },
			"Filters: weights has 700 columns, want 28×28 = 784"},
		{"Filters cols", func() error { return Filters(png, x, side, side, -2, "") },
			"Filters: cols is -2, want at least 1"},
		{"Filters Inf", func() error { return Filters(png, withValue(x, 19, 0, inf), side, side, 8, "") },
			"Filters: weights[19, 0] is +Inf"},
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
		{"one 1×1 image", func(p string) error { return Images(p, one, 1, 1, 10, []string{"only"}, "") }},
		{"one epoch", func(p string) error {
			return LossCurves(p, []Curve{{Train: []float64{0.3}, Validation: []float64{0.4}}}, "", true)
		}},
		{"flat loss", func(p string) error { return LossCurves(p, []Curve{{Train: []float64{1, 1, 1}}}, "", false) }},
		{"one point", func(p string) error { return LatentMap(p, mat.NewDense(1, 2, []float64{3, 4}), []int{7}, "") }},
		{"same points in 3-D", func(p string) error {
			return LatentMap(p, mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1}), nil, "")
		}},
		{"negative and large labels", func(p string) error {
			return LatentMap(p, mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 0}), []int{-1, 100, 5}, "")
		}},
		{"one score", func(p string) error { return ErrorHistogram(p, []float64{0.2}, []bool{true}, "", 0.1, "") }},
		{"equal scores", func(p string) error { return ErrorHistogram(p, []float64{0, 0, 0}, nil, "", 5, "") }},
		{"one threshold", func(p string) error { return PrecisionRecall(p, []float64{0.5}, []float64{1}, []float64{0}, "") }},
		{"one code size", func(p string) error { return ErrorVsCodeSize(p, []int{32}, []float64{0.1}, nil, "") }},
		{"manifold of 1×1 images", func(p string) error {
			return Manifold(p, mat.NewDense(4, 1, []float64{0, 0.3, 0.6, 1}), 1, 1, 2, 0, 1, "")
		}},
		{"zero filters", func(p string) error { return Filters(p, mat.NewDense(2, 4, nil), 2, 2, 2, "") }},
		{"perfect reconstruction", func(p string) error {
			return ErrorMap(p, []float64{0, 1, 1, 0}, []float64{0, 1, 1, 0}, 2, 2, "Perfect")
		}},
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
