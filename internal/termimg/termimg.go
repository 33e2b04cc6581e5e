// Package termimg previews an image in a terminal with Unicode upper-half
// blocks: each character cell shows two pixels, the upper one in the
// foreground colour of "▀" and the lower one in the background colour, so
// that a cell holds a square pair of pixels.
//
// The REPL uses it to show a plot it has just saved, right below the cell
// that made it.
package termimg

import (
	"bufio"
	"fmt"
	"image"
	_ "image/png" // RenderFile decodes PNG files.
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// Mode is how many colours the terminal can show.
type Mode int

const (
	// None draws nothing: the output is not a terminal, or colour is
	// turned off.
	None Mode = iota

	// Color256 uses the xterm 256-colour palette: its 6×6×6 colour cube
	// and its 24 greys.
	Color256

	// TrueColor uses 24-bit colour escapes.
	TrueColor
)

// String returns the name of the mode.
func (m Mode) String() string {
	switch m {
	case None:
		return "None"
	case Color256:
		return "Color256"
	case TrueColor:
		return "TrueColor"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// DetectMode returns the mode to draw to f with: None if f is nil or not
// a terminal, or if the NO_COLOR environment variable is set and not
// empty (https://no-color.org: a preview is nothing but colour), or if
// TERM is "dumb"; TrueColor if COLORTERM is "truecolor" or "24bit";
// Color256 otherwise.
func DetectMode(f *os.File) Mode {
	if f == nil || !term.IsTerminal(int(f.Fd())) {
		return None
	}
	return modeFromEnv(os.Getenv)
}

// modeFromEnv picks the mode of a terminal from its environment.
func modeFromEnv(getenv func(string) string) Mode {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return None
	}
	switch getenv("COLORTERM") {
	case "truecolor", "24bit":
		return TrueColor
	}
	return Color256
}

// Render draws img on w, cols characters wide and as many lines as keep
// its aspect ratio (each character shows two square pixels, one above the
// other), each line ending in a colour reset and a newline. Shrinking
// averages the pixels that fall in a cell; enlarging repeats them.
// Transparent parts are drawn over black. Mode None writes nothing.
func Render(w io.Writer, img image.Image, cols int, mode Mode) error {
	if mode == None {
		return nil
	}
	if mode != Color256 && mode != TrueColor {
		return fmt.Errorf("termimg: Render: unknown mode %d", int(mode))
	}
	if img == nil {
		return fmt.Errorf("termimg: Render: img is nil")
	}
	b := img.Bounds()
	if b.Empty() {
		return fmt.Errorf("termimg: Render: img is empty (%d×%d pixels)", b.Dx(), b.Dy())
	}
	if cols <= 0 {
		return fmt.Errorf("termimg: Render: cols is %d, want at least 1", cols)
	}
	// Cells are square: rows of pixels in proportion to the columns.
	rows := max(1, (cols*b.Dy()+b.Dx()/2)/b.Dx())
	px := resample(img, cols, rows)

	bw := bufio.NewWriter(w)
	for y := 0; y < rows; y += 2 {
		var fg, bg rgb
		haveFG, haveBG := false, false
		for x := range cols {
			up := px[y*cols+x]
			if !haveFG || up != fg {
				writeColor(bw, mode, 38, up)
				fg, haveFG = up, true
			}
			if y+1 < rows {
				down := px[(y+1)*cols+x]
				if !haveBG || down != bg {
					writeColor(bw, mode, 48, down)
					bg, haveBG = down, true
				}
			}
			bw.WriteString("▀")
		}
		bw.WriteString("\x1b[0m\n")
	}
	return bw.Flush()
}

// RenderFile decodes the PNG file at path and draws it on w as Render
// does. Mode None writes nothing and does not read the file.
func RenderFile(w io.Writer, path string, cols int, mode Mode) error {
	if mode == None {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("termimg: RenderFile: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("termimg: RenderFile: %s: %w", path, err)
	}
	if err := Render(w, img, cols, mode); err != nil {
		return fmt.Errorf("termimg: RenderFile: %s: %w", path, err)
	}
	return nil
}

// rgb is an opaque 8-bit colour.
type rgb struct{ r, g, b uint8 }

// resample returns img as cols×rows colours, row by row: each the mean
// of the pixels in its part of img (of at most 8×8 of them, evenly spread,
// so that a huge image costs no more than a small one), or the nearest
// pixel when enlarging.
func resample(img image.Image, cols, rows int) []rgb {
	b := img.Bounds()
	out := make([]rgb, cols*rows)
	for y := range rows {
		ys := samples(b.Min.Y, b.Dy(), y, rows)
		for x := range cols {
			xs := samples(b.Min.X, b.Dx(), x, cols)
			var r, g, bl, n uint64
			for _, sy := range ys {
				for _, sx := range xs {
					// Premultiplied: transparent pixels count as black.
					cr, cg, cb, _ := img.At(sx, sy).RGBA()
					r, g, bl = r+uint64(cr), g+uint64(cg), bl+uint64(cb)
					n++
				}
			}
			out[y*cols+x] = rgb{to8(r, n), to8(g, n), to8(bl, n)}
		}
	}
	return out
}

// samples returns the coordinates to sample for cell i of n cells
// spread over size pixels from min: all the pixels of the cell, or 8
// evenly spread ones if it has more, or the one it falls in if it has
// none.
func samples(min, size, i, n int) []int {
	lo := i * size / n
	hi := max(lo+1, (i+1)*size/n)
	k := hi - lo
	if k <= 8 {
		out := make([]int, k)
		for j := range out {
			out[j] = min + lo + j
		}
		return out
	}
	out := make([]int, 8)
	for j := range out {
		out[j] = min + lo + (2*j+1)*k/16
	}
	return out
}

// to8 returns the 8-bit value nearest to the mean sum/n of 16-bit values,
// rounding halves up.
func to8(sum, n uint64) uint8 {
	return uint8((2*255*sum + n*0xffff) / (2 * n * 0xffff))
}

// writeColor writes the escape that sets the foreground (layer 38) or
// background (layer 48) colour to c.
func writeColor(w *bufio.Writer, mode Mode, layer int, c rgb) {
	w.WriteString("\x1b[")
	w.WriteString(strconv.Itoa(layer))
	if mode == TrueColor {
		fmt.Fprintf(w, ";2;%d;%d;%dm", c.r, c.g, c.b)
		return
	}
	fmt.Fprintf(w, ";5;%dm", xterm256(c))
}

// cubeLevels are the six intensities of the xterm colour cube.
var cubeLevels = [6]int{0, 95, 135, 175, 215, 255}

// xterm256 returns the xterm palette index nearest to c: one of the
// colour cube (16–231) or of the grey ramp (232–255).
func xterm256(c rgb) int {
	nearest := func(v uint8) int {
		best := 0
		for i, l := range cubeLevels {
			if abs(int(v)-l) < abs(int(v)-cubeLevels[best]) {
				best = i
			}
		}
		return best
	}
	ri, gi, bi := nearest(c.r), nearest(c.g), nearest(c.b)
	cube := 16 + 36*ri + 6*gi + bi
	cubeDist := dist2(c, cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])

	// Greys: 8, 18, ..., 238.
	mean := (int(c.r) + int(c.g) + int(c.b)) / 3
	k := min(23, max(0, (mean-8+5)/10))
	g := 8 + 10*k
	if dist2(c, g, g, g) < cubeDist {
		return 232 + k
	}
	return cube
}

func dist2(c rgb, r, g, b int) int {
	dr, dg, db := int(c.r)-r, int(c.g)-g, int(c.b)-b
	return dr*dr + dg*dg + db*db
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
