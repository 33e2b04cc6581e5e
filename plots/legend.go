package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sideKey is a legend drawn in a strip of its own to the right of the
// plots, so that it hides no data, under an optional heading.
type sideKey struct {
	legend  plot.Legend
	heading string
	n       int // entries
}

// newSideKey returns an empty key with the given heading (may be empty).
func newSideKey(heading string) *sideKey {
	k := &sideKey{legend: plot.NewLegend(), heading: heading}
	k.legend.TextStyle = textStyle(tickSize, draw.XLeft, draw.YBottom)
	k.legend.Top, k.legend.Left = true, true
	k.legend.ThumbnailWidth = vg.Points(26)
	k.legend.Padding = vg.Points(3)
	return k
}

// add adds an entry.
func (k *sideKey) add(name string, thumbs ...plot.Thumbnailer) {
	k.legend.Add(name, thumbs...)
	k.n++
}

// Space around the key, in device pixels.
const (
	keyGap = 28 // between the plots and the key
	keyPad = 12 // after the key
)

// width returns the width of the key's strip; zero for an empty key.
func (k *sideKey) width() vg.Length {
	if k.n == 0 {
		return 0
	}
	w := k.legend.Rectangle(draw.Canvas{}).Size().X
	if k.heading != "" {
		w = max(w, k.legend.TextStyle.Width(k.heading))
	}
	return w + px(keyGap+keyPad)
}

// split divides c into the part for the plots and the strip for the key.
func (k *sideKey) split(c draw.Canvas) (plots, key draw.Canvas) {
	plots, key = c, c
	plots.Max.X -= k.width()
	key.Min.X = plots.Max.X
	return plots, key
}

// draw draws the key in its strip c, its top level with the top of the
// data area da, and the heading above that.
func (k *sideKey) draw(c, da draw.Canvas) {
	if k.n == 0 {
		return
	}
	c.Min.X += px(keyGap)
	if k.heading != "" {
		c.FillText(k.legend.TextStyle, vg.Point{X: c.Min.X, Y: da.Max.Y + px(4)}, k.heading)
	}
	c.Max.Y = da.Max.Y - px(4)
	k.legend.Draw(c)
}

// glyphThumb is a legend thumbnail showing one glyph.
type glyphThumb draw.GlyphStyle

// Thumbnail implements plot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle(g), c.Center())
}
