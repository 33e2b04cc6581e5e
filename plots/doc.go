// Package plots draws the pictures of the aekit lessons: grids of images,
// rows of originals over reconstructions, codes, filters, per-pixel error
// maps, decoded manifolds, latent maps, loss curves, error histograms,
// precision and recall, error against code size, ROC curves, the
// results of a search by similarity, and a variational autoencoder's
// trade between rate and distortion.
//
// Every picture is a figure: a plain struct whose fields name everything
// it shows, and a Save method that draws it and writes one file.
//
//	err := plots.Rows{
//		Rows:  []plots.Row{{Name: "originals", Images: x}, {Name: "reconstructions", Images: xhat}},
//		Shape: digits.Shape,
//		Title: "originals over reconstructions",
//	}.Save("out/reconstructions.png")
//
// Figures draw plain data: a *mat.Dense with one image, one code or one
// point per row, []float64 values, []int labels. Images carry no size of
// their own, so a figure of images takes their Shape, which every
// datasets.Set carries (plots.Shape and datasets.Shape are one type). A
// figure never trains a model, never reads a data set and never fits
// anything: a latent map draws the 2-D points it is given, and codes of
// more numbers are projected by the caller (with ae.FitPCA, say).
// Counts and switches have names and defaults: Cols, the images in a row
// of a figure, is 0 for 10; LogScale is false for a linear loss axis.
//
// # Files
//
// The extension of the path given to Save picks the format: ".png" (a
// raster at 150 dots per inch), ".svg" or ".pdf"; the extension is
// required and any other one is an error. An Animation, whose frames are
// figures, is saved as ".gif". Missing folders are created,
// and the file is written atomically: the picture goes to a temporary
// file in the same folder, which is then renamed, so a viewer never sees
// half a picture. The same figure gives the same bytes on every run, in
// every format.
//
// # Pictures
//
// Pixels are values in [0, 1] drawn as they are stored: 0 is black and 1 is
// white, so MNIST-like digits are white strokes on black tiles (values
// outside [0, 1] are clamped). Images of three channels are drawn in
// colour. Each data pixel becomes a whole square of device pixels, so
// digits stay sharp when projected. Text is set in a large sans-serif
// face, and the ten label colours are the "tab10" colours that most
// plotting tools use.
//
// # Errors
//
// Bad input is reported, never drawn around and never a panic: empty data,
// NaN or Inf, lengths that disagree, a matrix whose column count is not
// the Shape's size, a bad extension or an unwritable path each give an
// error that starts with "plots: " and names the figure and the field, as
// in
//
//	plots: Grid: Images has 700 columns, want 784 for Shape 28×28
package plots
