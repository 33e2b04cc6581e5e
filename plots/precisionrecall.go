package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PrecisionRecall draws the precision and the recall of an anomaly
// detector against its threshold, as two curves on one chart: the
// threshold Thresholds[i] gave Precision[i] and Recall[i], both in
// [0, 1]. The thresholds need not be sorted. A threshold that flags
// nothing has no defined precision: leave it out rather than pass NaN.
type PrecisionRecall struct {
	Thresholds []float64
	Precision  []float64
	Recall     []float64

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the chart and writes it to path (see Figure).
func (pr PrecisionRecall) Save(path string) error { return saveFigure("PrecisionRecall", path, pr) }

func (pr PrecisionRecall) layout() (sheetPlan, error) {
	const fn = "PrecisionRecall"
	thresholds, precision, recall := pr.Thresholds, pr.Precision, pr.Recall
	if err := checkValues(fn, "Thresholds", thresholds); err != nil {
		return sheetPlan{}, err
	}
	for _, s := range []struct {
		arg string
		v   []float64
	}{{"Precision", precision}, {"Recall", recall}} {
		if err := checkLen(fn, s.arg, len(s.v), "Thresholds", len(thresholds)); err != nil {
			return sheetPlan{}, err
		}
		for i, v := range s.v {
			if bad := notFinite(v); bad != "" {
				return sheetPlan{}, errorf(fn, "%s[%d] is %s (a threshold that flags nothing has no precision: leave it out)", s.arg, i, bad)
			}
			if v < 0 || v > 1 {
				return sheetPlan{}, errorf(fn, "%s[%d] is %g, want a value in [0, 1]", s.arg, i, v)
			}
		}
	}

	order := byValue(thresholds)
	p := newPlot(pr.Title, "threshold", "")
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
	return keyedPlan(p, key), nil
}
