package datasets

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzReadIDX feeds ReadIDX arbitrary images and labels files: it must
// never panic, every error must name its file, and a Set it returns must
// be consistent. An empty labels input stands for no labels file.
//
//	go test -fuzz FuzzReadIDX -fuzztime 60s ./datasets
func FuzzReadIDX(f *testing.F) {
	f.Add(idxImages(3, 2, 2), idxLabels(3))
	f.Add(gz(idxImages(3, 2, 2)), gz(idxLabels(3)))
	f.Add(idxImages(1, 1, 1), []byte{})
	f.Add(gz(idxImages(2, 3, 1)), idxLabels(2))
	f.Add(cat(gz(idxImages(2, 2, 2)[:9]), gz(idxImages(2, 2, 2)[9:])), []byte{})
	for _, tc := range malformed {
		f.Add(tc.img, tc.lbl)
	}
	f.Fuzz(func(t *testing.T, img, lbl []byte) {
		var lr io.Reader
		if len(lbl) > 0 {
			lr = bytes.NewReader(lbl)
		}
		s, err := ReadIDX("f", bytes.NewReader(img), lr)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "datasets: f images") && !strings.HasPrefix(msg, "datasets: f labels") {
				t.Fatalf("error does not name its file: %q", msg)
			}
			return
		}
		if err := s.check("fuzz"); err != nil {
			t.Fatalf("inconsistent Set: %v", err)
		}
		r, c := s.Images.Dims()
		if r < 1 || c != s.Shape.Size() || s.Shape.C != 1 {
			t.Fatalf("Images %d×%d for images of %v", r, c, s.Shape)
		}
		if (lr == nil) != (s.Labels == nil) {
			t.Fatalf("labels input %d bytes, Labels %v", len(lbl), s.Labels)
		}
		for _, v := range s.Images.RawMatrix().Data {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("pixel %v outside [0, 1]", v)
			}
		}
		for _, l := range s.Labels {
			if l < 0 || l > 255 {
				t.Fatalf("label %d outside 0-255", l)
			}
		}
		// A raw images file is read whole: its size is fixed by the header.
		if len(img) >= 2 && img[0] != 0x1f && len(img) != 16+r*c {
			t.Fatalf("raw file of %d bytes gave %d images of %d pixels", len(img), r, c)
		}
	})
}
