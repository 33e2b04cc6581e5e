package plots

import (
	"bytes"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
)

// TestSameBytes saves every picture three times in every format and
// checks that the files are identical. (Three, so that a random order of
// two things, as from a map, shows up three times in four runs.)
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	for _, pic := range pictures() {
		for _, ext := range []string{".png", ".svg", ".pdf"} {
			t.Run(pic.name+ext, func(t *testing.T) {
				saveThrice(t, filepath.Join(dir, pic.name+ext), pic.save)
			})
		}
	}
}

// saveThrice saves to path three times with save and reports an error if
// the files differ.
func saveThrice(t *testing.T, path string, save func(path string) error) {
	t.Helper()
	var saved [3][]byte
	for i := range saved {
		if err := save(path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		saved[i] = b
	}
	for i := 1; i < len(saved); i++ {
		if !bytes.Equal(saved[0], saved[i]) {
			t.Errorf("saves 1 and %d differ: %d and %d bytes", i+1, len(saved[0]), len(saved[i]))
		}
	}
}

// TestFormats checks that each extension gives its format, whatever its
// case.
func TestFormats(t *testing.T) {
	dir := t.TempDir()
	x, _ := digits(3, 1)
	for _, tc := range []struct {
		ext, magic string
	}{
		{".png", "\x89PNG\r\n"},
		{".PNG", "\x89PNG\r\n"},
		{".svg", "<?xml"},
		{".pdf", "%PDF-"},
	} {
		path := filepath.Join(dir, "x"+tc.ext)
		if err := (Grid{Images: x, Shape: digitShape, Cols: 3, Title: "Three"}).Save(path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), tc.magic) {
			t.Errorf("%s: file starts %q, want %q", tc.ext, b[:min(len(b), 8)], tc.magic)
		}
		if tc.ext == ".pdf" && !bytes.Contains(b, []byte("/CreationDate (D:20000101000000)")) {
			t.Errorf("PDF creation date is not pinned")
		}
		if tc.ext == ".svg" {
			if bytes.Contains(b, []byte("data:image/jpg")) || !bytes.Contains(b, []byte(svgImagePNG)) {
				t.Errorf("SVG images are not labelled PNG")
			}
			if !bytes.Contains(b, []byte(svgFonts)) || bytes.Contains(b, []byte(svgFont)) {
				t.Errorf("SVG text lacks the fallback fonts")
			}
		}
	}
}

// TestAtomicSave checks that saving creates missing folders, replaces an
// existing file and leaves no temporary file behind.
func TestAtomicSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "c", "x.png")
	x, _ := digits(3, 1)
	if err := (Grid{Images: x, Shape: digitShape, Cols: 3}).Save(path); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := (Grid{Images: x, Shape: digitShape, Cols: 1, Title: "Now in a column"}).Save(path); err != nil {
		t.Fatal(err)
	}
	second, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, second) {
		t.Error("the second save did not replace the file")
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "x.png" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only x.png", names)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o644 {
		t.Errorf("file mode %v, want 0644", perm)
	}

	// Writing onto a folder fails and leaves the folder alone.
	if err := (Grid{Images: x, Shape: digitShape, Cols: 3}).Save(filepath.Join(dir, "a"+string(filepath.Separator)+"b.png")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "d.png"), 0o755)
	err = (Grid{Images: x, Shape: digitShape, Cols: 3}).Save(filepath.Join(dir, "d.png"))
	if err == nil || !strings.HasPrefix(err.Error(), `plots: Grid: path "`) {
		t.Errorf("saving onto a folder: got %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestDrawPanic checks that a panic while drawing comes back as an error.
func TestDrawPanic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.png")
	err := save("Test", path, 100, 100, func(c draw.Canvas) { panic("boom") })
	if err == nil || err.Error() != "plots: Test: drawing failed: boom" {
		t.Errorf("got %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a file was written")
	}
}

func TestToWindows1252(t *testing.T) {
	if got, want := toWindows1252("run · train, 5 × 5, σ = 0.5"), "run \xb7 train, 5 \xd7 5, ? = 0.5"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFlipVertical(t *testing.T) {
	img := image.NewRGBA(image.Rect(3, 5, 5, 8)) // 2×3, not at the origin
	for y := 5; y < 8; y++ {
		for x := 3; x < 5; x++ {
			img.SetRGBA(x, y, color.RGBA{R: uint8(10 * x), G: uint8(10 * y), A: 255})
		}
	}
	got := flipVertical(img)
	if got.Bounds() != image.Rect(0, 0, 2, 3) {
		t.Fatalf("bounds %v", got.Bounds())
	}
	for y := range 3 {
		for x := range 2 {
			want := color.RGBA{R: uint8(10 * (x + 3)), G: uint8(10 * (7 - y)), A: 255}
			if c := got.RGBAAt(x, y); c != want {
				t.Errorf("(%d, %d) = %v, want %v", x, y, c, want)
			}
		}
	}
}

// paintImages draws n small images side by side, each different and of
// its own width: fpdf's catalog sort orders images by width alone, so
// images of one width still come out in map order.
func paintImages(n int) func(c draw.Canvas) {
	return func(c draw.Canvas) {
		for i := range n {
			img := image.NewGray(image.Rect(0, 0, 4+i, 4))
			for j := range img.Pix {
				img.Pix[j] = uint8(40*i + 9*j)
			}
			x := px(float64(40 * i))
			c.DrawImage(vg.Rectangle{Min: vg.Point{X: x}, Max: vg.Point{X: x + px(32), Y: px(32)}}, img)
		}
	}
}

// TestPDFSameBytes saves a figure of several images as PDF three times:
// the bytes repeat only if the document lists its images in sorted order
// (see sortCatalogs), not in map order.
func TestPDFSameBytes(t *testing.T) {
	saveThrice(t, filepath.Join(t.TempDir(), "x.pdf"), func(path string) error {
		return save("Test", path, 40*6, 40, paintImages(6))
	})
}

// TestPDFCatalogSort checks that sortCatalogs still reaches the document
// inside gonum/plot's PDF canvas, that newCanvas uses it, and that it
// changes nothing for other documents.
func TestPDFCatalogSort(t *testing.T) {
	doc := func(c *vgpdf.Canvas) *fpdf.Fpdf {
		return (*fpdf.Fpdf)(reflect.ValueOf(c).Elem().FieldByName("doc").UnsafePointer())
	}
	if !sortCatalogs(vgpdf.New(px(100), px(100))) {
		t.Fatal("sortCatalogs cannot reach the *fpdf.Fpdf of gonum/plot's vgpdf.Canvas (its field doc): " +
			"PDFs of figures with several images no longer repeat byte for byte; update sortCatalogs")
	}
	c, ok := newCanvas("pdf", 100, 100).(pdfCanvas)
	if !ok {
		t.Fatalf("newCanvas(pdf) gave a %T", newCanvas("pdf", 100, 100))
	}
	if !doc(c.Canvas).GetCatalogSort() {
		t.Error("newCanvas(pdf) does not sort its document's catalogs")
	}
	if doc(vgpdf.New(px(100), px(100))).GetCatalogSort() {
		t.Error("a canvas not made by newCanvas sorts its catalogs: the default was changed")
	}
	if err := save("Test", filepath.Join(t.TempDir(), "x.pdf"), 80, 40, paintImages(2)); err != nil {
		t.Fatal(err)
	}
	if fpdf.New("P", "mm", "A4", "").GetCatalogSort() {
		t.Error("after saving a PDF, a new fpdf document sorts its catalogs: plots changed fpdf's default")
	}
}
