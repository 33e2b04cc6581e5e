package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PrecisionRecall draws precision and recall against the threshold of an
// anomaly detector, as two curves on one chart: thresholds[i] gave
// precision[i] and recall[i], both in [0, 1]. The thresholds need not be
// sorted. A threshold that flags nothing has no defined precision:
// leave it out rather than pass NaN.
func PrecisionRecall(path string, thresholds, precision, recall []float64, title string) error {
	const fn = "PrecisionRecall"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	if err := checkValues(fn, "thresholds", thresholds); err != nil {
		return err
	}
	for _, s := range []struct {
		arg string
		v   []float64
	}{{"precision", precision}, {"recall", recall}} {
		if err := checkLen(fn, s.arg, len(s.v), "thresholds", len(thresholds)); err != nil {
			return err
		}
		for i, v := range s.v {
			if bad := notFinite(v); bad != "" {
				return errorf(fn, "%s[%d] is %s (a threshold that flags nothing has no precision: leave it out)", s.arg, i, bad)
			}
			if v < 0 || v > 1 {
				return errorf(fn, "%s[%d] is %g, want a value in [0, 1]", s.arg, i, v)
			}
		}
	}

	order := byValue(thresholds)
	p := newPlot(title, "threshold", "")
	p.Add(gridLines())
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = plot.ConstantTicks{
		{Value: 0, Label: "0"}, {Value: 0.2, Label: "0.2"}, {Value: 0.4, Label: "0.4"},
		{Value: 0.6, Label: "0.6"}, {Value: 0.8, Label: "0.8"}, {Value: 1, Label: "1"},
	}
	key := newSideKey("")
	for k, s := range []struct {
		name  string
		v     []float64
		shape draw.GlyphDrawer
	}{{"precision", precision, draw.CircleGlyph{}}, {"recall", recall, draw.PyramidGlyph{}}} {
		xys := make(plotter.XYs, len(order))
		for j, i := range order {
			xys[j] = plotter.XY{X: thresholds[i], Y: s.v[i]}
		}
		line := series{xys: xys, color: tab10[k], dashed: k == 1}
		if len(xys) <= 30 {
			line.glyph, line.radius = s.shape, vg.Points(4)
		}
		thumbs := line.add(p)
		key.add(s.name, thumbs...)
	}
	return saveKeyed(fn, path, p, key)
}
