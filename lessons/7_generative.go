package lessons

import (
	"context"
	"fmt"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/plots"
)

// generative: making new digits, the variational autoencoder.
//
// Goal: see why decoding random codes of a plain autoencoder gives
// smudges, train a variational autoencoder whose codes follow a known
// distribution, draw new digits from it, walk between digits, watch it
// learn, and weigh reconstruction against a tidy code with β.
func generative(ctx context.Context, quick bool) {
	// Step: Random codes make smudges
	//
	// A decoder turns any code into an image. So can it make new digits?
	// Take the kind of autoencoder the earlier lessons trained, here with a
	// code of codeSize numbers, and decode codes nobody encoded.
	//
	// Which codes? A plain autoencoder gives no rule for where its codes
	// live. The best guess is to draw each code number from a normal
	// distribution with the mean and spread that number has over the
	// training digits' codes.
	//
	// How much does a decoded image look like a digit? One measure: its
	// distance to the nearest training digit (the square root of the summed
	// squared pixel differences). A held-out digit, a real one the model
	// never saw, sets the scale. (A smooth blur of several digits can sit
	// close to real ones too: look at the pictures as well.)
	//
	// Then the same with a code of 2 numbers, where we can look at the codes
	// on a map: the random codes (crosses) often land where no digit's code
	// is. Call a code "in a hole" when it is farther from every training
	// digit's code than 99% of held-out digits' codes are.
	codeSize := 20
	epochs := 20
	nRandom := 200

	train, held, err := heldOutDigits(quick)
	check(err)
	pixels := train.Shape.Size() // 784
	// -quick trains on 1,000 images instead of 8,000, an eighth of the
	// updates: larger steps make up some of it, not all, so some numbers
	// say little.
	rate := 0.001 // Adam's usual learning rate
	var quickNote string
	if quick {
		rate = 0.003
		quickNote = "(-quick: 1,000 training images are too few for the 2-number models to settle; the holes here are not the lesson's)"
	}

	start := time.Now()
	plain, err := ae.NewSymmetric([]int{pixels, 256, codeSize}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = plain.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, LearningRate: rate, Loss: ae.BCE, Seed: 1})
	check(err)
	plainCodes, err := plain.Encode(train.Images)
	check(err)

	// drawLike returns n random codes, each number drawn from a normal
	// distribution with the mean and spread that number has in codes.
	drawLike := func(codes *mat.Dense, n int, seed int64) *mat.Dense {
		_, size := codes.Dims()
		random, err := ae.PriorCodes(n, size, seed) // standard normal numbers
		check(err)
		for j := 0; j < size; j++ {
			mean, spread := stat.MeanStdDev(mat.Col(nil, j, codes), nil)
			for i := 0; i < n; i++ {
				random.Set(i, j, mean+spread*random.At(i, j))
			}
		}
		return random
	}
	// meanNearest returns the mean distance from each image to the training
	// digit nearest to it.
	meanNearest := func(images *mat.Dense) float64 {
		_, dist, err := ae.Nearest(ctx, images, train.Images, 1, ae.Euclidean)
		check(err)
		total := 0.0
		for _, d := range dist {
			total += d[0]
		}
		return total / float64(len(dist))
	}

	smudges, err := plain.Decode(drawLike(plainCodes, nRandom, 1))
	check(err)
	someHeld, err := held.Take(nRandom)
	check(err)
	realDistance := meanNearest(someHeld.Images)
	plainDistance := meanNearest(smudges)
	fmt.Printf("%s trained in %.1f s\n", plain, time.Since(start).Seconds())
	fmt.Printf("distance to the nearest training digit: held-out digits %.2f, decoded random codes %.2f\n", realDistance, plainDistance)
	check(plots.Rows{Rows: []plots.Row{
		{Name: "held-out digits", Images: someHeld.Images},
		{Name: "random codes, decoded", Images: smudges},
		{Name: "more of them", Images: mat.DenseCopyOf(smudges.Slice(12, 24, 0, pixels))},
	}, Shape: train.Shape, Cols: 12,
		Title: fmt.Sprintf("a plain autoencoder decodes random codes of %d numbers", codeSize)}.Save(picture("smudges.png")))

	plain2, err := ae.NewSymmetric([]int{pixels, 256, 2}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = plain2.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, LearningRate: rate, Loss: ae.BCE, Seed: 1})
	check(err)
	plain2Train, err := plain2.Encode(train.Images)
	check(err)
	plain2Held, err := plain2.Encode(held.Images)
	check(err)

	// holeShare returns the share of the codes random that lie farther
	// from every training code than 99% of the held-out codes do.
	holeShare := func(random, trainCodes, heldCodes *mat.Dense) float64 {
		_, heldDist, err := ae.Nearest(ctx, heldCodes, trainCodes, 1, ae.Euclidean)
		check(err)
		var gaps []float64
		for _, d := range heldDist {
			gaps = append(gaps, d[0])
		}
		edge, err := ae.QuantileThreshold(gaps, 0.99)
		check(err)
		_, randomDist, err := ae.Nearest(ctx, random, trainCodes, 1, ae.Euclidean)
		check(err)
		far := 0
		for _, d := range randomDist {
			if d[0] > edge {
				far++
			}
		}
		return float64(far) / float64(len(randomDist))
	}
	plain2Random := drawLike(plain2Train, nRandom, 1)
	plainHoles := holeShare(plain2Random, plain2Train, plain2Held)
	fmt.Printf("2-number codes: %.0f%% of the random codes land in a hole\n", 100*plainHoles)
	if quickNote != "" {
		fmt.Println(quickNote)
	}
	// The map marks half of the random codes, so that the digits show.
	someRandom := mat.DenseCopyOf(plain2Random.Slice(0, nRandom/2, 0, 2))
	check(plots.LatentMap{Points: plain2Held, Labels: held.Labels, Marks: someRandom, MarksName: "random codes",
		Title: "a plain autoencoder's 2-number codes"}.Save(picture("holes.png")))

	// Exercise: More numbers, more holes?
	// Do random codes make better digits with 2 numbers or with 20? Keep
	// today's measure, `distance20 := plainDistance`, then run step 1 with
	// a 2-number code, `:step 1 codeSize=2`, and type `:check`. Predict
	// first: is the space of 2 numbers easier to fill than the space of 20?
	// Try: :step 1 codeSize=2
	// Try: :check
	// Check: codeSize == 2 && plainDistance < distance20
	// Answer: fmt.Sprintf("random codes of %d numbers decode %.2f from the nearest training digit, of 20 numbers %.2f (held-out digits: %.2f)",
	// codeSize, plainDistance, distance20, realDistance)
	// Hint: the codes of the digits fill a thin, twisted region of the code
	// space; in 20 dimensions almost all of a normal distribution lies
	// outside it. A 2-number code rebuilds the digits badly, but its plane
	// is nearly full.
	// Solution: distance20 := plainDistance

	// Step: A variational autoencoder
	//
	// A variational autoencoder (VAE; Kingma and Welling, 2014) gives its
	// codes a rule. Its encoder does not output one code per image but a
	// normal distribution: a mean μ and a spread σ (as log σ²) for each
	// code number. In training, the code is drawn from that distribution,
	// z = μ + σ·ε with ε random, and the decoder must rebuild the image from
	// it. Its loss adds a second term to the reconstruction: the KL
	// divergence, which measures how far each image's distribution is from
	// the standard normal N(0, 1), and which pushes every μ towards 0 and
	// every σ towards 1. Weighted by beta (β, 1 here), it holds the codes
	// together: no holes, no digit far from the others.
	//
	// The loss is counted per image: the BCE summed over the 784 pixels
	// plus the KL term, both in nats (natural units of information). Their
	// sum is the negative ELBO (evidence lower bound). ae.NewVAE builds one;
	// it trains with Fit, as any model does. Encode gives the means μ.
	//
	// Compare the maps: the plain model's codes spread over tens of units
	// in odd shapes; the VAE's crowd around 0 with a spread near 1, the
	// distribution its random codes come from (ae.PriorCodes).
	beta := 1.0
	vae2, err := ae.NewVAE([]int{pixels, 256, 2}, ae.ReLU, ae.Sigmoid, 1)
	check(err)
	fmt.Print(vae2.Summary())
	_, err = vae2.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, LearningRate: rate, Loss: ae.BCE, KLWeight: beta, Seed: 1})
	check(err)
	vae2Train, err := vae2.Encode(train.Images)
	check(err)
	vae2Held, err := vae2.Encode(held.Images)
	check(err)
	prior2, err := ae.PriorCodes(nRandom, 2, 1)
	check(err)
	vaeHoles := holeShare(prior2, vae2Train, vae2Held)
	fmt.Printf("random codes in a hole: VAE %.0f%%, plain autoencoder %.0f%%\n", 100*vaeHoles, 100*plainHoles)
	if quickNote != "" {
		fmt.Println(quickNote)
	}

	// codeStats returns the mean and the variance of code number j.
	codeStats := func(codes *mat.Dense, j int) (float64, float64) {
		return stat.MeanVariance(mat.Col(nil, j, codes), nil)
	}
	fmt.Println("held-out codes      mean 1   var 1   mean 2   var 2")
	fmt.Println("standard normal       0.00    1.00     0.00    1.00")
	var vaeMeans, vaeVars, plainMeans, plainVars []float64
	for j := 0; j < 2; j++ {
		m, v := codeStats(vae2Held, j)
		vaeMeans, vaeVars = append(vaeMeans, m), append(vaeVars, v)
		m, v = codeStats(plain2Held, j)
		plainMeans, plainVars = append(plainMeans, m), append(plainVars, v)
	}
	fmt.Printf("VAE                %6.2f  %6.2f   %6.2f  %6.2f\n", vaeMeans[0], vaeVars[0], vaeMeans[1], vaeVars[1])
	fmt.Printf("plain autoencoder  %6.2f  %6.2f   %6.2f  %6.2f\n", plainMeans[0], plainVars[0], plainMeans[1], plainVars[1])

	rebuilt, err := plain2.Reconstruct(held.Images)
	check(err)
	plainBCE, err := ae.BCE.Mean(held.Images, rebuilt)
	check(err)
	recon2, kl2, err := vae2.NegativeELBO(ctx, held.Images, ae.BCE, 1, 1)
	check(err)
	vae2Recon, vae2KL := stat.Mean(recon2, nil), stat.Mean(kl2, nil)
	fmt.Printf("per held-out image: plain autoencoder BCE %.1f nats; VAE reconstruction %.1f + KL %.1f = %.1f nats\n",
		plainBCE*float64(pixels), vae2Recon, vae2KL, vae2Recon+vae2KL)
	somePrior := mat.DenseCopyOf(prior2.Slice(0, nRandom/2, 0, 2))
	check(plots.LatentMaps{Maps: []plots.LatentMap{
		{Points: plain2Held, Labels: held.Labels, Marks: someRandom, MarksName: "random codes", Title: "plain autoencoder"},
		{Points: vae2Held, Labels: held.Labels, Marks: somePrior, MarksName: "random codes", Title: "variational autoencoder"},
	}}.Save(picture("maps.png")))

	// Step: Walk the plane
	//
	// The Keras blog's best-known picture: decode a 15×15 grid of codes
	// spread over the square from -2 to 2 in each direction, where 95% of
	// the VAE's random draws of each number fall. Every code on the grid
	// decodes to something digit-like, and the digits morph into each other
	// as you walk: the VAE has laid them out on one continuous surface.
	//
	// Which digits does the plane hold? Give each decoded image the label
	// of the training digit nearest to it and count.
	gridSize := 15
	grid := plots.LatentGrid{Size: gridSize, XMin: -2, XMax: 2, YMin: -2, YMax: 2}
	gridCodes, err := grid.Codes()
	check(err)
	walk, err := vae2.Decode(gridCodes)
	check(err)
	nearest, _, err := ae.Nearest(ctx, walk, train.Images, 1, ae.Euclidean)
	check(err)
	var looksLike [10]int
	for _, r := range nearest {
		looksLike[train.Labels[r[0]]]++
	}
	kinds := 0
	for d := 0; d < 10; d++ {
		if looksLike[d] > 0 {
			kinds++
		}
		fmt.Printf("%ds: %d  ", d, looksLike[d])
	}
	fmt.Printf("\n%d kinds of digit among the %d decoded codes\n", kinds, gridSize*gridSize)
	check(plots.Manifold{Grid: grid, Images: walk, Shape: train.Shape,
		Title: "what the VAE's decoder draws across the plane"}.Save(picture("manifold.png")))

	// Step: Twenty numbers, epoch by epoch
	//
	// Two numbers hold too little to rebuild digits well. Train a VAE with
	// the code size of step 1, and after every epoch decode the same 30
	// random codes: the animation shows the samples sharpen as it learns
	// (TensorFlow's figure). The frame titles give the negative ELBO of the
	// held-out digits (Fit's validation loss).
	//
	// The VAE paper (Kingma and Welling 2014, Figure 2) reaches about 100
	// nats per MNIST image with a 20-number code. Ours is higher: it
	// trains on 8,000 digits for 30 passes, the paper on 60,000 for up to
	// 10⁸ images seen, some 1,700 passes, with 500 hidden units. And our
	// grey pixels are read as the chances of a white pixel: even a perfect
	// reconstruction of them costs the floor printed below, the BCE of
	// each image against itself.
	//
	// (ae.TensorFlowCVAE builds TensorFlow's convolutional VAE: the same
	// Fit, Generate and NegativeELBO, slower to train.)
	//
	// Then, the claim: are the VAE's random digits closer to real digits
	// than the plain autoencoder's smudges of step 1?
	vaeEpochs := 30
	vae, err := ae.NewVAE([]int{pixels, 256, codeSize}, ae.ReLU, ae.Sigmoid, 1)
	check(err)
	fixed, err := ae.PriorCodes(30, codeSize, 2)
	check(err)
	var frames []plots.Figure
	// record draws the fixed codes after each epoch. (A function handed
	// to Fit: make it outside any loop.)
	record := func(epoch int, trainLoss, heldLoss float64) {
		samples, err := vae.Decode(fixed)
		if err == nil {
			frames = append(frames, plots.Grid{Images: samples, Shape: train.Shape, Cols: 10,
				Title: fmt.Sprintf("epoch %d: %.1f nats per held-out digit", epoch, heldLoss)})
		}
	}
	start = time.Now()
	history, err := vae.Fit(ctx, train.Images, ae.Options{Epochs: vaeEpochs, BatchSize: 64, LearningRate: rate, Loss: ae.BCE, Seed: 1,
		Validation: held.Images, OnEpoch: record})
	check(err)
	fmt.Printf("%s: %d epochs in %.1f s\n", vae, history.Epochs(), time.Since(start).Seconds())
	check(plots.Animation{Frames: frames, FrameSeconds: 0.3}.Save(picture("samples.gif")))

	recon20, kl20, err := vae.NegativeELBO(ctx, held.Images, ae.BCE, 1, 1)
	check(err)
	vaeRecon, vaeKL := stat.Mean(recon20, nil), stat.Mean(kl20, nil)
	heldScores := make([]float64, held.Len()) // each held-out digit's negative ELBO
	for i := range heldScores {
		heldScores[i] = recon20[i] + kl20[i]
	}
	floor, err := ae.BCE.Mean(held.Images, held.Images)
	check(err)
	fmt.Println("negative ELBO per held-out image (nats): reconstruction + KL")
	fmt.Printf("  2 numbers  %6.1f + %4.1f = %6.1f\n", vae2Recon, vae2KL, vae2Recon+vae2KL)
	fmt.Printf("  %d numbers %6.1f + %4.1f = %6.1f   (the VAE paper, 20 numbers: about 100)\n", codeSize, vaeRecon, vaeKL, vaeRecon+vaeKL)
	fmt.Printf("  a perfect reconstruction of these grey pixels would still cost %.1f\n", floor*float64(pixels))

	newDigits, err := vae.Generate(nRandom, 1)
	check(err)
	vaeDistance := meanNearest(newDigits)
	fmt.Printf("distance to the nearest training digit: held-out digits %.2f, VAE samples %.2f, plain autoencoder's random codes %.2f\n",
		realDistance, vaeDistance, plainDistance)
	check(plots.Rows{Rows: []plots.Row{
		{Name: "plain autoencoder", Images: smudges},
		{Name: "VAE", Images: newDigits},
		{Name: "VAE, more", Images: mat.DenseCopyOf(newDigits.Slice(12, 24, 0, pixels))},
	}, Shape: train.Shape, Cols: 12, Title: fmt.Sprintf("decoded random codes of %d numbers", codeSize)}.Save(picture("samples.png")))

	// Exercise: Strangers
	// The negative ELBO is a score of how unlikely the VAE finds an image,
	// so it flags anomalies as a reconstruction error does. Score 2,000
	// pieces of clothing from Fashion-MNIST (datasets.FashionTest(), then
	// Take(2000)) with vae.NegativeELBO, add each image's two terms, and
	// store in clothesAUC the AUC (ae.AUC) of the clothes against the
	// held-out digits, whose scores are heldScores. Then type `:check`.
	// Try: :check
	// Check: clothesAUC > 0.95
	// Answer: fmt.Sprintf("clothes against held-out digits: AUC %.3f", clothesAUC)
	// Hint: r, k, err := vae.NegativeELBO(ctx, clothes.Images, ae.BCE, 1, 1)
	// gives the terms; the scores are r[i] + k[i]. ae.AUC takes all the
	// scores and, for each, whether it is a stranger's.
	// Solution: clothes, err := datasets.FashionTest()
	// check(err)
	// clothes, err = clothes.Take(2000)
	// check(err)
	// r, k, err := vae.NegativeELBO(ctx, clothes.Images, ae.BCE, 1, 1)
	// check(err)
	// scores := append([]float64{}, heldScores...)
	// isClothes := make([]bool, len(heldScores))
	// for i := range r {
	// 	scores = append(scores, r[i]+k[i])
	// 	isClothes = append(isClothes, true)
	// }
	// clothesAUC, err := ae.AUC(scores, isClothes)
	// check(err)

	// Step: From one digit to another
	//
	// Encode two held-out digits, walk in a straight line from one code to
	// the other, and decode each point on the way: the plain autoencoder of
	// step 1 beside the VAE, codes of codeSize numbers both. The plain
	// model's middle frames tend to be the two digits printed over each
	// other; the VAE's pass through shapes closer to digits.
	//
	// Measured over many pairs of held-out digits: the distance from the
	// middle of each walk (from a quarter to three quarters of the way) to
	// the nearest training digit.
	fromDigit, toDigit := 9, 2
	steps := 16
	pairs := 40
	if quick {
		pairs = 10
	}

	// walkBetween decodes steps points on the straight line from the code
	// first to the code last, with model m.
	walkBetween := func(m *ae.Model, first, last []float64) *mat.Dense {
		line := mat.NewDense(steps, len(first), nil)
		for s := 0; s < steps; s++ {
			t := float64(s) / float64(steps-1)
			for j := range first {
				line.Set(s, j, (1-t)*first[j]+t*last[j])
			}
		}
		out, err := m.Decode(line)
		check(err)
		return out
	}
	plainHeld, err := plain.Encode(held.Images)
	check(err)
	vaeHeld, err := vae.Encode(held.Images)
	check(err)
	// middles returns the middle images of the walks between held-out
	// digits 0 and 1, 2 and 3, ..., with model m, whose codes of the
	// held-out digits are codes: one matrix, searched at once.
	middles := func(m *ae.Model, codes *mat.Dense) *mat.Dense {
		per := steps - 2*(steps/4)
		all := mat.NewDense(pairs*per, pixels, nil)
		for p := 0; p < pairs; p++ {
			path := walkBetween(m, codes.RawRowView(2*p), codes.RawRowView(2*p+1))
			for s := 0; s < per; s++ {
				all.SetRow(p*per+s, path.RawRowView(steps/4+s))
			}
		}
		return all
	}
	plainWalk := meanNearest(middles(plain, plainHeld))
	vaeWalk := meanNearest(middles(vae, vaeHeld))
	fmt.Printf("middle of the walk to the nearest training digit, over %d pairs: plain autoencoder %.2f, VAE %.2f\n",
		pairs, plainWalk, vaeWalk)

	// The walk from the first held-out fromDigit to the first toDigit.
	from, to := -1, -1
	for i, label := range held.Labels {
		if label == fromDigit && from < 0 {
			from = i
		}
		if label == toDigit && to < 0 {
			to = i
		}
	}
	plainPath := walkBetween(plain, plainHeld.RawRowView(from), plainHeld.RawRowView(to))
	vaePath := walkBetween(vae, vaeHeld.RawRowView(from), vaeHeld.RawRowView(to))
	// Each frame: the two held-out digits at the ends, the two models'
	// images of the point between them in the middle.
	var walkFrames []plots.Figure
	for s := 0; s < steps; s++ {
		four := mat.NewDense(4, pixels, nil)
		four.SetRow(0, held.Images.RawRowView(from))
		four.SetRow(1, plainPath.RawRowView(s))
		four.SetRow(2, vaePath.RawRowView(s))
		four.SetRow(3, held.Images.RawRowView(to))
		walkFrames = append(walkFrames, plots.Grid{Images: four, Shape: train.Shape, Cols: 4,
			Captions: []string{fmt.Sprintf("the %d", fromDigit), "plain autoencoder", "VAE", fmt.Sprintf("the %d", toDigit)},
			Title:    fmt.Sprintf("step %d of %d from the %d to the %d", s+1, steps, fromDigit, toDigit)})
	}
	check(plots.Animation{Frames: walkFrames, FrameSeconds: 0.25}.Save(picture("walk.gif")))
	check(plots.Rows{Rows: []plots.Row{{Name: "plain autoencoder", Images: plainPath}, {Name: "VAE", Images: vaePath}},
		Shape: train.Shape, Cols: steps, Title: fmt.Sprintf("from a %d to a %d in %d steps", fromDigit, toDigit, steps)}.Save(picture("walk.png")))

	// Step: Beta: reconstruction against KL
	//
	// The two terms of the loss pull against each other. A code that
	// carries more about each image rebuilds it better but strays further
	// from the standard normal: a larger KL term. β (Options.KLWeight)
	// sets the price of the KL term. Train a 2-number VAE for each β in
	// betas and measure both terms on the held-out digits. The chart puts
	// each model in the plane of the two terms. Points on the dashed line
	// have the same sum, the negative ELBO, as the best of them: β = 1 is
	// the one trained for that sum, and lands on or near the line.
	//
	// A large β (a β-VAE, Higgins et al. 2017) buys a tidier code with
	// blurrier digits: the map shrinks towards one blob, the samples
	// towards the average digit. A code number stays in use ("active")
	// while its means still vary from digit to digit (variance above 0.01).
	betas := []float64{1, 2, 4, 8, 16}

	var recons, kls, actives []float64
	var betaMaps []plots.LatentMap
	var betaRows []plots.Row
	var names []string
	fmt.Println("    β   reconstruction     KL   negative ELBO   active numbers")
	for k, b := range betas {
		v, err := ae.NewVAE([]int{pixels, 256, 2}, ae.ReLU, ae.Sigmoid, 1)
		check(err)
		_, err = v.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, LearningRate: rate, Loss: ae.BCE, KLWeight: b, Seed: 1})
		check(err)
		r, kl, err := v.NegativeELBO(ctx, held.Images, ae.BCE, 1, 1)
		check(err)
		codes, err := v.Encode(held.Images)
		check(err)
		active := 0
		for j := 0; j < 2; j++ {
			if stat.Variance(mat.Col(nil, j, codes), nil) > 0.01 {
				active++
			}
		}
		recon, klTerm := stat.Mean(r, nil), stat.Mean(kl, nil)
		fmt.Printf("%5g   %14.1f  %5.1f   %13.1f   %d\n", b, recon, klTerm, recon+klTerm, active)
		recons, kls = append(recons, recon), append(kls, klTerm)
		actives = append(actives, float64(active))
		names = append(names, fmt.Sprintf("β = %g", b))
		samples, err := v.Generate(12, 1)
		check(err)
		betaRows = append(betaRows, plots.Row{Name: names[k], Images: samples})
		if k == 0 || k == len(betas)/2 || k == len(betas)-1 { // three maps at most
			betaMaps = append(betaMaps, plots.LatentMap{Points: codes, Labels: held.Labels, Title: names[k]})
		}
	}
	check(plots.RateDistortion{Rate: kls, Distortion: recons, Names: names,
		XLabel: "KL term (nats per held-out image)", YLabel: "reconstruction (nats per held-out image)",
		Title: "one 2-number VAE per β"}.Save(picture("beta.png")))
	if len(betaMaps) >= 2 && len(betaMaps) <= 3 {
		check(plots.LatentMaps{Maps: betaMaps, SameAxes: true}.Save(picture("beta-maps.png")))
	}
	check(plots.Rows{Rows: betaRows, Shape: train.Shape, Cols: 12,
		Title: "the same random codes, decoded by the VAE of each β"}.Save(picture("beta-samples.png")))

	// Exercise: A very large β
	// What if the KL term costs fifty times the reconstruction? Run step 6
	// with `:step 6 betas=[]float64{1, 50}` and look at the samples. How
	// many of the 2 code numbers stay active at β = 50? Then type `:check`.
	// Try: :step 6 betas=[]float64{1, 50}
	// Try: :check
	// Check: len(actives) == len(betas) && betas[len(betas)-1] == 50 && actives[len(actives)-1] < 2
	// Answer: fmt.Sprintf("β = %g: %.0f active numbers, KL %.2f nats, reconstruction %.1f nats (β = %g: %.0f active, KL %.2f, reconstruction %.1f)",
	// betas[len(betas)-1], actives[len(actives)-1], kls[len(kls)-1], recons[len(recons)-1], betas[0], actives[0], kls[0], recons[0])
	// Hint: at β = 50 any information in the code costs more than it saves
	// in reconstruction: the cheapest code says nothing, every mean sits at
	// 0, and the decoder draws the average digit for every code.
}
