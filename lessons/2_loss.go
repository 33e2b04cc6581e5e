package lessons

import (
	"context"
	"fmt"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/plots"
)

// loss: the loss is the difference between the reconstruction and the original.
//
// Goal: compute a loss by hand, compare MSE, BCE and MAE on the same model,
// see where the error sits in an image, know what a good number is, and
// watch a model overfit.
func loss(ctx context.Context, quick bool) {
	// Step: The simplest guess
	//
	// A loss is one number that says how far a reconstruction X̂ is from
	// the original X. Three common ones, each averaged over every pixel:
	//
	//   MSE, mean squared error:  (X̂ - X)²
	//   MAE, mean absolute error: |X̂ - X|
	//   BCE, binary cross-entropy: -(X·log X̂ + (1-X)·log(1-X̂)),
	//        which treats each pixel as a probability of being white.
	//
	// Start with the laziest "autoencoder" there is: a code of zero numbers,
	// whose decoder always draws the average training digit. Its scores are
	// the numbers every real model must beat. We compute the MSE of one
	// digit by hand, then let ae do it for all of them.
	train, held, err := heldOutDigits(quick)
	check(err)
	pixels := train.Shape.Size() // 784

	average := make([]float64, pixels) // the average training digit
	for j := range average {
		average[j] = mat.Sum(train.Images.ColView(j)) / float64(train.Len())
	}
	guess := mat.NewDense(held.Len(), pixels, nil) // the same guess for every held-out digit
	for i := 0; i < held.Len(); i++ {
		guess.SetRow(i, average)
	}

	// MSE by hand, for the first held-out digit.
	original := held.Images.RawRowView(0)
	sum := 0.0
	for j := range original {
		d := average[j] - original[j]
		sum += d * d
	}
	myMSE := sum / float64(pixels)

	mseScores, err := ae.MSE.Errors(held.Images, guess) // one score per image
	check(err)
	maeScores, err := ae.MAE.Errors(held.Images, guess) // the first exercise needs these
	check(err)
	_ = maeScores
	fmt.Printf("first digit: MSE by hand %.6f, by ae.MSE.Errors %.6f\n", myMSE, mseScores[0])
	guessMSE, err := ae.MSE.Mean(held.Images, guess)
	check(err)
	guessBCE, err := ae.BCE.Mean(held.Images, guess)
	check(err)
	guessMAE, err := ae.MAE.Mean(held.Images, guess)
	check(err)
	fmt.Printf("the average digit as a guess: MSE %.4f  BCE %.4f  MAE %.4f\n", guessMSE, guessBCE, guessMAE)
	check(plots.ErrorMap{Originals: held.Images, Reconstructions: guess, Row: 0, Shape: held.Shape,
		Title: "a digit, the average digit, and where they differ"}.Save(picture("error-map.png")))

	// Step: Train with each loss
	//
	// Now train three identical autoencoders (784 → 32 → 784), each
	// lowering a different loss, and score all three with all three
	// measures on the held-out digits.
	//
	// The numbers of different losses cannot be compared with each other:
	// they are in different units. Compare models within one column.
	// The pictures often say more than the numbers.
	//
	// MSE and BCE pull hardest on the pixels that are most wrong. MAE pulls
	// every pixel with the same force, however small its error, so each
	// pixel heads for its median: the value that half the images have
	// below it and half above. A pixel that is dark in more than half the
	// images of its kind goes black, however bright it is in the others.
	// Look at the MAE row: thin, patchy digits.
	lossNames := []ae.Loss{ae.MSE, ae.BCE, ae.MAE}
	epochs := 20
	if quick {
		epochs = 10
	}
	models := make([]*ae.Model, len(lossNames))
	curves := make([]plots.Curve, len(lossNames))
	heldMSE := make([]float64, len(lossNames))
	byLoss := []plots.Row{{Name: "original", Images: held.Images}} // one row of pictures per loss
	fmt.Println("trained with   held-out MSE   BCE      MAE")
	for k, lossName := range lossNames {
		mk, err := ae.NewSymmetric([]int{pixels, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
		check(err)
		h, err := mk.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: lossName, Seed: 1, Validation: held.Images})
		check(err)
		models[k] = mk
		curves[k] = plots.Curve{Name: lossName.String(), Train: h.Train, Validation: h.Validation}
		rec, err := mk.Reconstruct(held.Images)
		check(err)
		mse, err := ae.MSE.Mean(held.Images, rec)
		check(err)
		bce, err := ae.BCE.Mean(held.Images, rec)
		check(err)
		mae, err := ae.MAE.Mean(held.Images, rec)
		check(err)
		heldMSE[k] = mse
		fmt.Printf("%-12s   %12.4f   %.4f   %.4f\n", lossName, mse, bce, mae)
		byLoss = append(byLoss, plots.Row{Name: lossName.String(), Images: rec})
	}
	if heldMSE[1] < heldMSE[0] {
		fmt.Println("the BCE model even has a lower MSE than the MSE model: BCE pushes hardest on pixels that are far off")
	} else {
		fmt.Println("the MSE model has the lowest MSE, the measure it was trained on")
	}
	check(plots.LossCurves{Curves: curves, LogScale: true,
		Title: "three losses: train (solid) and validation (dashed)"}.Save(picture("curves.png")))
	check(plots.Rows{Rows: byLoss, Shape: held.Shape,
		Title: "originals, then models trained with MSE, BCE and MAE"}.Save(picture("reconstructions.png")))

	// Step: Where the error is
	//
	// The loss of one image is the average of its pixels' errors. A heat
	// map of those errors shows where the model goes wrong: mostly on the
	// edges of strokes, and on unusual strokes it has not learned.
	//
	// Take the BCE model, score every held-out digit by its mean squared
	// error (the number under each picture's title), and look at a typical
	// one and the worst one. Then average by digit: some digits are harder
	// to rebuild than others.
	bceModel := models[1]
	rebuilt, err := bceModel.Reconstruct(held.Images)
	check(err)
	perImage, err := ae.MSE.Errors(held.Images, rebuilt)
	check(err)
	worst := ae.TopK(perImage, 1)[0]
	sortedScores := append([]float64(nil), perImage...)
	sort.Float64s(sortedScores)
	median := sortedScores[len(sortedScores)/2]
	typical := 0
	for i, s := range perImage {
		if s == median {
			typical = i
		}
	}
	fmt.Printf("typical digit: #%d (a %d), MSE %.4f; worst: #%d (a %d), MSE %.4f\n",
		held.Index[typical], held.Labels[typical], perImage[typical], held.Index[worst], held.Labels[worst], perImage[worst])
	check(plots.ErrorMap{Originals: held.Images, Reconstructions: rebuilt, Row: typical, Shape: held.Shape,
		Title: fmt.Sprintf("a typical digit: test image #%d", held.Index[typical])}.Save(picture("typical.png")))
	check(plots.ErrorMap{Originals: held.Images, Reconstructions: rebuilt, Row: worst, Shape: held.Shape,
		Title: fmt.Sprintf("the worst-rebuilt digit: test image #%d", held.Index[worst])}.Save(picture("worst.png")))

	labelSum := make([]float64, 10)
	labelCount := make([]float64, 10)
	for i, s := range perImage {
		labelSum[held.Labels[i]] += s
		labelCount[held.Labels[i]]++
	}
	fmt.Println("digit  mean MSE")
	for d := 0; d < 10; d++ {
		if labelCount[d] > 0 {
			fmt.Printf("%5d  %.4f\n", d, labelSum[d]/labelCount[d])
		}
	}

	// Step: What is a good number?
	//
	// The Keras blog trains the same shape of model (784 → 32 → 784) with
	// BCE and reports about 0.09 after 50 epochs on the 60,000 MNIST
	// training images, scored on the 10,000 test images (our held-out
	// digits are 2,000 of those). We trained on far fewer images for far
	// fewer steps, so we land higher. Count the weight updates to see by
	// how much.
	//
	// BCE also has a floor above 0: a grey pixel of 0.5 scores log 2 ≈ 0.69
	// even when X̂ is exactly 0.5. The BCE of the images with themselves,
	// a perfect copy, is the best any model can do. Judge a BCE by its
	// distance to that floor, not to 0.
	floor, err := ae.BCE.Mean(held.Images, held.Images)
	check(err)
	ours := curves[1].Validation[len(curves[1].Validation)-1]
	ourUpdates := epochs * ((train.Len() + 63) / 64)
	kerasUpdates := 50 * ((60000 + 255) / 256)
	fmt.Printf("%-28s BCE %.4f (the floor)\n", "a perfect copy:", floor)
	fmt.Printf("%-28s BCE ≈ 0.09 after %d updates (50 epochs, batches of 256)\n", "Keras blog, 60,000 images:", kerasUpdates)
	fmt.Printf("%-28s BCE %.4f after %d updates (%d epochs, batches of 64)\n", fmt.Sprintf("here, %d images:", train.Len()), ours, ourUpdates, epochs)
	fmt.Printf("distance to the floor: Keras ≈ %.3f, here %.3f\n", 0.09-floor, ours-floor)

	check(plots.LossCurves{
		Curves: []plots.Curve{{Name: "our BCE model", Train: curves[1].Train, Validation: curves[1].Validation}},
		References: []plots.Reference{
			{Name: "Keras blog, 60k images: 0.09", Value: 0.09},
			{Name: "a perfect copy: the floor", Value: floor},
		},
		Title: "BCE: how close to the floor?",
	}.Save(picture("good-number.png")))

	// Step: Overfitting
	//
	// A model can learn its training images by heart instead of learning
	// digits. Give a bigger model (784 → 256 → 32 → 256 → 784) only
	// nSmall images and many epochs, and watch both curves.
	//
	// The training loss keeps falling. The validation loss falls, reaches
	// its lowest point, then rises: from there on the model gets better at
	// its few training images and worse at digits in general. That is overfitting.
	// The cure: more data, a smaller model, or stopping at the best epoch.
	nSmall := 200
	epochsSmall := 150
	if quick {
		nSmall = 100
	}
	small, err := train.Take(nSmall)
	check(err)
	watch, err := held.Take(held.Len() / 4) // validation images, a quarter of the held-out set
	check(err)
	big, err := ae.NewSymmetric([]int{pixels, 256, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	hSmall, err := big.Fit(ctx, small.Images, ae.Options{Epochs: epochsSmall, BatchSize: 32, Loss: ae.BCE, Seed: 1, Validation: watch.Images})
	check(err)
	bestEpoch := 1
	for e, v := range hSmall.Validation {
		if v < hSmall.Validation[bestEpoch-1] {
			bestEpoch = e + 1
		}
	}
	bestVal := hSmall.Validation[bestEpoch-1]
	lastVal := hSmall.LastValidation()
	lastTrain := hSmall.LastTrain()
	valRise := lastVal - bestVal
	fmt.Printf("after %d epochs on %d images: train BCE %.4f, validation BCE %.4f\n", epochsSmall, nSmall, lastTrain, lastVal)
	fmt.Printf("validation was lowest at epoch %d (%.4f) and has risen by %.4f since\n", bestEpoch, bestVal, valRise)
	check(plots.LossCurves{
		Curves: []plots.Curve{{Name: fmt.Sprintf("%d training images", nSmall), Train: hSmall.Train, Validation: hSmall.Validation}},
		Title:  "overfitting: train falls, validation turns back up",
	}.Save(picture("overfitting.png")))

	seenRec, err := big.Reconstruct(small.Images)
	check(err)
	unseenRec, err := big.Reconstruct(watch.Images)
	check(err)
	check(plots.Rows{Rows: []plots.Row{
		{Name: "trained on", Images: small.Images},
		{Name: "rebuilt", Images: seenRec},
		{Name: "never seen", Images: watch.Images},
		{Name: "rebuilt", Images: unseenRec},
	}, Shape: small.Shape, Title: "images it trained on are rebuilt well; new ones much less"}.Save(picture("memorised.png")))

	// Exercise: MAE by hand
	// In step 1 we computed the MSE of the first held-out digit by hand.
	// Do the same for the MAE: the mean of |average[j] - original[j]| over
	// the 784 pixels. Store it in myMAE (math.Abs gives the absolute value):
	// type your loop as a cell, then `:check`.
	// Try: :check
	// Check: math.Abs(myMAE-maeScores[0]) < 1e-9
	// Answer: fmt.Sprintf("your MAE %.6f, ae.MAE.Errors %.6f (the MSE of the same digit: %.6f)", myMAE, maeScores[0], myMSE)
	// Hint: copy the loop of step 1, use math.Abs(d) instead of d * d, and
	// divide by float64(pixels), 784, at the end.
	// Solution: sum = 0.0
	// for j := range original {
	// 	d := average[j] - original[j]
	// 	sum += math.Abs(d)
	// }
	// myMAE := sum / float64(pixels)

	// Exercise: Stop early
	// Look at the overfitting curves: the best model was the one at
	// bestEpoch. Run step 5 again with epochsSmall set to that epoch: type
	// `:step 5 epochsSmall=bestEpoch`, then `:check`. The run is shorter,
	// and the validation loss should end at its lowest.
	// Try: :step 5 epochsSmall=bestEpoch
	// Try: :check
	// Check: bestEpoch == epochsSmall && valRise < 0.001
	// Answer: fmt.Sprintf("%d epochs: validation %.4f, the lowest of the run; training %.4f", epochsSmall, lastVal, lastTrain)
	// Hint: with the same seed, a shorter run retraces the first epochs of
	// the longer one exactly, so valRise becomes 0 when you stop at bestEpoch.

	// Exercise: The floor of black and white
	// The floor of BCE comes from grey pixels. What BCE does a perfect copy
	// of an image score when every pixel is exactly 0 or 1? Think first,
	// store your answer: type `blackWhiteFloor := ` and your number. Then
	// try it with ae.BCE.Mean on a small matrix of zeros and ones, and type
	// `:check`.
	// Try: :check
	// Check: blackWhiteFloor == 0
	// Answer: fmt.Sprintf("a perfect copy of pixels that are 0 or 1 scores %v: log 1 is 0, and 0·log 0 counts as 0; grey pixels lift the floor of the digits to %.4f", blackWhiteFloor, floor)
	// Hint: for a pixel of 1, -(1·log 1 + 0·log 0) is -(0 + 0); a pixel of 0
	// is the same with the roles swapped (0·log 0 counts as 0).
	// Solution: blackWhiteFloor := 0.0
	// Solution: zerosOnes := mat.NewDense(2, 3, []float64{0, 1, 1, 1, 0, 0})
	// bwBCE, err := ae.BCE.Mean(zerosOnes, zerosOnes)
	// check(err)
	// fmt.Println(bwBCE)
}
