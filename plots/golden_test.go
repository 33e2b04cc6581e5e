package plots

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// The golden pictures live in testdata/<name>_golden.png. After a change
// that alters the pictures on purpose, look at the new ones and then
// rewrite the goldens with gonum/plot's -regen flag:
//
//	go test ./plots -run TestGolden -regen
//
// A mismatch writes the picture that was made to testdata/failed/ for a
// look (that folder is ignored by git).

// goldenDelta is the tolerance of the comparison (cmpimg.EqualApprox): the
// largest perceptual difference allowed in any one pixel, from 0 to 1. It
// forgives differences in anti-aliasing, not a moved line or tile.
const goldenDelta = 0.05

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	for _, pic := range pictures() {
		t.Run(pic.name, func(t *testing.T) {
			path := filepath.Join(dir, pic.name+".png")
			if err := pic.save(path); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, got)

			golden := filepath.Join("testdata", pic.name+"_golden.png")
			if *cmpimg.GenerateTestData {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (write the goldens with -regen)", err)
			}
			ok, err := cmpimg.EqualApprox("png", got, want, goldenDelta)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				failed := filepath.Join("testdata", "failed", pic.name+".png")
				os.MkdirAll(filepath.Dir(failed), 0o755)
				os.WriteFile(failed, got, 0o644)
				t.Errorf("%s differs from %s (size %v, want %v); the new picture is in %s",
					pic.name, golden, pngSize(t, got), pngSize(t, want), failed)
			}
		})
	}
}

// checkContent checks that a PNG decodes, is of a sensible size for a
// projector, and is not blank: it has more than one colour and more than
// 2% of its pixels are not the white background.
func checkContent(t *testing.T, data []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 300 || b.Dy() < 150 || b.Dx() > 2000 || b.Dy() > 2000 {
		t.Errorf("picture is %d×%d pixels, want 300–2000 × 150–2000", b.Dx(), b.Dy())
	}
	colours := map[[4]uint32]bool{}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
			if r != 0xffff || g != 0xffff || bl != 0xffff {
				ink++
			}
		}
	}
	if len(colours) < 2 {
		t.Errorf("picture has %d colour", len(colours))
	}
	if share := float64(ink) / float64(b.Dx()*b.Dy()); share < 0.02 {
		t.Errorf("only %.2f%% of the picture is not background", 100*share)
	}
}

// pngSize returns the size of a PNG.
func pngSize(t *testing.T, data []byte) image.Point {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return image.Point{X: cfg.Width, Y: cfg.Height}
}
