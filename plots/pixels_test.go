package plots

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// decodePNG reads a PNG file.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// greyLevels returns the positions of the pixels of each exact grey level
// in img, skipping white.
func greyLevels(img image.Image) map[uint8][]image.Point {
	levels := map[uint8][]image.Point{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c.R == c.G && c.G == c.B && c.R != 255 {
				levels[c.R] = append(levels[c.R], image.Point{X: x, Y: y})
			}
		}
	}
	return levels
}

// TestImagesPixels checks that every data pixel becomes one square block
// of device pixels of exactly its grey, with 0 black and 1 white, and that
// values outside [0, 1] are clamped.
func TestImagesPixels(t *testing.T) {
	// Two 4×3 images whose 24 pixels have distinct greys 10, 20, ..., 240.
	x := mat.NewDense(2, 12, nil)
	for k := range 24 {
		x.Set(k/12, k%12, float64(10*(k+1))/255)
	}
	path := filepath.Join(t.TempDir(), "x.png")
	if err := (Grid{Images: x, Shape: Shape{C: 1, H: 4, W: 3}, Cols: 2}).Save(path); err != nil {
		t.Fatal(err)
	}
	levels := greyLevels(decodePNG(t, path))
	if len(levels) != 24 {
		t.Fatalf("found %d grey levels, want 24", len(levels))
	}
	var s int
	for k := range 24 {
		pts := levels[uint8(10*(k+1))]
		if s == 0 {
			s = int(math.Sqrt(float64(len(pts))))
		}
		if len(pts) != s*s || s < 2 {
			t.Fatalf("grey %d covers %d pixels, want %d (a square block of at least 2×2)", 10*(k+1), len(pts), s*s)
		}
		// A block: all pixels within an s×s square from the first.
		p0 := pts[0]
		for _, p := range pts {
			if p.X < p0.X || p.X >= p0.X+s || p.Y < p0.Y || p.Y >= p0.Y+s {
				t.Fatalf("grey %d is not one %d×%d block: %v and %v", 10*(k+1), s, s, p0, p)
			}
		}
		// Pixels in row-major order: the next one along a row is s
		// pixels to the right.
		if k%3 != 2 {
			if q := levels[uint8(10*(k+2))][0]; q.X != p0.X+s || q.Y != p0.Y {
				t.Errorf("pixel %d at %v, the next at %v; want it %d pixels right", k, p0, q, s)
			}
		}
	}

	// Clamping: −1 draws as black, 2 as white (invisible on the page).
	x = mat.NewDense(1, 4, []float64{-1, 2, 0.5, 1})
	if err := (Grid{Images: x, Shape: Shape{C: 1, H: 2, W: 2}, Cols: 1}).Save(path); err != nil {
		t.Fatal(err)
	}
	levels = greyLevels(decodePNG(t, path))
	if len(levels[0]) == 0 || len(levels[0]) != len(levels[128]) {
		t.Errorf("−1 gave %d black pixels, 0.5 gave %d at grey 128; want equal blocks", len(levels[0]), len(levels[128]))
	}
}

// TestManifoldOrientation checks that row i·n+j of decoded is drawn in
// column j and row i from the bottom, pixel for pixel.
func TestManifoldOrientation(t *testing.T) {
	const n, h, w = 2, 28, 28
	// Tile i·n+j is a flat grey: 40, 80, 120, 160.
	decoded := mat.NewDense(n*n, h*w, nil)
	for k := range n * n {
		for p := range h * w {
			decoded.Set(k, p, float64(40*(k+1))/255)
		}
	}
	path := filepath.Join(t.TempDir(), "m.png")
	grid := LatentGrid{Size: n, XMin: -1, XMax: 1, YMin: 10, YMax: 30}
	if err := (Manifold{Grid: grid, Images: decoded, Shape: Shape{C: 1, H: h, W: w}, Title: "Orientation"}).Save(path); err != nil {
		t.Fatal(err)
	}
	levels := greyLevels(decodePNG(t, path))
	// Each tile is the box of the rows and columns that hold many pixels
	// of its grey (text anti-aliasing adds a few stray ones elsewhere),
	// and the box must be all of that grey.
	box := func(k int) image.Rectangle {
		pts := levels[uint8(40*(k+1))]
		rows, cols := map[int]int{}, map[int]int{}
		for _, p := range pts {
			rows[p.Y]++
			cols[p.X]++
		}
		r := image.Rectangle{Min: image.Point{X: math.MaxInt, Y: math.MaxInt}}
		for x, c := range cols {
			if c > h {
				r.Min.X, r.Max.X = min(r.Min.X, x), max(r.Max.X, x+1)
			}
		}
		for y, c := range rows {
			if c > h {
				r.Min.Y, r.Max.Y = min(r.Min.Y, y), max(r.Max.Y, y+1)
			}
		}
		inside := 0
		for _, p := range pts {
			if p.In(r) {
				inside++
			}
		}
		if inside != r.Dx()*r.Dy() {
			t.Errorf("tile %d: box %v holds %d pixels of its grey, want all %d", k, r, inside, r.Dx()*r.Dy())
		}
		return r
	}
	b00, b01, b10, b11 := box(0), box(1), box(2), box(3)
	side := b00.Dx()
	if side < h || side%h != 0 || b00.Dy() != side {
		t.Fatalf("tile (0,0) is %v, want a square of a multiple of %d pixels", b00, h)
	}
	for _, tc := range []struct {
		name string
		got  image.Rectangle
		want image.Rectangle
	}{
		{"(0,1), right of (0,0)", b01, b00.Add(image.Point{X: side})},
		{"(1,0), above (0,0)", b10, b00.Add(image.Point{Y: -side})},
		{"(1,1), above (0,1)", b11, b00.Add(image.Point{X: side, Y: -side})},
	} {
		if tc.got != tc.want {
			t.Errorf("tile %s is at %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestLatentGridCodes(t *testing.T) {
	codes, err := LatentGrid{Size: 3, XMin: -1, XMax: 1, YMin: 10, YMax: 20}.Codes()
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewDense(9, 2, []float64{
		-1, 10, 0, 10, 1, 10,
		-1, 15, 0, 15, 1, 15,
		-1, 20, 0, 20, 1, 20,
	})
	if !mat.Equal(codes, want) {
		t.Errorf("LatentGrid{3, -1, 1, 10, 20}.Codes() =\n%v\nwant\n%v", mat.Formatted(codes), mat.Formatted(want))
	}
	codes, _ = LatentGrid{Size: 7, XMin: -3, XMax: 3, YMin: -0.1, YMax: 0.7}.Codes()
	if got := codes.At(48, 0); got != 3 {
		t.Errorf("last code x = %v, want exactly 3", got)
	}
	if got := codes.At(48, 1); got != 0.7 {
		t.Errorf("last code y = %v, want exactly 0.7", got)
	}
}

// TestColourPixels checks that an image of three channels is drawn in
// colour, channels first: red plane, then green, then blue.
func TestColourPixels(t *testing.T) {
	// One 1×2 image: the left pixel (200, 40, 100), the right (0, 255, 30).
	x := mat.NewDense(1, 6, []float64{200.0 / 255, 0, 40.0 / 255, 1, 100.0 / 255, 30.0 / 255})
	path := filepath.Join(t.TempDir(), "c.png")
	if err := (Grid{Images: x, Shape: Shape{C: 3, H: 1, W: 2}}).Save(path); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, path)
	count := map[[3]uint8]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			count[[3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}]++
		}
	}
	left, right := count[[3]uint8{200, 40, 100}], count[[3]uint8{0, 255, 30}]
	if left < 4 || left != right {
		t.Errorf("left pixel's colour covers %d device pixels, right's %d; want equal blocks of at least 2×2", left, right)
	}
}

// TestProject checks the test's own projection, which makes the latent
// map goldens: almost all variance on PC 1, signs fixed.
func TestProject(t *testing.T) {
	// Points on a line along (1, 2, 2)/3 in 3-D, plus a little spread
	// along (0, 1, −1).
	x := mat.NewDense(5, 3, nil)
	for i := range 5 {
		a, b := float64(i-2), 0.01*float64(i%2)
		x.SetRow(i, []float64{a, 2*a + b, 2*a - b})
	}
	xy, share := project(x)
	if share[0] < 0.99 || share[0]+share[1] > 1+1e-9 {
		t.Errorf("variance shares %v, want PC 1 above 0.99", share)
	}
	if !(xy.At(0, 0) < xy.At(4, 0)) || math.Abs(xy.At(4, 0)-6) > 1e-3 {
		t.Errorf("PC 1 coordinates %v, want increasing to about 6", mat.Col(nil, 0, xy))
	}
}

func TestTicks(t *testing.T) {
	labels := func(ts plot.Ticker, lo, hi float64) []string {
		var out []string
		for _, tk := range ts.Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		ticker plot.Ticker
		lo, hi float64
		want   []string
	}{
		{"epochs 1..50", countTicks{}, 1, 50, []string{"1", "5", "10", "15", "20", "25", "30", "35", "40", "45", "50"}},
		{"epochs 1..8", countTicks{}, 1, 8, []string{"1", "2", "3", "4", "5", "6", "7", "8"}},
		{"epochs 0..2", countTicks{}, 0, 2, []string{"1", "2"}},
		{"log 3 decades", logTicks{}, 0.001, 1, []string{"0.001", "0.01", "0.1", "1"}},
		{"log 2 decades", logTicks{}, 0.01, 0.5, []string{"0.01", "0.02", "0.05", "0.1", "0.2", "0.5"}},
		{"log narrow", logTicks{}, 0.08, 0.3, []string{"0.10", "0.15", "0.20", "0.25", "0.30"}},
		{"linear", linearTicks{}, -12.7, 9.1, []string{"-10", "-5", "0", "5"}},
		{"linear 2.5", linearTicks{}, -7, 7, []string{"-5.0", "-2.5", "0.0", "2.5", "5.0"}},
		{"linear unit", linearTicks{}, 0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{"linear small", linearTicks{}, 0, 0.05, []string{"0.00", "0.01", "0.02", "0.03", "0.04", "0.05"}},
	} {
		if got := labels(tc.ticker, tc.lo, tc.hi); !equalStrings(got, tc.want) {
			t.Errorf("%s: labels %q, want %q", tc.name, got, tc.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestGridStretch checks that Stretch draws each image from its own
// smallest value (black) to its largest (white).
func TestGridStretch(t *testing.T) {
	// Two 1×3 images: (5, 7, 9), which stretches to black, grey and
	// white (the page's colour, which greyLevels skips), and (-2, -2, -2).
	x := mat.NewDense(2, 3, []float64{5, 7, 9, -2, -2, -2})
	path := filepath.Join(t.TempDir(), "s.png")
	if err := (Grid{Images: x, Shape: Shape{C: 1, H: 1, W: 3}, Stretch: true}).Save(path); err != nil {
		t.Fatal(err)
	}
	levels := greyLevels(decodePNG(t, path))
	black, grey := len(levels[0]), len(levels[128])
	if black == 0 || grey != 4*black || len(levels) != 2 {
		t.Errorf("black %d, grey %d device pixels in %d levels: want one black cell and four grey ones (the middle cell and the constant image)", black, grey, len(levels))
	}
}
