package datasets

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/noise"
	"github.com/aekit/aekit/internal/shape"
)

// letterFonts are the Go fonts Letters draws with, parsed once.
var letterFonts = sync.OnceValues(func() ([]*opentype.Font, error) {
	var fonts []*opentype.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF, gomedium.TTF, gomono.TTF, gomonobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		fonts = append(fonts, f)
	}
	return fonts, nil
})

// letterAlphabet is what Letters draws from: A to Z and a to z.
const letterAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// maxLetters bounds n in Letters.
const maxLetters = 100000

// Letters returns n pictures of letters, A to Z and a to z, drawn in the Go
// fonts (regular, bold, italic, bold italic, medium, mono and mono bold)
// the way MNIST draws its digits: white strokes (1) on black (0), the
// letter scaled so that its longer side fills 20/28 of the picture's
// height, and centred by its centre of mass. Each picture has the given
// shape, which must be of one channel (pass digits.Shape for letters to
// set beside digits); letter and font are drawn at random with seed.
// Labels hold each letter's character code, so string(rune(s.Labels[i]))
// is the letter. The Set is named "letters".
//
// Some letters look like digits (l and I like 1, O and o like 0, S like 5,
// Z like 2): a model of digits can find them familiar.
func Letters(n int, sh Shape, seed int64) (*Set, error) {
	const op = "Letters"
	if n < 1 || n > maxLetters {
		return nil, fmt.Errorf("datasets: %s: n = %d, want 1 to %d", op, n, maxLetters)
	}
	if err := shape.Check(sh); err != nil {
		return nil, fmt.Errorf("datasets: %s: shape: %v", op, err)
	}
	if sh.C != 1 || sh.H < 8 || sh.W < 8 || sh.H > 512 || sh.W > 512 {
		return nil, fmt.Errorf("datasets: %s: shape is %v, want one channel of 8 to 512 pixels a side", op, sh)
	}
	fonts, err := letterFonts()
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: the Go fonts: %v", op, err)
	}
	// Draw large, then shrink: the letter's longer side becomes box pixels.
	box := float64(min(sh.H, sh.W)) * 20 / 28
	big := int(math.Ceil(box * 4))
	faces := make([]font.Face, len(fonts))
	for i, f := range fonts {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(big), DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: the Go fonts: %v", op, err)
		}
		defer face.Close()
		faces[i] = face
	}
	canvas := image.NewGray(image.Rect(0, 0, 2*big, 2*big))
	rng := noise.NewRand(seed)
	data := make([]float64, n*sh.Size())
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		r := rune(letterAlphabet[rng.IntN(len(letterAlphabet))])
		face := faces[rng.IntN(len(faces))]
		labels[i] = int(r)
		draw.Draw(canvas, canvas.Bounds(), image.Black, image.Point{}, draw.Src)
		d := &font.Drawer{Dst: canvas, Src: image.White, Face: face, Dot: fixed.P(big/2, big+big/4)}
		d.DrawString(string(r))
		placeGlyph(data[i*sh.Size():(i+1)*sh.Size()], canvas, sh, box)
	}
	return &Set{
		Images: mat.NewDense(n, sh.Size(), data),
		Labels: labels,
		Shape:  sh,
		Index:  seq(n),
		Name:   "letters",
	}, nil
}

// placeGlyph shrinks the ink of src so that its longer side is box
// pixels, averaging the source pixels each target pixel covers, and writes
// it into dst (sh.H×sh.W, zero on entry) centred by its centre of mass.
func placeGlyph(dst []float64, src *image.Gray, sh Shape, box float64) {
	b := src.Bounds()
	x0, y0, x1, y1 := b.Max.X, b.Max.Y, b.Min.X, b.Min.Y
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if src.Pix[y*src.Stride+x] > 0 {
				x0, y0 = min(x0, x), min(y0, y)
				x1, y1 = max(x1, x+1), max(y1, y+1)
			}
		}
	}
	if x1 <= x0 || y1 <= y0 {
		return
	}
	scale := box / float64(max(x1-x0, y1-y0)) // target pixels per source pixel
	tw := max(1, int(math.Ceil(float64(x1-x0)*scale)))
	th := max(1, int(math.Ceil(float64(y1-y0)*scale)))
	small := make([]float64, tw*th)
	// Each target pixel averages the source pixels whose centres fall in it.
	counts := make([]float64, tw*th)
	for y := y0; y < y1; y++ {
		ty := min(th-1, int(float64(y-y0)*scale))
		for x := x0; x < x1; x++ {
			tx := min(tw-1, int(float64(x-x0)*scale))
			small[ty*tw+tx] += float64(src.Pix[y*src.Stride+x]) / 255
			counts[ty*tw+tx]++
		}
	}
	mass, my, mx := 0.0, 0.0, 0.0
	for k, v := range small {
		if counts[k] > 0 {
			v /= counts[k]
		}
		small[k] = v
		mass += v
		my += v * float64(k/tw)
		mx += v * float64(k%tw)
	}
	if mass == 0 {
		return
	}
	// Put the centre of mass on the picture's centre.
	oy := int(math.Round(float64(sh.H)/2 - 0.5 - my/mass))
	ox := int(math.Round(float64(sh.W)/2 - 0.5 - mx/mass))
	for ty := 0; ty < th; ty++ {
		for tx := 0; tx < tw; tx++ {
			y, x := oy+ty, ox+tx
			if y >= 0 && y < sh.H && x >= 0 && x < sh.W {
				dst[y*sh.W+x] = small[ty*tw+tx]
			}
		}
	}
}
