package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Text sizes, in points, chosen to be read from the back of a room.
const (
	titleSize   = 18
	labelSize   = 15
	tickSize    = 13
	captionSize = 12
)

// sans is the face of all text: Liberation Sans, shipped with gonum/plot.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

var (
	black     = color.RGBA{A: 255}
	white     = color.RGBA{R: 255, G: 255, B: 255, A: 255}
	darkGrey  = color.RGBA{R: 64, G: 64, B: 64, A: 255}
	lightGrey = color.RGBA{R: 200, G: 200, B: 200, A: 255}
)

// tab10 holds the ten "tab10" (Tableau 10) colours, in their usual order.
var tab10 = [10]color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 255}, // blue
	{R: 0xff, G: 0x7f, B: 0x0e, A: 255}, // orange
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 255}, // green
	{R: 0xd6, G: 0x27, B: 0x28, A: 255}, // red
	{R: 0x94, G: 0x67, B: 0xbd, A: 255}, // purple
	{R: 0x8c, G: 0x56, B: 0x4b, A: 255}, // brown
	{R: 0xe3, G: 0x77, B: 0xc2, A: 255}, // pink
	{R: 0x7f, G: 0x7f, B: 0x7f, A: 255}, // grey
	{R: 0xbc, G: 0xbd, B: 0x22, A: 255}, // olive
	{R: 0x17, G: 0xbe, B: 0xcf, A: 255}, // cyan
}

// withAlpha returns c with opacity a, premultiplied.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	return color.RGBA{
		R: uint8(float64(c.R)*a + 0.5), G: uint8(float64(c.G)*a + 0.5),
		B: uint8(float64(c.B)*a + 0.5), A: uint8(255*a + 0.5),
	}
}

// textStyle returns a black sans-serif text style of the given size.
func textStyle(size vg.Length, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{
		Color:   black,
		Font:    font.From(sans, size),
		XAlign:  xa,
		YAlign:  ya,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot whose text is restyled for a projector: sans-serif,
// large.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(titleSize, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(labelSize, draw.XCenter, draw.YBottom)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label = textStyle(tickSize, draw.XCenter, draw.YTop)
		a.LineStyle.Width = vg.Points(1)
		a.Tick.LineStyle.Width = vg.Points(1)
		a.Tick.Length = vg.Points(6)
		a.Padding = vg.Points(4)
		a.Tick.Marker = linearTicks{}
	}
	// The Y axis turns its label itself; its tick labels sit to the left.
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.Legend.TextStyle = textStyle(tickSize, draw.XLeft, draw.YBottom)
	p.Legend.ThumbnailWidth = vg.Points(32)
	p.Legend.Padding = vg.Points(2)
	return p
}
