package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"gonum.org/v1/plot/vg/draw"
)

// Animation is an animated GIF whose frames are figures: the decoded
// samples of a generative model epoch by epoch, say, as one Grid per
// epoch titled "epoch 1", "epoch 2", .... Each frame is drawn as its
// figure would be saved as a PNG, and each frame's title is its caption.
// Frames of different sizes are drawn on a white sheet of the largest
// size, from its top-left corner: give the frames the same layout (the
// same figure type and counts) so that the picture does not jump.
type Animation struct {
	// Frames holds the frames in order: figures of this package, such
	// as Grid, Rows or Manifold.
	Frames []Figure

	// FrameSeconds is how long each frame shows; 0 means 0.5 s.
	FrameSeconds float64

	// LastSeconds is how long the last frame shows before the animation
	// starts again; 0 means 2 s.
	LastSeconds float64
}

// Limits of an animation, so that a loop that makes too many frames
// gives an error instead of exhausting memory.
const (
	maxFrames      = 1000
	maxFramePixels = 1 << 28 // pixels over all frames
)

// Save draws every frame and writes the animation to path, which must
// end in ".gif". The file loops forever. Like every picture of this
// package it is written atomically and repeats byte for byte.
func (a Animation) Save(path string) error {
	const fn = "Animation"
	if path == "" {
		return errorf(fn, "path is empty")
	}
	if ext := filepath.Ext(path); !strings.EqualFold(ext, ".gif") {
		return errorf(fn, "path %q has extension %q, want .gif (an animation is a GIF)", path, ext)
	}
	if len(a.Frames) == 0 {
		return errorf(fn, "Frames is empty, want at least one figure")
	}
	if len(a.Frames) > maxFrames {
		return errorf(fn, "Frames has %d figures, want at most %d", len(a.Frames), maxFrames)
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"FrameSeconds", a.FrameSeconds}, {"LastSeconds", a.LastSeconds}} {
		if !(s.v >= 0 && s.v <= 60) {
			return errorf(fn, "%s is %v, want 0 (for the default) to 60 seconds", s.name, s.v)
		}
	}

	frames := make([]*image.RGBA, len(a.Frames))
	w, h, pixels := 0, 0, 0
	for i, f := range a.Frames {
		if f == nil {
			return errorf(fn, "Frames[%d] is nil", i)
		}
		img, err := rasterize(f)
		if err != nil {
			return errorf(fn, "Frames[%d]: %s", i, strings.TrimPrefix(err.Error(), "plots: "))
		}
		frames[i] = img
		b := img.Bounds()
		w, h = max(w, b.Dx()), max(h, b.Dy())
		if pixels += b.Dx() * b.Dy(); pixels > maxFramePixels {
			return errorf(fn, "the frames hold more than %d pixels in all: use fewer or smaller frames", maxFramePixels)
		}
	}

	pal, index := gifPalette(frames)
	anim := &gif.GIF{LoopCount: 0}
	frameDelay, lastDelay := centiseconds(a.FrameSeconds, 0.5), centiseconds(a.LastSeconds, 2)
	for i, img := range frames {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for k := range p.Pix {
			p.Pix[k] = index(white)
		}
		b := img.Bounds()
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				off := img.PixOffset(x, y)
				px := img.Pix[off : off+4 : off+4]
				p.Pix[y*p.Stride+x] = index(color.RGBA{R: px[0], G: px[1], B: px[2], A: 255})
			}
		}
		delay := frameDelay
		if i == len(frames)-1 {
			delay = lastDelay
		}
		anim.Image = append(anim.Image, p)
		anim.Delay = append(anim.Delay, delay)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return errorf(fn, "encoding the GIF: %v", err)
	}
	return writeAtomic(fn, path, buf.Bytes())
}

// rasterize lays f out and draws it into an image, as a PNG would be.
func rasterize(f Figure) (img *image.RGBA, err error) {
	p, err := f.layout()
	if err != nil {
		return nil, err
	}
	if p.w <= 0 || p.h <= 0 || p.w > maxSide || p.h > maxSide {
		return nil, fmt.Errorf("the picture would be %d×%d pixels, want at most %d×%d", p.w, p.h, maxSide, maxSide)
	}
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("drawing failed: %v", r)
		}
	}()
	c, img := newRasterCanvas(p.w, p.h)
	p.paint(draw.New(c))
	return img, nil
}

// centiseconds returns s, or def when s is 0, in hundredths of a second,
// the unit of GIF delays.
func centiseconds(s, def float64) int {
	if s == 0 {
		s = def
	}
	return max(1, int(math.Round(100*s)))
}

// gifPalette returns a palette for frames and a function that maps a
// colour to its index in it. When the frames hold at most 256 colours
// (grey digits and black text hold only greys) the palette is exactly
// those colours, and the GIF is lossless. Otherwise it is the 216 colours
// of the web-safe cube and 40 greys between them, and each colour maps to
// its nearest, without dithering, so that flat areas stay flat.
func gifPalette(frames []*image.RGBA) (color.Palette, func(color.RGBA) uint8) {
	// The colours seen: greys (most pixels of most frames) in a table,
	// others in a map.
	var greys [256]bool
	greys[255] = true // white
	seen := map[color.RGBA]bool{}
	count := 1
	for _, img := range frames {
		for k := 0; k < len(img.Pix) && count <= 256; k += 4 {
			r, g, b := img.Pix[k], img.Pix[k+1], img.Pix[k+2]
			switch {
			case r == g && g == b:
				if !greys[r] {
					greys[r] = true
					count++
				}
			case !seen[color.RGBA{R: r, G: g, B: b, A: 255}]:
				seen[color.RGBA{R: r, G: g, B: b, A: 255}] = true
				count++
			}
		}
	}
	var cols []color.RGBA
	if count <= 256 {
		for v, ok := range greys {
			if ok {
				cols = append(cols, color.RGBA{R: uint8(v), G: uint8(v), B: uint8(v), A: 255})
			}
		}
		for c := range seen {
			cols = append(cols, c)
		}
	} else {
		for r := 0; r < 6; r++ {
			for g := 0; g < 6; g++ {
				for b := 0; b < 6; b++ {
					cols = append(cols, color.RGBA{R: uint8(51 * r), G: uint8(51 * g), B: uint8(51 * b), A: 255})
				}
			}
		}
		for v := 3; v < 256; v += 6 { // 40 greys: 3, 9, ..., 249 but for 51, 153 and 255
			if v%51 != 0 {
				cols = append(cols, color.RGBA{R: uint8(v), G: uint8(v), B: uint8(v), A: 255})
			}
		}
	}
	// A fixed order, so that the same frames give the same bytes.
	sort.Slice(cols, func(i, j int) bool {
		a, b := cols[i], cols[j]
		return uint32(a.R)<<16|uint32(a.G)<<8|uint32(a.B) < uint32(b.R)<<16|uint32(b.G)<<8|uint32(b.B)
	})
	pal := make(color.Palette, len(cols))
	for i, c := range cols {
		pal[i] = c
	}
	// The index of each colour met, greys in a table.
	var greyAt [256]int16
	for i := range greyAt {
		greyAt[i] = -1
	}
	cache := map[color.RGBA]uint8{}
	return pal, func(c color.RGBA) uint8 {
		if c.R == c.G && c.G == c.B {
			if i := greyAt[c.R]; i >= 0 {
				return uint8(i)
			}
			i := uint8(pal.Index(c))
			greyAt[c.R] = int16(i)
			return i
		}
		if i, ok := cache[c]; ok {
			return i
		}
		i := uint8(pal.Index(c))
		cache[c] = i
		return i
	}
}
