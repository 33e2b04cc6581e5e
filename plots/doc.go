// Package plots draws the pictures of the aekit lessons: image grids,
// reconstructions, loss curves, latent maps, decoded manifolds, error
// histograms and per-pixel error maps.
//
// Every function draws plain data — a *mat.Dense with one image or one
// point per row, []float64 values, []int labels, image height and width —
// and writes one file. It never trains a model and never reads a data set.
//
// # Files
//
// The first argument of every function is the output path. Its extension
// picks the format: ".png" (a raster at 150 dots per inch), ".svg" or
// ".pdf"; the extension is required and any other one is an error. Missing
// folders are created, and the file is written atomically: the picture
// goes to a temporary file in the same folder, which is then renamed, so a
// viewer never sees half a picture. The same input gives the same bytes on
// every run, in every format.
//
// # Pictures
//
// Pixels are values in [0, 1] drawn as they are stored: 0 is black and 1 is
// white, so MNIST-like digits are white strokes on black tiles (values
// outside [0, 1] are clamped). Each data pixel becomes a whole square of
// device pixels, so digits stay sharp when projected. Text is set in a
// large sans-serif face, and the ten label colours are the "tab10" colours
// that most plotting tools use.
//
// # Errors
//
// Bad input is reported, never drawn around and never a panic: empty data,
// NaN or Inf, lengths that disagree, a matrix whose column count is not
// height·width, a bad extension or an unwritable path each give an error
// that starts with "plots: " and names the function and the argument, as in
//
//	plots: Images: x has 700 columns, want 28×28 = 784
package plots
