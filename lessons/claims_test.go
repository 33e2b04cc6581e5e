package lessons

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
)

// The claims the lessons make, checked at the lessons' full settings. Each
// test repeats the settings of the step it names; change them together.
// They train real models, so -short skips them.

// split returns the lessons' split of the MNIST test set: 8,000 images to
// train on and 2,000 held out.
func split(t *testing.T) (train, held *datasets.Set) {
	t.Helper()
	if testing.Short() {
		t.Skip("trains models at the lessons' full settings")
	}
	digits, err := datasets.MNISTTest()
	if err != nil {
		t.Fatal(err)
	}
	train, held, err = digits.Split(0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	return train, held
}

// fatal stops the test on err.
func fatal(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// latent, step 3: a linear autoencoder lands on PCA's error on the data
// both were fitted on, within a few percent, and not below it.
func TestClaimLinearAutoencoderIsPCA(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	const k = 16
	linear, err := ae.NewSymmetric([]int{784, k}, ae.Linear, ae.Linear, ae.Linear, 1)
	fatal(t, err)
	_, err = linear.Fit(context.Background(), train.Images, ae.Options{Epochs: 20, BatchSize: 32, Seed: 1})
	fatal(t, err)
	pca, err := ae.FitPCA(train.Images, k)
	fatal(t, err)
	for _, c := range []struct {
		name string
		set  *datasets.Set
		low  float64 // the lowest ratio allowed
	}{
		{"training", train, 1 - 1e-4}, // PCA is optimal here: nothing linear does better
		{"held-out", held, 0.99},      // not guaranteed on new rows, but close
	} {
		lr, err := linear.Reconstruct(c.set.Images)
		fatal(t, err)
		pr, err := pca.Reconstruct(c.set.Images)
		fatal(t, err)
		le, err := ae.SquaredErrorPerImage(c.set.Images, lr)
		fatal(t, err)
		pe, err := ae.SquaredErrorPerImage(c.set.Images, pr)
		fatal(t, err)
		ratio := le / pe
		t.Logf("%s rows: linear autoencoder %.3f, PCA %.3f (ratio %.4f)", c.name, le, pe, ratio)
		if ratio < c.low || ratio > 1.03 {
			t.Errorf("%s rows: linear autoencoder / PCA = %.4f, want %.4f to 1.03", c.name, ratio, c.low)
		}
	}
	t.Logf("%.1f s", time.Since(start).Seconds())
}

// latent, steps 2 and 5: with a 30-number code the autoencoder of step 2
// beats PCA on held-out digits (and PCA lands near the paper's 13.87).
func TestClaimAutoencoderBeatsPCAAt30(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	const k = 30
	m, err := ae.NewSymmetric([]int{784, 128, k}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	fatal(t, err)
	_, err = m.Fit(context.Background(), train.Images, ae.Options{Epochs: 10, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	fatal(t, err)
	pca, err := ae.FitPCA(train.Images, k)
	fatal(t, err)
	mr, err := m.Reconstruct(held.Images)
	fatal(t, err)
	pr, err := pca.Reconstruct(held.Images)
	fatal(t, err)
	me, err := ae.SquaredErrorPerImage(held.Images, mr)
	fatal(t, err)
	pe, err := ae.SquaredErrorPerImage(held.Images, pr)
	fatal(t, err)
	t.Logf("code of %d: autoencoder %.2f, PCA %.2f per held-out image (%.1f s)", k, me, pe, time.Since(start).Seconds())
	if me > 0.97*pe {
		t.Errorf("autoencoder %.2f is not below PCA's %.2f", me, pe)
	}
	if pe < 12.5 || pe > 15.5 {
		t.Errorf("PCA with 30 components scores %.2f, far from the paper's 13.87", pe)
	}
}

// denoising, steps 2 to 4: a denoising autoencoder brings noisy digits
// much closer to the clean ones than the noisy inputs are, and closer than
// a plain autoencoder does; TensorFlow's convolutional denoiser, with 65
// times fewer weights, does better still, and a dense denoiser with as few
// weights does far worse.
func TestClaimDenoisingLowersTheError(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	noisy, err := datasets.Gaussian(held.Images, 0.5, 2)
	fatal(t, err)
	dense := func(sizes []int) func() (*ae.Model, error) {
		return func() (*ae.Model, error) { return ae.NewSymmetric(sizes, ae.ReLU, ae.Linear, ae.Sigmoid, 1) }
	}
	errorOf := func(build func() (*ae.Model, error), corrupt ae.Corruption) float64 {
		m, err := build()
		fatal(t, err)
		_, err = m.Fit(context.Background(), train.Images, ae.Options{Epochs: 10, BatchSize: 64, Loss: ae.BCE, Seed: 1, Corrupt: corrupt})
		fatal(t, err)
		out, err := m.Reconstruct(noisy)
		fatal(t, err)
		e, err := ae.MSE.Mean(held.Images, out)
		fatal(t, err)
		return e
	}
	before, err := ae.MSE.Mean(held.Images, noisy)
	fatal(t, err)
	plain := errorOf(dense([]int{784, 128, 32}), ae.Corruption{})
	denoised := errorOf(dense([]int{784, 128, 32}), ae.Corruption{Gaussian: 0.5})
	conv := errorOf(func() (*ae.Model, error) { return ae.TensorFlowDenoiser(train.Shape, 1) }, ae.Corruption{Gaussian: 0.5})
	small := errorOf(func() (*ae.Model, error) {
		return ae.NewSymmetric([]int{784, 4}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	}, ae.Corruption{Gaussian: 0.5})
	t.Logf("MSE against clean digits: noisy %.4f, plain %.4f, denoising %.4f, convolutional %.4f, dense 784-4 %.4f (%.1f s)",
		before, plain, denoised, conv, small, time.Since(start).Seconds())
	if !(denoised < 0.5*before && denoised < 0.8*plain) {
		t.Errorf("denoising autoencoder %.4f: want below half the noisy input's %.4f and clearly below the plain model's %.4f", denoised, before, plain)
	}
	if !(conv < 0.8*denoised && small > 1.5*denoised) {
		t.Errorf("convolutional denoiser %.4f, dense 784-128-32 %.4f, dense 784-4 %.4f: want the convolutional one clearly best and the small dense one far worse", conv, denoised, small)
	}
}

// denoising, steps 6 to 9: the patch denoiser cleans pages whose text it
// has never seen, and an OCR reads the cleaned pages clearly better than
// the dirty ones.
func TestClaimPatchDenoiserCleansHeldOutPages(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model at the lesson's full settings")
	}
	start := time.Now()
	lines := lessonLines(t)
	const h, w, size, stride = 64, 336, 16, 8
	dirt := datasets.Dirt{Blur: 1, Stains: 3, Noise: 0.2}
	pages, texts, err := datasets.RenderMono(lines, h, w, 13)
	fatal(t, err)
	n := pages.Len()
	trainPages, err := pages.Take(n - 2)
	fatal(t, err)
	heldPages, err := pages.Subset([]int{n - 2, n - 1})
	fatal(t, err)
	var rows []int
	for c := 0; c < 4; c++ {
		for p := 0; p < trainPages.Len(); p++ {
			rows = append(rows, p)
		}
	}
	many, err := trainPages.Subset(rows)
	fatal(t, err)
	dirty, err := datasets.Dirty(many, dirt, 1)
	fatal(t, err)
	cleanPatches, err := datasets.Patches(many, size, stride)
	fatal(t, err)
	dirtyPatches, err := datasets.Patches(dirty, size, stride)
	fatal(t, err)
	dirtyHeld, err := datasets.Dirty(heldPages, dirt, 99)
	fatal(t, err)
	heldPatches, err := datasets.Patches(dirtyHeld, size, stride)
	fatal(t, err)

	m, err := ae.NewSymmetric([]int{size * size, 256}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	fatal(t, err)
	_, err = m.Fit(context.Background(), dirtyPatches.Images, ae.Options{Epochs: 30, BatchSize: 64, Loss: ae.BCE, Seed: 1, Target: cleanPatches.Images})
	fatal(t, err)
	rec, err := m.Reconstruct(heldPatches.Images)
	fatal(t, err)
	cleaned, err := datasets.Unpatch(rec, heldPages.Shape, size, stride)
	fatal(t, err)
	before, err := ae.MSE.Mean(heldPages.Images, dirtyHeld.Images)
	fatal(t, err)
	after, err := ae.MSE.Mean(heldPages.Images, cleaned)
	fatal(t, err)
	ocr, err := datasets.NewOCR(13)
	fatal(t, err)
	accuracy := func(p *datasets.Set) float64 {
		read, err := ocr.Read(p)
		fatal(t, err)
		a, err := datasets.CharAccuracy(read, texts[n-2:])
		fatal(t, err)
		return a
	}
	dirtyAcc := accuracy(dirtyHeld)
	cleanedAcc := accuracy(&datasets.Set{Images: cleaned, Shape: heldPages.Shape})
	t.Logf("held-out pages: MSE dirty %.4f, cleaned %.4f; OCR character accuracy dirty %.3f, cleaned %.3f (%.1f s)",
		before, after, dirtyAcc, cleanedAcc, time.Since(start).Seconds())
	if !(after < 0.7*before) {
		t.Errorf("cleaned pages %.4f are not clearly closer to the clean ones than the dirty pages %.4f", after, before)
	}
	if !(cleanedAcc > dirtyAcc+0.15) {
		t.Errorf("the OCR reads the cleaned pages at %.3f, the dirty ones at %.3f: want clearly better (by 0.15)", cleanedAcc, dirtyAcc)
	}
}

// anomaly, step 5: PyImageSearch's ConvAutoencoder, trained as they did,
// ranks the planted 3s high too, and what the 0.999 quantile flags is
// mostly 3s (they report 7 flagged, 5 of them 3s).
func TestClaimPyImageSearchFlagsThrees(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model at the lesson's full settings")
	}
	start := time.Now()
	digits, err := datasets.MNISTTest()
	fatal(t, err)
	ones, err := digits.Filter([]int{1})
	fatal(t, err)
	threes, err := digits.Filter([]int{3})
	fatal(t, err)
	mixed, planted, err := datasets.Contaminate(ones, threes, 0.01, 7)
	fatal(t, err)
	m, err := ae.PyImageSearchConv(mixed.Shape, 1)
	fatal(t, err)
	_, err = m.Fit(context.Background(), mixed.Images, ae.Options{Epochs: 20, BatchSize: 32, Loss: ae.MSE, Seed: 1})
	fatal(t, err)
	rec, err := m.Reconstruct(mixed.Images)
	fatal(t, err)
	scores, err := ae.MSE.Errors(mixed.Images, rec)
	fatal(t, err)
	threshold, err := ae.QuantileThreshold(scores, 0.999)
	fatal(t, err)
	flagged := ae.Flag(scores, threshold)
	precision, _, err := ae.PrecisionRecall(flagged, planted)
	fatal(t, err)
	nPlanted := ae.Count(planted)
	hits := 0
	for _, i := range ae.TopK(scores, 2*nPlanted) {
		if planted[i] {
			hits++
		}
	}
	t.Logf("0.999 quantile flags %d, precision %.2f; %d of %d planted 3s in the top %d (%.1f s)",
		ae.Count(flagged), precision, hits, nPlanted, 2*nPlanted, time.Since(start).Seconds())
	if !(precision >= 0.5) || 2*hits < nPlanted {
		t.Errorf("precision %.2f of the flagged, %d of %d planted 3s in the top %d: want at least 0.5 and half", precision, hits, nPlanted, 2*nPlanted)
	}
}

// anomaly, step 2: the planted 3s crowd the top of the error ranking, far
// beyond chance.
func TestClaimPlantedAnomaliesRankHigh(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model at the lesson's full settings")
	}
	start := time.Now()
	digits, err := datasets.MNISTTest()
	fatal(t, err)
	ones, err := digits.Filter([]int{1})
	fatal(t, err)
	threes, err := digits.Filter([]int{3})
	fatal(t, err)
	mixed, planted, err := datasets.Contaminate(ones, threes, 0.01, 7)
	fatal(t, err)
	m, err := ae.NewSymmetric([]int{784, 64, 8}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	fatal(t, err)
	_, err = m.Fit(context.Background(), mixed.Images, ae.Options{Epochs: 30, BatchSize: 32, Loss: ae.BCE, Seed: 1})
	fatal(t, err)
	rec, err := m.Reconstruct(mixed.Images)
	fatal(t, err)
	scores, err := ae.MSE.Errors(mixed.Images, rec)
	fatal(t, err)
	nPlanted := ae.Count(planted)
	top := ae.TopK(scores, 2*nPlanted)
	hits := 0
	for _, i := range top {
		if planted[i] {
			hits++
		}
	}
	chance := float64(len(top)*nPlanted) / float64(len(scores))
	t.Logf("%d of %d planted 3s in the top %d (chance %.2f) (%.1f s)", hits, nPlanted, len(top), chance, time.Since(start).Seconds())
	if float64(hits) < 20*chance || 2*hits < nPlanted {
		t.Errorf("only %d of %d planted 3s in the top %d scores; chance gives %.2f", hits, nPlanted, len(top), chance)
	}
	// The 0.999 quantile flags about 0.1% of the images: at most a small
	// share of the planted 3s, as step 3 explains.
	th, err := ae.QuantileThreshold(scores, 0.999)
	fatal(t, err)
	_, recall, err := ae.PrecisionRecall(ae.Flag(scores, th), planted)
	fatal(t, err)
	if recall > 0.3 {
		t.Errorf("recall at the 0.999 quantile is %.2f; step 3 says it can only be small", recall)
	}
}

// loss, step 5: on 200 images a bigger model overfits: the validation loss
// reaches its lowest point well before the end, then rises, while the
// training loss keeps falling.
func TestClaimSmallTrainingSetOverfits(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	small, err := train.Take(200)
	fatal(t, err)
	watch, err := held.Take(held.Len() / 4)
	fatal(t, err)
	m, err := ae.NewSymmetric([]int{784, 256, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	fatal(t, err)
	h, err := m.Fit(context.Background(), small.Images, ae.Options{Epochs: 150, BatchSize: 32, Loss: ae.BCE, Seed: 1, Validation: watch.Images})
	fatal(t, err)
	best := 0
	for e, v := range h.Validation {
		if v < h.Validation[best] {
			best = e
		}
	}
	rise := h.LastValidation() - h.Validation[best]
	t.Logf("validation lowest at epoch %d (%.4f), last %.4f; train %.4f → %.4f (%.1f s)",
		best+1, h.Validation[best], h.LastValidation(), h.Train[best], h.LastTrain(), time.Since(start).Seconds())
	if best+1 > 120 || rise < 0.01 || h.LastTrain() >= h.Train[best] {
		t.Errorf("no clear overfitting: best epoch %d, rise %.4f, train %.4f → %.4f", best+1, rise, h.Train[best], h.LastTrain())
	}
}

// lessonLines returns the lines of text the denoising lesson renders,
// read from the lesson's own step code, so that the claim is tested on
// the lesson's text.
func lessonLines(t *testing.T) []string {
	t.Helper()
	l, err := Find("denoising")
	fatal(t, err)
	for _, st := range l.Steps {
		f, err := parser.ParseFile(token.NewFileSet(), "step.go", "package p\nfunc f() {\n"+st.Code+"\n}\n", 0)
		fatal(t, err)
		var lines []string
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				return true
			}
			if id, ok := as.Lhs[0].(*ast.Ident); !ok || id.Name != "lines" {
				return true
			}
			lit, ok := as.Rhs[0].(*ast.CompositeLit)
			if !ok {
				return true
			}
			for _, e := range lit.Elts {
				if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == token.STRING {
					s, err := strconv.Unquote(bl.Value)
					fatal(t, err)
					lines = append(lines, s)
				}
			}
			return false
		})
		if len(lines) > 0 {
			return lines
		}
	}
	t.Fatal("the denoising lesson has no step with lines := []string{...}")
	return nil
}

// encoderModel trains the autoencoder of the encoder lesson's step 1 (and,
// on other rows, of its step 5) at the lesson's full settings.
func encoderModel(t *testing.T, x *mat.Dense) *ae.Model {
	t.Helper()
	_, d := x.Dims()
	m, err := ae.NewSymmetric([]int{d, 500, 500, 16}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	fatal(t, err)
	_, err = m.Fit(context.Background(), x, ae.Options{Epochs: 20, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	fatal(t, err)
	return m
}

// encoder, steps 2 and 3: k-means groups the held-out digits by their
// autoencoder codes more as the labels do (NMI) than by their pixels, and
// a search of the training digits by code finds the query's digit among
// the 10 nearest more often than a search by pixels.
func TestClaimCodesClusterAndSearchBetterThanPixels(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	ctx := context.Background()
	m := encoderModel(t, train.Images)
	heldCodes, err := m.Encode(held.Images)
	fatal(t, err)
	trainCodes, err := m.Encode(train.Images)
	fatal(t, err)

	nmiOf := func(x *mat.Dense) float64 {
		km, err := ae.FitKMeans(ctx, x, 10, ae.KMeansOptions{Seed: 1})
		fatal(t, err)
		nmi, err := ae.NMI(held.Labels, km.Clusters)
		fatal(t, err)
		return nmi
	}
	pixelNMI, codeNMI := nmiOf(held.Images), nmiOf(heldCodes)
	precisionOf := func(queries, items *mat.Dense) float64 {
		idx, _, err := ae.Nearest(ctx, queries, items, 10, ae.Euclidean)
		fatal(t, err)
		p, err := ae.PrecisionAtK(idx, held.Labels, train.Labels)
		fatal(t, err)
		return p
	}
	pixelP, codeP := precisionOf(held.Images, train.Images), precisionOf(heldCodes, trainCodes)
	t.Logf("NMI: codes %.3f, pixels %.3f; precision@10: codes %.3f, pixels %.3f (%.1f s)",
		codeNMI, pixelNMI, codeP, pixelP, time.Since(start).Seconds())
	if codeNMI < pixelNMI+0.03 {
		t.Errorf("k-means on codes has NMI %.3f, not clearly above the pixels' %.3f", codeNMI, pixelNMI)
	}
	if codeP < pixelP+0.005 {
		t.Errorf("precision@10 by codes %.3f is not above the pixels' %.3f", codeP, pixelP)
	}
}

// encoder, step 5: a model of eight kinds of digit tells clothes from the
// digits it knows almost perfectly by its reconstruction error.
func TestClaimClothesAreStrangers(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	seen := []int{0, 1, 3, 4, 5, 6, 8, 9}
	familiarTrain, err := train.Filter(seen)
	fatal(t, err)
	familiar, err := held.Filter(seen)
	fatal(t, err)
	clothes, err := datasets.FashionTest()
	fatal(t, err)
	clothes, err = clothes.Take(2000)
	fatal(t, err)
	m := encoderModel(t, familiarTrain.Images)
	scoresOf := func(x *mat.Dense) []float64 {
		r, err := m.Reconstruct(x)
		fatal(t, err)
		s, err := ae.MSE.Errors(x, r)
		fatal(t, err)
		return s
	}
	scores := append(scoresOf(familiar.Images), scoresOf(clothes.Images)...)
	isClothes := make([]bool, len(scores))
	for i := familiar.Len(); i < len(scores); i++ {
		isClothes[i] = true
	}
	auc, err := ae.AUC(scores, isClothes)
	fatal(t, err)
	t.Logf("digits against clothes: AUC %.4f (%.1f s)", auc, time.Since(start).Seconds())
	if auc <= 0.95 {
		t.Errorf("AUC of clothes against familiar digits is %.4f, want above 0.95", auc)
	}
}

// generative, steps 1, 2 and 4: random codes decoded by a VAE are closer
// to real digits (the mean distance from each to its nearest training
// digit) than those of a plain autoencoder of the same size, drawn from a
// normal distribution fitted to its codes; with 2-number codes, the VAE's
// random codes land in holes between the digits' codes less often, and
// its codes are closer to the standard normal (mean and variance of each
// number) than the plain model's.
func TestClaimVAEMakesDigits(t *testing.T) {
	train, held := split(t)
	start := time.Now()
	ctx := context.Background()
	must := func(m *ae.Model, err error) *ae.Model {
		t.Helper()
		fatal(t, err)
		return m
	}
	fit := func(m *ae.Model, epochs int) *ae.Model {
		t.Helper()
		_, err := m.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
		fatal(t, err)
		return m
	}
	// drawLike, meanNearest and holeShare as in the lesson's step 1.
	drawLike := func(codes *mat.Dense, n int, seed int64) *mat.Dense {
		_, size := codes.Dims()
		random, err := ae.PriorCodes(n, size, seed)
		fatal(t, err)
		for j := 0; j < size; j++ {
			mean, spread := stat.MeanStdDev(mat.Col(nil, j, codes), nil)
			for i := 0; i < n; i++ {
				random.Set(i, j, mean+spread*random.At(i, j))
			}
		}
		return random
	}
	meanNearest := func(images *mat.Dense) float64 {
		_, dist, err := ae.Nearest(ctx, images, train.Images, 1, ae.Euclidean)
		fatal(t, err)
		total := 0.0
		for _, d := range dist {
			total += d[0]
		}
		return total / float64(len(dist))
	}
	holeShare := func(random, trainCodes, heldCodes *mat.Dense) float64 {
		_, heldDist, err := ae.Nearest(ctx, heldCodes, trainCodes, 1, ae.Euclidean)
		fatal(t, err)
		var gaps []float64
		for _, d := range heldDist {
			gaps = append(gaps, d[0])
		}
		edge, err := ae.QuantileThreshold(gaps, 0.99)
		fatal(t, err)
		_, randomDist, err := ae.Nearest(ctx, random, trainCodes, 1, ae.Euclidean)
		fatal(t, err)
		far := 0
		for _, d := range randomDist {
			if d[0] > edge {
				far++
			}
		}
		return float64(far) / float64(len(randomDist))
	}
	encode := func(m *ae.Model, x *mat.Dense) *mat.Dense {
		c, err := m.Encode(x)
		fatal(t, err)
		return c
	}
	const n = 200

	plain := fit(must(ae.NewSymmetric([]int{784, 256, 20}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)), 20)
	vae := fit(must(ae.NewVAE([]int{784, 256, 20}, ae.ReLU, ae.Sigmoid, 1)), 30)
	smudges, err := plain.Decode(drawLike(encode(plain, train.Images), n, 1))
	fatal(t, err)
	samples, err := vae.Generate(n, 1)
	fatal(t, err)
	some, err := held.Take(n)
	fatal(t, err)
	real, plainD, vaeD := meanNearest(some.Images), meanNearest(smudges), meanNearest(samples)
	t.Logf("distance to the nearest training digit: held-out digits %.3f, VAE samples %.3f, plain random codes %.3f", real, vaeD, plainD)
	if !(vaeD < 0.95*plainD) {
		t.Errorf("VAE samples lie %.3f from the nearest training digit, the plain model's random codes %.3f: want the VAE's 5%% closer", vaeD, plainD)
	}

	plain2 := fit(must(ae.NewSymmetric([]int{784, 256, 2}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)), 20)
	vae2 := fit(must(ae.NewVAE([]int{784, 256, 2}, ae.ReLU, ae.Sigmoid, 1)), 20)
	p2Train, p2Held := encode(plain2, train.Images), encode(plain2, held.Images)
	v2Train, v2Held := encode(vae2, train.Images), encode(vae2, held.Images)
	prior, err := ae.PriorCodes(n, 2, 1)
	fatal(t, err)
	plainHoles, vaeHoles := holeShare(drawLike(p2Train, n, 1), p2Train, p2Held), holeShare(prior, v2Train, v2Held)
	t.Logf("random codes in a hole: VAE %.3f, plain %.3f", vaeHoles, plainHoles)
	if !(vaeHoles < plainHoles/2) {
		t.Errorf("random codes in a hole: VAE %.3f, plain %.3f; want the VAE's below half the plain model's", vaeHoles, plainHoles)
	}
	for j := 0; j < 2; j++ {
		vm, vv := stat.MeanVariance(mat.Col(nil, j, v2Held), nil)
		pm, pv := stat.MeanVariance(mat.Col(nil, j, p2Held), nil)
		t.Logf("code number %d: VAE mean %.3f variance %.3f; plain mean %.3f variance %.3f", j+1, vm, vv, pm, pv)
		if !(math.Abs(vm) < math.Abs(pm) && math.Abs(vv-1) < math.Abs(pv-1)/4) {
			t.Errorf("code number %d: VAE mean %.3f variance %.3f, plain mean %.3f variance %.3f: want the VAE's closer to 0 and 1", j+1, vm, vv, pm, pv)
		}
	}
	t.Logf("%.1f s", time.Since(start).Seconds())
}
