package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Size of latent-map figures, in device pixels.
const (
	mapW, mapH = 940, 800 // one map with its legend
	mapsW      = 1500     // two maps side by side with their legend; each more adds mapsW-mapW
	maxLabels  = 30       // ten colours times three glyph shapes
)

// LatentMap draws points of a 2-D latent space, one per row of Points, as
// a scatter plot coloured by label, with a legend: the codes of an
// autoencoder with a 2-number code, or codes of any size projected to 2-D
// first (by a PCA fitted with ae.FitPCA, say). Drawing never projects: a
// picture of codes shows the numbers it is given.
type LatentMap struct {
	// Points holds one point (x, y) per row: two columns.
	Points *mat.Dense

	// Labels is nil for points of one colour, or holds one label per
	// point; at most 30 different labels can be told apart (ten colours
	// times three shapes). Labels 0 to 29 keep their colour in every
	// figure: a 3 is always red.
	Labels []int

	// Title, if not empty, goes on top.
	Title string

	// XLabel and YLabel name the axes; "" means "code 1" and "code 2".
	XLabel, YLabel string

	// Marks is nil, or holds more points, one per row (x, y), drawn over
	// the others as black crosses: codes drawn at random, say, to show
	// where they land among the codes of real images. The axes take them
	// in too.
	Marks *mat.Dense

	// MarksName names the crosses in the legend; "" means "marked".
	MarksName string
}

// Save draws the map and writes it to path (see Figure).
func (m LatentMap) Save(path string) error { return saveFigure("LatentMap", path, m) }

func (m LatentMap) layout() (sheetPlan, error) {
	const fn = "LatentMap"
	lm, err := m.scatter(fn, "")
	if err != nil {
		return sheetPlan{}, err
	}
	key := newLabelKey(m.Labels)
	w := mapW + lm.addMarksKey(key, m.MarksName)
	// A title wider than the map widens the figure.
	w += max(0, lm.titleWidth()-(w-2*chartPad-int(topx(key.width()))))
	return sheetPlan{w, mapH, func(c draw.Canvas) {
		c = pad(c, chartPad)
		plotC, keyC := key.split(c)
		lm.plot.Draw(plotC)
		key.draw(keyC, lm.plot.DataCanvas(plotC))
	}}, nil
}

// LatentMaps draws latent maps side by side in one figure, with one
// legend: for instance the codes of an autoencoder beside a PCA of the
// same images. The maps show the same samples in the same order, so they
// share their labels: give them in each map, or in the first only.
type LatentMaps struct {
	// Maps holds the maps, left to right: two or three.
	Maps []LatentMap

	// SameAxes draws every map over the same ranges, those that hold all
	// of their points, so that sizes and places compare across maps (the
	// codes of one model trained with several settings, say). False lets
	// each map fit its own points.
	SameAxes bool
}

// Save draws the maps and writes them to path (see Figure).
func (ms LatentMaps) Save(path string) error { return saveFigure("LatentMaps", path, ms) }

func (ms LatentMaps) layout() (sheetPlan, error) {
	const fn = "LatentMaps"
	if len(ms.Maps) < 2 || len(ms.Maps) > 3 {
		return sheetPlan{}, errorf(fn, "Maps has %d maps, want 2 or 3 (LatentMap draws one)", len(ms.Maps))
	}
	labels := ms.Maps[0].Labels
	var maps []latentMap
	for k, m := range ms.Maps {
		if m.Labels == nil {
			m.Labels = labels
		}
		if !slices.Equal(m.Labels, labels) {
			return sheetPlan{}, errorf(fn, "Maps[%d].Labels differ from Maps[0].Labels; want the same samples in each map", k)
		}
		lm, err := m.scatter(fn, fmt.Sprintf("Maps[%d].", k))
		if err != nil {
			return sheetPlan{}, err
		}
		if k > 0 && lm.n != maps[0].n {
			return sheetPlan{}, errorf(fn, "Maps[%d].Points has %d rows, Maps[0].Points has %d; want one point per sample in each", k, lm.n, maps[0].n)
		}
		maps = append(maps, lm)
	}
	// Give every title the same number of lines, so the maps line up.
	most := 0
	for _, lm := range maps {
		most = max(most, lm.lines())
	}
	row := make([]*plot.Plot, len(maps))
	for k, lm := range maps {
		for lm.lines() < most {
			lm.plot.Title.Text += "\n "
		}
		row[k] = lm.plot
	}
	if ms.SameAxes {
		x, y := row[0].X, row[0].Y
		for _, p := range row[1:] {
			x.Min, x.Max = min(x.Min, p.X.Min), max(x.Max, p.X.Max)
			y.Min, y.Max = min(y.Min, p.Y.Min), max(y.Max, p.Y.Max)
		}
		for _, p := range row {
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x.Min, x.Max, y.Min, y.Max
		}
	}
	key := newLabelKey(labels)
	w := mapsW + (len(maps)-2)*(mapsW-mapW)
	for k, lm := range maps {
		if lm.marks != nil {
			w += lm.addMarksKey(key, ms.Maps[k].MarksName)
			break
		}
	}
	// Titles wider than their maps widen the figure.
	widest := 0
	for _, lm := range maps {
		widest = max(widest, lm.titleWidth())
	}
	each := (w - 2*chartPad - int(topx(key.width())) - 48*(len(maps)-1)) / len(maps)
	w += len(maps) * max(0, widest-each)
	return sheetPlan{w, mapH, func(c draw.Canvas) {
		c = pad(c, chartPad)
		plotsC, keyC := key.split(c)
		tiles := draw.Tiles{Rows: 1, Cols: len(row), PadX: px(48)}
		cs := plot.Align([][]*plot.Plot{row}, tiles, plotsC)
		for k, p := range row {
			p.Draw(cs[0][k])
		}
		key.draw(keyC, row[len(row)-1].DataCanvas(cs[0][len(row)-1]))
	}}, nil
}

// latentMap is a scatter plot of labelled 2-D points.
type latentMap struct {
	plot  *plot.Plot
	n     int              // points
	marks *plotter.Scatter // the crosses of Marks, or nil
}

// addMarksKey adds the crosses to key, named name ("" for "marked"), if
// the map has any, and returns how many device pixels that widens the key
// by: the figure grows by as much, so that the maps keep their width.
func (m latentMap) addMarksKey(key *sideKey, name string) int {
	if m.marks == nil {
		return 0
	}
	if name == "" {
		name = "marked"
	}
	before := key.width()
	key.add(name, glyphThumb(m.marks.GlyphStyle))
	return int(math.Ceil(topx(key.width() - before)))
}

// titleWidth returns the width of the map's title, in device pixels.
func (m latentMap) titleWidth() int {
	w := 0.0
	for _, line := range plot.DefaultTextHandler.Lines(m.plot.Title.Text) {
		w = max(w, topx(m.plot.Title.TextStyle.Width(line)))
	}
	return int(math.Ceil(w))
}

// lines returns the number of lines of the map's title.
func (m latentMap) lines() int {
	return len(plot.DefaultTextHandler.Lines(m.plot.Title.Text))
}

// scatter checks the map's points and labels and makes their scatter
// plot; prefix goes before field names in errors ("Maps[1].").
func (m LatentMap) scatter(fn, prefix string) (latentMap, error) {
	if err := checkMatrix(fn, prefix+"Points", m.Points); err != nil {
		return latentMap{}, err
	}
	n, dim := m.Points.Dims()
	if dim != 2 {
		return latentMap{}, errorf(fn, "%sPoints has %d columns, want 2 (x, y): project codes to 2-D first, e.g. pca, err := ae.FitPCA(codes, 2), then pca.Encode(codes)", prefix, dim)
	}
	if m.Labels != nil && len(m.Labels) != n {
		return latentMap{}, errorf(fn, "%sLabels has %d values, %sPoints has %d rows; want one label per point", prefix, len(m.Labels), prefix, n)
	}
	if k := len(distinct(m.Labels)); k > maxLabels {
		return latentMap{}, errorf(fn, "%sLabels has %d different values, want at most %d (or nil)", prefix, k, maxLabels)
	}
	xLabel, yLabel := m.XLabel, m.YLabel
	if xLabel == "" {
		xLabel = "code 1"
	}
	if yLabel == "" {
		yLabel = "code 2"
	}
	p := newPlot(m.Title, xLabel, yLabel)
	p.Add(gridLines())
	pts := make(plotter.XYs, n)
	for i := range pts {
		pts[i] = plotter.XY{X: m.Points.At(i, 0), Y: m.Points.At(i, 1)}
	}
	labels := m.Labels
	styles := labelStyles(labels, pointRadius(n), pointAlpha(n))
	p.Add(&rasterScatter{xys: pts, style: func(i int) draw.GlyphStyle {
		if labels == nil {
			return styles[0]
		}
		return styles[labels[i]]
	}})
	lm := latentMap{plot: p, n: n}
	if m.Marks != nil {
		if err := checkMatrix(fn, prefix+"Marks", m.Marks); err != nil {
			return latentMap{}, err
		}
		k, dim := m.Marks.Dims()
		if dim != 2 {
			return latentMap{}, errorf(fn, "%sMarks has %d columns, want 2 (x, y), as Points", prefix, dim)
		}
		xys := make(plotter.XYs, k)
		for i := range xys {
			xys[i] = plotter.XY{X: m.Marks.At(i, 0), Y: m.Marks.At(i, 1)}
		}
		lm.marks = &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: black, Radius: vg.Points(5), Shape: boldCross{}}}
		p.Add(lm.marks)
	}
	return lm, nil
}

// pointRadius returns the glyph radius for a scatter of n points: smaller
// when there are many.
func pointRadius(n int) vg.Length {
	switch {
	case n <= 300:
		return vg.Points(4)
	case n <= 3000:
		return vg.Points(2.6)
	}
	return vg.Points(1.8)
}

// pointAlpha returns the opacity of points in a scatter of n points, so
// that dense regions look dense.
func pointAlpha(n int) float64 {
	switch {
	case n <= 300:
		return 0.9
	case n <= 3000:
		return 0.7
	}
	return 0.5
}

// distinct returns the different values of labels, in increasing order.
func distinct(labels []int) []int {
	d := slices.Clone(labels)
	slices.Sort(d)
	return slices.Compact(d)
}

// labelStyles returns the glyph style of each label. Labels from 0 to 29
// are styled by value, so that a digit keeps its colour in every figure
// whichever digits it shows: tab10 colour label%10, and a circle, a
// triangle or a square for label/10. Other labels are styled the same way
// by their rank among the distinct labels. A nil labels gets one style,
// under key 0.
func labelStyles(labels []int, r vg.Length, alpha float64) map[int]draw.GlyphStyle {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}}
	styles := make(map[int]draw.GlyphStyle)
	d := distinct(labels)
	if labels == nil {
		d = []int{0}
	}
	byValue := d[0] >= 0 && d[len(d)-1] < maxLabels
	for k, l := range d {
		i := k
		if byValue {
			i = l
		}
		styles[l] = draw.GlyphStyle{Color: withAlpha(tab10[i%10], alpha), Radius: r, Shape: shapes[i/10%3]}
	}
	return styles
}

// newLabelKey returns the legend of the labels: one glyph per label, or
// an empty key for nil labels.
func newLabelKey(labels []int) *sideKey {
	k := newSideKey("label")
	k.legend.ThumbnailWidth = vg.Points(14)
	if labels == nil {
		return k
	}
	styles := labelStyles(labels, vg.Points(5), 1)
	for _, l := range distinct(labels) {
		k.add(strconv.Itoa(l), glyphThumb(styles[l]))
	}
	return k
}

// boldCross is an × glyph with strokes thick enough to see over a dense
// scatter on a projector (gonum's CrossGlyph draws half-point lines).
type boldCross struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (boldCross) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	line := draw.LineStyle{Color: sty.Color, Width: vg.Points(1.6)}
	r := sty.Radius * 0.7071
	c.StrokeLine2(line, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
	c.StrokeLine2(line, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
}
