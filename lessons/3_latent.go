package lessons

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"github.com/aekit/aekit/plots"
)

// latent: dimensionality reduction, the autoencoder beside PCA.
//
// Goal: squeeze digits into 2 numbers and look at the map, compare an
// autoencoder with PCA at every code size, see why a linear autoencoder is
// PCA, walk the decoded 2-D space, and set our numbers beside the 2006
// paper's.
func latent(ctx context.Context, quick bool) {
	// Step: A map of the digits in two numbers
	//
	// The code is also called the latent code: hidden numbers the model
	// found by itself. With only two of them, every digit becomes a point
	// on a plane, and we can look at all of them at once.
	//
	// PCA (principal component analysis) is the classic way to do the same:
	// it keeps the directions in which the images vary most. It is linear:
	// its code is a weighted sum of pixels. The autoencoder's encoder is
	// not, because of its ReLU layer.
	//
	// Colour each point by its digit. Then measure how well each map keeps
	// the digits apart: how often is a held-out digit closest to the centre
	// of its own kind (the average position of that digit's training codes)?
	train, held, err := heldOutDigits(quick)
	check(err)
	pixels := train.Shape.Size() // 784
	epochs := 10
	// -quick trains on 1,000 images instead of 8,000: too few for the
	// autoencoders of this lesson, whose numbers then say little.
	var quickNote string
	if quick {
		quickNote = "(-quick: 1,000 training images are too few for the autoencoder; its numbers here are not the lesson's)"
	}

	m2, err := ae.NewSymmetric([]int{pixels, 128, 2}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = m2.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	check(err)
	aeTrainCodes, err := m2.Encode(train.Images)
	check(err)
	aeCodes, err := m2.Encode(held.Images)
	check(err)

	// PCA: fit 150 components now (later steps use them); the map uses
	// the first 2.
	pca, err := ae.FitPCA(train.Images, 150)
	check(err)
	pcaTrainAll, err := pca.Encode(train.Images)
	check(err)
	pcaHeldCodes, err := pca.Encode(held.Images)
	check(err)
	pcaTrainCodes := mat.DenseCopyOf(pcaTrainAll.Slice(0, train.Len(), 0, 2))
	pcaCodes := mat.DenseCopyOf(pcaHeldCodes.Slice(0, held.Len(), 0, 2))

	// ownCentre returns the fraction of held-out codes that lie closer to
	// the centre of their own digit's training codes (the average code of
	// that digit) than to the centre of any other digit.
	ownCentre := func(trainCodes, heldCodes *mat.Dense) float64 {
		var centre [10][2]float64
		var count [10]float64
		for i, d := range train.Labels {
			p := trainCodes.RawRowView(i)
			centre[d][0] += p[0]
			centre[d][1] += p[1]
			count[d]++
		}
		for d := 0; d < 10; d++ {
			centre[d][0] /= count[d]
			centre[d][1] /= count[d]
		}
		own := 0
		for i, label := range held.Labels {
			p := heldCodes.RawRowView(i)
			best, bestDist := 0, -1.0
			for d := 0; d < 10; d++ {
				dx, dy := p[0]-centre[d][0], p[1]-centre[d][1]
				if dist := dx*dx + dy*dy; bestDist < 0 || dist < bestDist {
					best, bestDist = d, dist
				}
			}
			if best == label {
				own++
			}
		}
		return float64(own) / float64(held.Len())
	}
	aeOwn := ownCentre(aeTrainCodes, aeCodes)
	pcaOwn := ownCentre(pcaTrainCodes, pcaCodes)
	fmt.Printf("held-out digits nearest the centre of their own digit: autoencoder %.0f%%, PCA %.0f%%\n", 100*aeOwn, 100*pcaOwn)
	if quickNote != "" {
		fmt.Println(quickNote)
	}
	check(plots.LatentMaps{Maps: []plots.LatentMap{
		{Points: aeCodes, Labels: held.Labels, Title: "autoencoder (784→128→2)"},
		{Points: pcaCodes, Labels: held.Labels, Title: "PCA, 2 components", XLabel: "PC 1", YLabel: "PC 2"},
	}}.Save(picture("maps.png")))

	// Step: Error against code size
	//
	// Now give both more numbers. We measure the error as the 2006 paper
	// does: the squared error summed over the 784 pixels, averaged over
	// images (784 times the MSE). ae.SquaredErrorPerImage computes it.
	//
	// PCA's codes are nested: its best 8-number code is the first 8 numbers
	// of its best 30-number code. So we fit PCA once and keep the first k
	// numbers of each code, setting the rest to 0. An autoencoder has to be
	// trained again for every code size.
	sizes := []int{2, 4, 8, 16, 30}

	// pcaRebuild decodes PCA codes keeping only their first k numbers.
	pcaRebuild := func(codes *mat.Dense, k int) *mat.Dense {
		z := mat.DenseCopyOf(codes)
		r, c := z.Dims()
		for i := 0; i < r; i++ {
			row := z.RawRowView(i)
			for j := k; j < c; j++ {
				row[j] = 0
			}
		}
		rec, err := pca.Decode(z)
		check(err)
		return rec
	}
	// pcaError returns PCA's squared error per image on the images x,
	// whose codes are codes, keeping k numbers.
	pcaError := func(x, codes *mat.Dense, k int) float64 {
		e, err := ae.SquaredErrorPerImage(x, pcaRebuild(codes, k))
		check(err)
		return e
	}

	sweepModels := make([]*ae.Model, len(sizes))
	aeErrors := make([]float64, len(sizes))
	pcaErrors := make([]float64, len(sizes))
	fmt.Println("code  autoencoder   PCA   (squared error per held-out image)")
	for k, size := range sizes {
		mk, err := ae.NewSymmetric([]int{pixels, 128, size}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
		check(err)
		_, err = mk.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
		check(err)
		rec, err := mk.Reconstruct(held.Images)
		check(err)
		e, err := ae.SquaredErrorPerImage(held.Images, rec)
		check(err)
		sweepModels[k] = mk
		aeErrors[k] = e
		pcaErrors[k] = pcaError(held.Images, pcaHeldCodes, size)
		fmt.Printf("%4d  %11.2f  %6.2f\n", size, aeErrors[k], pcaErrors[k])
	}
	if quickNote != "" {
		fmt.Println(quickNote)
	}
	check(plots.ErrorVsCodeSize{Sizes: sizes, Autoencoder: aeErrors, PCA: pcaErrors,
		Title: "squared error per held-out image"}.Save(picture("error-vs-size.png")))

	// varianceUpTo returns the fraction of the variance the first k PCA
	// components keep (an exercise uses it).
	varianceUpTo := func(k int) float64 {
		total := 0.0
		for _, v := range pca.ExplainedVariance()[:k] {
			total += v
		}
		return total
	}
	fmt.Printf("PCA keeps %.0f%% of the variance with 2 numbers, %.0f%% with 30\n", 100*varianceUpTo(2), 100*varianceUpTo(30))

	// Step: A linear autoencoder is PCA
	//
	// Take away every non-linearity: a linear encoder, a linear decoder,
	// trained with MSE. Its code is a weighted sum of pixels, like PCA's.
	// PCA is the best linear code there is: no linear map with k numbers
	// rebuilds the data it was fitted on with a smaller squared error. So a
	// well-trained linear autoencoder lands on PCA's error, and not below.
	//
	// It finds the same k-dimensional space of images as PCA, but not the
	// same axes: any turn of PCA's axes within that space does as well.
	// Compare the decoder's pictures with PCA's components.
	linearK := 16
	linearBatch, linearRate := 32, 0.001 // Adam's usual rate
	if quick {
		// An eighth of the images gives an eighth of the updates: take
		// more and larger steps to come as close to PCA all the same.
		linearBatch, linearRate = 16, 0.003
	}
	linear, err := ae.NewSymmetric([]int{pixels, linearK}, ae.Linear, ae.Linear, ae.Linear, 1)
	check(err)
	_, err = linear.Fit(ctx, train.Images, ae.Options{Epochs: 20, BatchSize: linearBatch, LearningRate: linearRate, Seed: 1})
	check(err)
	linearRecTrain, err := linear.Reconstruct(train.Images)
	check(err)
	linearTrain, err := ae.SquaredErrorPerImage(train.Images, linearRecTrain)
	check(err)
	linearRecHeld, err := linear.Reconstruct(held.Images)
	check(err)
	linearHeld, err := ae.SquaredErrorPerImage(held.Images, linearRecHeld)
	check(err)
	pcaTrainK := pcaError(train.Images, pcaTrainAll, linearK)
	pcaHeldK := pcaError(held.Images, pcaHeldCodes, linearK)
	fmt.Printf("code of %d   linear autoencoder   PCA\n", linearK)
	fmt.Printf("training     %18.3f   %.3f   (the autoencoder is %.2f%% above PCA)\n", linearTrain, pcaTrainK, 100*(linearTrain/pcaTrainK-1))
	fmt.Printf("held-out     %18.3f   %.3f\n", linearHeld, pcaHeldK)

	decoderWeights, err := linear.Weights(1) // 784 rows (pixels) × linearK columns (code numbers)
	check(err)
	check(plots.Filters{Weights: mat.DenseCopyOf(decoderWeights.T()), Shape: train.Shape, Cols: 8,
		Title: fmt.Sprintf("what each of the %d code numbers draws: linear autoencoder", linearK)}.Save(picture("linear-autoencoder.png")))
	components := pca.Components()
	check(plots.Filters{Weights: mat.DenseCopyOf(components.Slice(0, linearK, 0, pixels)), Shape: train.Shape, Cols: 8,
		Title: fmt.Sprintf("the first %d PCA components", linearK)}.Save(picture("pca.png")))

	// Step: Walk the 2-D space
	//
	// The decoder of the 2-D model turns any two numbers into an image,
	// even numbers no digit was encoded to. Decode a 15×15 grid of codes
	// that covers the map of step 1, and digits morph into one another as
	// you walk across it: the model has laid the digits out on a surface.
	// Compare the picture with the map: the same digits in the same places.
	gridSize := 15

	// The map's range on each axis, leaving out the 5% most extreme codes
	// at each end.
	xs := mat.Col(nil, 0, aeCodes)
	ys := mat.Col(nil, 1, aeCodes)
	sort.Float64s(xs)
	sort.Float64s(ys)
	cut := len(xs) / 20
	grid := plots.LatentGrid{Size: gridSize,
		XMin: xs[cut], XMax: xs[len(xs)-1-cut],
		YMin: ys[cut], YMax: ys[len(ys)-1-cut]}
	gridCodes, err := grid.Codes()
	check(err)
	decoded, err := m2.Decode(gridCodes)
	check(err)
	fmt.Printf("decoded a %d×%d grid of codes: code 1 from %.1f to %.1f, code 2 from %.1f to %.1f\n",
		gridSize, gridSize, grid.XMin, grid.XMax, grid.YMin, grid.YMax)
	check(plots.Manifold{Grid: grid, Images: decoded, Shape: train.Shape,
		Title: "what the 2-D decoder draws across the map"}.Save(picture("manifold.png")))

	// Step: The 2006 paper, at 30 numbers
	//
	// Hinton and Salakhutdinov's 2006 paper in Science made autoencoders
	// famous. With a 30-number code on MNIST, they report a squared error
	// per test image of 13.87 for PCA, 8.01 for logistic PCA and 3.00 for a
	// deep autoencoder (784 → 1000 → 500 → 250 → 30, and back), trained on
	// the 60,000 training images with a special pre-training and long
	// fine-tuning: days of computer time then.
	//
	// The last model of step 2 has a 30-number code too, with a single
	// hidden layer, fitted on 8,000 test images in seconds and scored on
	// the 2,000 held out. PCA lands near the paper's number: it needs
	// little data. Our autoencoder beats PCA but stays far above 3.00: it
	// is shallower, and has seen far fewer images for far less time.
	//
	// The paper's own model, on the full 60,000, takes under ten minutes
	// on two cores: run this step again with `:step 5 fullData=true` (it
	// needs the training images: see what it prints). It starts from He's
	// initialisation, pretrains layer by layer as the paper did (step 6
	// shows why), then fine-tunes the whole stack with AdamW (Adam with
	// weight decay) and a learning rate that warms up and then falls
	// along a cosine; it scores the 10,000 test images and draws them as
	// the paper's Figure 2 does.
	fullData := false
	paperEpochs := 100 // the full-data run's epochs: fewer for a shorter try
	last := len(sizes) - 1
	model30 := sweepModels[last]
	deepRec, err := model30.Reconstruct(held.Images)
	check(err)
	pcaRec30 := pcaRebuild(pcaHeldCodes, sizes[last])
	fmt.Printf("%d numbers          PCA   logistic PCA   autoencoder\n", sizes[last])
	fmt.Println("2006 paper        13.87          8.01         3.00   (60,000 training images, 784→1000→500→250→30)")
	fmt.Printf("here            %8.2f              -     %8.2f   (%d training images, %d epochs, %s)\n",
		pcaErrors[last], aeErrors[last], train.Len(), epochs, model30)
	if quickNote != "" {
		fmt.Println(quickNote)
	}
	check(plots.Rows{Rows: []plots.Row{
		{Name: "original", Images: held.Images},
		{Name: "PCA", Images: pcaRec30},
		{Name: "autoencoder", Images: deepRec},
	}, Shape: held.Shape, Title: fmt.Sprintf("%d numbers: originals, PCA, autoencoder", sizes[last])}.Save(picture("paper.png")))

	// The paper's recipe, on the 60,000 (see the README's "The 2006 paper
	// in ten minutes" and bench/paper).
	paperSizes := []int{pixels, 1000, 500, 250, 30}
	paperPretrainOpts := ae.Options{Epochs: 2, BatchSize: 128, Loss: ae.BCE, Seed: 1}
	paperOpts := ae.Options{Epochs: paperEpochs, BatchSize: 128, LearningRate: 0.002, Schedule: ae.CosineDecay,
		WarmupEpochs: 1, WeightDecay: 0.1, Loss: ae.BCE, Seed: 1}
	mnistDir := os.Getenv("AEKIT_MNIST")
	var paperErr, paperPCAErr float64
	// Pictures only the full-data run draws.
	curveName, figureName := "paper-curve.png", "figure2.png"
	switch {
	case !fullData:
		fmt.Println("the paper's own model on the 60,000 training images: type `:step 5 fullData=true` (about 10 minutes on two cores)")
	case mnistDir == "":
		fmt.Printf("fullData would train %v on the 60,000 MNIST training images: He's initialisation, %d epochs of pretraining per layer, then %d epochs of the whole stack (AdamW, weight decay %g, rate %g warming up for %g epochs then falling along a cosine, batches of %d: under 10 minutes on two cores), then score the 10,000 test images beside 13.87, 8.01 and 3.00.\n",
			paperSizes, paperPretrainOpts.Epochs, paperOpts.Epochs, paperOpts.WeightDecay, paperOpts.LearningRate, paperOpts.WarmupEpochs, paperOpts.BatchSize)
		fmt.Println("It needs the training images, which aekit does not embed (45 MB). Fetch them once and tell the REPL where they are:")
		fmt.Println("    go run ./datasets/cmd/getmnist -o ~/mnist     # from the aekit repository")
		fmt.Println("    AEKIT_MNIST=~/mnist go run ./repl             # then :open latent and :step 5 fullData=true")
	default:
		fullTrain, fullTest, err := datasets.LoadMNIST(mnistDir)
		check(err)
		paperModel, err := ae.NewSymmetric(paperSizes, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
		check(err)
		check(paperModel.Initialize(ae.HeInit, 1))
		// After every epoch: the training loss so far, drawn again.
		var paperCurve []float64
		paperOpts.OnEpoch = func(epoch int, trainLoss, validation float64) {
			paperCurve = append(paperCurve, trainLoss)
			check(plots.LossCurves{Curves: []plots.Curve{{Name: "the paper's model, 60,000 images", Train: paperCurve}},
				Title: "training loss (BCE per pixel), epoch by epoch"}.Save(picture(curveName)))
		}
		started := time.Now()
		_, err = paperModel.Pretrain(ctx, fullTrain.Images, paperPretrainOpts)
		check(err)
		_, err = paperModel.Fit(ctx, fullTrain.Images, paperOpts)
		check(err)
		minutes := time.Since(started).Minutes()
		paperRec, err := paperModel.Reconstruct(fullTest.Images)
		check(err)
		paperErr, err = ae.SquaredErrorPerImage(fullTest.Images, paperRec)
		check(err)
		fullPCA, err := ae.FitPCA(fullTrain.Images, 30)
		check(err)
		pcaFullRec, err := fullPCA.Reconstruct(fullTest.Images)
		check(err)
		paperPCAErr, err = ae.SquaredErrorPerImage(fullTest.Images, pcaFullRec)
		check(err)
		fmt.Println("30 numbers, 10,000 test images   PCA   logistic PCA   deep autoencoder")
		fmt.Println("2006 paper                     13.87          8.01         3.00")
		fmt.Printf("here                          %6.2f              -       %6.2f   (%d epochs in %.1f minutes)\n",
			paperPCAErr, paperErr, paperOpts.Epochs, minutes)
		// Figure 2 of the paper: one test image of each digit, rebuilt.
		var firsts []int
		for digit := 0; digit < 10; digit++ {
			for i, label := range fullTest.Labels {
				if label == digit {
					firsts = append(firsts, i)
					break
				}
			}
		}
		figure, err := fullTest.Subset(firsts)
		check(err)
		figureAE, err := paperModel.Reconstruct(figure.Images)
		check(err)
		figurePCA, err := fullPCA.Reconstruct(figure.Images)
		check(err)
		check(plots.Rows{Rows: []plots.Row{
			{Name: "original", Images: figure.Images},
			{Name: "deep autoencoder", Images: figureAE},
			{Name: "PCA", Images: figurePCA},
		}, Shape: figure.Shape, Title: fmt.Sprintf("30 numbers, as the paper's Figure 2: deep autoencoder %.2f, PCA %.2f", paperErr, paperPCAErr)}.Save(picture(figureName)))
	}

	// Exercise: Ninety percent
	// How many PCA components keep 90% of the variance of the digits?
	// Find the smallest k with varianceUpTo(k) >= 0.9 (try a few values, or
	// write a loop) and store it in k90, then type `:check`.
	// Try: :check
	// Check: varianceUpTo(k90) >= 0.9 && varianceUpTo(k90-1) < 0.9
	// Answer: fmt.Sprintf("%d components keep %.1f%% of the variance, %d keep %.1f%%",
	// k90, 100*varianceUpTo(k90), k90-1, 100*varianceUpTo(k90-1))
	// Hint: varianceUpTo(30) is printed at the end of step 2; you need more
	// than 30. A loop: k90 := 1, then for varianceUpTo(k90) < 0.9 { k90++ }.
	// Solution: k90 := 1
	// for varianceUpTo(k90) < 0.9 {
	// 	k90++
	// }

	// Exercise: Nested codes
	// Step 2 claims PCA's best 8-number code is the first 8 numbers of a
	// larger one. Check it: fit a PCA with exactly 8 components on
	// train.Images, reconstruct held.Images with it, and store its squared
	// error per image in pca8. Compare with pcaErrors[2], the 8 row, then
	// type `:check`.
	// Try: :check
	// Check: math.Abs(pca8-pcaErrors[2]) < 1e-6*pcaErrors[2]
	// Answer: fmt.Sprintf("PCA fitted with 8 components: %.4f per image; the first 8 of 150: %.4f", pca8, pcaErrors[2])
	// Hint: p8, err := ae.FitPCA(train.Images, 8), then p8.Reconstruct and
	// ae.SquaredErrorPerImage.
	// Solution: p8, err := ae.FitPCA(train.Images, 8)
	// check(err)
	// rec8, err := p8.Reconstruct(held.Images)
	// check(err)
	// pca8, err := ae.SquaredErrorPerImage(held.Images, rec8)
	// check(err)

	// Step: Layer by layer
	//
	// In 2006 a deep autoencoder trained from random weights got nowhere:
	// the paper's trick was to train it one layer at a time first. The
	// first layer and its mirror in the decoder learn to rebuild the
	// pixels as a shallow autoencoder; the next pair learns to rebuild the
	// first layer's codes; and so on up the stack. Then the whole model is
	// fine-tuned from there. m.Pretrain does the first part.
	//
	// Is it worth it? Compare at equal time: pretraining every pair for
	// one epoch costs about one epoch of the whole model (the pairs hold
	// each weight once between them), so the model trained from scratch
	// gets as many extra epochs as the pretraining has. Here with the
	// paper's logistic (sigmoid) hidden units.
	stackHidden := ae.Sigmoid
	pretrainEpochs := 2
	tuneEpochs := 4
	stackSizes := []int{pixels, 256, 128, 64, 30}
	stackOpts := ae.Options{BatchSize: 64, Loss: ae.BCE, Seed: 1}
	if quick {
		stackOpts.BatchSize = 16 // as many updates from 1,000 images
	}

	scratch, err := ae.NewSymmetric(stackSizes, stackHidden, ae.Linear, ae.Sigmoid, 1)
	check(err)
	scratchOpts := stackOpts
	scratchOpts.Epochs = pretrainEpochs + tuneEpochs
	started := time.Now()
	_, err = scratch.Fit(ctx, train.Images, scratchOpts)
	check(err)
	scratchSeconds := time.Since(started).Seconds()

	stacked, err := ae.NewSymmetric(stackSizes, stackHidden, ae.Linear, ae.Sigmoid, 1)
	check(err)
	pretrainOpts := stackOpts
	pretrainOpts.Epochs = pretrainEpochs
	started = time.Now()
	_, err = stacked.Pretrain(ctx, train.Images, pretrainOpts)
	check(err)
	pretrainedRec, err := stacked.Reconstruct(held.Images)
	check(err)
	pretrainedOnly, err := ae.SquaredErrorPerImage(held.Images, pretrainedRec)
	check(err)
	tuneOpts := stackOpts
	tuneOpts.Epochs = tuneEpochs
	_, err = stacked.Fit(ctx, train.Images, tuneOpts)
	check(err)
	stackedSeconds := time.Since(started).Seconds()

	scratchRec, err := scratch.Reconstruct(held.Images)
	check(err)
	scratchErr, err := ae.SquaredErrorPerImage(held.Images, scratchRec)
	check(err)
	stackedRec, err := stacked.Reconstruct(held.Images)
	check(err)
	pretrainedErr, err := ae.SquaredErrorPerImage(held.Images, stackedRec)
	check(err)
	fmt.Printf("%v, %v hidden units   squared error per held-out image\n", stackSizes, stackHidden)
	fmt.Printf("from scratch, %d epochs                    %6.2f   (%.1f s)\n", scratchOpts.Epochs, scratchErr, scratchSeconds)
	fmt.Printf("pretrained %d epochs a layer, no tuning    %6.2f\n", pretrainEpochs, pretrainedOnly)
	fmt.Printf("pretrained, then fine-tuned %d epochs      %6.2f   (%.1f s)\n", tuneEpochs, pretrainedErr, stackedSeconds)
	if quickNote != "" {
		fmt.Println(quickNote)
	}
	check(plots.Rows{Rows: []plots.Row{
		{Name: "original", Images: held.Images},
		{Name: "from scratch", Images: scratchRec},
		{Name: "pretrained", Images: stackedRec},
	}, Shape: held.Shape, Title: fmt.Sprintf("equal time: from scratch %.2f, pretrained layer by layer %.2f", scratchErr, pretrainedErr)}.Save(picture("layer-by-layer.png")))

	// Exercise: Pretraining and ReLU
	// The paper's units were logistic. Modern networks use ReLU, which
	// trains deep stacks from random weights much better. Does pretraining
	// still pay at equal time? Run the step with ReLU hidden units: type
	// `:step 6 stackHidden=ae.ReLU`, then `:check`, and compare the two
	// errors with the sigmoid's.
	// Try: :step 6 stackHidden=ae.ReLU
	// Try: :check
	// Check: stackHidden == ae.ReLU && stacked.Encoder()[0].Act == ae.ReLU && scratch.Encoder()[0].Act == ae.ReLU
	// Answer: fmt.Sprintf("ReLU, equal time: from scratch %.2f, pretrained then fine-tuned %.2f (pretraining alone %.2f)",
	// scratchErr, pretrainedErr, pretrainedOnly)
	// Hint: the step builds both models with stackHidden; `:step 6 stackHidden=ae.ReLU` runs it with ReLU.
}
