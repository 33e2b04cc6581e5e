package plots_test

import (
	"fmt"
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

func ExampleImages() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	x := rings(20)
	captions := make([]string, 20)
	for i := 0; i < 20; i++ {
		captions[i] = fmt.Sprintf("#%d", i)
	}
	path := filepath.Join(dir, "rings.png")
	if err := plots.Images(path, x, 28, 28, 10, captions, "Twenty rings"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// rings.png: 942×340 pixels
}

// Mistakes are errors that say what is wrong, never panics.
func ExampleImages_error() {
	x := mat.NewDense(3, 700, nil)
	err := plots.Images("out/x.png", x, 28, 28, 10, nil, "")
	fmt.Println(err)
	// Output:
	// plots: Images: x has 700 columns, want 28×28 = 784
}

func ExampleReconstructions() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	originals := rings(10)
	// A stand-in for a decoder's output: the originals, faded.
	var reconstructions mat.Dense
	reconstructions.Scale(0.6, originals)

	path := filepath.Join(dir, "reconstructions.png")
	if err := plots.Reconstructions(path, originals, &reconstructions, 28, 28, 10, "Epoch 50"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// reconstructions.png: 1155×280 pixels
}

func ExampleDenoising() {
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
	if err := plots.Denoising(path, noisy, &denoised, clean, 28, 28, 8, "Denoising"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// denoising.png: 1143×458 pixels
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
	if err := plots.LossCurves(path, curves, "Binary cross-entropy per epoch", false); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// loss.png: 1050×660 pixels
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

	codes, labels := spiral(2000, 2)
	path := filepath.Join(dir, "latent.png")
	if err := plots.LatentMap(path, codes, labels, "Codes by digit"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// latent.png: 940×800 pixels
}

// Codes with more than two numbers are projected onto their first two
// principal components; the title says so.
func ExampleLatentMap_projected() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	codes, labels := spiral(2000, 32)
	path := filepath.Join(dir, "latent32.png")
	if err := plots.LatentMap(path, codes, labels, "Codes by digit"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// latent32.png: 940×800 pixels
}

func ExampleLatentMaps() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)

	ae, labels := spiral(1000, 2)
	pca, _ := spiral(1000, 16)
	path := filepath.Join(dir, "latents.png")
	if err := plots.LatentMaps(path, ae, pca, labels, "Autoencoder", "PCA"); err != nil {
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

	// The codes of a 12×12 grid over [-2, 2]², row i·12+j = (x_j, y_i).
	const n = 12
	codes, err := plots.GridCodes(n, -2, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A stand-in decoder: a ring whose radius follows the first code
	// and whose brightness follows the second.
	decoded := mat.NewDense(n*n, 28*28, nil)
	for k := 0; k < n*n; k++ {
		r := 7 + 2*codes.At(k, 0)
		b := 0.6 + 0.2*codes.At(k, 1)
		for p := 0; p < 28*28; p++ {
			d := math.Abs(math.Hypot(float64(p%28)-13.5, float64(p/28)-13.5) - r)
			decoded.Set(k, p, b*math.Max(0, 1-d/1.5))
		}
	}
	path := filepath.Join(dir, "manifold.png")
	if err := plots.Manifold(path, decoded, 28, 28, n, -2, 2, "Decoded latent grid"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(describe(path))
	// Output:
	// manifold.png: 805×855 pixels
}

func ExampleGridCodes() {
	codes, err := plots.GridCodes(3, -1, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v\n", mat.Formatted(codes))
	// Output:
	// ⎡-1  -1⎤
	// ⎢ 0  -1⎥
	// ⎢ 1  -1⎥
	// ⎢-1   0⎥
	// ⎢ 0   0⎥
	// ⎢ 1   0⎥
	// ⎢-1   1⎥
	// ⎢ 0   1⎥
	// ⎣ 1   1⎦
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
	if err := plots.ErrorHistogram(path, scores, planted, "planted 3s", 0.035, "Reconstruction errors"); err != nil {
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
	if err := plots.PrecisionRecall(path, thresholds, precision, recall, "Precision and recall"); err != nil {
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
	if err := plots.ErrorVsCodeSize(path, sizes, autoencoder, pca, "Error against code size"); err != nil {
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

	x := rings(2)
	original := x.RawRowView(1)
	reconstruction := make([]float64, len(original))
	for p := range original {
		// Misses the right half of the ring.
		reconstruction[p] = original[p]
		if p%28 > 14 {
			reconstruction[p] *= 0.3
		}
	}
	path := filepath.Join(dir, "errormap.png")
	if err := plots.ErrorMap(path, original, reconstruction, 28, 28, "Where the ring goes wrong"); err != nil {
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
	if err := plots.Filters(path, weights, 28, 28, 8, "First-layer filters"); err != nil {
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
