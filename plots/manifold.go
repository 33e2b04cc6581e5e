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

// GridCodes returns the n×n codes of an evenly spaced grid over the 2-D
// latent square [lo, hi]², one code per row: row i·n+j is (x_j, y_i), with
// x_j = lo + j·(hi−lo)/(n−1) and y_i likewise. Decode them and pass the
// result to Manifold with the same n, lo and hi.
func GridCodes(n int, lo, hi float64) (*mat.Dense, error) {
	const fn = "GridCodes"
	if err := checkGrid(fn, n, lo, hi); err != nil {
		return nil, err
	}
	codes := mat.NewDense(n*n, 2, nil)
	for i := range n {
		for j := range n {
			codes.Set(i*n+j, 0, gridAt(j, n, lo, hi))
			codes.Set(i*n+j, 1, gridAt(i, n, lo, hi))
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

// checkGrid checks the size and range of a latent grid.
func checkGrid(fn string, n int, lo, hi float64) error {
	if n < 2 {
		return errorf(fn, "n is %d, want at least 2", n)
	}
	if bad := notFinite(lo); bad != "" {
		return errorf(fn, "lo is %s", bad)
	}
	if bad := notFinite(hi); bad != "" {
		return errorf(fn, "hi is %s", bad)
	}
	if lo >= hi {
		return errorf(fn, "lo is %g and hi is %g, want lo < hi", lo, hi)
	}
	return nil
}

// Manifold draws the images that a decoder made from the codes of
// GridCodes(n, lo, hi) as one n×n grid, with axes showing the latent
// coordinates: row i·n+j of decoded, the image of code (x_j, y_i), is
// drawn in column j and row i counted from the bottom, so that the second
// code grows upward. Each row of decoded holds a height×width image with
// values in [0, 1].
func Manifold(path string, decoded *mat.Dense, height, width, n int, lo, hi float64, title string) error {
	const fn = "Manifold"
	if _, err := formatOf(fn, path); err != nil {
		return err
	}
	if err := checkGrid(fn, n, lo, hi); err != nil {
		return err
	}
	if err := checkImages(fn, "decoded", decoded, height, width); err != nil {
		return err
	}
	if r, _ := decoded.Dims(); r != n*n {
		return errorf(fn, "decoded has %d rows, want n×n = %d×%d = %d", r, n, n, n*n)
	}
	s := min(pixelScale(manifoldBudget, n*width), pixelScale(manifoldBudget, n*height))
	gw, gh := n*width*s, n*height*s
	if gw > maxSide || gh > maxSide {
		return errorf(fn, "n is %d: the grid would be %d×%d pixels, more than %d; pass a smaller n", n, gw, gh, maxSide)
	}
	img := newRaster(gw, gh, black)
	for i := range n {
		for j := range n {
			paintTile(img, j*width*s, (n-1-i)*height*s, decoded.RawRowView(i*n+j), height, width, s, greys, 0, 1)
		}
	}

	// Each image is centred on its code, so the grid reaches half a step
	// beyond lo and hi.
	half := (hi - lo) / float64(n-1) / 2
	p := newPlot(title, "code 1", "code 2")
	p.Add(plotter.NewImage(img, lo-half, lo-half, hi+half, hi+half))
	p.X.Min, p.X.Max = lo-half, hi+half
	p.Y.Min, p.Y.Max = lo-half, hi+half
	p.X.Padding, p.Y.Padding = 0, 0
	w, h, place := fitData(p, gw, gh)
	return save(fn, path, w, h, func(c draw.Canvas) {
		p.Draw(place(c))
	})
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
