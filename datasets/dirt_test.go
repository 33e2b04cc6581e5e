package datasets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// testPages returns a Set of n pages of h×w pixels named "pages": white,
// with a striped black bar in the middle third of the rows and the middle
// half of the columns.
func testPages(n, h, w int) *Set {
	x := mat.NewDense(n, h*w, nil)
	for p := 0; p < n; p++ {
		for y := 0; y < h; y++ {
			for i := 0; i < w; i++ {
				v := 1.0
				if y >= h/3 && y < 2*h/3 && i >= w/4 && i < 3*w/4 && i%4 != 0 {
					v = 0
				}
				x.Set(p, y*w+i, v)
			}
		}
	}
	return &Set{Images: x, Shape: Shape{C: 1, H: h, W: w}, Name: "pages"}
}

func TestDirty(t *testing.T) {
	pages := testPages(3, 30, 40)
	orig := mat.DenseCopyOf(pages.Images)

	clean, err := Dirty(pages, Dirt{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(clean.Images, orig) {
		t.Error("the zero Dirt changed the pages")
	}

	dirt := Dirt{Blur: 1, Stains: 2, Noise: 0.1}
	a, err := Dirty(pages, dirt, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Dirty(pages, dirt, 1)
	c, _ := Dirty(pages, dirt, 2)
	if !mat.Equal(pages.Images, orig) {
		t.Error("Dirty changed its input")
	}
	if !mat.Equal(a.Images, b.Images) {
		t.Error("same seed, different dirt")
	}
	if mat.Equal(a.Images, c.Images) {
		t.Error("different seeds, same dirt")
	}
	if a.Len() != 3 || a.Shape != (Shape{C: 1, H: 30, W: 40}) || a.Name != "pages" {
		t.Errorf("dirty pages: %v", a)
	}
	for _, v := range a.Images.RawMatrix().Data {
		if v < 0 || v > 1 || math.IsNaN(v) {
			t.Fatalf("value %v outside [0, 1]", v)
		}
	}
	// Every page gets its own stains and noise.
	if mat.Equal(a.Images.RowView(0), a.Images.RowView(1)) {
		t.Error("pages 0 and 1 got the same dirt")
	}
}

func TestDirtyBlur(t *testing.T) {
	// A blur keeps the mean of a page (up to the edges, which are white
	// here) and softens the bar's edges: some pixels become grey.
	pages := testPages(1, 30, 40)
	blurred, err := Dirty(pages, Dirt{Blur: 1.5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	before, after := mat.Sum(pages.Images), mat.Sum(blurred.Images)
	if math.Abs(before-after) > 1e-9*before {
		t.Errorf("blur changed the sum of the pixels from %v to %v", before, after)
	}
	grey := 0
	for _, v := range blurred.Images.RawMatrix().Data {
		if v > 0.05 && v < 0.95 {
			grey++
		}
	}
	if grey < 100 {
		t.Errorf("only %d grey pixels after a blur", grey)
	}
}

func TestDirtyStains(t *testing.T) {
	// Stains only darken, and leave black ink black.
	pages := testPages(4, 40, 60)
	stained, err := Dirty(pages, Dirt{Stains: 3}, 5)
	if err != nil {
		t.Fatal(err)
	}
	darker := 0
	for i, v := range stained.Images.RawMatrix().Data {
		o := pages.Images.RawMatrix().Data[i]
		if v > o {
			t.Fatalf("pixel %d: a stain brightened %v to %v", i, o, v)
		}
		if o == 0 && v != 0 {
			t.Fatalf("pixel %d: a stain changed black ink to %v", i, v)
		}
		if v < o-0.05 {
			darker++
		}
	}
	if darker < 100 {
		t.Errorf("3 stains on 4 pages darkened only %d pixels", darker)
	}
}

// TestDirtyChannels checks that a page of several channels is blurred
// and stained channel by channel: a page whose two channels are one grey
// page gets the same dirt on both, the dirt the grey page gets alone.
func TestDirtyChannels(t *testing.T) {
	grey := testPages(2, 30, 40)
	plane := grey.Shape.Size()
	x := mat.NewDense(2, 2*plane, nil)
	for p := 0; p < 2; p++ {
		copy(x.RawRowView(p)[:plane], grey.Images.RawRowView(p))
		copy(x.RawRowView(p)[plane:], grey.Images.RawRowView(p))
	}
	two := &Set{Images: x, Shape: Shape{C: 2, H: 30, W: 40}, Name: "pages"}
	dirt := Dirt{Blur: 1, Stains: 3}
	got, err := Dirty(two, dirt, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got.Shape != two.Shape {
		t.Errorf("Shape %v, want %v", got.Shape, two.Shape)
	}
	if mat.Equal(got.Images, two.Images) {
		t.Fatal("Dirty left the pages clean")
	}
	for p := 0; p < 2; p++ {
		row := got.Images.RawRowView(p)
		if !slices.Equal(row[:plane], row[plane:]) {
			t.Errorf("page %d: the channels got different dirt", p)
		}
	}
	// The random draws of the first page do not depend on C. (Those of
	// the next pages do: Noise draws a number per value, even when 0.)
	want, err := Dirty(grey, dirt, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Images.RawRowView(0)[:plane], want.Images.RawRowView(0)) {
		t.Error("page 0 differs from the grey page dirtied alike")
	}
}

func TestDirtyErrors(t *testing.T) {
	nan := testPages(2, 10, 10)
	nan.Images.Set(1, 7, math.NaN())
	cases := []struct {
		name  string
		pages *Set
		dirt  Dirt
		want  string
	}{
		{"nil set", nil, Dirt{}, "datasets: Dirty: nil Set"},
		{"empty set", &Set{Name: "pages"}, Dirt{}, "datasets: pages: Dirty: no images"},
		{"NaN blur", testPages(1, 10, 10), Dirt{Blur: math.NaN()}, "datasets: pages: Dirty: Blur = NaN, want 0 to 20 pixels"},
		{"negative blur", testPages(1, 10, 10), Dirt{Blur: -1}, "datasets: pages: Dirty: Blur = -1"},
		{"Inf blur", testPages(1, 10, 10), Dirt{Blur: math.Inf(1)}, "datasets: pages: Dirty: Blur = +Inf"},
		{"huge blur", testPages(1, 10, 10), Dirt{Blur: 21}, "datasets: pages: Dirty: Blur = 21, want 0 to 20 pixels"},
		{"negative stains", testPages(1, 10, 10), Dirt{Stains: -1}, "datasets: pages: Dirty: Stains = -1, want 0 to 1000"},
		{"too many stains", testPages(1, 10, 10), Dirt{Stains: 1001}, "datasets: pages: Dirty: Stains = 1001"},
		{"negative noise", testPages(1, 10, 10), Dirt{Noise: -0.1}, "datasets: pages: Dirty: Noise: "},
		{"NaN pixel", nan, Dirt{Noise: 0.1}, "datasets: pages: Dirty: image 1, pixel 7 is NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Dirty(c.pages, c.dirt, 1)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want prefix %q", err, c.want)
			}
		})
	}
}
