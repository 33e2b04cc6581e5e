package lessons

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/ae"
	"github.com/aekit/aekit/datasets"
	"github.com/aekit/aekit/plots"
)

// encoder: the encoder at work, what the code is for.
//
// Goal: use an autoencoder's code as the features of each digit: group
// digits without labels, search for similar ones, recognise digits from 10
// labelled examples of each, and spot images unlike anything it was
// trained on.
func encoder(ctx context.Context, quick bool) {
	// Step: Codes as features
	//
	// "The true value of the autoencoder lives inside that latent-space
	// representation": once trained, we can throw the decoder away and keep
	// the encoder, which turns each image into a short code. This lesson
	// uses those codes as the features of the digits, the numbers that
	// describe them, in place of their 784 pixels.
	//
	// Train one autoencoder (784 → 500 → 500 → codeSize, mirrored), then
	// encode the training digits and the held-out ones. Beside it, PCA with
	// the same code size: the best linear code. Every later step compares
	// three ways to describe a digit: its pixels, its PCA code and its
	// autoencoder code.
	//
	// Quick mode trains on 1,000 digits instead of 8,000, so it makes more
	// passes (epochs) over them.
	codeSize := 16
	epochs := 20
	if quick {
		epochs = 30
	}

	train, held, err := heldOutDigits(quick)
	check(err)
	pixels := train.Shape.Size() // 784

	start := time.Now()
	model, err := ae.NewSymmetric([]int{pixels, 500, 500, codeSize}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = model.Fit(ctx, train.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	check(err)
	aeTrain, err := model.Encode(train.Images)
	check(err)
	aeHeld, err := model.Encode(held.Images)
	check(err)
	fmt.Printf("autoencoder %v trained on %d digits in %.1f s\n", model, train.Len(), time.Since(start).Seconds())

	pca, err := ae.FitPCA(train.Images, codeSize)
	check(err)
	pcaTrain, err := pca.Encode(train.Images)
	check(err)
	pcaHeld, err := pca.Encode(held.Images)
	check(err)

	aeRebuilt, err := model.Decode(aeHeld)
	check(err)
	pcaRebuilt, err := pca.Decode(pcaHeld)
	check(err)
	aeError, err := ae.MSE.Mean(held.Images, aeRebuilt)
	check(err)
	pcaError, err := ae.MSE.Mean(held.Images, pcaRebuilt)
	check(err)
	fmt.Printf("each digit is now %d numbers instead of %d (%.0f times fewer)\n", codeSize, pixels, float64(pixels)/float64(codeSize))
	fmt.Printf("held-out error of the rebuilt digits (MSE): autoencoder %.4f, PCA %.4f\n", aeError, pcaError)

	// Three descriptions of every digit, side by side: the later steps
	// loop over them.
	spaces := []string{"pixels", "PCA codes", "autoencoder codes"}
	trainX := []*mat.Dense{train.Images, pcaTrain, aeTrain}
	heldX := []*mat.Dense{held.Images, pcaHeld, aeHeld}

	// A map: the first two principal components of each kind of code.
	aeMap, err := ae.FitPCA(aeHeld, 2)
	check(err)
	aePoints, err := aeMap.Encode(aeHeld)
	check(err)
	pcaPoints := mat.DenseCopyOf(pcaHeld.Slice(0, held.Len(), 0, 2))
	check(plots.LatentMaps{Maps: []plots.LatentMap{
		{Points: aePoints, Labels: held.Labels, Title: fmt.Sprintf("autoencoder codes (%d numbers)", codeSize),
			XLabel: "direction 1 of the codes", YLabel: "direction 2 of the codes"},
		{Points: pcaPoints, Labels: held.Labels, Title: fmt.Sprintf("PCA codes (%d numbers)", codeSize), XLabel: "PC 1", YLabel: "PC 2"},
	}}.Save(picture("codes.png")))

	// Step: Clusters without labels
	//
	// k-means groups points into k clusters without being told any label:
	// it places k centres, gives each point to its nearest centre, moves
	// each centre to the mean of its points, and repeats until nothing
	// moves. It starts from centres spread apart (k-means++), starts again
	// from several seeds, and keeps the grouping whose points lie closest to
	// their centres.
	//
	// Cluster the held-out digits three times, by pixels, by PCA codes and
	// by autoencoder codes, and score each grouping against the labels it
	// never saw:
	//
	//   NMI (normalised mutual information): 1 when the clusters are the
	//   digits, 0 when knowing a digit's cluster tells nothing of its label;
	//   matched accuracy: match clusters to digits one to one, in the way
	//   that gets most digits right (the Hungarian algorithm), and count.
	//
	// The DEC paper (Xie, Girshick and Farhadi 2016) reports, on all 70,000
	// MNIST digits, k-means on pixels at about 53% matched accuracy and
	// k-means on the codes of a stacked autoencoder at about 80%. Our
	// numbers differ: we cluster 2,000 digits, not 70,000; their
	// autoencoder is bigger (784-500-500-2000-10, a 10-number code),
	// pretrained layer by layer as denoising autoencoders and trained far
	// longer; ours trains for seconds.
	k := 10
	var nmis, accuracies []float64
	var clusterings []*ae.KMeans
	fmt.Printf("k-means with k = %d on %d held-out digits:\n", k, held.Len())
	fmt.Printf("%-20s %6s %17s %8s\n", "", "NMI", "matched accuracy", "time")
	for s := range spaces {
		start := time.Now()
		km, err := ae.FitKMeans(ctx, heldX[s], k, ae.KMeansOptions{Seed: 1})
		check(err)
		nmi, err := ae.NMI(held.Labels, km.Clusters)
		check(err)
		acc, err := ae.MatchedAccuracy(held.Labels, km.Clusters)
		check(err)
		fmt.Printf("%-20s %6.3f %16.1f%% %7.2fs\n", spaces[s], nmi, 100*acc, time.Since(start).Seconds())
		nmis = append(nmis, nmi)
		accuracies = append(accuracies, acc)
		clusterings = append(clusterings, km)
	}
	fmt.Println("DEC, on all 70,000 digits: k-means on pixels about 53%, on a stacked autoencoder's codes about 80%")
	pixelNMI, aeNMI := nmis[0], nmis[2]
	aeAccuracy := accuracies[2]
	fmt.Printf("autoencoder codes against pixels: NMI %.3f against %.3f, matched accuracy %.1f%% against %.1f%%\n",
		aeNMI, pixelNMI, 100*aeAccuracy, 100*accuracies[0])

	// One row of members per cluster of the autoencoder codes, named by
	// the digit each cluster is matched to and the share of its members
	// that are that digit.
	aeClusters := clusterings[2]
	match, _, err := ae.MatchClusters(held.Labels, aeClusters.Clusters)
	check(err)
	var clusterRows []plots.Row
	cols := 12
	for c := 0; c < k; c++ {
		members, err := held.Subset(aeClusters.Members(c))
		check(err)
		same := 0
		for _, label := range members.Labels {
			if label == match[c] {
				same++
			}
		}
		name := fmt.Sprintf("cluster %d: %d of %d are %ds", c, same, members.Len(), match[c])
		if match[c] < 0 {
			name = fmt.Sprintf("cluster %d: %d digits", c, members.Len())
		}
		clusterRows = append(clusterRows, plots.Row{Name: name, Images: members.Images})
		if members.Len() < cols {
			cols = members.Len()
		}
	}
	check(plots.Rows{Rows: clusterRows, Shape: held.Shape, Cols: cols,
		Title: "k-means on autoencoder codes: the first members of each cluster"}.Save(picture("clusters.png")))

	// Exercise: Twenty clusters
	// Each digit is written in several styles (a 7 with or without a bar,
	// a 4 open or closed). Ask k-means for 20 clusters instead of 10, and
	// watch the two scores. First keep today's: type `acc10 := aeAccuracy`
	// and `nmi10 := aeNMI`. Then run step 2 again with `:step 2 k=20`.
	// Before you run it, predict: which score falls, and which hardly
	// moves? Then type `:check`.
	// Try: :step 2 k=20
	// Try: :check
	// Check: k == 20 && aeAccuracy < acc10-0.1 && aeNMI > nmi10-0.05
	// Answer: fmt.Sprintf("k = %d: matched accuracy %.1f%% (with 10 clusters: %.1f%%), NMI %.3f (with 10: %.3f)",
	// k, 100*aeAccuracy, 100*acc10, aeNMI, nmi10)
	// Hint: matched accuracy pairs clusters with digits one to one, so
	// only 10 of the 20 clusters can count; NMI only asks whether knowing
	// a digit's cluster tells you its label, and a cluster of 7s with a bar
	// tells you as much as one of all the 7s.
	// Solution: acc10 := aeAccuracy
	// Solution: nmi10 := aeNMI

	// Step: Search by similarity
	//
	// Image retrieval: given a query image, find the most similar images in
	// a collection. PyImageSearch does it with an autoencoder: encode the
	// collection once, encode the query, and rank the collection by the
	// distance between codes. ae.Nearest ranks all of them at once: the
	// distances of many queries to every image make one matrix product.
	//
	// Our collection is the training digits; every held-out digit is a
	// query. Precision@10 is the share of the 10 nearest that are the
	// query's digit, averaged over all the queries. Codes are short, so a
	// search by code is also faster than a search by pixels.
	//
	// metric says how distance is measured: ae.Euclidean, the straight-line
	// distance, or ae.Cosine, which compares only the direction of two
	// codes, not their length.
	metric := ae.Euclidean
	var precisions []float64
	var found [][][]int // found[space][query]: the 10 nearest training digits
	fmt.Printf("search the %d training digits for each of the %d held-out digits (%v distance):\n", train.Len(), held.Len(), metric)
	fmt.Printf("%-20s %13s %16s\n", "", "precision@10", "µs per query")
	for s := range spaces {
		start := time.Now()
		nearest, _, err := ae.Nearest(ctx, heldX[s], trainX[s], 10, metric)
		check(err)
		perQuery := time.Since(start).Seconds() * 1e6 / float64(held.Len()) // microseconds
		p, err := ae.PrecisionAtK(nearest, held.Labels, train.Labels)
		check(err)
		fmt.Printf("%-20s %13.3f %16.1f\n", spaces[s], p, perQuery)
		precisions = append(precisions, p)
		found = append(found, nearest)
	}
	pixelPrecision, aePrecision := precisions[0], precisions[2]
	fmt.Printf("the %d-number codes find the query's digit %.3f of the time, the %d pixels %.3f\n", codeSize, aePrecision, pixels, pixelPrecision)

	// Eight queries and what each search found, frames green where the
	// match is the query's digit.
	nQueries := 8
	queries, err := held.Take(nQueries)
	check(err)
	names := make([]string, nQueries)
	for q := range names {
		names[q] = fmt.Sprintf("a %d", queries.Labels[q])
	}
	for _, s := range []int{2, 0} {
		var rows []int
		var right []bool
		for q := 0; q < nQueries; q++ {
			for _, i := range found[s][q] {
				rows = append(rows, i)
				right = append(right, train.Labels[i] == queries.Labels[q])
			}
		}
		matches, err := train.Subset(rows)
		check(err)
		path := picture("search-codes.png")
		if s == 0 {
			path = picture("search-pixels.png")
		}
		check(plots.Retrieval{Queries: queries.Images, Matches: matches.Images, Correct: right, Names: names,
			Shape: held.Shape, Title: fmt.Sprintf("search by %s (%v distance)", spaces[s], metric)}.Save(path))
	}

	// Exercise: Precision@1
	// Is the single nearest training digit more often right than the
	// ten nearest? Search the autoencoder codes again for the one nearest
	// training digit of each held-out digit (ae.Nearest with k = 1; store
	// what it returns first in nearest1), and store its precision in p1
	// (ae.PrecisionAtK, as above). Then type `:check`. p1 is also the
	// accuracy of recognising each digit by its nearest labelled neighbour
	// when all 8,000 training digits are labelled: compare it with step 4.
	// Try: :check
	// Check: len(nearest1) == held.Len() && len(nearest1[0]) == 1 && p1 > aePrecision
	// Answer: fmt.Sprintf("the nearest training digit is right %.1f%% of the time, the ten nearest %.1f%%", 100*p1, 100*aePrecision)
	// Hint: nearest1, _, err := ae.Nearest(ctx, aeHeld, aeTrain, 1, metric),
	// then p1, err := ae.PrecisionAtK(nearest1, held.Labels, train.Labels).
	// Solution: nearest1, _, err := ae.Nearest(ctx, aeHeld, aeTrain, 1, metric)
	// check(err)
	// p1, err := ae.PrecisionAtK(nearest1, held.Labels, train.Labels)
	// check(err)

	// Step: Ten labels per digit
	//
	// Labels are expensive: someone has to look at every image. Suppose
	// only perClass digits of each kind were labelled. Recognise every
	// held-out digit by the labelled digit nearest to it (the nearest
	// neighbour), once by pixels, once by PCA codes and once by
	// autoencoder codes. The encoder learned from all 8,000 training
	// digits without their labels; only the nearest-neighbour step uses
	// labels.
	perClass := 10
	var labelledRows []int // the first perClass 0s, then the first perClass 1s, ...
	for d := 0; d < 10; d++ {
		count := 0
		for i, label := range train.Labels {
			if label == d && count < perClass {
				labelledRows = append(labelledRows, i)
				count++
			}
		}
	}
	labelled, err := train.Subset(labelledRows)
	check(err)
	var fewAccuracies []float64
	fmt.Printf("recognise %d held-out digits from %d labelled ones (%d of each), by the nearest one:\n", held.Len(), labelled.Len(), perClass)
	for s := range spaces {
		_, width := trainX[s].Dims()
		examples := mat.NewDense(len(labelledRows), width, nil) // the labelled rows of this space
		for r, i := range labelledRows {
			examples.SetRow(r, trainX[s].RawRowView(i))
		}
		nearest, _, err := ae.Nearest(ctx, heldX[s], examples, 1, ae.Euclidean)
		check(err)
		right := 0
		for q, row := range nearest {
			if labelled.Labels[row[0]] == held.Labels[q] {
				right++
			}
		}
		acc := float64(right) / float64(held.Len())
		fmt.Printf("  %-20s %5.1f%% right\n", spaces[s], 100*acc)
		fewAccuracies = append(fewAccuracies, acc)
	}
	pixelFew, aeFew := fewAccuracies[0], fewAccuracies[2]
	fmt.Printf("with %d labels, autoencoder codes get %.1f%% right, pixels %.1f%%\n", labelled.Len(), 100*aeFew, 100*pixelFew)
	perRow := perClass
	if perRow > 20 {
		perRow = 20
	}
	check(plots.Grid{Images: labelled.Images, Shape: labelled.Shape, Cols: perRow,
		Title: fmt.Sprintf("all the labels there are: %d digits of each kind, 0s first", perClass)}.Save(picture("labelled.png")))

	// Step: Far from home
	//
	// An autoencoder rebuilds well what looks like its training data. So
	// its reconstruction error tells the familiar from the strange, as in
	// the anomaly lesson. Train the same kind of autoencoder on the
	// training digits without two of them (unseen), then score:
	//
	//   familiar: held-out digits of the eight kinds it trained on;
	//   strangers: held-out digits of the two kinds it never saw, clothes
	//   from Zalando's Fashion-MNIST, and letters drawn in the Go fonts.
	//
	// For each kind of stranger, the ROC curve shows, as the threshold
	// falls, the share of strangers caught against the share of familiar
	// digits flagged by mistake. Its area, the AUC, is the chance that a
	// stranger drawn at random scores higher than a familiar digit: 1 is
	// perfect, 0.5 is a coin toss.
	unseen := []int{2, 7}
	nStrangers := 2000
	if quick {
		nStrangers = 200
	}
	var seen []int
	for d := 0; d < 10; d++ {
		if d != unseen[0] && d != unseen[1] {
			seen = append(seen, d)
		}
	}
	familiarTrain, err := train.Filter(seen)
	check(err)
	familiar, err := held.Filter(seen)
	check(err)
	unseenDigits, err := held.Filter(unseen)
	check(err)
	clothes, err := datasets.FashionTest()
	check(err)
	clothes, err = clothes.Take(nStrangers)
	check(err)
	letters, err := datasets.Letters(nStrangers, held.Shape, 1)
	check(err)

	start = time.Now()
	homebody, err := ae.NewSymmetric([]int{pixels, 500, 500, codeSize}, ae.ReLU, ae.Linear, ae.Sigmoid, 1)
	check(err)
	_, err = homebody.Fit(ctx, familiarTrain.Images, ae.Options{Epochs: epochs, BatchSize: 64, Loss: ae.BCE, Seed: 1})
	check(err)
	fmt.Printf("trained on %d digits (all but the %ds and %ds) in %.1f s\n", familiarTrain.Len(), unseen[0], unseen[1], time.Since(start).Seconds())

	kinds := []string{fmt.Sprintf("unseen %ds and %ds", unseen[0], unseen[1]), "clothes", "letters"}
	strangers := []*datasets.Set{unseenDigits, clothes, letters}
	rebuiltFamiliar, err := homebody.Reconstruct(familiar.Images)
	check(err)
	familiarScores, err := ae.MSE.Errors(familiar.Images, rebuiltFamiliar)
	check(err)
	// A threshold that flags 5% of the familiar digits.
	threshold, err := ae.QuantileThreshold(familiarScores, 0.95)
	check(err)

	var strangerScores [][]float64
	var aucs []float64
	var curves []plots.ROCCurve
	allScores := append([]float64{}, familiarScores...)
	marked := make([]bool, len(familiarScores))
	fmt.Printf("%d familiar digits; a threshold that flags 5%% of them (%.4f) catches:\n", familiar.Len(), threshold)
	fmt.Printf("%-20s %7s %6s %8s\n", "strangers", "images", "AUC", "caught")
	for s := range strangers {
		rebuilt, err := homebody.Reconstruct(strangers[s].Images)
		check(err)
		scores, err := ae.MSE.Errors(strangers[s].Images, rebuilt)
		check(err)
		both := append(append([]float64{}, familiarScores...), scores...)
		isStranger := make([]bool, len(both))
		for i := len(familiarScores); i < len(both); i++ {
			isStranger[i] = true
		}
		auc, err := ae.AUC(both, isStranger)
		check(err)
		fpr, tpr, err := ae.ROC(both, isStranger)
		check(err)
		caught := float64(ae.Count(ae.Flag(scores, threshold))) / float64(len(scores))
		fmt.Printf("%-20s %7d %6.3f %7.0f%%\n", kinds[s], len(scores), auc, 100*caught)
		strangerScores = append(strangerScores, scores)
		aucs = append(aucs, auc)
		curves = append(curves, plots.ROCCurve{Name: kinds[s], FPR: fpr, TPR: tpr})
		allScores = append(allScores, scores...)
		for i := 0; i < len(scores); i++ {
			marked = append(marked, true)
		}
	}
	unseenAUC, clothesAUC, lettersAUC := aucs[0], aucs[1], aucs[2]
	fmt.Printf("AUC: clothes %.3f, letters %.3f, unseen digits %.3f\n", clothesAUC, lettersAUC, unseenAUC)
	check(plots.ROC{Curves: curves, Title: "strangers against familiar digits"}.Save(picture("roc.png")))
	check(plots.ErrorHistogram{Scores: allScores, Marked: marked, MarkedName: "strangers",
		Thresholds: []float64{threshold},
		Title:      "reconstruction errors of familiar digits and of strangers"}.Save(picture("histogram.png")))

	// Step: The strangers it rebuilds best
	//
	// A high AUC is not a guarantee. Some strangers are rebuilt well: the
	// ones that look like the digits the model knows, and the ones with
	// little ink to get wrong. Here are the ten of each kind with the
	// lowest error, over their reconstructions, and how many strangers of
	// each kind score below the typical (median) familiar digit.
	median, err := ae.QuantileThreshold(familiarScores, 0.5)
	check(err)
	var bestRows []plots.Row
	for s := range strangers {
		lowFirst := make([]float64, len(strangerScores[s]))
		for i, v := range strangerScores[s] {
			lowFirst[i] = -v // TopK finds the highest: negate to find the lowest
		}
		best := ae.TopK(lowFirst, 10)
		bestSet, err := strangers[s].Subset(best)
		check(err)
		rebuilt, err := homebody.Reconstruct(bestSet.Images)
		check(err)
		var what []string
		for _, label := range bestSet.Labels {
			switch s {
			case 0:
				what = append(what, fmt.Sprint(label))
			case 1:
				what = append(what, datasets.FashionLabels()[label])
			default:
				what = append(what, string(rune(label)))
			}
		}
		below := 0
		for _, v := range strangerScores[s] {
			if v < median {
				below++
			}
		}
		fmt.Printf("%s: %d of %d score below the median familiar digit; the best rebuilt: %s\n",
			kinds[s], below, len(strangerScores[s]), strings.Join(what, ", "))
		bestRows = append(bestRows, plots.Row{Name: kinds[s], Images: bestSet.Images},
			plots.Row{Name: "rebuilt", Images: rebuilt})
	}
	check(plots.Rows{Rows: bestRows, Shape: held.Shape,
		Title: "the strangers the digit model rebuilds best, over its reconstructions"}.Save(picture("best-rebuilt.png")))

	// Exercise: Strangers with little ink
	// Leave other digits out: run step 5 again with `:step 5
	// unseen=[]int{1, 5}`, then step 6 with `:next`. Before you run:
	// will the model spot 1s it has never seen as well as it spotted the
	// 2s and 7s? Then type `:check`.
	// Try: :step 5 unseen=[]int{1, 5}
	// Try: :next
	// Try: :check
	// Check: unseen[0] == 1 && unseenAUC < lettersAUC-0.1
	// Answer: fmt.Sprintf("unseen %v: AUC %.3f, against letters %.3f and clothes %.3f", unseen, unseenAUC, lettersAUC, clothesAUC)
	// Hint: the score is the error per pixel, and a 1 is mostly black
	// background: there is little ink to get wrong, so even a model that
	// never saw a 1 rebuilds one with a small error. Look at step 6's
	// picture.
}
