package datasets

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/gonum/mat"
)

// goMono is the parsed Go Mono font, parsed once.
var goMono = sync.OnceValues(func() (*opentype.Font, error) {
	return opentype.Parse(gomono.TTF)
})

// monoGrid is the character grid of a page set in Go Mono: every
// character sits in a cell of cellH×cellW pixels, the first one margin
// pixels from the top and the left of the page.
type monoGrid struct {
	cellH, cellW int // a line's height, a character's advance
	ascent       int // from a cell's top to the baseline
	margin       int
	face         font.Face
}

// newMonoGrid returns the grid of Go Mono at fontSize pixels; op names the
// caller in errors. The caller closes g.face.
func newMonoGrid(op string, fontSize float64) (*monoGrid, error) {
	if math.IsNaN(fontSize) || math.IsInf(fontSize, 0) || fontSize < 4 || fontSize > 200 {
		return nil, fmt.Errorf("datasets: %s: fontSize = %v, want 4 to 200 pixels", op, fontSize)
	}
	f, err := goMono()
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: the Go Mono font: %v", op, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: the Go Mono font: %v", op, err)
	}
	adv, _ := face.GlyphAdvance('M')
	m := face.Metrics()
	return &monoGrid{
		cellH:  m.Height.Ceil(),
		cellW:  adv.Ceil(),
		ascent: m.Ascent.Ceil(),
		margin: int(math.Ceil(fontSize / 4)),
		face:   face,
	}, nil
}

// size returns how many lines and characters a page of height×width
// pixels holds.
func (g *monoGrid) size(height, width int) (rows, cols int) {
	return (height - 2*g.margin) / g.cellH, (width - 2*g.margin) / g.cellW
}

// printable reports whether r is a character the grid sets: printable
// ASCII, space to tilde.
func printable(r rune) bool { return r >= ' ' && r <= '~' }

// RenderMono sets lines of text in the Go Mono font at fontSize pixels,
// black ink (0) on white paper (1), on pages of height×width pixels, as
// RenderText does, but every character in a cell of a fixed grid: each
// character is as wide as every other, and a page holds the same number of
// lines and of characters per line as any other page of its size. That is
// what lets OCR read a page cell by cell.
//
// It returns the pages as a Set of Shape{C: 1, H: height, W: width}, one
// page per row, named "mono", and the text of each page: its lines joined
// by "\n", without the spaces that end a line, as OCR.Read reads a clean
// page. The lines must be printable ASCII (space to ~); a line longer than
// a page is wide is an error, not cut off. The same lines give the same
// pixels on every run.
func RenderMono(lines []string, height, width int, fontSize float64) (*Set, []string, error) {
	const op = "RenderMono"
	if len(lines) == 0 {
		return nil, nil, fmt.Errorf("datasets: %s: lines is empty, want at least one line", op)
	}
	if height < 1 || height > maxPageSide || width < 1 || width > maxPageSide {
		return nil, nil, fmt.Errorf("datasets: %s: page is %d×%d pixels, want 1 to %d on each side", op, height, width, maxPageSide)
	}
	g, err := newMonoGrid(op, fontSize)
	if err != nil {
		return nil, nil, err
	}
	defer g.face.Close()
	perPage, cols := g.size(height, width)
	if perPage < 1 || cols < 1 {
		return nil, nil, fmt.Errorf("datasets: %s: a page of %d×%d pixels holds no %d×%d-pixel character cell (margins %d)",
			op, height, width, g.cellH, g.cellW, g.margin)
	}
	for i, line := range lines {
		for k, r := range []rune(line) {
			if !printable(r) {
				return nil, nil, fmt.Errorf("datasets: %s: lines[%d] has %q at character %d; RenderMono sets printable ASCII only (space to ~)", op, i, r, k)
			}
		}
		if n := len(line); n > cols {
			return nil, nil, fmt.Errorf("datasets: %s: lines[%d] (%q) has %d characters, a page of width %d holds %d at fontSize %v",
				op, i, shorten(line, 24), n, width, cols, fontSize)
		}
	}

	nPages := (len(lines) + perPage - 1) / perPage
	data := make([]float64, nPages*height*width)
	texts := make([]string, nPages)
	img := image.NewGray(image.Rect(0, 0, width, height))
	d := &font.Drawer{Dst: img, Src: image.Black, Face: g.face}
	for p := 0; p < nPages; p++ {
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		var text []string
		for k := 0; k < perPage && p*perPage+k < len(lines); k++ {
			line := lines[p*perPage+k]
			for c, r := range line {
				d.Dot = fixed.P(g.margin+c*g.cellW, g.margin+g.ascent+k*g.cellH)
				d.DrawString(string(r))
			}
			text = append(text, strings.TrimRight(line, " "))
		}
		texts[p] = pageText(text)
		grayToPage(data[p*height*width:(p+1)*height*width], img, width, height)
	}
	return &Set{
		Images: mat.NewDense(nPages, height*width, data),
		Shape:  Shape{C: 1, H: height, W: width},
		Index:  seq(nPages),
		Name:   "mono",
	}, texts, nil
}

// pageText joins the lines of a page with "\n", leaving out the empty
// lines at its end.
func pageText(lines []string) string {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
