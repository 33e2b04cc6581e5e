package plots

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layout of tile figures, in device pixels.
const (
	margin     = 24   // around the whole figure
	tileBudget = 1150 // the width a row of tiles should fill
	maxScale   = 8    // device pixels per data pixel, at most, for images of 6 pixels a side or more
	smallTile  = 48   // the side a tile of fewer pixels grows to, in device pixels
)

// lut maps 256 evenly spaced values onto colours.
type lut [256]color.RGBA

// greys maps 0 to black and 1 to white.
var greys = func() *lut {
	var l lut
	for i := range l {
		l[i] = color.RGBA{R: uint8(i), G: uint8(i), B: uint8(i), A: 255}
	}
	return &l
}()

// lutOf samples a gonum colour map, set to run from lo to hi, at 256
// evenly spaced values.
func lutOf(cm palette.ColorMap, lo, hi float64) *lut {
	var l lut
	cm.SetMax(hi)
	cm.SetMin(lo)
	for i := range l {
		v := lo + (hi-lo)*float64(i)/255
		if i == 255 {
			v = hi
		}
		c, err := cm.At(v)
		if err != nil {
			panic(err) // Cannot happen: v is inside the map's range.
		}
		l[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	return &l
}

// at returns the colour of v on a scale from lo to hi, clamping values
// outside it.
func (l *lut) at(v, lo, hi float64) color.RGBA {
	t := (v - lo) / (hi - lo)
	switch {
	case !(t > 0): // Also catches NaN from lo == hi.
		t = 0
	case t > 1:
		t = 1
	}
	return l[int(t*255+0.5)]
}

// newRaster returns a w×h image filled with bg.
func newRaster(w, h int, bg color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	pix := img.Pix
	for i := 0; i < len(pix); i += 4 {
		pix[i], pix[i+1], pix[i+2], pix[i+3] = bg.R, bg.G, bg.B, bg.A
	}
	return img
}

// paintTile paints a height×width image, held row by row in vals, into dst
// with its top-left corner at (x0, y0); each data pixel becomes an s×s
// square coloured by l on the scale lo..hi.
func paintTile(dst *image.RGBA, x0, y0 int, vals []float64, height, width, s int, l *lut, lo, hi float64) {
	for r := range height {
		for c := range width {
			col := l.at(vals[r*width+c], lo, hi)
			for dy := range s {
				off := dst.PixOffset(x0+c*s, y0+r*s+dy)
				for range s {
					dst.Pix[off], dst.Pix[off+1], dst.Pix[off+2], dst.Pix[off+3] = col.R, col.G, col.B, col.A
					off += 4
				}
			}
		}
	}
}

// paintImage paints one image of shape sh, held in vals as a row of a
// matrix holds it, into dst with its top-left corner at (x0, y0), each
// data pixel an s×s square: grey for one channel, colour for three, with
// values clamped to [0, 1].
func paintImage(dst *image.RGBA, x0, y0 int, vals []float64, sh Shape, s int) {
	if sh.C == 1 {
		paintTile(dst, x0, y0, vals, sh.H, sh.W, s, greys, 0, 1)
		return
	}
	plane := sh.H * sh.W
	for r := range sh.H {
		for c := range sh.W {
			i := r*sh.W + c
			col := color.RGBA{R: level(vals[i]), G: level(vals[plane+i]), B: level(vals[2*plane+i]), A: 255}
			for dy := range s {
				off := dst.PixOffset(x0+c*s, y0+r*s+dy)
				for range s {
					dst.Pix[off], dst.Pix[off+1], dst.Pix[off+2], dst.Pix[off+3] = col.R, col.G, col.B, col.A
					off += 4
				}
			}
		}
	}
}

// level returns v in [0, 1] as a colour level from 0 to 255, clamping
// values outside, as the grey scale does.
func level(v float64) uint8 {
	return greys.at(v, 0, 1).R
}

// frame draws a one-pixel rectangle of colour col just outside the w×h
// area whose top-left corner is (x0, y0).
func frame(dst *image.RGBA, x0, y0, w, h int, col color.RGBA) {
	for x := x0 - 1; x <= x0+w; x++ {
		dst.SetRGBA(x, y0-1, col)
		dst.SetRGBA(x, y0+h, col)
	}
	for y := y0 - 1; y <= y0+h; y++ {
		dst.SetRGBA(x0-1, y, col)
		dst.SetRGBA(x0+w, y, col)
	}
}

// pixelScale returns how many device pixels a data pixel should take so
// that n data pixels fill about budget device pixels, from 1 to maxScale.
func pixelScale(budget, n int) int {
	return max(1, min(maxScale, budget/max(n, 1)))
}

// tileGap returns the space between tiles drawn at pixel scale s: two
// data pixels, and at least 6 device pixels.
func tileGap(s int) int {
	return max(6, 2*s)
}

// sheet is a canvas addressed in device pixels from its top-left corner,
// for figures laid out by hand.
type sheet struct {
	c draw.Canvas
}

// point converts (x, y), in pixels from the top left, to a canvas point.
func (s sheet) point(x, y float64) vg.Point {
	return vg.Point{X: s.c.Min.X + px(x), Y: s.c.Max.Y - px(y)}
}

// text writes txt at (x, y), aligned as sty says.
func (s sheet) text(sty text.Style, x, y float64, txt string) {
	s.c.FillText(sty, s.point(x, y), txt)
}

// line draws a straight line from (x0, y0) to (x1, y1).
func (s sheet) line(sty draw.LineStyle, x0, y0, x1, y1 float64) {
	a, b := s.point(x0, y0), s.point(x1, y1)
	s.c.StrokeLine2(sty, a.X, a.Y, b.X, b.Y)
}

// image draws img with its top-left corner at (x, y), one image pixel per
// device pixel.
func (s sheet) image(img image.Image, x, y int) {
	b := img.Bounds()
	s.c.DrawImage(vg.Rectangle{
		Min: s.point(float64(x), float64(y+b.Dy())),
		Max: s.point(float64(x+b.Dx()), float64(y)),
	}, img)
}

// sub returns the part of the sheet w×h pixels from (x, y) as a
// gonum/plot canvas.
func (s sheet) sub(x, y, w, h float64) draw.Canvas {
	return draw.Canvas{Canvas: s.c.Canvas, Rectangle: vg.Rectangle{
		Min: s.point(x, y+h),
		Max: s.point(x+w, y),
	}}
}

// textWidth returns the width of txt in sty, in whole device pixels.
func textWidth(sty text.Style, txt string) int {
	return int(math.Ceil(topx(sty.Width(txt))))
}

// textHeight returns the height of a line of text in sty, in whole device
// pixels.
func textHeight(sty text.Style) int {
	return int(math.Ceil(topx(sty.Height("Mg"))))
}

// linesHeight returns the height of txt, which may have several lines,
// in sty, in whole device pixels.
func linesHeight(sty text.Style, txt string) int {
	return int(math.Ceil(topx(sty.Height(txt))))
}
