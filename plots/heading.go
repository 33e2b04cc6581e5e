package plots

import "gonum.org/v1/plot/vg/draw"

// heading is a figure's title with an optional note in smaller grey text
// below it.
type heading struct {
	title, note   string
	width, height int // in device pixels, with the space below
}

// newHeading measures a heading; both texts may be empty.
func newHeading(title, note string) heading {
	h := heading{title: title, note: note}
	if title != "" {
		sty := textStyle(titleSize, draw.XCenter, draw.YTop)
		h.width = textWidth(sty, title)
		h.height += linesHeight(sty, title) + 8
	}
	if note != "" {
		sty := textStyle(captionSize, draw.XCenter, draw.YTop)
		h.width = max(h.width, textWidth(sty, note))
		h.height += linesHeight(sty, note) + 4
	}
	if h.height > 0 {
		h.height += 8
	}
	return h
}

// draw writes the heading centred on x, from y down.
func (h heading) draw(sh sheet, x, y int) {
	if h.title != "" {
		sty := textStyle(titleSize, draw.XCenter, draw.YTop)
		sh.text(sty, float64(x), float64(y), h.title)
		y += linesHeight(sty, h.title) + 8
	}
	if h.note != "" {
		sty := textStyle(captionSize, draw.XCenter, draw.YTop)
		sty.Color = darkGrey
		sh.text(sty, float64(x), float64(y), h.note)
	}
}
