package plots

import "gonum.org/v1/plot/vg/draw"

// Figure is a picture that can be saved: every figure type of this package
// (Grid, Rows, Codes, Filters, ErrorMap, Manifold, LatentMap, LatentMaps,
// LossCurves, ErrorHistogram, PrecisionRecall, ErrorVsCodeSize, ROC,
// Retrieval, RateDistortion) is one.
// A figure is a plain struct whose fields name everything it shows; Save
// checks them, draws the figure and writes it. An Animation strings
// figures together as the frames of a GIF.
type Figure interface {
	// Save draws the figure and writes it to path, in the format its
	// extension names: ".png", ".svg" or ".pdf".
	Save(path string) error

	// layout checks the figure's data and lays it out. Only this
	// package's types implement it.
	layout() (sheetPlan, error)
}

// sheetPlan is a figure laid out: its size in device pixels and how to
// paint it on a canvas of that size.
type sheetPlan struct {
	w, h  int
	paint func(c draw.Canvas)
}

// saveFigure checks path, lays f out and writes it; name is the figure's
// type, as errors call it.
func saveFigure(name, path string, f Figure) error {
	if _, err := formatOf(name, path); err != nil {
		return err
	}
	p, err := f.layout()
	if err != nil {
		return err
	}
	return save(name, path, p.w, p.h, p.paint)
}
