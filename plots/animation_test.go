package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"image/gif"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// epochs returns n Grid frames of the synthetic digits fading in, titled
// "epoch 1", "epoch 2", ...: what a model's samples look like as it trains.
func epochs(n int) []Figure {
	x, _ := digits(8, 1)
	frames := make([]Figure, n)
	for e := range n {
		var faded mat.Dense
		faded.Scale(float64(e+1)/float64(n), x)
		frames[e] = Grid{Images: &faded, Shape: digitShape, Cols: 4, Title: fmt.Sprintf("epoch %d", e+1)}
	}
	return frames
}

func TestAnimation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "samples.gif")
	frames := epochs(3)
	if err := (Animation{Frames: frames, FrameSeconds: 0.25}).Save(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 3 || g.LoopCount != 0 {
		t.Fatalf("%d frames, loop count %d; want 3 frames looping forever", len(g.Image), g.LoopCount)
	}
	if got := g.Delay; got[0] != 25 || got[1] != 25 || got[2] != 200 {
		t.Errorf("delays %v (hundredths of a second), want [25 25 200]", got)
	}

	// Grey frames are lossless: each frame is the PNG rasterisation, pixel
	// for pixel.
	for i, f := range frames {
		want, err := rasterize(f)
		if err != nil {
			t.Fatal(err)
		}
		got := g.Image[i]
		if got.Bounds() != want.Bounds() {
			t.Fatalf("frame %d is %v, want %v", i, got.Bounds(), want.Bounds())
		}
		bad := 0
		for y := 0; y < want.Bounds().Dy(); y++ {
			for x := 0; x < want.Bounds().Dx(); x++ {
				r1, g1, b1, _ := got.At(x, y).RGBA()
				r2, g2, b2, _ := want.At(x, y).RGBA()
				if r1 != r2 || g1 != g2 || b1 != b2 {
					bad++
				}
			}
		}
		if bad != 0 {
			t.Errorf("frame %d: %d pixels differ from the PNG rasterisation", i, bad)
		}
	}

	// The same frames give the same bytes.
	saveThrice(t, path, Animation{Frames: frames}.Save)
}

// TestAnimationColours saves frames with more than 256 colours (latent
// maps): the GIF falls back to a fixed palette and each pixel keeps a
// colour near its own.
func TestAnimationColours(t *testing.T) {
	c2, l2 := codes(2000, 2, 7)
	var frames []Figure
	for k := 1; k <= 2; k++ {
		var pts mat.Dense
		pts.Scale(float64(k), c2)
		frames = append(frames, LatentMap{Points: &pts, Labels: l2, Title: fmt.Sprintf("step %d", k)})
	}
	path := filepath.Join(t.TempDir(), "maps.gif")
	if err := (Animation{Frames: frames}).Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := rasterize(frames[1])
	worst := 0.0
	b := want.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			c := color.RGBAModel.Convert(g.Image[1].At(x, y)).(color.RGBA)
			w := want.RGBAAt(x, y)
			dr, dg, db := float64(c.R)-float64(w.R), float64(c.G)-float64(w.G), float64(c.B)-float64(w.B)
			worst = max(worst, math.Sqrt(dr*dr+dg*dg+db*db))
		}
	}
	// No colour is farther than √3·25.5 ≈ 44.2 from the web-safe cube.
	if worst > 44.2 {
		t.Errorf("a pixel is %.1f away from its colour, want at most 44.2", worst)
	}
}

func TestAnimationErrors(t *testing.T) {
	dir := t.TempDir()
	gifPath := filepath.Join(dir, "a.gif")
	frames := epochs(2)
	for _, tc := range []struct {
		name string
		a    Animation
		path string
		want string
	}{
		{"png path", Animation{Frames: frames}, filepath.Join(dir, "a.png"), `Animation: path "` + filepath.Join(dir, "a.png") + `" has extension ".png", want .gif (an animation is a GIF)`},
		{"empty path", Animation{Frames: frames}, "", "Animation: path is empty"},
		{"no frames", Animation{}, gifPath, "Animation: Frames is empty, want at least one figure"},
		{"nil frame", Animation{Frames: []Figure{frames[0], nil}}, gifPath, "Animation: Frames[1] is nil"},
		{"bad frame", Animation{Frames: []Figure{frames[0], Grid{Shape: digitShape}}}, gifPath, "Animation: Frames[1]: Grid: Images is nil"},
		{"negative seconds", Animation{Frames: frames, FrameSeconds: -1}, gifPath, "Animation: FrameSeconds is -1, want 0 (for the default) to 60 seconds"},
		{"too many frames", Animation{Frames: make([]Figure, maxFrames+1)}, gifPath, "Animation: Frames has 1001 figures, want at most 1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Save(tc.path)
			if err == nil || !strings.HasPrefix(err.Error(), "plots: "+tc.want) {
				t.Errorf("got  %v\nwant %q", err, "plots: "+tc.want)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the folder holds %d files after the error", len(left))
			}
		})
	}
}
