package lessons

import (
	"context"
	"fmt"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"github.com/aekit/aekit/plots"
)

// compression: what an autoencoder is, X̂ = D(E(X)).
//
// Goal: train a small autoencoder on handwritten digits, see what its
// 32-number code keeps, and measure what codes of 2, 8, 32 and 64 numbers give.
func compression(ctx context.Context, quick bool) {
	// Step: Look at the digits
	//
	// MNIST is a set of handwritten digits, 28×28 pixels each. aekit carries
	// its 10,000 test images, so nothing needs downloading.
	//
	// A matrix holds the images, one image per row. Each row has 784 numbers,
	// one per pixel, from 0 (black) to 1 (white). The data set also knows
	// the Shape of one image, 28×28, which every picture of its images needs.
	//
	// We keep 2,000 images aside. The model never trains on them, so they
	// tell us how it does on digits it has never seen: the "held-out" images.
	//
	// The other lessons start the same way in one line,
	// train, held, err := heldOutDigits(quick).
	digits, err := datasets.MNISTTest()
	check(err)
	fmt.Println(digits)
	nImages, pixels := digits.Images.Dims() // pixels: 28×28 = 784 numbers per image
	fmt.Printf("the matrix is %d×%d: one row per image, one column per pixel\n", nImages, pixels)
	fmt.Println("each image is", digits.Shape, "pixels; every picture of digits is given this Shape")

	train, held, err := digits.Split(0.2, 1) // 8,000 to train on, 2,000 held out
	check(err)
	if quick {
		train, err = train.Take(1000)
		check(err)
		held, err = held.Take(200)
		check(err)
	}
	fmt.Println("train on", train.Len(), "images, test on", held.Len(), "held-out images")

	first, err := digits.Take(20)
	check(err)
	labels := make([]string, first.Len())
	for i := range labels {
		labels[i] = fmt.Sprint(first.Labels[i])
	}
	check(plots.Grid{Images: first.Images, Shape: digits.Shape, Captions: labels,
		Title: "the first 20 test digits, with their labels"}.Save(picture("digits.png")))

	// Step: Build an autoencoder
	//
	// An autoencoder is two parts. The encoder E squeezes each image X into
	// a short list of numbers, the code. The decoder D rebuilds the image
	// from the code. The rebuilt image is the reconstruction: X̂ = D(E(X)).
	//
	// Here the encoder is one layer, 784 numbers (pixels) in and codeSize
	// numbers out. The decoder mirrors it: codeSize in, 784 out. A code of 32
	// numbers is 24.5 times smaller than the image.
	//
	// Each layer computes weighted sums of its inputs and passes them
	// through an activation. The code layer is Linear (the sums as they
	// are, any number); the output layer is Sigmoid, which keeps every
	// pixel between 0 and 1. Hidden layers, if you add some, use ReLU
	// (negative sums become 0).
	//
	// The weights start random, so before training the decoder draws noise.
	codeSize := 32
	layers := []int{pixels, codeSize} // the encoder's sizes; the decoder mirrors them

	m, err := ae.NewSymmetric(layers, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	fmt.Print(m.Summary())

	untrained, err := m.Reconstruct(held.Images)
	check(err)
	check(plots.Rows{
		Rows:  []plots.Row{{Name: "originals", Images: held.Images}, {Name: "untrained", Images: untrained}},
		Shape: held.Shape,
		Title: "before training: the decoder draws noise",
	}.Save(picture("untrained.png")))

	// Step: Train it
	//
	// Training shows the model the images again and again. After each small
	// batch of images it nudges every weight so that X̂ comes a little closer
	// to X. One pass over all the images is an epoch.
	//
	// The loss is the number training lowers. Here it is the mean squared
	// error (MSE): the average, over every pixel, of (X̂ - X)². The next
	// lesson is all about losses.
	//
	// The held-out images are scored after every epoch too (the validation
	// loss); they are never trained on. The training loss is averaged over
	// the epoch while the model is still learning, which is why it starts
	// above the validation loss.
	epochs := 20
	if quick {
		epochs = 10
	}
	history, err := m.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Seed: 1, Validation: held.Images})
	check(err)
	fmt.Printf("epoch 1:  training loss %.4f, validation loss %.4f\n", history.Train[0], history.Validation[0])
	fmt.Printf("epoch %d: training loss %.4f, validation loss %.4f (history holds every epoch)\n",
		history.Epochs(), history.LastTrain(), history.LastValidation())
	check(plots.LossCurves{
		Curves: []plots.Curve{{Name: fmt.Sprintf("code of %d", codeSize), Train: history.Train, Validation: history.Validation}},
		Title:  "training lowers the loss (MSE)",
	}.Save(picture("loss.png")))

	// Step: Originals over reconstructions
	//
	// Now run held-out digits through the trained model, one half at a time.
	// Encode gives each image's code: codeSize numbers. Decode turns the
	// codes back into 784 pixels.
	//
	// The reconstructions are blurry but readable: 32 numbers keep the shape
	// of each digit and lose the fine detail. heldError is the mean squared
	// error per pixel on held-out digits.
	codes, err := m.Encode(held.Images) // E(X)
	check(err)
	xhat, err := m.Decode(codes) // D(E(X))
	check(err)
	heldError, err := ae.MSE.Mean(held.Images, xhat)
	check(err)
	nCodes, codeLen := codes.Dims()
	fmt.Printf("%d codes of %d numbers; each image is %.1f times smaller as a code\n", nCodes, codeLen, float64(pixels)/float64(codeLen))
	fmt.Printf("held-out error (MSE per pixel): %.4f\n", heldError)
	fmt.Printf("the code of the first held-out digit (a %d):\n%.2f\n", held.Labels[0], codes.RawRowView(0))

	check(plots.Rows{
		Rows:  []plots.Row{{Name: "originals", Images: held.Images}, {Name: "reconstructions", Images: xhat}},
		Shape: held.Shape,
		Title: fmt.Sprintf("held-out digits over their reconstructions from %d numbers", codeLen),
	}.Save(picture("reconstructions.png")))

	// Draw the codes of the first ten held-out digits: each code is a strip
	// of codeLen cells, blue for negative numbers and red for positive.
	// Nothing in a code looks like a digit, yet the decoder rebuilds the
	// digit from it.
	firstTen, err := held.Take(10)
	check(err)
	firstCodes, err := m.Encode(firstTen.Images)
	check(err)
	codeLabels := make([]string, firstTen.Len())
	for i := range codeLabels {
		codeLabels[i] = fmt.Sprint(firstTen.Labels[i])
	}
	check(plots.Codes{Codes: firstCodes, Cols: 2, Captions: codeLabels,
		Title: "the codes of the same ten digits"}.Save(picture("codes.png")))

	// Step: Small codes and large codes
	//
	// How small can the code be? Train the same kind of model with codes of
	// 2, 8, 32 and 64 numbers, the same way, and measure each on the
	// held-out digits. The 32 row is the model above, trained again: same
	// seed, same data, same number.
	//
	// A smaller code keeps less: with 2 numbers, most digits come back as
	// one of a few blurry shapes; with 64, the strokes are almost all there.
	sizes := []int{2, 8, 32, 64}
	sizeErrors := make([]float64, len(sizes))
	bySize := []plots.Row{{Name: "original", Images: held.Images}} // one row of pictures per code size
	fmt.Println("code  compression  held-out error")
	for k, size := range sizes {
		mk, err := ae.NewSymmetric([]int{pixels, size}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
		check(err)
		_, err = mk.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Seed: 1})
		check(err)
		rec, err := mk.Reconstruct(held.Images)
		check(err)
		e, err := ae.MSE.Mean(held.Images, rec)
		check(err)
		sizeErrors[k] = e
		fmt.Printf("%4d  %10.1f×  %14.4f\n", size, float64(pixels)/float64(size), e)
		bySize = append(bySize, plots.Row{Name: fmt.Sprintf("code %d", size), Images: rec})
	}
	check(plots.ErrorVsCodeSize{Sizes: sizes, Autoencoder: sizeErrors,
		Title: "held-out error (MSE) against code size"}.Save(picture("error-vs-size.png")))
	check(plots.Rows{Rows: bySize, Shape: held.Shape,
		Title: "originals, then reconstructions from codes of 2, 8, 32 and 64 numbers"}.Save(picture("reconstructions.png")))

	// Exercise: A smaller code
	// Run step 2 again with codeSize := 8 instead of 32: type
	// `:step 2 codeSize=8`. Then run steps 3 and 4 again: type `:next`
	// twice. Before you run them, predict: will heldError go up or down?
	// Compare it with the table of step 5, then type `:check`.
	// Try: :step 2 codeSize=8
	// Try: :next
	// Try: :next
	// Try: :check
	// Check: codeSize == 8 && codeLen == 8 &&
	// math.Abs(heldError-sizeErrors[1]) < 1e-4*sizeErrors[1]
	// Answer: fmt.Sprintf("heldError %.4f with a code of %d numbers (the table: %.4f with 8, %.4f with 32)",
	// heldError, codeLen, sizeErrors[1], sizeErrors[2])
	// Hint: the code is the only way information reaches the decoder. With
	// the same seed and data, heldError should equal the "8" row exactly:
	// run steps 2, 3 and 4 in that order.

	// Exercise: A deeper encoder
	// Give the encoder a hidden layer of 256 units, with the code back at
	// 32 numbers: type `:step 2 layers=[]int{pixels, 256, codeSize}` (a
	// setting lasts one run, so codeSize is 32 again). NewSymmetric mirrors
	// the layers, so the decoder becomes 32 → 256 → 784. Type `:next` twice
	// to run steps 3 and 4 again, then `:check`. With the same 32-number
	// code, does the model now keep more detail?
	// Try: :step 2 layers=[]int{pixels, 256, codeSize}
	// Try: :next
	// Try: :next
	// Try: :check
	// Check: codeLen == 32 && len(m.Encoder()) == 2 && heldError < 0.98*sizeErrors[2]
	// Answer: fmt.Sprintf("heldError %.4f with the encoder %v (the table's 32 row, one layer: %.4f)",
	// heldError, layers, sizeErrors[2])
	// Hint: more layers can compute a better code; the code's size stays the
	// same. Compare heldError with the "32" row of step 5.

	// Exercise: Compression factor
	// How many times smaller than a 784-pixel image is a code of 2 numbers?
	// Work it out and store it: type `factor2 := ` and your number, then
	// `:check`.
	// Try: :check
	// Check: factor2 == 392
	// Answer: fmt.Sprintf("a code of 2 numbers is %v times smaller than the %d pixels: the 392.0× of step 5's table", factor2, pixels)
	// Hint: the factor is the image's size divided by the code's size.
	// Solution: factor2 := 784 / 2
}
