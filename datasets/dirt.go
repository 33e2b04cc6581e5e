package datasets

import (
	"math"

	"github.com/aekit/aekit/internal/noise"
)

// maxStains and maxBlur bound Dirt.Stains and Dirt.Blur, so that a typo
// cannot ask for hours of work: the work grows with both.
const (
	maxStains = 1000
	maxBlur   = 20
)

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
// a denoising autoencoder learns from. An image of several channels is
// blurred channel by channel, and a stain darkens every channel at the
// same place. The same seed gives the same dirt; pages is not changed.
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
	c, h, w := pages.Shape.C, pages.Shape.H, pages.Shape.W
	kernel := gaussianKernel(dirt.Blur)
	tmp := make([]float64, h*w)
	rng := noise.NewRand(seed)
	for i := 0; i < out.Len(); i++ {
		page := out.Images.RawRowView(i)
		if len(kernel) > 1 {
			for ch := 0; ch < c; ch++ {
				blur(page[ch*h*w:(ch+1)*h*w], tmp, h, w, kernel)
			}
		}
		for s := 0; s < dirt.Stains; s++ {
			side := float64(min(h, w))
			cy, cx := rng.Float64()*float64(h), rng.Float64()*float64(w)
			r := side * (0.15 + 0.3*rng.Float64())
			dark := 0.15 + 0.3*rng.Float64()
			for ch := 0; ch < c; ch++ {
				stain(page[ch*h*w:(ch+1)*h*w], h, w, cy, cx, r, dark)
			}
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
