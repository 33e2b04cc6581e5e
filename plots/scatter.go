package plots

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rasterScatter is a scatter plotter that paints its glyphs into one
// image at device resolution and draws that, instead of drawing a path per
// glyph: ten thousand points take milliseconds rather than seconds, and
// keep SVG and PDF files small. Glyphs are circles, triangles or squares,
// anti-aliased, and blended in the order of the points.
type rasterScatter struct {
	xys   plotter.XYs
	style func(i int) draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (s *rasterScatter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	// The image covers the data area and the glyphs that stick out of
	// it, widened to whole device pixels.
	var r vg.Length
	for i := range s.xys {
		r = max(r, s.style(i).Radius)
	}
	m := 1.3*topx(r) + 1
	x0, x1 := math.Floor(topx(c.Min.X)-m), math.Ceil(topx(c.Max.X)+m)
	y0, y1 := math.Floor(topx(c.Min.Y)-m), math.Ceil(topx(c.Max.Y)+m)
	w, h := int(x1-x0), int(y1-y0)
	if w <= 0 || h <= 0 {
		return
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	masks := make(map[maskKey]*mask)
	for i, xy := range s.xys {
		sty := s.style(i)
		// Glyph centre in image pixels, y down, split into a whole
		// pixel and an eighth of a pixel.
		cx := topx(trX(xy.X)) - x0
		cy := y1 - topx(trY(xy.Y))
		ix, iy := math.Floor(cx), math.Floor(cy)
		key := maskKey{
			shape:  shapeOf(sty.Shape),
			radius: topx(sty.Radius),
			fx:     int((cx - ix) * 8), fy: int((cy - iy) * 8),
		}
		m, ok := masks[key]
		if !ok {
			m = newMask(key)
			masks[key] = m
		}
		m.blend(img, int(ix), int(iy), sty.Color)
	}
	c.DrawImage(vg.Rectangle{
		Min: vg.Point{X: px(x0), Y: px(y0)},
		Max: vg.Point{X: px(x1), Y: px(y1)},
	}, img)
}

// maskKey identifies a glyph mask: its shape, its radius in pixels and
// the position of its centre within a pixel, in eighths.
type maskKey struct {
	shape  int // 0 circle, 1 pyramid, 2 box
	radius float64
	fx, fy int
}

// shapeOf returns the maskKey shape of a glyph drawer.
func shapeOf(g draw.GlyphDrawer) int {
	switch g.(type) {
	case draw.PyramidGlyph:
		return 1
	case draw.BoxGlyph:
		return 2
	}
	return 0
}

// mask is the coverage of a glyph over a square of pixels around the
// pixel holding its centre, from 0 to 1, row by row.
type mask struct {
	ext int // the square spans ext pixels each side of the centre pixel
	cov []float64
}

// newMask computes the coverage of a glyph by sampling each pixel 4×4
// times.
func newMask(k maskKey) *mask {
	inside := [3]func(x, y float64) bool{insideCircle, insidePyramid, insideBox}[k.shape]
	ext := int(math.Ceil(1.3*k.radius)) + 1 // The largest shape reaches 1.25 radii.
	n := 2*ext + 1
	m := &mask{ext: ext, cov: make([]float64, n*n)}
	// The centre, relative to the top-left corner of the centre pixel.
	cx, cy := (float64(k.fx)+0.5)/8, (float64(k.fy)+0.5)/8
	for y := range n {
		for x := range n {
			hits := 0
			for sy := range 4 {
				for sx := range 4 {
					dx := (float64(x-ext) + (float64(sx)+0.5)/4 - cx) / k.radius
					dy := (float64(y-ext) + (float64(sy)+0.5)/4 - cy) / k.radius
					if inside(dx, dy) {
						hits++
					}
				}
			}
			m.cov[y*n+x] = float64(hits) / 16
		}
	}
	return m
}

// blend draws colour col through the mask onto img, the mask's centre
// pixel at (x0, y0).
func (m *mask) blend(img *image.RGBA, x0, y0 int, col color.Color) {
	cr, cg, cb, ca := col.RGBA() // Premultiplied, 16 bits.
	r, g, b, a := float64(cr>>8), float64(cg>>8), float64(cb>>8), float64(ca>>8)
	n := 2*m.ext + 1
	bounds := img.Bounds()
	for my := range n {
		y := y0 - m.ext + my
		if y < bounds.Min.Y || y >= bounds.Max.Y {
			continue
		}
		for mx := range n {
			x := x0 - m.ext + mx
			cov := m.cov[my*n+mx]
			if cov == 0 || x < bounds.Min.X || x >= bounds.Max.X {
				continue
			}
			off := img.PixOffset(x, y)
			p := img.Pix[off : off+4 : off+4]
			keep := 1 - cov*a/255
			p[0] = uint8(cov*r + keep*float64(p[0]) + 0.5)
			p[1] = uint8(cov*g + keep*float64(p[1]) + 0.5)
			p[2] = uint8(cov*b + keep*float64(p[2]) + 0.5)
			p[3] = uint8(cov*a + keep*float64(p[3]) + 0.5)
		}
	}
}

// The glyph shapes, in coordinates scaled by the radius, y down, sized
// like gonum/plot's CircleGlyph, PyramidGlyph and BoxGlyph of the same
// radius (which the legend draws).
func insideCircle(x, y float64) bool { return x*x+y*y <= 1 }

func insideBox(x, y float64) bool {
	const h = (1 + math.Sqrt2/2) / 2
	return math.Abs(x) <= h && math.Abs(y) <= h
}

func insidePyramid(x, y float64) bool {
	// Equilateral, pointing up, circumradius 1.25, centred on (0, 0).
	return y <= 0.625 && math.Abs(x) <= (y+1.25)/math.Sqrt(3)
}

// DataRange implements plot.DataRanger.
func (s *rasterScatter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(s.xys)
}

// GlyphBoxes implements plot.GlyphBoxer, so glyphs at the edges are not
// cut off.
func (s *rasterScatter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(s.xys))
	for i, xy := range s.xys {
		r := s.style(i).Radius
		boxes[i] = plot.GlyphBox{
			X: p.X.Norm(xy.X), Y: p.Y.Norm(xy.Y),
			Rectangle: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}},
		}
	}
	return boxes
}
