// Package pngcheck tells the tests whether a picture the kit saved is a real
// picture: a PNG that decodes and is not blank.
package pngcheck

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
)

// NonBlank returns nil if path holds a PNG that decodes and has more than one
// colour, and otherwise an error naming the file and what is wrong.
func NonBlank(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	if !ManyColours(img) {
		return fmt.Errorf("%s is blank: one colour", filepath.Base(path))
	}
	return nil
}

// ManyColours reports whether img has more than one colour.
func ManyColours(img image.Image) bool {
	b := img.Bounds()
	if b.Empty() {
		return false
	}
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 || a != a0 {
				return true
			}
		}
	}
	return false
}
