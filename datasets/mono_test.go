package datasets

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// proverbs are lines of every kind of printable character.
var proverbs = []string{
	"Don't communicate by sharing memory,",
	"share memory by communicating.",
	"",
	"interface{} says nothing. [x] (y) <z>",
	"0123456789 !\"#$%&'*+-/:;=?@\\^_`|~",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"abcdefghijklmnopqrstuvwxyz",
	"Errors are values.   ",
}

func TestRenderMono(t *testing.T) {
	pages, texts, err := RenderMono(proverbs, 64, 336, 13)
	if err != nil {
		t.Fatal(err)
	}
	// At 13 pixels a cell is 16×8 with a margin of 4: 3 lines of 41 characters.
	if pages.Len() != 3 || len(texts) != 3 || pages.Shape != (Shape{C: 1, H: 64, W: 336}) || pages.Name != "mono" {
		t.Fatalf("got %v and %d texts, want 3 pages of 64×336", pages, len(texts))
	}
	want := []string{
		"Don't communicate by sharing memory,\nshare memory by communicating.",
		"interface{} says nothing. [x] (y) <z>\n0123456789 !\"#$%&'*+-/:;=?@\\^_`|~\nABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"abcdefghijklmnopqrstuvwxyz\nErrors are values.",
	}
	for p := range want {
		if texts[p] != want[p] {
			t.Errorf("texts[%d] = %q, want %q", p, texts[p], want[p])
		}
	}
	for p := 0; p < pages.Len(); p++ {
		for _, v := range pages.Images.RawRowView(p) {
			if v < 0 || v > 1 {
				t.Fatalf("page %d: value %v outside [0, 1]", p, v)
			}
		}
	}
	again, _, _ := RenderMono(proverbs, 64, 336, 13)
	if !mat.Equal(pages.Images, again.Images) {
		t.Error("the same lines gave other pixels")
	}
}

func TestRenderMonoErrors(t *testing.T) {
	for _, c := range []struct {
		lines []string
		h, w  int
		size  float64
		want  string
	}{
		{nil, 64, 300, 13, "lines is empty"},
		{[]string{"a"}, 0, 300, 13, "page is 0×300 pixels"},
		{[]string{"a"}, 64, 300, math.NaN(), "fontSize = NaN"},
		{[]string{"a"}, 10, 300, 13, "holds no 16×8-pixel character cell"},
		{[]string{"ok", "naïve"}, 64, 300, 13, "lines[1] has 'ï' at character 2; RenderMono sets printable ASCII only"},
		{[]string{"tab\there"}, 64, 300, 13, "lines[0] has '\\t' at character 3"},
		{[]string{strings.Repeat("x", 42)}, 64, 336, 13, "has 42 characters, a page of width 336 holds 41"},
	} {
		_, _, err := RenderMono(c.lines, c.h, c.w, c.size)
		if err == nil || !strings.HasPrefix(err.Error(), "datasets: RenderMono: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("RenderMono(%q) = %v, want an error with %q", c.lines, err, c.want)
		}
	}
}

// TestOCRReadsCleanPages reads clean pages perfectly at several sizes.
func TestOCRReadsCleanPages(t *testing.T) {
	for _, size := range []float64{10, 13, 16, 24} {
		pages, texts, err := RenderMono(proverbs, 120, 600, size)
		if err != nil {
			t.Fatal(err)
		}
		ocr, err := NewOCR(size)
		if err != nil {
			t.Fatal(err)
		}
		read, err := ocr.Read(pages)
		if err != nil {
			t.Fatal(err)
		}
		acc, err := CharAccuracy(read, texts)
		if err != nil || acc != 1 {
			t.Errorf("size %v: clean pages read with accuracy %v, %v; want 1\nread %q\nwant %q", size, acc, err, read, texts)
		}
		cells, r, tr, err := ocr.Misread(pages, texts)
		if err != nil || cells.Len() != 0 || r != "" || tr != "" {
			t.Errorf("size %v: Misread of clean pages: %v %q %q %v", size, cells, r, tr, err)
		}
	}
}

// TestOCRDirtyPagesReadWorse soils the pages: the OCR misreads, and
// Misread finds the cells it got wrong.
func TestOCRDirtyPagesReadWorse(t *testing.T) {
	pages, texts, err := RenderMono(proverbs, 64, 336, 13)
	if err != nil {
		t.Fatal(err)
	}
	ocr, _ := NewOCR(13)
	light, _ := CharAccuracy(mustRead(t, ocr, mustDirty(t, pages, Dirt{Blur: 0.7, Stains: 3, Noise: 0.1}, 1)), texts)
	heavy, _ := CharAccuracy(mustRead(t, ocr, mustDirty(t, pages, Dirt{Blur: 1, Stains: 3, Noise: 0.2}, 1)), texts)
	t.Logf("character accuracy: clean 1, light dirt %.3f, heavy dirt %.3f", light, heavy)
	if !(light < 0.99 && heavy < 0.7 && heavy < light) {
		t.Errorf("dirty pages read with accuracy %.3f (light) and %.3f (heavy): want clearly below 1, and heavy below light", light, heavy)
	}
	dirty := mustDirty(t, pages, Dirt{Blur: 1, Stains: 3, Noise: 0.2}, 1)
	cells, read, truth, err := ocr.Misread(dirty, texts)
	if err != nil {
		t.Fatal(err)
	}
	if cells.Len() == 0 || len(read) != cells.Len() || len(truth) != cells.Len() || cells.Shape != ocr.Shape() {
		t.Fatalf("Misread: %v, %d read, %d true characters", cells, len(read), len(truth))
	}
	for k := range read {
		if read[k] == truth[k] {
			t.Fatalf("misread cell %d reads %q, as it should", k, read[k])
		}
	}
	for k, cell := range cells.Index {
		if cell < 0 || cell >= 3*3*41 {
			t.Fatalf("misread %d: cell %d outside 3 pages of 3×41 cells", k, cell)
		}
	}
}

func mustDirty(t *testing.T, pages *Set, d Dirt, seed int64) *Set {
	t.Helper()
	out, err := Dirty(pages, d, seed)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustRead(t *testing.T, o *OCR, pages *Set) []string {
	t.Helper()
	read, err := o.Read(pages)
	if err != nil {
		t.Fatal(err)
	}
	return read
}

func TestOCRGlyphs(t *testing.T) {
	ocr, err := NewOCR(13)
	if err != nil {
		t.Fatal(err)
	}
	if ocr.Shape() != (Shape{C: 1, H: 16, W: 8}) {
		t.Errorf("Shape() = %v, want 16×8", ocr.Shape())
	}
	g, err := ocr.Glyphs("i l")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := g.Dims(); r != 3 || c != 128 {
		t.Fatalf("Glyphs is %d×%d, want 3×128", r, c)
	}
	for _, v := range g.RawRowView(1) {
		if v != 1 {
			t.Fatalf("the space's glyph has ink: %v", v)
		}
	}
	if mat.Equal(g.Slice(0, 1, 0, 128), g.Slice(2, 3, 0, 128)) {
		t.Error("i and l have the same glyph")
	}
	if _, err := ocr.Glyphs("é"); err == nil || !strings.Contains(err.Error(), "datasets: OCR.Glyphs: s has 'é' at character 0") {
		t.Errorf("Glyphs(é): %v", err)
	}
	if !strings.HasPrefix(ocr.String(), "datasets.OCR: Go Mono at 13 pixels, cells of 16×8, 95 characters") {
		t.Errorf("String() = %q", ocr.String())
	}
}

func TestOCRErrors(t *testing.T) {
	ocr, _ := NewOCR(13)
	pages, texts, _ := RenderMono(proverbs[:2], 64, 336, 13)
	colour := &Set{Images: mat.NewDense(1, 3*64*336, nil), Shape: Shape{C: 3, H: 64, W: 336}}
	small := &Set{Images: mat.NewDense(1, 10*336, nil), Shape: Shape{C: 1, H: 10, W: 336}}
	nan := &Set{Images: mat.DenseCopyOf(pages.Images), Shape: pages.Shape}
	nan.Images.Set(0, 5, math.NaN())
	for _, c := range []struct {
		pages *Set
		want  string
	}{
		{nil, "OCR.Read: nil Set"},
		{colour, "pages have 3 channels, want 1"},
		{small, "holds no 16×8 cell"},
		{nan, "image 0, pixel 5 is NaN"},
	} {
		if _, err := ocr.Read(c.pages); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read: %v, want an error with %q", err, c.want)
		}
	}
	if _, _, _, err := ocr.Misread(pages, nil); err == nil || !strings.Contains(err.Error(), "0 texts for 1 pages") {
		t.Errorf("Misread without texts: %v", err)
	}
	long := []string{texts[0] + "\nx\ny"}
	if _, _, _, err := ocr.Misread(pages, long); err == nil || !strings.Contains(err.Error(), "texts[0] has 4 lines, a page holds 3") {
		t.Errorf("Misread with 4 lines: %v", err)
	}
	if _, err := NewOCR(2); err == nil || !strings.Contains(err.Error(), "datasets: NewOCR: fontSize = 2") {
		t.Errorf("NewOCR(2): %v", err)
	}
}

func TestCharAccuracy(t *testing.T) {
	for _, c := range []struct {
		read, truth []string
		want        float64
	}{
		{[]string{"abc"}, []string{"abc"}, 1},
		{[]string{"abd"}, []string{"abc"}, 2.0 / 3},
		{[]string{"ab"}, []string{"abc"}, 2.0 / 3},            // a deletion
		{[]string{"xabc"}, []string{"abc"}, 2.0 / 3},          // an insertion
		{[]string{"ab\nc", "x"}, []string{"ab\nd", "x"}, 0.8}, // 1 edit in 5 characters
		{[]string{"zzzzzzz"}, []string{"ab"}, 0},              // more mistakes than characters
	} {
		got, err := CharAccuracy(c.read, c.truth)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("CharAccuracy(%q, %q) = %v, %v; want %v", c.read, c.truth, got, err, c.want)
		}
	}
	for _, c := range []struct {
		read, truth []string
		want        string
	}{
		{nil, nil, "truth is empty"},
		{[]string{"a"}, []string{"a", "b"}, "1 read texts for 2 true ones"},
		{[]string{""}, []string{""}, "the true texts hold no character"},
	} {
		if _, err := CharAccuracy(c.read, c.truth); err == nil || !strings.Contains(err.Error(), "datasets: CharAccuracy: "+c.want) {
			t.Errorf("CharAccuracy(%q, %q): %v, want %q", c.read, c.truth, err, c.want)
		}
	}
}

func TestLetters(t *testing.T) {
	sh := Shape{C: 1, H: 28, W: 28}
	s, err := Letters(300, sh, 4)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 300 || s.Shape != sh || s.Name != "letters" || len(s.Labels) != 300 {
		t.Fatalf("Letters: %v", s)
	}
	seen := map[int]bool{}
	for i, l := range s.Labels {
		if !strings.ContainsRune(letterAlphabet, rune(l)) {
			t.Fatalf("label %d is %d (%q), not a letter", i, l, rune(l))
		}
		seen[l] = true
		row := s.Images.RawRowView(i)
		mass, my, mx, hi := 0.0, 0.0, 0.0, 0.0
		for p, v := range row {
			if v < 0 || v > 1 {
				t.Fatalf("image %d: value %v outside [0, 1]", i, v)
			}
			mass += v
			my += v * float64(p/28)
			mx += v * float64(p%28)
			hi = math.Max(hi, v)
		}
		if mass < 10 || hi < 0.9 {
			t.Fatalf("image %d (%q): ink %v, brightest %v: too faint", i, rune(l), mass, hi)
		}
		if math.Abs(my/mass-13.5) > 1 || math.Abs(mx/mass-13.5) > 1 {
			t.Errorf("image %d (%q): centre of mass (%.1f, %.1f), want near (13.5, 13.5)", i, rune(l), my/mass, mx/mass)
		}
	}
	if len(seen) < 45 {
		t.Errorf("only %d different letters in 300", len(seen))
	}
	again, _ := Letters(300, sh, 4)
	if !mat.Equal(s.Images, again.Images) {
		t.Error("the same seed gave other letters")
	}
	for _, c := range []struct {
		n    int
		sh   Shape
		want string
	}{
		{0, sh, "n = 0"},
		{10, Shape{C: 3, H: 28, W: 28}, "want one channel"},
		{10, Shape{C: 1, H: 4, W: 28}, "want one channel of 8 to 512 pixels"},
	} {
		if _, err := Letters(c.n, c.sh, 1); err == nil || !strings.Contains(err.Error(), "datasets: Letters: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Letters(%d, %v): %v, want %q", c.n, c.sh, err, c.want)
		}
	}
}
