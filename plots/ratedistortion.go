package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RateDistortion draws the trade a variational autoencoder makes between
// the two terms of its loss, one point per trained model: the KL term
// across (the rate: what the codes cost, in nats per image) and the
// reconstruction term up (the distortion), each point named, say, by the
// β it was trained with, and joined in the order given. A dashed line of
// slope −1 passes through the point with the smallest sum, the negative
// ELBO: every point on it has the same ELBO, and a point above it has a
// worse one. (Alemi et al., "Fixing a Broken ELBO", 2018, draw VAEs in
// this plane.)
type RateDistortion struct {
	// Rate holds each model's KL term, averaged over images: at least 0.
	Rate []float64

	// Distortion holds each model's reconstruction term, averaged over
	// images, as many values as Rate.
	Distortion []float64

	// Names is nil, or names each point ("β = 4"), written beside it.
	Names []string

	// Title, if not empty, goes on top.
	Title string

	// XLabel and YLabel name the axes; "" means "KL term per image
	// (rate)" and "reconstruction term per image (distortion)".
	XLabel, YLabel string
}

// Save draws the chart and writes it to path (see Figure).
func (r RateDistortion) Save(path string) error { return saveFigure("RateDistortion", path, r) }

func (r RateDistortion) layout() (sheetPlan, error) {
	const fn = "RateDistortion"
	n := len(r.Rate)
	if n == 0 {
		return sheetPlan{}, errorf(fn, "Rate is empty, want one value per model")
	}
	if err := checkLen(fn, "Distortion", len(r.Distortion), "Rate", n); err != nil {
		return sheetPlan{}, err
	}
	if err := checkFinite(fn, "Rate", r.Rate); err != nil {
		return sheetPlan{}, err
	}
	if err := checkFinite(fn, "Distortion", r.Distortion); err != nil {
		return sheetPlan{}, err
	}
	for i, v := range r.Rate {
		if v < 0 {
			return sheetPlan{}, errorf(fn, "Rate[%d] is %g, want a KL term of at least 0", i, v)
		}
	}
	if r.Names != nil {
		if err := checkLen(fn, "Names", len(r.Names), "Rate", n); err != nil {
			return sheetPlan{}, err
		}
	}
	xLabel, yLabel := r.XLabel, r.YLabel
	if xLabel == "" {
		xLabel = "KL term per image (rate)"
	}
	if yLabel == "" {
		yLabel = "reconstruction term per image (distortion)"
	}
	p := newPlot(r.Title, xLabel, yLabel)
	p.Add(gridLines())

	// The axes: the rate from 0, the distortion around the points, with
	// room for the names.
	best, hiX, loY, hiY := 0, 0.0, math.Inf(1), math.Inf(-1)
	for i := range n {
		if r.Rate[i]+r.Distortion[i] < r.Rate[best]+r.Distortion[best] {
			best = i
		}
		hiX = max(hiX, r.Rate[i])
		loY, hiY = min(loY, r.Distortion[i]), max(hiY, r.Distortion[i])
	}
	spanY := max(hiY-loY, 0.05*max(math.Abs(hiY), 1))
	p.X.Min, p.X.Max = 0, max(hiX*1.2, 1)
	p.Y.Min, p.Y.Max = loY-0.12*spanY, hiY+0.12*spanY

	key := newSideKey("")
	// The line of equal ELBO through the best point, clipped to the axes.
	c := r.Rate[best] + r.Distortion[best]
	x0, x1 := max(p.X.Min, c-p.Y.Max), min(p.X.Max, c-p.Y.Min)
	if x0 < x1 {
		equal := &plotter.Line{XYs: plotter.XYs{{X: x0, Y: c - x0}, {X: x1, Y: c - x1}},
			LineStyle: draw.LineStyle{Color: color.RGBA{R: 120, G: 120, B: 120, A: 255}, Width: vg.Points(1.5),
				Dashes: []vg.Length{vg.Points(6), vg.Points(4)}}}
		p.Add(equal)
		key.add(fmt.Sprintf("same sum as the best: %.4g", c), equal)
	}
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i] = plotter.XY{X: r.Rate[i], Y: r.Distortion[i]}
	}
	models := series{xys: xys, color: tab10[0], glyph: draw.CircleGlyph{}, radius: vg.Points(5)}
	key.add("models", models.add(p)...)
	if r.Names != nil {
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: r.Names})
		if err != nil {
			return sheetPlan{}, errorf(fn, "Names: %v", err)
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i] = textStyle(tickSize, draw.XLeft, draw.YBottom)
		}
		labels.Offset = vg.Point{X: vg.Points(7), Y: vg.Points(4)}
		p.Add(labels)
	}
	return keyedPlan(p, key), nil
}
