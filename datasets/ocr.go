package datasets

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/gonum/mat"
)

// OCR reads pages set by RenderMono: it cuts a page into its character
// cells and reads each cell as the glyph of Go Mono nearest to it, the
// printable ASCII character whose picture differs least from the cell
// (the sum of squared pixel differences). It is the simplest OCR there
// is, and it reads clean pages perfectly; dirt, blur and stains make it
// misread, which is what a denoiser can fix.
type OCR struct {
	fontSize float64
	grid     monoGrid // the face is closed: only the sizes are kept
	alphabet []rune
	glyphs   [][]float64 // one cellH·cellW picture per rune of alphabet
}

// NewOCR returns an OCR for pages set in Go Mono at fontSize pixels, as
// RenderMono sets them.
func NewOCR(fontSize float64) (*OCR, error) {
	g, err := newMonoGrid("NewOCR", fontSize)
	if err != nil {
		return nil, err
	}
	defer g.face.Close()
	o := &OCR{fontSize: fontSize, grid: *g}
	img := image.NewGray(image.Rect(0, 0, g.cellW, g.cellH))
	d := &font.Drawer{Dst: img, Src: image.Black, Face: g.face}
	for r := ' '; r <= '~'; r++ {
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		d.Dot = fixed.P(0, g.ascent)
		d.DrawString(string(r))
		glyph := make([]float64, g.cellH*g.cellW)
		for y := 0; y < g.cellH; y++ {
			for x, v := range img.Pix[y*img.Stride : y*img.Stride+g.cellW] {
				glyph[y*g.cellW+x] = float64(v) / 255
			}
		}
		o.alphabet = append(o.alphabet, r)
		o.glyphs = append(o.glyphs, glyph)
	}
	o.grid.face = nil
	return o, nil
}

// Shape returns the shape of one character cell: Shape{C: 1, H: line
// height, W: character width} in pixels.
func (o *OCR) Shape() Shape { return Shape{C: 1, H: o.grid.cellH, W: o.grid.cellW} }

// String returns e.g. "datasets.OCR: Go Mono at 13 pixels, cells of 16×8, 95 characters".
func (o *OCR) String() string {
	return fmt.Sprintf("datasets.OCR: Go Mono at %v pixels, cells of %v, %d characters", o.fontSize, o.Shape(), len(o.alphabet))
}

// Glyphs returns the pictures the OCR compares cells with, one per
// character of s, one per row, each of Shape(): ink 0 on paper 1. Every
// character of s must be printable ASCII.
func (o *OCR) Glyphs(s string) (*mat.Dense, error) {
	if s == "" {
		return nil, fmt.Errorf("datasets: OCR.Glyphs: s is empty")
	}
	size := o.grid.cellH * o.grid.cellW
	out := mat.NewDense(len([]rune(s)), size, nil)
	for i, r := range []rune(s) {
		if !printable(r) {
			return nil, fmt.Errorf("datasets: OCR.Glyphs: s has %q at character %d; the OCR knows printable ASCII only", r, i)
		}
		out.SetRow(i, o.glyphs[r-' '])
	}
	return out, nil
}

// Read reads every page of pages, which must be pages of one channel
// set in Go Mono at the OCR's fontSize (RenderMono, then Dirty or a
// denoiser, say), and returns the text of each page as RenderMono gives
// it: lines joined by "\n", without the spaces that end a line or the
// empty lines that end the page.
func (o *OCR) Read(pages *Set) ([]string, error) {
	cells, rows, cols, err := o.cells("OCR.Read", pages)
	if err != nil {
		return nil, err
	}
	out := make([]string, pages.Len())
	for p := range out {
		lines := make([]string, rows)
		for r := 0; r < rows; r++ {
			line := make([]rune, cols)
			for c := 0; c < cols; c++ {
				line[c] = cells[(p*rows+r)*cols+c]
			}
			lines[r] = strings.TrimRight(string(line), " ")
		}
		out[p] = pageText(lines)
	}
	return out, nil
}

// Misread reads pages as Read does and compares each cell with the
// character texts (one per page, as RenderMono returns them) puts there.
// It returns the cells read wrong, as a Set of Shape() named "misread"
// whose Index holds each cell's number (page by page, line by line, left
// to right), and two strings of one character per misread cell: what the
// OCR read and what the page says. A space read as ink, or ink read as
// a space, counts.
func (o *OCR) Misread(pages *Set, texts []string) (cells *Set, read, truth string, err error) {
	const op = "OCR.Misread"
	got, rows, cols, err := o.cells(op, pages)
	if err != nil {
		return nil, "", "", err
	}
	if len(texts) != pages.Len() {
		return nil, "", "", fmt.Errorf("datasets: %s: %d texts for %d pages; want one per page", op, len(texts), pages.Len())
	}
	var idx []int
	var readR, truthR []rune
	for p, text := range texts {
		lines := strings.Split(text, "\n")
		if len(lines) > rows {
			return nil, "", "", fmt.Errorf("datasets: %s: texts[%d] has %d lines, a page holds %d", op, p, len(lines), rows)
		}
		for r := 0; r < rows; r++ {
			var want []rune
			if r < len(lines) {
				want = []rune(lines[r])
			}
			if len(want) > cols {
				return nil, "", "", fmt.Errorf("datasets: %s: texts[%d], line %d, has %d characters, a page holds %d", op, p, r+1, len(want), cols)
			}
			for c := 0; c < cols; c++ {
				w := ' '
				if c < len(want) {
					w = want[c]
				}
				cell := (p*rows+r)*cols + c
				if got[cell] != w {
					idx = append(idx, cell)
					readR = append(readR, got[cell])
					truthR = append(truthR, w)
				}
			}
		}
	}
	shape := o.Shape()
	out := &Set{Shape: shape, Name: "misread", Index: idx}
	if len(idx) == 0 {
		out.Images = &mat.Dense{}
		return out, "", "", nil
	}
	out.Images = mat.NewDense(len(idx), shape.Size(), nil)
	for k, cell := range idx {
		o.cutCell(pages, cell, rows, cols, out.Images.RawRowView(k))
	}
	return out, string(readR), string(truthR), nil
}

// cells reads every cell of every page and returns the characters, page
// by page, line by line, left to right, with the grid's size.
func (o *OCR) cells(op string, pages *Set) ([]rune, int, int, error) {
	if err := pages.check(op); err != nil {
		return nil, 0, 0, err
	}
	if pages.Shape.C != 1 {
		return nil, 0, 0, pages.errorf(op, "pages have %d channels, want 1: pages of text are grey", pages.Shape.C)
	}
	rows, cols := o.grid.size(pages.Shape.H, pages.Shape.W)
	if rows < 1 || cols < 1 {
		return nil, 0, 0, pages.errorf(op, "a page of %v pixels holds no %v cell at fontSize %v", pages.Shape, o.Shape(), o.fontSize)
	}
	if err := checkValues(pages, op); err != nil {
		return nil, 0, 0, err
	}
	n := pages.Len()
	out := make([]rune, n*rows*cols)
	cell := make([]float64, o.grid.cellH*o.grid.cellW)
	for i := range out {
		o.cutCell(pages, i, rows, cols, cell)
		out[i] = o.nearest(cell)
	}
	return out, rows, cols, nil
}

// cutCell copies cell number i of pages (page by page, line by line, left
// to right) into dst.
func (o *OCR) cutCell(pages *Set, i, rows, cols int, dst []float64) {
	g := o.grid
	p, rc := i/(rows*cols), i%(rows*cols)
	r, c := rc/cols, rc%cols
	page := pages.Images.RawRowView(p)
	w := pages.Shape.W
	y0, x0 := g.margin+r*g.cellH, g.margin+c*g.cellW
	for y := 0; y < g.cellH; y++ {
		copy(dst[y*g.cellW:(y+1)*g.cellW], page[(y0+y)*w+x0:(y0+y)*w+x0+g.cellW])
	}
}

// nearest returns the character whose glyph is nearest to cell; ties go
// to the earlier character in ASCII order (space first).
func (o *OCR) nearest(cell []float64) rune {
	best, bestD := 0, math.Inf(1)
	for k, glyph := range o.glyphs {
		d := 0.0
		for j, v := range glyph {
			e := cell[j] - v
			d += e * e
			if d >= bestD {
				break
			}
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	return o.alphabet[best]
}

// CharAccuracy returns the character accuracy of read against truth, one
// text per page each (as OCR.Read and RenderMono give them): 1 minus the
// number of characters to insert, delete or replace to turn every read
// text into its true one (the Levenshtein distance, line breaks counted),
// divided by the number of characters of the true texts. 1 is a perfect
// reading; it is 0 rather than negative when the reading holds more
// mistakes than the truth holds characters.
func CharAccuracy(read, truth []string) (float64, error) {
	if len(truth) == 0 {
		return 0, fmt.Errorf("datasets: CharAccuracy: truth is empty")
	}
	if len(read) != len(truth) {
		return 0, fmt.Errorf("datasets: CharAccuracy: %d read texts for %d true ones; want one per page", len(read), len(truth))
	}
	edits, total := 0, 0
	for i := range truth {
		t := []rune(truth[i])
		edits += levenshtein([]rune(read[i]), t)
		total += len(t)
	}
	if total == 0 {
		return 0, fmt.Errorf("datasets: CharAccuracy: the true texts hold no character")
	}
	return math.Max(0, 1-float64(edits)/float64(total)), nil
}

// levenshtein returns the edit distance between a and b.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
