// Package pngcheck tells the tests whether a picture the kit saved is a real
// picture: a PNG (or an animated GIF) that decodes and is not blank.
package pngcheck

import (
	"fmt"
	"image"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
)

// NonBlank returns nil if path holds a PNG that decodes and has more than one
// colour, or a GIF (a path ending in .gif: an animation) whose every frame
// does, and otherwise an error naming the file and what is wrong.
func NonBlank(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".gif") {
		anim, err := gif.DecodeAll(f)
		if err != nil {
			return fmt.Errorf("%s: %v", filepath.Base(path), err)
		}
		for i, frame := range anim.Image {
			if !ManyColours(frame) {
				return fmt.Errorf("%s: frame %d of %d is blank: one colour", filepath.Base(path), i+1, len(anim.Image))
			}
		}
		return nil
	}
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
