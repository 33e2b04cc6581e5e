package plots_test

import (
	"fmt"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/plots"
)

// The examples are written in the Go that the aekit REPL runs (no range
// over integers, no min or max), on small made-up data. Each saves into a
// temporary folder and prints what it saved.

// describe returns the name of a saved PNG and its size in pixels.
func describe(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%s: %d×%d pixels", filepath.Base(path), cfg.Width, cfg.Height)
}

// rings returns n 28×28 images of rings of growing radius, one per row.
func rings(n int) *mat.Dense {
	x := mat.NewDense(n, 28*28, nil)
	for i := 0; i < n; i++ {
		r := 3 + 9*float64(i)/float64(n)
		for p := 0; p < 28*28; p++ {
			dx, dy := float64(p%28)-13.5, float64(p/28)-13.5
			d := math.Abs(math.Hypot(dx, dy) - r)
			x.Set(i, p, math.Max(0, 1-d/1.5))
		}
	}
	return x
}

// digit is the Shape of the rings: one channel of 28×28 pixels. With real
// data it comes with the data set: digits.Shape.
var digit = plots.Shape{C: 1, H: 28, W: 28}

func ExampleGrid() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	x := rings(20)
	captions := make([]string, 20)
	for i := 0; i < 20; i++ {
		captions[i] = fmt.Sprintf("#%d", i)
	}
	path := filepath.Join(dir, "rings.png")
	err := plots.Grid{Images: x, Shape: digit, Cols: 10, Captions: captions, Title: "Twenty rings"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// rings.png: 942×340 pixels
}

// Mistakes are errors that say what is wrong, never panics.
func ExampleGrid_error() {
	x := mat.NewDense(3, 700, nil)
	err := plots.Grid{Images: x, Shape: digit}.Save("out/x.png")
	fmt.Println(err)
	// Output:
	// plots: Grid: Images has 700 columns, want 784 for Shape 28×28
}

func ExampleRows() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	originals := rings(10)
	// A stand-in for a decoder's output: the originals, faded.
	var reconstructions mat.Dense
	reconstructions.Scale(0.6, originals)

	path := filepath.Join(dir, "reconstructions.png")
	err := plots.Rows{
		Rows: []plots.Row{
			{Name: "original", Images: originals},
			{Name: "reconstruction", Images: &reconstructions},
		},
		Shape: digit,
		Title: "Epoch 50",
	}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// reconstructions.png: 1155×280 pixels
}

// A denoiser's picture: what it was given, what it made of it, and what
// it should have made.
func ExampleRows_denoising() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	clean := rings(8)
	noisy := mat.DenseCopyOf(clean)
	noisy.Apply(func(i, j int, v float64) float64 {
		return math.Min(1, v+0.5*math.Abs(math.Sin(float64(i*977+j*131))))
	}, noisy)
	var denoised mat.Dense
	denoised.Scale(0.8, clean)

	path := filepath.Join(dir, "denoising.png")
	err := plots.Rows{
		Rows: []plots.Row{
			{Name: "noisy", Images: noisy},
			{Name: "denoised", Images: &denoised},
			{Name: "clean", Images: clean},
		},
		Shape: digit,
		Cols:  8,
		Title: "Denoising",
	}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// denoising.png: 1143×458 pixels
}

func ExampleCodes() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	// Ten made-up codes of 16 numbers.
	codes := mat.NewDense(10, 16, nil)
	captions := make([]string, 10)
	for i := 0; i < 10; i++ {
		for j := 0; j < 16; j++ {
			codes.Set(i, j, math.Sin(float64(i*16+j)))
		}
		captions[i] = fmt.Sprintf("digit %d", i)
	}
	path := filepath.Join(dir, "codes.png")
	if err := (plots.Codes{Codes: codes, Cols: 2, Captions: captions, Title: "Ten codes"}).Save(path); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// codes.png: 741×472 pixels
}

func ExampleLossCurves() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	train := make([]float64, 20)
	validation := make([]float64, 20)
	for e := 0; e < 20; e++ {
		train[e] = 0.09 + 0.2*math.Exp(-0.3*float64(e))
		validation[e] = 0.095 + 0.18*math.Exp(-0.3*float64(e))
	}
	curves := []plots.Curve{{Name: "784-32-784", Train: train, Validation: validation}}

	path := filepath.Join(dir, "loss.png")
	if err := (plots.LossCurves{Curves: curves, Title: "Binary cross-entropy per epoch"}).Save(path); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// loss.png: 1200×660 pixels
}

// spiral returns n labelled points of dim dimensions: ten arms of a
// spiral in the first two, small wobbles in the others.
func spiral(n, dim int) (*mat.Dense, []int) {
	codes := mat.NewDense(n, dim, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		labels[i] = i % 10
		t := float64(i) / float64(n)
		a := float64(labels[i])*2*math.Pi/10 + 3*t
		codes.Set(i, 0, (1+4*t)*math.Cos(a))
		codes.Set(i, 1, (1+4*t)*math.Sin(a))
		for j := 2; j < dim; j++ {
			codes.Set(i, j, 0.2*math.Sin(float64(i*j)))
		}
	}
	return codes, labels
}

func ExampleLatentMap() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	points, labels := spiral(2000, 2)
	path := filepath.Join(dir, "latent.png")
	if err := (plots.LatentMap{Points: points, Labels: labels, Title: "Codes by digit"}).Save(path); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// latent.png: 940×800 pixels
}

// A latent map draws the points it is given: codes of more than two
// numbers must be projected to 2-D first, with ae.FitPCA for instance.
func ExampleLatentMap_error() {
	codes, labels := spiral(2000, 32)
	err := plots.LatentMap{Points: codes, Labels: labels}.Save("out/latent.png")
	fmt.Println(err)
	// Output:
	// plots: LatentMap: Points has 32 columns, want 2 (x, y): project codes to 2-D first, e.g. pca, err := ae.FitPCA(codes, 2), then pca.Encode(codes)
}

func ExampleLatentMaps() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	autoencoder, labels := spiral(1000, 2)
	pca, _ := spiral(1000, 2)
	pca.Scale(0.5, pca)
	path := filepath.Join(dir, "latents.png")
	err := plots.LatentMaps{Maps: []plots.LatentMap{
		{Points: autoencoder, Labels: labels, Title: "Autoencoder"},
		{Points: pca, Title: "PCA", XLabel: "PC 1", YLabel: "PC 2"},
	}}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// latents.png: 1500×800 pixels
}

func ExampleManifold() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	// A 12×12 grid of codes over [-2, 2]²: row i·12+j is (x_j, y_i).
	grid := plots.LatentGrid{Size: 12, XMin: -2, XMax: 2, YMin: -2, YMax: 2}
	codes, err := grid.Codes()
	if err != nil {
		fmt.Println(err)
		return
	}
	// A stand-in decoder: a ring whose radius follows the first code
	// and whose brightness follows the second.
	decoded := mat.NewDense(12*12, 28*28, nil)
	for k := 0; k < 12*12; k++ {
		r := 7 + 2*codes.At(k, 0)
		b := 0.6 + 0.2*codes.At(k, 1)
		for p := 0; p < 28*28; p++ {
			d := math.Abs(math.Hypot(float64(p%28)-13.5, float64(p/28)-13.5) - r)
			decoded.Set(k, p, b*math.Max(0, 1-d/1.5))
		}
	}
	path := filepath.Join(dir, "manifold.png")
	err = plots.Manifold{Grid: grid, Images: decoded, Shape: digit, Title: "Decoded latent grid"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// manifold.png: 805×855 pixels
}

func ExampleLatentGrid() {
	codes, err := plots.LatentGrid{Size: 3, XMin: -1, XMax: 1, YMin: 0, YMax: 4}.Codes()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v\n", mat.Formatted(codes))
	// Output:
	// ⎡-1   0⎤
	// ⎢ 0   0⎥
	// ⎢ 1   0⎥
	// ⎢-1   2⎥
	// ⎢ 0   2⎥
	// ⎢ 1   2⎥
	// ⎢-1   4⎥
	// ⎢ 0   4⎥
	// ⎣ 1   4⎦
}

// errors returns made-up reconstruction errors: n normal ones around 0.01
// and k planted anomalies around 0.04, with which ones are planted.
func errors(n, k int) ([]float64, []bool) {
	scores := make([]float64, n+k)
	planted := make([]bool, n+k)
	for i := 0; i < n+k; i++ {
		u := math.Mod(float64(i)*0.618034, 1)
		if i < n {
			scores[i] = 0.01 * math.Exp(0.6*(u-0.5)+0.8*u*u*u)
		} else {
			scores[i] = 0.04 + 0.02*u
			planted[i] = true
		}
	}
	return scores, planted
}

func ExampleErrorHistogram() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	scores, planted := errors(2000, 20)
	path := filepath.Join(dir, "errors.png")
	err := plots.ErrorHistogram{
		Scores:     scores,
		Marked:     planted,
		MarkedName: "planted 3s",
		Thresholds: []float64{0.035},
		Title:      "Reconstruction errors",
	}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// errors.png: 1200×660 pixels
}

func ExamplePrecisionRecall() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	scores, planted := errors(2000, 20)
	var thresholds, precision, recall []float64
	for t := 0.01; t < 0.06; t += 0.0025 {
		flagged, hits := 0, 0
		for i, s := range scores {
			if s > t {
				flagged++
				if planted[i] {
					hits++
				}
			}
		}
		if flagged == 0 {
			continue // no precision without a flagged sample
		}
		thresholds = append(thresholds, t)
		precision = append(precision, float64(hits)/float64(flagged))
		recall = append(recall, float64(hits)/20)
	}
	path := filepath.Join(dir, "pr.png")
	err := plots.PrecisionRecall{Thresholds: thresholds, Precision: precision, Recall: recall, Title: "Precision and recall"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// pr.png: 1200×660 pixels
}

func ExampleErrorVsCodeSize() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	sizes := []int{2, 4, 8, 16, 32, 64}
	autoencoder := []float64{0.055, 0.040, 0.026, 0.015, 0.009, 0.006}
	pca := []float64{0.056, 0.048, 0.037, 0.027, 0.018, 0.010}
	path := filepath.Join(dir, "codesize.svg")
	err := plots.ErrorVsCodeSize{Sizes: sizes, Autoencoder: autoencoder, PCA: pca, Title: "Error against code size"}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	info, err := os.Stat(path)
	fmt.Println(filepath.Base(path), err == nil && info.Size() > 0)
	// Output:
	// codesize.svg true
}

func ExampleErrorMap() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	originals := rings(2)
	reconstructions := mat.DenseCopyOf(originals)
	for p := 0; p < 28*28; p++ {
		// The second ring is missing its right half.
		if p%28 > 14 {
			reconstructions.Set(1, p, 0.3*originals.At(1, p))
		}
	}
	path := filepath.Join(dir, "errormap.png")
	err := plots.ErrorMap{
		Originals:       originals,
		Reconstructions: reconstructions,
		Row:             1,
		Shape:           digit,
		Title:           "Where the ring goes wrong",
	}.Save(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// errormap.png: 976×433 pixels
}

func ExampleFilters() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	// 32 filters of 28×28 weights: stripes at different angles.
	weights := mat.NewDense(32, 28*28, nil)
	for k := 0; k < 32; k++ {
		a := float64(k) * math.Pi / 32
		for p := 0; p < 28*28; p++ {
			x, y := float64(p%28)-13.5, float64(p/28)-13.5
			window := math.Exp(-(x*x + y*y) / 50)
			weights.Set(k, p, window*math.Cos(0.8*(x*math.Cos(a)+y*math.Sin(a))))
		}
	}
	path := filepath.Join(dir, "filters.pdf")
	if err := (plots.Filters{Weights: weights, Shape: digit, Cols: 8, Title: "First-layer filters"}).Save(path); err != nil {
		fmt.Println(err)
		return
	}
	head := make([]byte, 5)
	f, _ := os.Open(path)
	f.Read(head)
	f.Close()
	fmt.Println(filepath.Base(path), string(head))
	// Output:
	// filters.pdf %PDF-
}

// An animation is a GIF of figures, one per frame: here a grid of rings
// that fill in, titled by step.
func ExampleAnimation() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	x := rings(6)
	var frames []plots.Figure
	for step := 1; step <= 4; step++ {
		var faded mat.Dense
		faded.Scale(float64(step)/4, x)
		frames = append(frames, plots.Grid{Images: &faded, Shape: digit, Title: fmt.Sprintf("step %d", step)})
	}
	path := filepath.Join(dir, "rings.gif")
	if err := (plots.Animation{Frames: frames}).Save(path); err != nil {
		fmt.Println(err)
		return
	}
	f, _ := os.Open(path)
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d frames of %v pixels\n", filepath.Base(path), len(g.Image), g.Image[0].Bounds().Size())
	// Output:
	// rings.gif: 4 frames of (1116,274) pixels
}
