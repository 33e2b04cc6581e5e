package plots

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/aekit/aekit/internal/atomicfile"
)

// dpi is the resolution of PNG output. Figures are laid out in device
// pixels at this resolution; SVG and PDF get the same size in points.
const dpi = 150

// px converts a length in device pixels to a vg.Length.
func px(n float64) vg.Length { return vg.Length(n) * vg.Inch / dpi }

// topx converts a vg.Length to device pixels.
func topx(l vg.Length) float64 { return l.Dots(dpi) }

// formatOf returns the output format named by the extension of path:
// "png", "svg" or "pdf".
func formatOf(fn, path string) (string, error) {
	if path == "" {
		return "", errorf(fn, "path is empty")
	}
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".png", ".svg", ".pdf":
		return strings.ToLower(ext[1:]), nil
	case "":
		return "", errorf(fn, "path %q has no extension, want .png, .svg or .pdf", path)
	}
	return "", errorf(fn, "path %q has extension %q, want .png, .svg or .pdf", path, ext)
}

// newCanvas returns a blank white canvas of w×h device pixels in format.
// PNG canvases scale images by nearest neighbour, so pixels stay square.
func newCanvas(format string, w, h int) vg.CanvasWriterTo {
	switch format {
	case "svg":
		return vgsvg.New(px(float64(w)), px(float64(h)))
	case "pdf":
		c := vgpdf.New(px(float64(w)), px(float64(h)))
		sortCatalogs(c)
		return pdfCanvas{c, map[int]bool{}}
	}
	c, _ := newRasterCanvas(w, h)
	return vgimg.PngCanvas{Canvas: c}
}

// newRasterCanvas returns a blank white raster canvas of w×h device pixels and
// the image it draws into. It scales images by nearest neighbour, so
// pixels stay square.
func newRasterCanvas(w, h int) (*vgimg.Canvas, *image.RGBA) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ctx := gg.NewContextForRGBA(img)
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	ctx.SetLineCapButt()
	ctx.InvertY()
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)), img
}

// maxSide is the largest width or height of a figure, in device pixels.
const maxSide = 8000

// save draws a w×h-pixel figure with paint and writes it to path in the
// format of its extension, atomically. fn names the calling function in
// errors. A panic inside paint is returned as an error.
func save(fn, path string, w, h int, paint func(c draw.Canvas)) (err error) {
	format, err := formatOf(fn, path)
	if err != nil {
		return err
	}
	if w <= 0 || h <= 0 || w > maxSide || h > maxSide {
		return errorf(fn, "the picture would be %d×%d pixels, want at most %d×%d: pass less data", w, h, maxSide, maxSide)
	}
	var buf bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = errorf(fn, "drawing failed: %v", r)
			}
		}()
		c := newCanvas(format, w, h)
		paint(draw.New(c))
		_, err = c.WriteTo(&buf)
	}()
	if err != nil {
		return err
	}
	data := buf.Bytes()
	switch format {
	case "pdf":
		data = pdfDates.ReplaceAll(data, []byte("${1}20000101000000)"))
	case "svg":
		data = bytes.ReplaceAll(data, []byte(svgImageJPG), []byte(svgImagePNG))
		data = bytes.ReplaceAll(data, []byte(svgFont), []byte(svgFonts))
	}
	return writeAtomic(fn, path, data)
}

// pdfDates matches the creation and modification dates that the PDF
// writer takes from the clock; save pins them so that the same figure
// gives the same bytes. The replacement has the same length, so the
// file's cross-reference offsets stay right.
var pdfDates = regexp.MustCompile(`(/(?:CreationDate|ModDate) \(D:)[0-9]{14}\)`)

// gonum/plot's SVG writer embeds images as PNG but labels them JPEG,
// which strict viewers (librsvg) refuse to draw; save relabels them. It
// also names Liberation Sans alone, without embedding it (which would add
// half a megabyte); save adds Arial, which has the same metrics, and
// generic fallbacks, so that text keeps its width on most machines.
const (
	svgImageJPG = `xlink:href="data:image/jpg;base64,`
	svgImagePNG = `xlink:href="data:image/png;base64,`
	svgFont     = `font-family:Liberation Sans;`
	svgFonts    = `font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`
)

// sortCatalogs makes the PDF document of c list its images and fonts in
// sorted order, and reports whether it could. The PDF writer lists them
// in map order, which changes from run to run when a figure has two
// images; sorting them, a switch of each document meant for comparing
// PDFs, makes the same figure give the same bytes. (fpdf v0.11.1 sorts
// fonts by name but images by width alone: images of the same width
// would still come out in map order, so pdfCanvas.DrawImage gives every
// image of a document a width of its own.)
//
// gonum/plot gives no access to its canvas's document, so sortCatalogs
// reads the unexported field doc of vgpdf.Canvas (gonum/plot v0.17.0)
// with reflect. Should a later gonum/plot rename the field or change its
// type, sortCatalogs does nothing and returns false: PDFs stay correct
// but may no longer repeat byte for byte, and TestPDFCatalogSort fails so
// that we notice. (fpdf.SetDefaultCatalogSort would do without reflect,
// but it changes the default of every program that imports plots, and
// setting it only around vgpdf.New would race with other goroutines.)
func sortCatalogs(c *vgpdf.Canvas) bool {
	v := reflect.ValueOf(c).Elem().FieldByName("doc")
	if !v.IsValid() || v.Type() != reflect.TypeFor[*fpdf.Fpdf]() || v.IsNil() {
		return false
	}
	// v is unexported, so v.Interface() would panic; its pointer is the
	// same *fpdf.Fpdf.
	(*fpdf.Fpdf)(v.UnsafePointer()).SetCatalogSort(true)
	return true
}

// pdfCanvas is gonum/plot's PDF canvas with text recoded for its fonts,
// which are embedded with the Windows-1252 code page: gonum/plot passes
// UTF-8 through, so "·" would print as "Â·". Characters outside the code
// page (Greek letters, subscripts, "−") print as "?": use PNG or SVG for
// them.
type pdfCanvas struct {
	*vgpdf.Canvas
	widths map[int]bool // the widths of the images drawn so far
}

// FillString implements vg.Canvas.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, toWindows1252(s))
}

// DrawImage implements vg.Canvas. gonum/plot's PDF canvas draws images
// upside down (it flips the page but not the image), so pdfCanvas flips
// them first. fpdf writes a document's images in order of width, and
// images of the same width in map order (see sortCatalogs): an image as
// wide as one drawn before gets transparent columns on its right (and
// its rectangle as much more width) until its width is new, so that the
// order, and the bytes, repeat. The picture looks the same.
func (c pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	flipped := flipVertical(img)
	b := flipped.Bounds()
	w := b.Dx()
	for c.widths[w] {
		w++
	}
	c.widths[w] = true
	if w > b.Dx() {
		wide := image.NewRGBA(image.Rect(0, 0, w, b.Dy()))
		for y := range b.Dy() {
			copy(wide.Pix[y*wide.Stride:], flipped.Pix[y*flipped.Stride:y*flipped.Stride+4*b.Dx()])
		}
		rect.Max.X += rect.Size().X * vg.Length(w-b.Dx()) / vg.Length(b.Dx())
		flipped = wide
	}
	c.Canvas.DrawImage(rect, flipped)
}

// flipVertical returns a copy of img upside down.
func flipVertical(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			out.Set(x, b.Dy()-1-y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// toWindows1252 encodes s in the Windows-1252 code page, with "?" for the
// characters it lacks.
func toWindows1252(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			b = '?'
		}
		out = append(out, b)
	}
	return string(out)
}

// writeAtomic writes data to path atomically (see atomicfile.Write),
// creating path's folder if needed.
func writeAtomic(fn, path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return errorf(fn, "path %q: %v", path, err)
	}
	if err := atomicfile.WriteFile(path, data, 0o666); err != nil {
		return errorf(fn, "path %q: %w", path, err)
	}
	return nil
}
