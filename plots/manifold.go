package plots

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// manifoldBudget is the width of a manifold's grid of images, in device
// pixels, that the pixel scale aims for.
const manifoldBudget = 950

// LatentGrid is an evenly spaced Size×Size grid of 2-D codes over the
// rectangle [XMin, XMax] × [YMin, YMax] of a latent space: decode its
// Codes and draw the result with Manifold, which labels the axes with the
// same values.
type LatentGrid struct {
	Size       int     // points along each axis, at least 2
	XMin, XMax float64 // the range of the first code number
	YMin, YMax float64 // the range of the second code number
}

// Codes returns the grid's Size·Size codes, one per row: row i·Size+j is
// (x_j, y_i), with x_j = XMin + j·(XMax−XMin)/(Size−1) and y_i likewise,
// so the first number grows along a row and the second from row to row.
func (g LatentGrid) Codes() (*mat.Dense, error) {
	if err := g.check("LatentGrid"); err != nil {
		return nil, err
	}
	n := g.Size
	codes := mat.NewDense(n*n, 2, nil)
	for i := range n {
		for j := range n {
			codes.Set(i*n+j, 0, gridAt(j, n, g.XMin, g.XMax))
			codes.Set(i*n+j, 1, gridAt(i, n, g.YMin, g.YMax))
		}
	}
	return codes, nil
}

// gridAt returns the k-th of n evenly spaced values from lo to hi.
func gridAt(k, n int, lo, hi float64) float64 {
	if k == n-1 {
		return hi
	}
	return lo + float64(k)*(hi-lo)/float64(n-1)
}

// maxGridSize bounds LatentGrid.Size, so that a typo cannot ask for
// millions of codes.
const maxGridSize = 1000

// check checks the size and ranges of a grid; fn names the caller.
func (g LatentGrid) check(fn string) error {
	if g.Size < 2 || g.Size > maxGridSize {
		return errorf(fn, "Size is %d, want 2 to %d", g.Size, maxGridSize)
	}
	for _, r := range []struct {
		name   string
		lo, hi float64
	}{{"X", g.XMin, g.XMax}, {"Y", g.YMin, g.YMax}} {
		if bad := notFinite(r.lo); bad != "" {
			return errorf(fn, "%sMin is %s", r.name, bad)
		}
		if bad := notFinite(r.hi); bad != "" {
			return errorf(fn, "%sMax is %s", r.name, bad)
		}
		if r.lo >= r.hi {
			return errorf(fn, "%sMin is %g and %sMax is %g, want %sMin < %sMax", r.name, r.lo, r.name, r.hi, r.name, r.name)
		}
	}
	return nil
}

// Manifold draws what a decoder made of the codes of a LatentGrid, as one
// Size×Size grid of images with axes showing the code values: the image
// of code (x_j, y_i), row i·Size+j of Images, is drawn in column j and
// row i counted from the bottom, so that the second code number grows
// upward, as on a latent map.
type Manifold struct {
	// Grid is the grid whose Codes were decoded.
	Grid LatentGrid

	// Images holds the decoded images, one per code, in the order of
	// Grid.Codes(), values in [0, 1].
	Images *mat.Dense

	// Shape is the size of one image: the data set's Shape.
	Shape Shape

	// Title, if not empty, goes on top.
	Title string
}

// Save draws the manifold and writes it to path (see Figure).
func (m Manifold) Save(path string) error { return saveFigure("Manifold", path, m) }

func (m Manifold) layout() (sheetPlan, error) {
	const fn = "Manifold"
	g := m.Grid
	if err := g.check(fn + ": Grid"); err != nil {
		return sheetPlan{}, err
	}
	if err := checkImages(fn, "Images", m.Images, m.Shape); err != nil {
		return sheetPlan{}, err
	}
	n := g.Size
	if r, _ := m.Images.Dims(); r != n*n {
		return sheetPlan{}, errorf(fn, "Images has %d rows, want Grid.Size² = %d×%d = %d, one per code", r, n, n, n*n)
	}
	height, width := m.Shape.H, m.Shape.W
	s := min(pixelScale(manifoldBudget, n*width), pixelScale(manifoldBudget, n*height))
	gw, gh := n*width*s, n*height*s
	if gw > maxSide || gh > maxSide {
		return sheetPlan{}, errorf(fn, "Grid.Size is %d: the grid would be %d×%d pixels, more than %d; use a smaller Size", n, gw, gh, maxSide)
	}
	img := newRaster(gw, gh, black)
	for i := range n {
		for j := range n {
			paintImage(img, j*width*s, (n-1-i)*height*s, m.Images.RawRowView(i*n+j), m.Shape, s)
		}
	}

	// Each image is centred on its code, so the grid reaches half a step
	// beyond each end of each range.
	hx := (g.XMax - g.XMin) / float64(n-1) / 2
	hy := (g.YMax - g.YMin) / float64(n-1) / 2
	p := newPlot(m.Title, "code 1", "code 2")
	p.Add(plotter.NewImage(img, g.XMin-hx, g.YMin-hy, g.XMax+hx, g.YMax+hy))
	p.X.Min, p.X.Max = g.XMin-hx, g.XMax+hx
	p.Y.Min, p.Y.Max = g.YMin-hy, g.YMax+hy
	p.X.Padding, p.Y.Padding = 0, 0
	w, h, place := fitData(p, gw, gh)
	return sheetPlan{w, h, func(c draw.Canvas) {
		p.Draw(place(c))
	}}, nil
}

// fitData sizes a figure so that the data area of p is exactly gw×gh
// device pixels, starting on a whole pixel, so that an image filling it is
// drawn pixel for pixel. It returns the figure size and a function that
// turns the figure's canvas into the canvas to draw p on.
func fitData(p *plot.Plot, gw, gh int) (w, h int, place func(draw.Canvas) draw.Canvas) {
	// The space around the data area does not depend on the canvas size:
	// measure it on a large one.
	const big = 4000
	trial := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: px(big), Y: px(big)}}}
	da := p.DataCanvas(trial)
	left, bottom := topx(da.Min.X), topx(da.Min.Y)
	right, top := big-topx(da.Max.X), big-topx(da.Max.Y)
	l, b := math.Ceil(left), math.Ceil(bottom)
	w = int(l+math.Ceil(right)) + gw + 2*chartPad
	h = int(b+math.Ceil(top)) + gh + 2*chartPad
	if p.Title.Text != "" {
		// A title wider than the grid widens the figure, keeping the
		// data area centred under it.
		tw := int(math.Ceil(topx(p.Title.TextStyle.Width(p.Title.Text)))) + 2*chartPad
		w = max(w, tw)
	}
	extraX := w - (int(l+math.Ceil(right)) + gw + 2*chartPad)
	return w, h, func(c draw.Canvas) draw.Canvas {
		// Place the plot's canvas so that its data area, left pixels in
		// from its edge (bottom pixels up), starts on the whole pixel l
		// (b) past the padding.
		x0 := float64(chartPad+extraX/2) + l - left
		y0 := float64(chartPad) + b - bottom
		return draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: c.Min.X + px(x0), Y: c.Min.Y + px(y0)},
			Max: vg.Point{X: c.Min.X + px(x0+left+float64(gw)+right), Y: c.Min.Y + px(y0+bottom+float64(gh)+top)},
		}}
	}
}
