package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Size of latent-map figures, in device pixels.
const (
	mapW, mapH = 940, 800 // one map with its legend
	mapsW      = 1500     // two maps side by side with their legend
	maxLabels  = 30       // ten colours times three glyph shapes
)

// LatentMap draws 2-D codes, one per row of codes, as a scatter plot
// coloured by label, with a legend. Codes with more than two columns are
// projected onto their first two principal components, and the title says
// so. labels holds one label per row, or is nil for a single colour; at
// most 30 different labels can be told apart.
func LatentMap(path string, codes *mat.Dense, labels []int, title string) error {
	const fn = "LatentMap"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	m, err := newLatentMap(fn, "codes", codes, labels, title)
	if err != nil {
		return err
	}
	key := newLabelKey(labels)
	return save(fn, path, mapW, mapH, func(c draw.Canvas) {
		c = pad(c, chartPad)
		plotC, keyC := key.split(c)
		m.plot.Draw(plotC)
		key.draw(keyC, m.plot.DataCanvas(plotC))
	})
}

// LatentMaps draws two latent maps side by side in one figure, with one
// legend: for instance the codes of an autoencoder beside a PCA of the
// same images. left and right hold one point per row for the same samples,
// in the same order, with the labels in labels (or nil); each is projected
// onto its first two principal components if it has more than two columns.
func LatentMaps(path string, left, right *mat.Dense, labels []int, leftTitle, rightTitle string) error {
	const fn = "LatentMaps"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	l, err := newLatentMap(fn, "left", left, labels, leftTitle)
	if err != nil {
		return err
	}
	r, err := newLatentMap(fn, "right", right, labels, rightTitle)
	if err != nil {
		return err
	}
	if r.n != l.n {
		return errorf(fn, "right has %d rows, left has %d; want one point per sample in each", r.n, l.n)
	}
	// Give both titles the same number of lines, so the maps line up.
	for l.lines() < r.lines() {
		l.plot.Title.Text += "\n "
	}
	for r.lines() < l.lines() {
		r.plot.Title.Text += "\n "
	}
	key := newLabelKey(labels)
	return save(fn, path, mapsW, mapH, func(c draw.Canvas) {
		c = pad(c, chartPad)
		plotsC, keyC := key.split(c)
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: px(48)}
		cs := plot.Align([][]*plot.Plot{{l.plot, r.plot}}, tiles, plotsC)
		l.plot.Draw(cs[0][0])
		r.plot.Draw(cs[0][1])
		key.draw(keyC, r.plot.DataCanvas(cs[0][1]))
	})
}

// latentMap is a scatter plot of labelled 2-D points.
type latentMap struct {
	plot *plot.Plot
	n    int // points
}

// lines returns the number of lines of the map's title.
func (m latentMap) lines() int {
	return len(plot.DefaultTextHandler.Lines(m.plot.Title.Text))
}

// newLatentMap checks codes (the argument called arg) and labels, projects
// the codes to 2-D if need be and makes their scatter plot.
func newLatentMap(fn, arg string, codes *mat.Dense, labels []int, title string) (latentMap, error) {
	if err := checkMatrix(fn, arg, codes); err != nil {
		return latentMap{}, err
	}
	n, dim := codes.Dims()
	if dim < 2 {
		return latentMap{}, errorf(fn, "%s has %d column, want 2 or more (one code per row)", arg, dim)
	}
	if labels != nil && len(labels) != n {
		return latentMap{}, errorf(fn, "labels has %d values, %s has %d rows; want one label per row", len(labels), arg, n)
	}
	if k := len(distinct(labels)); k > maxLabels {
		return latentMap{}, errorf(fn, "labels has %d different values, want at most %d (or nil)", k, maxLabels)
	}

	xLabel, yLabel := "code 1", "code 2"
	xy := codes
	if dim > 2 {
		var share [2]float64
		var err error
		xy, share, err = project(codes)
		if err != nil {
			return latentMap{}, errorf(fn, "%s: %v", arg, err)
		}
		note := fmt.Sprintf("PCA projection of %d-D codes", dim)
		if title == "" {
			title = note
		} else {
			title += "\n(" + note + ")"
		}
		xLabel = fmt.Sprintf("PC 1 (%.0f%% of variance)", 100*share[0])
		yLabel = fmt.Sprintf("PC 2 (%.0f%% of variance)", 100*share[1])
	}

	p := newPlot(title, xLabel, yLabel)
	p.Add(gridLines())
	pts := make(plotter.XYs, n)
	for i := range pts {
		pts[i] = plotter.XY{X: xy.At(i, 0), Y: xy.At(i, 1)}
	}
	styles := labelStyles(labels, pointRadius(n), pointAlpha(n))
	p.Add(&rasterScatter{xys: pts, style: func(i int) draw.GlyphStyle {
		if labels == nil {
			return styles[0]
		}
		return styles[labels[i]]
	}})
	return latentMap{plot: p, n: n}, nil
}

// project returns the rows of x projected onto their first two principal
// components, with the share of the variance each explains. The sign of
// each component is fixed so that its largest loading is positive, so the
// picture does not flip between runs on similar data.
func project(x *mat.Dense) (*mat.Dense, [2]float64, error) {
	var share [2]float64
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return nil, share, fmt.Errorf("principal component analysis failed")
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	d, k := vecs.Dims()
	if k < 2 {
		return nil, share, fmt.Errorf("principal component analysis needs at least 2 rows")
	}
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}
	if total > 0 {
		share = [2]float64{vars[0] / total, vars[1] / total}
	}
	top := mat.DenseCopyOf(vecs.Slice(0, d, 0, 2))
	for j := range 2 {
		best := 0.0
		for i := range d {
			if v := top.At(i, j); math.Abs(v) > math.Abs(best) {
				best = v
			}
		}
		if best < 0 {
			for i := range d {
				top.Set(i, j, -top.At(i, j))
			}
		}
	}
	// Centre, then project.
	n, _ := x.Dims()
	centred := mat.DenseCopyOf(x)
	for j := range d {
		mean := stat.Mean(mat.Col(nil, j, x), nil)
		for i := range n {
			centred.Set(i, j, centred.At(i, j)-mean)
		}
	}
	var out mat.Dense
	out.Mul(centred, top)
	return &out, share, nil
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
