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

	"github.com/aekit/aekit/internal/noise"
)

// The documents of the OCR lesson: pages of text rendered here, soiled by
// Dirty, cut into patches a small model can learn from and put back
// together. A page is an ordinary Set row, so everything that works on
// digits (plots, models, noise) works on pages and on patches.

// maxPageSide bounds the height and width of a rendered page, so that a
// typo cannot ask for gigabytes.
const maxPageSide = 4096

// maxStains and maxBlur bound Dirt.Stains and Dirt.Blur for the same
// reason: the work grows with both.
const (
	maxStains = 1000
	maxBlur   = 20
)

// maxPatchValues bounds the size of what Patches returns (2 GB of float64).
const maxPatchValues = 1 << 28

// goRegular is the parsed Go Regular font, parsed once.
var goRegular = sync.OnceValues(func() (*opentype.Font, error) {
	return opentype.Parse(goregular.TTF)
})

// RenderText sets lines of text in the Go Regular font at fontSize pixels,
// black ink (0) on white paper (1), on pages of height×width pixels, and
// returns the pages as a Set, one page per row, named "text".
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
		page := data[p*height*width : (p+1)*height*width]
		for y := 0; y < height; y++ {
			row := img.Pix[y*img.Stride : y*img.Stride+width]
			for x, v := range row {
				page[y*width+x] = float64(v) / 255
			}
		}
	}
	return &Set{
		Images: mat.NewDense(nPages, height*width, data),
		Height: height,
		Width:  width,
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

// Dirt says how Dirty soils a page. The zero Dirt leaves pages as they are.
type Dirt struct {
	// Blur is the standard deviation, in pixels, of a Gaussian blur, as in
	// a scan out of focus: 1 softens the strokes of small text; 0 keeps
	// them sharp. At most 20.
	Blur float64

	// Stains is the number of stains on each page: round blots of random
	// size and place, darker at the rim like a coffee ring, that darken the
	// paper (and leave black ink black).
	Stains int

	// Noise is the standard deviation of Gaussian noise added to every
	// pixel, as in a grainy scan; the result is clipped to [0, 1].
	Noise float64
}

// Dirty returns a soiled copy of pages: each page (row) is blurred, then
// stained, then made grainy, as dirt says. It works on any Set, but is
// meant for pages of RenderText: a pair of clean and dirty pages is what
// a denoising autoencoder learns from. The same seed gives the same dirt;
// pages is not changed.
func Dirty(pages *Set, dirt Dirt, seed int64) (*Set, error) {
	if err := pages.check("Dirty"); err != nil {
		return nil, err
	}
	if math.IsNaN(dirt.Blur) || dirt.Blur < 0 || dirt.Blur > maxBlur {
		return nil, pages.errorf("Dirty", "Blur = %v, want 0 to %d pixels", dirt.Blur, maxBlur)
	}
	if dirt.Stains < 0 || dirt.Stains > maxStains {
		return nil, pages.errorf("Dirty", "Stains = %d, want 0 to %d", dirt.Stains, maxStains)
	}
	if err := noise.CheckStd(dirt.Noise); err != nil {
		return nil, pages.errorf("Dirty", "Noise: %v", err)
	}
	if err := checkValues(pages, "Dirty"); err != nil {
		return nil, err
	}
	out := pages.rows(seq(pages.Len()))
	h, w := pages.Height, pages.Width
	kernel := gaussianKernel(dirt.Blur)
	tmp := make([]float64, h*w)
	rng := noise.NewRand(seed)
	for i := 0; i < out.Len(); i++ {
		page := out.Images.RawRowView(i)
		if len(kernel) > 1 {
			blur(page, tmp, h, w, kernel)
		}
		for s := 0; s < dirt.Stains; s++ {
			side := float64(min(h, w))
			cy, cx := rng.Float64()*float64(h), rng.Float64()*float64(w)
			r := side * (0.15 + 0.3*rng.Float64())
			dark := 0.15 + 0.3*rng.Float64()
			stain(page, h, w, cy, cx, r, dark)
		}
		noise.Gaussian(page, dirt.Noise, rng)
	}
	return out, nil
}

// checkValues reports the first NaN or Inf in s.Images.
func checkValues(s *Set, op string) error {
	r, _ := s.Images.Dims()
	for i := 0; i < r; i++ {
		for j, v := range s.Images.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return s.errorf(op, "image %d, pixel %d is %v", i, j, v)
			}
		}
	}
	return nil
}

// gaussianKernel returns a normalised 1-D Gaussian kernel of standard
// deviation sigma, reaching 3 sigma each side; {1} for sigma = 0.
func gaussianKernel(sigma float64) []float64 {
	if sigma == 0 {
		return []float64{1}
	}
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	var sum float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	return k
}

// blur convolves the h×w image page with kernel along rows and then
// columns, in place, repeating the edge pixels beyond the border. tmp
// holds h·w values.
func blur(page, tmp []float64, h, w int, kernel []float64) {
	r := len(kernel) / 2
	clampi := func(i, n int) int { return max(0, min(n-1, i)) }
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for k, kv := range kernel {
				s += kv * page[y*w+clampi(x+k-r, w)]
			}
			tmp[y*w+x] = s
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for k, kv := range kernel {
				s += kv * tmp[clampi(y+k-r, h)*w+x]
			}
			page[y*w+x] = s
		}
	}
}

// stain darkens the paper of page inside a disc of radius r around (cy,
// cx): by dark·0.6 inside, rising to dark at the rim and fading to nothing
// just outside it. A pixel's value is multiplied by (1 - darkness), so
// ink stays black.
func stain(page []float64, h, w int, cy, cx, r, dark float64) {
	y0, y1 := max(0, int(cy-r-2)), min(h-1, int(cy+r+2))
	x0, x1 := max(0, int(cx-r-2)), min(w-1, int(cx+r+2))
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			d := math.Hypot(float64(y)+0.5-cy, float64(x)+0.5-cx) / r
			var a float64
			switch {
			case d <= 0.85:
				a = 0.6
			case d <= 1:
				a = 0.6 + 0.4*(d-0.85)/0.15
			case d <= 1.1:
				a = 10 * (1.1 - d)
			}
			page[y*w+x] *= 1 - dark*a
		}
	}
}

// patchStarts returns where patches of size start along a side of n
// pixels stepping by stride: 0, stride, 2·stride, ... and n-size last, so
// that the patches cover the side.
func patchStarts(n, size, stride int) []int {
	var starts []int
	for s := 0; s+size <= n; s += stride {
		starts = append(starts, s)
	}
	if last := starts[len(starts)-1]; last != n-size {
		starts = append(starts, n-size)
	}
	return starts
}

// checkPatching checks the arguments Patches and Unpatch share.
func checkPatching(op string, height, width, size, stride int) error {
	if size < 1 || size > height || size > width {
		return fmt.Errorf("datasets: %s: size = %d, want 1 <= size <= %d (the page is %d×%d)", op, size, min(height, width), height, width)
	}
	if stride < 1 || stride > size {
		return fmt.Errorf("datasets: %s: stride = %d, want 1 <= stride <= size = %d, so that every pixel is in a patch", op, stride, size)
	}
	return nil
}

// Patches cuts every page of pages into square patches of size×size
// pixels, stepping stride pixels across and down (and placing the last
// patch of each row and column against the page's edge, so that every
// pixel is in a patch). A stride smaller than size makes patches overlap.
//
// Patches returns them as a Set of size×size images: page by page, each
// page's patches from the top row down and left to right. Index[i] is the
// Index of the page that patch i came from, and Labels, if pages has any,
// is the page's label. Unpatch puts such patches back together. A small
// model trained on patches learns local strokes and stains, and can then
// clean a page of any length patch by patch.
func Patches(pages *Set, size, stride int) (*Set, error) {
	if err := pages.check("Patches"); err != nil {
		return nil, err
	}
	h, w := pages.Height, pages.Width
	if err := checkPatching("Patches", h, w, size, stride); err != nil {
		return nil, err
	}
	ys, xs := patchStarts(h, size, stride), patchStarts(w, size, stride)
	per := len(ys) * len(xs)
	n := pages.Len() * per
	if n*size*size > maxPatchValues {
		return nil, pages.errorf("Patches", "%d patches of %d×%d would hold %d values, more than %d: use a larger stride",
			n, size, size, n*size*size, maxPatchValues)
	}
	data := make([]float64, n*size*size)
	index := make([]int, n)
	var labels []int
	if pages.Labels != nil {
		labels = make([]int, n)
	}
	k := 0
	for p := 0; p < pages.Len(); p++ {
		page := pages.Images.RawRowView(p)
		for _, y0 := range ys {
			for _, x0 := range xs {
				patch := data[k*size*size : (k+1)*size*size]
				for y := 0; y < size; y++ {
					copy(patch[y*size:(y+1)*size], page[(y0+y)*w+x0:(y0+y)*w+x0+size])
				}
				index[k] = p
				if pages.Index != nil {
					index[k] = pages.Index[p]
				}
				if labels != nil {
					labels[k] = pages.Labels[p]
				}
				k++
			}
		}
	}
	return &Set{
		Images: mat.NewDense(n, size*size, data),
		Labels: labels,
		Height: size,
		Width:  size,
		Index:  index,
		Name:   pages.Name,
	}, nil
}

// Unpatch puts patches cut by Patches(pages, size, stride) from pages of
// height×width pixels back together, one page per row of the result,
// averaging the patches where they overlap. patches holds one patch per
// row, in the order Patches gives them, for one or more whole pages: for
// instance a model's reconstructions of the patches of a dirty page, which
// Unpatch turns into the cleaned page.
func Unpatch(patches *mat.Dense, height, width, size, stride int) (*mat.Dense, error) {
	if patches == nil || patches.IsEmpty() {
		return nil, fmt.Errorf("datasets: Unpatch: patches is empty")
	}
	if height < 1 || height > maxPageSide || width < 1 || width > maxPageSide {
		return nil, fmt.Errorf("datasets: Unpatch: page is %d×%d pixels, want 1 to %d on each side", height, width, maxPageSide)
	}
	if err := checkPatching("Unpatch", height, width, size, stride); err != nil {
		return nil, err
	}
	n, c := patches.Dims()
	if c != size*size {
		return nil, fmt.Errorf("datasets: Unpatch: patches has %d columns, want size×size = %d×%d = %d", c, size, size, size*size)
	}
	ys, xs := patchStarts(height, size, stride), patchStarts(width, size, stride)
	per := len(ys) * len(xs)
	if n%per != 0 {
		return nil, fmt.Errorf("datasets: Unpatch: %d patches is not a whole number of pages: a %d×%d page has %d patches of %d×%d with stride %d",
			n, height, width, per, size, size, stride)
	}
	for i := 0; i < n; i++ {
		for j, v := range patches.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("datasets: Unpatch: patch %d, pixel %d is %v", i, j, v)
			}
		}
	}
	nPages := n / per
	sum := make([]float64, nPages*height*width)
	count := make([]float64, height*width) // the same for every page
	for _, y0 := range ys {
		for _, x0 := range xs {
			for y := 0; y < size; y++ {
				for x := 0; x < size; x++ {
					count[(y0+y)*width+x0+x]++
				}
			}
		}
	}
	k := 0
	for p := 0; p < nPages; p++ {
		page := sum[p*height*width : (p+1)*height*width]
		for _, y0 := range ys {
			for _, x0 := range xs {
				patch := patches.RawRowView(k)
				for y := 0; y < size; y++ {
					dst := page[(y0+y)*width+x0 : (y0+y)*width+x0+size]
					for x, v := range patch[y*size : (y+1)*size] {
						dst[x] += v
					}
				}
				k++
			}
		}
		for i := range page {
			page[i] /= count[i]
		}
	}
	return mat.NewDense(nPages, height*width, sum), nil
}
