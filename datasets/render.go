package datasets

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/gonum/mat"
)

// maxPageSide bounds the height and width of a rendered page, so that a
// typo cannot ask for gigabytes.
const maxPageSide = 4096

// goRegular is the parsed Go Regular font, parsed once.
var goRegular = sync.OnceValues(func() (*opentype.Font, error) {
	return opentype.Parse(goregular.TTF)
})

// RenderText sets lines of text in the Go Regular font at fontSize pixels,
// black ink (0) on white paper (1), on pages of height×width pixels, and
// returns the pages as a Set of Shape{C: 1, H: height, W: width}, one page
// per row, named "text".
//
// The lines go one under another from the top left corner, inside a margin
// of a quarter of fontSize; a new page starts when the next line would
// not fit, so len(lines) decides how many pages there are. An empty line
// leaves a blank line. A line too wide for the page is an error, not cut
// off. The same lines give the same pixels on every run.
func RenderText(lines []string, height, width int, fontSize float64) (*Set, error) {
	if len(lines) == 0 {
		return nil, fmt.Errorf("datasets: RenderText: lines is empty, want at least one line")
	}
	if height < 1 || height > maxPageSide || width < 1 || width > maxPageSide {
		return nil, fmt.Errorf("datasets: RenderText: page is %d×%d pixels, want 1 to %d on each side", height, width, maxPageSide)
	}
	if math.IsNaN(fontSize) || math.IsInf(fontSize, 0) || fontSize < 4 || fontSize > 200 {
		return nil, fmt.Errorf("datasets: RenderText: fontSize = %v, want 4 to 200 pixels", fontSize)
	}
	f, err := goRegular()
	if err != nil {
		return nil, fmt.Errorf("datasets: RenderText: the Go Regular font: %v", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("datasets: RenderText: the Go Regular font: %v", err)
	}
	defer face.Close()

	margin := int(math.Ceil(fontSize / 4))
	metrics := face.Metrics()
	lineHeight := metrics.Height.Ceil()
	ascent := metrics.Ascent.Ceil()
	perPage := (height - 2*margin) / lineHeight
	if perPage < 1 {
		return nil, fmt.Errorf("datasets: RenderText: a line of fontSize %v is %d pixels high, a page of height %d holds none (margins %d)",
			fontSize, lineHeight, height, margin)
	}
	for i, line := range lines {
		if w := font.MeasureString(face, line).Ceil(); w > width-2*margin {
			return nil, fmt.Errorf("datasets: RenderText: lines[%d] (%q) is %d pixels wide, a page of width %d leaves %d",
				i, shorten(line, 24), w, width, width-2*margin)
		}
	}

	nPages := (len(lines) + perPage - 1) / perPage
	data := make([]float64, nPages*height*width)
	img := image.NewGray(image.Rect(0, 0, width, height))
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	for p := 0; p < nPages; p++ {
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		for k := 0; k < perPage && p*perPage+k < len(lines); k++ {
			d.Dot = fixed.P(margin, margin+ascent+k*lineHeight)
			d.DrawString(lines[p*perPage+k])
		}
		grayToPage(data[p*height*width:(p+1)*height*width], img, width, height)
	}
	return &Set{
		Images: mat.NewDense(nPages, height*width, data),
		Shape:  Shape{C: 1, H: height, W: width},
		Index:  seq(nPages),
		Name:   "text",
	}, nil
}

// shorten shortens s to at most n runes for an error message.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// grayToPage writes the grey levels of img's top-left width×height
// pixels into page, row by row, as values from 0 (black) to 1 (white).
func grayToPage(page []float64, img *image.Gray, width, height int) {
	for y := 0; y < height; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+width]
		for x, v := range row {
			page[y*width+x] = float64(v) / 255
		}
	}
}
