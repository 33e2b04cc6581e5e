package plots

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrorVsCodeSize draws reconstruction error against code size, for an
// autoencoder and, if given, for PCA with as many components: Autoencoder[i]
// and PCA[i] are the errors with a code of Sizes[i] numbers. The code
// sizes go on a log₂ axis marked with the sizes themselves; the error axis
// starts at 0.
type ErrorVsCodeSize struct {
	// Sizes holds the code sizes, all different; they need not be sorted.
	Sizes []int

	// Autoencoder holds the autoencoder's error at each size.
	Autoencoder []float64

	// PCA is nil, or holds PCA's error at each size.
	PCA []float64

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the chart and writes it to path (see Figure).
func (e ErrorVsCodeSize) Save(path string) error { return saveFigure("ErrorVsCodeSize", path, e) }

func (e ErrorVsCodeSize) layout() (sheetPlan, error) {
	const fn = "ErrorVsCodeSize"
	sizes, autoencoder, pca := e.Sizes, e.Autoencoder, e.PCA
	if len(sizes) == 0 {
		return sheetPlan{}, errorf(fn, "Sizes is empty")
	}
	for i, s := range sizes {
		if s <= 0 {
			return sheetPlan{}, errorf(fn, "Sizes[%d] is %d, want a code size of at least 1", i, s)
		}
		if j := slices.Index(sizes, s); j < i {
			return sheetPlan{}, errorf(fn, "Sizes[%d] and Sizes[%d] are both %d, want different sizes", j, i, s)
		}
	}
	if err := checkLen(fn, "Autoencoder", len(autoencoder), "Sizes", len(sizes)); err != nil {
		return sheetPlan{}, err
	}
	if err := checkFinite(fn, "Autoencoder", autoencoder); err != nil {
		return sheetPlan{}, err
	}
	if pca != nil {
		if err := checkLen(fn, "PCA", len(pca), "Sizes", len(sizes)); err != nil {
			return sheetPlan{}, err
		}
		if err := checkFinite(fn, "PCA", pca); err != nil {
			return sheetPlan{}, err
		}
	}

	logSizes := make([]float64, len(sizes))
	for i, s := range sizes {
		logSizes[i] = math.Log2(float64(s))
	}
	order := byValue(logSizes)

	// The x axis is linear in log₂(size), marked with the sizes; gonum's
	// LogScale would misplace the axis label when padding the plot.
	p := newPlot(e.Title, "code size (numbers per image, log scale)", "reconstruction error")
	p.Add(gridLines())
	p.X.Tick.Marker = sizeTicks(sizes, logSizes, order)
	p.Y.Min = 0
	// A quarter of a doubling of room before the first size and after the last.
	p.X.Min = logSizes[order[0]] - 0.25
	p.X.Max = logSizes[order[len(order)-1]] + 0.25

	key := newSideKey("")
	for k, s := range []struct {
		name  string
		v     []float64
		shape draw.GlyphDrawer
	}{{"autoencoder", autoencoder, draw.CircleGlyph{}}, {"PCA", pca, draw.PyramidGlyph{}}} {
		if s.v == nil {
			continue
		}
		xys := make(plotter.XYs, len(order))
		for j, i := range order {
			xys[j] = plotter.XY{X: logSizes[i], Y: s.v[i]}
		}
		line := series{xys: xys, color: tab10[k], dashed: k == 1, glyph: s.shape, radius: vg.Points(5)}
		key.add(s.name, line.add(p)...)
	}
	return keyedPlan(p, key), nil
}

// sizeTicks marks the code sizes on an axis of log₂ size (logSizes, in
// increasing order by order), labelling those that are not too close to
// the previous label.
func sizeTicks(sizes []int, logSizes []float64, order []int) plot.ConstantTicks {
	minGap := (logSizes[order[len(order)-1]] - logSizes[order[0]]) / 12
	ticks := make(plot.ConstantTicks, 0, len(order))
	last := math.Inf(-1)
	for _, i := range order {
		t := plot.Tick{Value: logSizes[i]}
		if logSizes[i]-last >= minGap {
			t.Label = strconv.Itoa(sizes[i])
			last = logSizes[i]
		}
		ticks = append(ticks, t)
	}
	return ticks
}
