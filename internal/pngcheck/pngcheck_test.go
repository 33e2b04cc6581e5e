package pngcheck

import (
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNonBlank(t *testing.T) {
	dir := t.TempDir()
	save := func(name string, img image.Image) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		return p
	}
	blank := image.NewGray(image.Rect(0, 0, 3, 2))
	if err := NonBlank(save("blank.png", blank)); err == nil || !strings.Contains(err.Error(), "blank.png is blank") {
		t.Errorf("a one-colour picture gave %v", err)
	}
	dot := image.NewGray(image.Rect(0, 0, 3, 2))
	dot.SetGray(2, 1, color.Gray{Y: 200})
	if err := NonBlank(save("dot.png", dot)); err != nil {
		t.Errorf("a picture with a dot gave %v", err)
	}
	notPNG := filepath.Join(dir, "text.png")
	os.WriteFile(notPNG, []byte("hello"), 0o644)
	if err := NonBlank(notPNG); err == nil {
		t.Error("a text file passed as a PNG")
	}
	if err := NonBlank(filepath.Join(dir, "missing.png")); err == nil {
		t.Error("a missing file passed")
	}
	if ManyColours(image.NewGray(image.Rectangle{})) {
		t.Error("an empty image has many colours")
	}
}

func TestNonBlankGIF(t *testing.T) {
	dir := t.TempDir()
	pal := color.Palette{color.Black, color.White}
	frame := func(dot bool) *image.Paletted {
		p := image.NewPaletted(image.Rect(0, 0, 3, 2), pal)
		if dot {
			p.SetColorIndex(1, 1, 1)
		}
		return p
	}
	save := func(name string, frames ...*image.Paletted) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := gif.EncodeAll(f, &gif.GIF{Image: frames, Delay: make([]int, len(frames))}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := NonBlank(save("good.gif", frame(true), frame(true))); err != nil {
		t.Errorf("a GIF with a dot in each frame gave %v", err)
	}
	if err := NonBlank(save("blank.gif", frame(true), frame(false))); err == nil || !strings.Contains(err.Error(), "frame 2 of 2 is blank") {
		t.Errorf("a GIF with a blank frame gave %v", err)
	}
	png := save("gif.png", frame(true))
	if err := NonBlank(png); err == nil {
		t.Error("a GIF named .png passed as a PNG")
	}
}
