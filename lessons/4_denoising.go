package lessons

import (
	"context"
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"github.com/aekit/aekit/plots"
)

// denoising: an autoencoder that removes noise, from digits to documents.
//
// Goal: add noise to digits, train an autoencoder to rebuild the clean
// digit from the noisy one, measure the error before and after, then clean
// dirty pages of text patch by patch and measure how much better an OCR
// reads them.
func denoising(ctx context.Context, quick bool) {
	// Step: Noise on digits
	//
	// Two kinds of noise. Gaussian noise adds a small random number to
	// every pixel (noiseStd is its typical size), like grain in a photo.
	// Salt-and-pepper noise sets a fraction of the pixels to pure white or
	// pure black, like dust on a scan. Both keep pixels between 0 and 1.
	//
	// The error of a noisy image against its clean original is the number
	// to beat: a denoiser must bring it down.
	noiseStd := 0.5
	spFraction := 0.2

	train, held, err := heldOutDigits(quick)
	check(err)
	pixels := train.Shape.Size() // 784
	epochs := 10
	if quick {
		epochs = 20 // an eighth of the images: more passes over them
	}

	gaussianName := fmt.Sprintf("Gaussian, std %.1f", noiseStd) // the rows of noisy digits say which noise
	noisyG, err := datasets.Gaussian(held.Images, noiseStd, 2)
	check(err)
	noisySP, err := datasets.SaltPepper(held.Images, spFraction, 3)
	check(err)
	noisyError, err := ae.MSE.Mean(held.Images, noisyG)
	check(err)
	noisySPError, err := ae.MSE.Mean(held.Images, noisySP)
	check(err)
	fmt.Printf("error against the clean digits (MSE): Gaussian noise %.4f, salt and pepper %.4f\n", noisyError, noisySPError)

	check(plots.Rows{Rows: []plots.Row{
		{Name: "clean", Images: held.Images},
		{Name: gaussianName, Images: noisyG},
		{Name: fmt.Sprintf("salt & pepper, %.0f%%", 100*spFraction), Images: noisySP},
	}, Shape: held.Shape, Title: "clean digits, then the same digits with two kinds of noise",
	}.Save(picture("noise.png")))

	// Step: A plain autoencoder meets noise
	//
	// First, an ordinary autoencoder (784 → 128 → 32 → 128 → 784) trained on
	// clean digits only. Give it noisy digits. Its small code has no room
	// for the noise: the error against the clean digits falls a long way,
	// already. But it has never seen noise: look at the pictures, and many
	// digits come back as blotches, or as the wrong digit.
	plain, err := ae.NewSymmetric([]int{pixels, 128, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = plain.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	check(err)
	plainOut, err := plain.Reconstruct(noisyG)
	check(err)
	plainError, err := ae.MSE.Mean(held.Images, plainOut)
	check(err)
	plainGain := noisyError / plainError
	fmt.Printf("error against the clean digits (MSE): noisy input %.4f → plain autoencoder %.4f, %.1f times lower already\n",
		noisyError, plainError, plainGain)
	check(plots.Rows{Rows: []plots.Row{
		{Name: gaussianName, Images: noisyG},
		{Name: "plain autoencoder", Images: plainOut},
		{Name: "clean", Images: held.Images},
	}, Shape: held.Shape, Title: "a plain autoencoder, trained on clean digits only"}.Save(picture("plain.png")))

	// Step: A denoising autoencoder
	//
	// A denoising autoencoder is trained on noisy inputs with the clean
	// images as targets: it learns to rebuild X from a noisy copy of X.
	// ae.Options.Corrupt adds fresh noise to every batch, so the model
	// never sees the same noisy digit twice.
	//
	// Same model, same data, same training time: only the inputs changed.
	// The plain autoencoder already lowered the error; what does learning
	// the noise add? Compare the numbers, then the pictures of steps 2
	// and 3.
	dae, err := ae.NewSymmetric([]int{pixels, 128, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = dae.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1,
		Corrupt: ae.Corruption{Gaussian: noiseStd}})
	check(err)
	denoised, err := dae.Reconstruct(noisyG)
	check(err)
	denoisedError, err := ae.MSE.Mean(held.Images, denoised)
	check(err)
	gain := noisyError / denoisedError
	fmt.Printf("error against the clean digits (MSE):\n")
	fmt.Printf("  noisy input                 %.4f\n", noisyError)
	fmt.Printf("  plain autoencoder           %.4f  (%.1f times lower than the noisy input)\n", plainError, plainGain)
	fmt.Printf("  denoising autoencoder       %.4f  (%.1f times lower than the noisy input)\n", denoisedError, gain)
	check(plots.Rows{Rows: []plots.Row{
		{Name: gaussianName, Images: noisyG},
		{Name: "denoised", Images: denoised},
		{Name: "clean", Images: held.Images},
	}, Shape: held.Shape, Title: "a denoising autoencoder: noisy in, clean out"}.Save(picture("gaussian.png")))

	// Step: A convolutional denoiser
	//
	// The models so far see an image as 784 separate numbers: a stroke at
	// the top left and the same stroke at the bottom right are unrelated
	// to them. A convolution slides a small filter (3×3 pixels here) over
	// the whole image, so what it learns about a stroke holds everywhere,
	// with very few weights.
	//
	// ae.TensorFlowDenoiser is the convolutional denoiser of TensorFlow's
	// tutorial: two convolutions of stride 2 (28×28 → 14×14 → 7×7), two
	// transposed convolutions back up, and one convolution to the picture.
	// Train it exactly as the dense denoiser of step 3, and beside it a
	// dense denoiser with about as few weights (784 → 4 → 784).
	conv, err := ae.TensorFlowDenoiser(train.Shape, 1)
	check(err)
	fmt.Print(conv.Summary())
	_, err = conv.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1,
		Corrupt: ae.Corruption{Gaussian: noiseStd}})
	check(err)
	convOut, err := conv.Reconstruct(noisyG)
	check(err)
	convError, err := ae.MSE.Mean(held.Images, convOut)
	check(err)

	small, err := ae.NewSymmetric([]int{pixels, 4}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	check(err)
	_, err = small.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1,
		Corrupt: ae.Corruption{Gaussian: noiseStd}})
	check(err)
	smallOut, err := small.Reconstruct(noisyG)
	check(err)
	smallError, err := ae.MSE.Mean(held.Images, smallOut)
	check(err)
	fmt.Printf("error against the clean digits (MSE), denoisers trained the same way:\n")
	fmt.Printf("  dense %-24s %7d weights  %.4f\n", "784 → 128 → 32 (step 3)", dae.NumParams(), denoisedError)
	fmt.Printf("  dense %-24s %7d weights  %.4f\n", "784 → 4", small.NumParams(), smallError)
	fmt.Printf("  convolutional %-16s %7d weights  %.4f\n", "(TensorFlow's)", conv.NumParams(), convError)
	check(plots.Rows{Rows: []plots.Row{
		{Name: gaussianName, Images: noisyG},
		{Name: fmt.Sprintf("dense, %d weights", dae.NumParams()), Images: denoised},
		{Name: fmt.Sprintf("dense, %d weights", small.NumParams()), Images: smallOut},
		{Name: fmt.Sprintf("conv, %d weights", conv.NumParams()), Images: convOut},
		{Name: "clean", Images: held.Images},
	}, Shape: held.Shape, Title: "dense and convolutional denoisers"}.Save(picture("conv.png")))

	// What the convolutions see: the 16 filters of the first layer (each a
	// 3×3 picture of what it responds to), and the feature maps of one
	// noisy digit after the first two layers: every map is the image seen
	// through one filter, each drawn from its own smallest value (black)
	// to its largest (white).
	filters, err := conv.Weights(0) // one row per filter
	check(err)
	kernel, err := conv.KernelShape(0)
	check(err)
	check(plots.Filters{Weights: filters, Shape: kernel, Cols: 8,
		Title: "the first layer's 16 filters, 3×3 each"}.Save(picture("filters.png")))
	firstNoisy := mat.DenseCopyOf(noisyG.Slice(0, 1, 0, pixels))
	maps, mapShapes, err := conv.FeatureMaps(firstNoisy)
	check(err)
	first, err := ae.Channels(maps[0], mapShapes[0], 0) // layer 1: 16 channels of 14×14
	check(err)
	second, err := ae.Channels(maps[1], mapShapes[1], 0) // layer 2, the code: 8 channels of 7×7
	check(err)
	one := plots.Shape{C: 1, H: mapShapes[0].H, W: mapShapes[0].W}
	check(plots.Grid{Images: first, Shape: one, Cols: 8, Stretch: true,
		Title: fmt.Sprintf("one noisy digit after the first convolution: %d maps of %v", mapShapes[0].C, one)}.Save(picture("maps-1.png")))
	code := plots.Shape{C: 1, H: mapShapes[1].H, W: mapShapes[1].W}
	check(plots.Grid{Images: second, Shape: code, Cols: 8, Stretch: true,
		Title: fmt.Sprintf("after the second, the code: %d maps of %v", mapShapes[1].C, code)}.Save(picture("maps-2.png")))

	// Step: Salt and pepper, with fixed noise
	//
	// Another way to train a denoiser: make the noisy copies once, and
	// train with the noisy images as inputs and the clean ones as the
	// Target. Here with salt-and-pepper noise.
	noisyTrain, err := datasets.SaltPepper(train.Images, spFraction, 4)
	check(err)
	spModel, err := ae.NewSymmetric([]int{pixels, 128, 32}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = spModel.Fit(ctx, noisyTrain, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1, Target: train.Images})
	check(err)
	spDenoised, err := spModel.Reconstruct(noisySP)
	check(err)
	spDenoisedError, err := ae.MSE.Mean(held.Images, spDenoised)
	check(err)
	fmt.Printf("salt and pepper: noisy input %.4f → denoising autoencoder %.4f\n", noisySPError, spDenoisedError)
	check(plots.Rows{Rows: []plots.Row{
		{Name: fmt.Sprintf("salt & pepper, %.0f%%", 100*spFraction), Images: noisySP},
		{Name: "denoised", Images: spDenoised},
		{Name: "clean", Images: held.Images},
	}, Shape: held.Shape, Title: "salt and pepper: noisy, denoised, clean"}.Save(picture("salt-pepper.png")))

	// Step: Dirty documents
	//
	// Scanned pages are dirty: grain, coffee stains, blur. Text recognition
	// (OCR) reads clean pages much better, and the Kaggle "Denoising Dirty
	// Documents" competition asked for exactly this cleaning: an
	// autoencoder as the step before OCR.
	//
	// We make our own pages: datasets.RenderMono sets lines of text on
	// small pages (black ink, 0, on white paper, 1) in Go Mono, a font
	// whose characters all have the same width, so that every character
	// sits in a cell of a fixed grid: step 9 reads the pages back cell by
	// cell. datasets.Dirty soils them: blur is how blurred the scan is,
	// grain how grainy. The last heldPages pages are held out: their text
	// is never trained on.
	lines := []string{
		"Don't communicate by sharing memory,",
		"share memory by communicating.",
		"Concurrency is not parallelism.",
		"Channels orchestrate; mutexes serialize.",
		"The bigger the interface, the weaker",
		"the abstraction.",
		"Make the zero value useful.",
		"interface{} says nothing.",
		"Gofmt's style is no one's favorite,",
		"yet gofmt is everyone's favorite.",
		"A little copying is better than",
		"a little dependency.",
		"Syscall must always be guarded",
		"with build tags.",
		"Cgo is not Go.",
		"With the unsafe package there",
		"are no guarantees.",
		"Clear is better than clever.",
		"Reflection is never clear.",
		"Errors are values.",
		"Don't just check errors,",
		"handle them gracefully.",
		"Design the architecture,",
		"name the components,",
		"document the details.",
		"Documentation is for users.",
		"Don't panic.",
		"An encoder squeezes each image into",
		"a short code; a decoder rebuilds",
		"the image from that code.",
		"A denoising autoencoder learns to",
		"rebuild clean pages from dirty ones,",
		"one small patch at a time.",
		"Held-out text tells us whether it",
		"learned what ink looks like, or just",
		"remembered the pages it was shown.",
	}
	pageH, pageW := 64, 336
	blur, grain := 1.0, 0.2
	heldPages := 2
	dirt := datasets.Dirt{Blur: blur, Stains: 3, Noise: grain}

	pages, texts, err := datasets.RenderMono(lines, pageH, pageW, 13)
	check(err)
	trainPages, err := pages.Take(pages.Len() - heldPages)
	check(err)
	heldRows := make([]int, heldPages)
	for i := range heldRows {
		heldRows[i] = pages.Len() - heldPages + i
	}
	testPages, err := pages.Subset(heldRows)
	check(err)
	dirtyTest, err := datasets.Dirty(testPages, dirt, 99)
	check(err)
	dirtyError, err := ae.MSE.Mean(testPages.Images, dirtyTest.Images)
	check(err)
	fmt.Printf("%d pages of %v pixels: %d to train on, %d held out\n", pages.Len(), pages.Shape, trainPages.Len(), testPages.Len())
	fmt.Printf("held-out pages: error of the dirty page against the clean one (MSE) %.4f\n", dirtyError)

	check(plots.Rows{Rows: []plots.Row{
		{Name: "a training page", Images: trainPages.Images},
		{Name: "a held-out page, clean", Images: testPages.Images},
		{Name: "the same page, dirty", Images: dirtyTest.Images},
	}, Shape: pages.Shape, Cols: 1, Title: "rendered pages, clean and dirty"}.Save(picture("pages.png")))

	// Step: Cut the pages into patches
	//
	// A page is too big for a small model, and we have few of them. So we
	// cut every page into small square patches (size×size pixels, a new
	// patch every stride pixels, so they overlap) and train on patches.
	// A patch holds a few strokes of a letter and a bit of stain: the model
	// learns what clean ink on clean paper looks like, locally.
	//
	// To get more examples, each training page is dirtied copies times,
	// each time with different dirt.
	size, stride := 16, 8
	copies := 4
	if quick {
		copies = 2
	}
	copyRows := []int{}
	for c := 0; c < copies; c++ {
		for p := 0; p < trainPages.Len(); p++ {
			copyRows = append(copyRows, p)
		}
	}
	manyPages, err := trainPages.Subset(copyRows) // each training page, copies times
	check(err)
	dirtyPages, err := datasets.Dirty(manyPages, dirt, 1) // different dirt on every copy
	check(err)
	cleanPatches, err := datasets.Patches(manyPages, size, stride)
	check(err)
	dirtyPatches, err := datasets.Patches(dirtyPages, size, stride)
	check(err)
	heldPatches, err := datasets.Patches(dirtyTest, size, stride)
	check(err)
	fmt.Printf("%d training patches of %v pixels, from %d dirty copies of %d pages\n", cleanPatches.Len(), cleanPatches.Shape, copies, trainPages.Len())

	middle := []int{} // some patches from the middle of the first page
	for i := 0; i < 16; i++ {
		middle = append(middle, 40+3*i)
	}
	dirtySample, err := dirtyPatches.Subset(middle)
	check(err)
	cleanSample, err := cleanPatches.Subset(middle)
	check(err)
	check(plots.Rows{Rows: []plots.Row{
		{Name: "dirty", Images: dirtySample.Images},
		{Name: "clean", Images: cleanSample.Images},
	}, Shape: cleanPatches.Shape, Cols: 16, Title: "training pairs: dirty patches and their clean targets"}.Save(picture("patches.png")))

	// Step: Clean a page it has never seen
	//
	// Train a denoiser from dirty patches (inputs) to clean patches
	// (Target). Its code is not smaller than a patch: here the dirt, not a
	// narrow code, forces it to learn what ink looks like.
	//
	// Then cut each held-out dirty page into patches, clean every patch,
	// and put the page back together with datasets.Unpatch, which averages
	// the patches where they overlap.
	patchModel, err := ae.NewSymmetric([]int{cleanPatches.Shape.Size(), 256}, ae.ReLU, ae.ReLU, ae.Sigmoid, 1)
	check(err)
	patchEpochs := 30
	if quick {
		patchEpochs = 15
	}
	_, err = patchModel.Fit(ctx, dirtyPatches.Images, ae.Options{Epochs: patchEpochs, BatchSize: 64, Loss: ae.BCE, Seed: 1,
		Target: cleanPatches.Images})
	check(err)
	cleanedPatches, err := patchModel.Reconstruct(heldPatches.Images)
	check(err)
	cleaned, err := datasets.Unpatch(cleanedPatches, testPages.Shape, size, stride)
	check(err)
	cleanedError, err := ae.MSE.Mean(testPages.Images, cleaned)
	check(err)
	fmt.Printf("held-out pages (MSE against the clean page): dirty %.4f → cleaned %.4f\n", dirtyError, cleanedError)
	if cleanedError < dirtyError {
		fmt.Printf("the cleaned pages are %.1f times closer to the clean ones than the dirty pages\n", dirtyError/cleanedError)
	} else {
		fmt.Println("the cleaned pages are no closer to the clean ones than the dirty pages: the denoiser has not learned enough yet")
	}
	if quick {
		fmt.Println("(-quick: two dirty copies of each page and 15 epochs; without -quick the denoiser trains four times longer and cleans far better)")
	}
	check(plots.Rows{Rows: []plots.Row{
		{Name: "dirty", Images: dirtyTest.Images},
		{Name: "cleaned", Images: cleaned},
		{Name: "clean", Images: testPages.Images},
	}, Shape: testPages.Shape, Cols: 1, Title: "a page the denoiser has never seen, before and after"}.Save(picture("cleaned.png")))

	// Step: Read the pages
	//
	// Does cleaning help a program read the text? datasets.NewOCR makes
	// the simplest OCR there is: it cuts a page into its character cells
	// and reads each cell as the Go Mono character whose picture is
	// nearest to it. It reads a clean page perfectly.
	//
	// Read the held-out pages clean, dirty and cleaned, and score each
	// reading by its character accuracy: the share of characters right,
	// counting every character to insert, delete or replace to turn the
	// reading into the true text.
	ocr, err := datasets.NewOCR(13)
	check(err)
	heldTexts := texts[len(texts)-heldPages:] // what the held-out pages say
	cleanedPages := &datasets.Set{Images: cleaned, Shape: testPages.Shape, Name: "cleaned"}
	cleanRead, err := ocr.Read(testPages)
	check(err)
	dirtyRead, err := ocr.Read(dirtyTest)
	check(err)
	cleanedRead, err := ocr.Read(cleanedPages)
	check(err)
	cleanAccuracy, err := datasets.CharAccuracy(cleanRead, heldTexts)
	check(err)
	dirtyAccuracy, err := datasets.CharAccuracy(dirtyRead, heldTexts)
	check(err)
	cleanedAccuracy, err := datasets.CharAccuracy(cleanedRead, heldTexts)
	check(err)
	fmt.Printf("character accuracy of the OCR on the held-out pages: clean %.1f%%, dirty %.1f%%, cleaned %.1f%%\n",
		100*cleanAccuracy, 100*dirtyAccuracy, 100*cleanedAccuracy)
	fmt.Printf("the first line, as read from the dirty page:   %q\n", strings.Split(dirtyRead[0], "\n")[0])
	fmt.Printf("the first line, as read from the cleaned page: %q\n", strings.Split(cleanedRead[0], "\n")[0])
	if cleanedAccuracy > dirtyAccuracy {
		fmt.Println("cleaning first helps the OCR: it misreads fewer characters")
	} else {
		fmt.Println("cleaning does not help the OCR here: the denoiser's blur costs it more characters than the dirt did")
	}

	// The characters the OCR still misreads on the cleaned pages (or, if
	// none, on the dirty ones): the cell, what it read, what it should.
	misread, readAs, shouldBe, err := ocr.Misread(cleanedPages, heldTexts)
	check(err)
	which := "cleaned"
	if misread.Len() == 0 {
		misread, readAs, shouldBe, err = ocr.Misread(dirtyTest, heldTexts)
		check(err)
		which = "dirty"
	}
	if misread.Len() > 0 {
		readGlyphs, err := ocr.Glyphs(readAs)
		check(err)
		trueGlyphs, err := ocr.Glyphs(shouldBe)
		check(err)
		cols := misread.Len()
		if cols > 20 {
			cols = 20
		}
		check(plots.Rows{Rows: []plots.Row{
			{Name: "on the page", Images: misread.Images},
			{Name: "read as", Images: readGlyphs},
			{Name: "should be", Images: trueGlyphs},
		}, Shape: misread.Shape, Cols: cols,
			Title: fmt.Sprintf("%d characters misread on the %s pages", misread.Len(), which)}.Save(picture("misread.png")))
	}

	// Exercise: Louder noise
	// Run step 1 again with noiseStd := 0.8: type `:step 1 noiseStd=0.8`.
	// Then run steps 2 and 3 again: type `:next` twice. Before you run:
	// will the denoising autoencoder still beat the noisy input? Will the
	// plain autoencoder? Then type `:check`.
	// Try: :step 1 noiseStd=0.8
	// Try: :next
	// Try: :next
	// Try: :check
	// Check: gaussianName == "Gaussian, std 0.8" && plainGain == noisyError/plainError &&
	// gain == noisyError/denoisedError && denoisedError < noisyError
	// Answer: fmt.Sprintf("%s: noisy input %.4f, plain autoencoder %.4f (%.1f times lower), denoiser %.4f (%.1f times lower)",
	// gaussianName, noisyError, plainError, plainGain, denoisedError, gain)
	// Hint: run steps 1, 2 and 3 in that order, then compare the three
	// numbers step 3 prints; the pictures show what the noise leaves of the
	// strokes.

	// Exercise: The wrong noise
	// A denoiser learns the noise it was shown. Give the Gaussian denoiser
	// of step 3 (dae) the salt-and-pepper digits noisySP, and store its
	// error against the clean digits, ae.MSE.Mean(held.Images, ...), in
	// crossError. Is it as good as the salt-and-pepper model of step 5?
	// Type `:check` to see.
	// Try: :check
	// Check: crossError > spDenoisedError
	// Answer: fmt.Sprintf("on salt and pepper: the Gaussian denoiser %.4f, the salt-and-pepper model %.4f (the noisy input: %.4f)",
	// crossError, spDenoisedError, noisySPError)
	// Hint: xs, err := dae.Reconstruct(noisySP), then
	// crossError, err := ae.MSE.Mean(held.Images, xs).
	// Solution: xs, err := dae.Reconstruct(noisySP)
	// check(err)
	// crossError, err := ae.MSE.Mean(held.Images, xs)
	// check(err)

	// Exercise: Light dirt
	// Is cleaning always worth it? Soil the pages less: run step 6 again
	// with `:step 6 blur=0.7 grain=0.1`, then steps 7, 8 and 9 with `:next`
	// three times. Before you run: will the OCR read the cleaned pages
	// better than the dirty ones, as it did with heavy dirt? Then type
	// `:check`.
	// Try: :step 6 blur=0.7 grain=0.1
	// Try: :next
	// Try: :next
	// Try: :next
	// Try: :check
	// Check: dirt.Noise == 0.1 && dirt.Blur == 0.7 && cleanedAccuracy < dirtyAccuracy
	// Answer: fmt.Sprintf("light dirt: dirty pages read %.1f%%, cleaned %.1f%% (clean: %.1f%%)",
	// 100*dirtyAccuracy, 100*cleanedAccuracy, 100*cleanAccuracy)
	// Hint: light dirt leaves the characters readable; the denoiser's
	// output is a little blurred, and a template reader misreads blurred
	// strokes (a comma as a full stop). Cleaning pays when the dirt is
	// heavy.
}
