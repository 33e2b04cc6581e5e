package datasets

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestRenderText(t *testing.T) {
	lines := []string{"one", "", "three", "four", "five", "six", "seven"}
	pages, err := RenderText(lines, 48, 120, 12)
	if err != nil {
		t.Fatal(err)
	}
	// A 12-pixel line is 14 pixels high (Go Regular's line height, rounded
	// up); 48 - 2·3 pixels of margin hold three lines per page: three pages.
	if pages.Len() != 3 || pages.Height != 48 || pages.Width != 120 || pages.Labels != nil || pages.Name != "text" {
		t.Fatalf("got %v (labels %v, name %q), want 3 pages of 48×120", pages, pages.Labels, pages.Name)
	}
	if err := pages.check("test"); err != nil {
		t.Fatal(err)
	}
	ink := func(p int, y0, y1 int) int {
		n := 0
		row := pages.Images.RawRowView(p)
		for y := y0; y < y1; y++ {
			for _, v := range row[y*120 : (y+1)*120] {
				if v < 0.5 {
					n++
				}
			}
		}
		return n
	}
	for p := 0; p < 3; p++ {
		for _, v := range pages.Images.RawRowView(p) {
			if v < 0 || v > 1 {
				t.Fatalf("page %d: value %v outside [0, 1]", p, v)
			}
		}
		// The margins stay white.
		if n := ink(p, 0, 3) + ink(p, 45, 48); n != 0 {
			t.Errorf("page %d: %d dark pixels in the top and bottom margins", p, n)
		}
	}
	// Page 0 holds "one", "" and "three": nothing on its second line.
	if n := ink(0, 17, 31); n != 0 {
		t.Errorf("page 0, second line (empty): %d dark pixels", n)
	}
	for _, pl := range [][2]int{{0, 0}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {2, 0}} {
		y0 := 3 + 14*pl[1]
		if n := ink(pl[0], y0, y0+14); n < 10 {
			t.Errorf("page %d, line %d: only %d dark pixels", pl[0], pl[1], n)
		}
	}
	// The last page holds one line, "seven": the rest is blank.
	if n := ink(2, 17, 45); n != 0 {
		t.Errorf("last page below its first line: %d dark pixels, want none", n)
	}
	again, err := RenderText(lines, 48, 120, 12)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(pages.Images, again.Images) {
		t.Error("the same lines gave different pixels")
	}
}

func TestRenderTextErrors(t *testing.T) {
	cases := []struct {
		name          string
		lines         []string
		height, width int
		size          float64
		want          string
	}{
		{"no lines", nil, 32, 100, 12, "datasets: RenderText: lines is empty"},
		{"zero height", []string{"a"}, 0, 100, 12, "datasets: RenderText: page is 0×100 pixels, want 1 to 4096"},
		{"negative width", []string{"a"}, 32, -5, 12, "datasets: RenderText: page is 32×-5 pixels"},
		{"huge page", []string{"a"}, 100000, 100, 12, "datasets: RenderText: page is 100000×100 pixels"},
		{"NaN size", []string{"a"}, 32, 100, math.NaN(), "datasets: RenderText: fontSize = NaN, want 4 to 200"},
		{"Inf size", []string{"a"}, 32, 100, math.Inf(1), "datasets: RenderText: fontSize = +Inf"},
		{"tiny size", []string{"a"}, 32, 100, 1, "datasets: RenderText: fontSize = 1"},
		{"page too short", []string{"a"}, 10, 100, 12, "datasets: RenderText: a line of fontSize 12 is 14 pixels high, a page of height 10 holds none"},
		{"line too wide", []string{"fits", "this one does not fit at all"}, 32, 80, 12, `datasets: RenderText: lines[1] ("this one does not fit at…") is`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := RenderText(c.lines, c.height, c.width, c.size)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want prefix %q", err, c.want)
			}
		})
	}
}

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
	return &Set{Images: x, Height: h, Width: w, Name: "pages"}
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
	if a.Len() != 3 || a.Height != 30 || a.Width != 40 || a.Name != "pages" {
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

func TestPatchStarts(t *testing.T) {
	cases := []struct {
		n, size, stride int
		want            []int
	}{
		{32, 16, 8, []int{0, 8, 16}},
		{30, 16, 8, []int{0, 8, 14}},
		{16, 16, 4, []int{0}},
		{10, 3, 3, []int{0, 3, 6, 7}},
		{5, 1, 1, []int{0, 1, 2, 3, 4}},
	}
	for _, c := range cases {
		got := patchStarts(c.n, c.size, c.stride)
		if len(got) != len(c.want) {
			t.Errorf("patchStarts(%d, %d, %d) = %v, want %v", c.n, c.size, c.stride, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("patchStarts(%d, %d, %d) = %v, want %v", c.n, c.size, c.stride, got, c.want)
				break
			}
		}
	}
}

func TestPatchesRoundTrip(t *testing.T) {
	cases := []struct{ h, w, size, stride int }{
		{32, 64, 16, 8},
		{30, 41, 16, 8}, // the last patches lean on the edges
		{20, 20, 20, 5}, // one patch per page
		{12, 18, 4, 4},  // no overlap
		{9, 11, 3, 1},
	}
	for _, c := range cases {
		pages := testPages(3, c.h, c.w)
		// Give each pixel its own value, so a misplaced patch shows.
		for p := 0; p < 3; p++ {
			row := pages.Images.RawRowView(p)
			for i := range row {
				row[i] = float64(p*c.h*c.w+i) / float64(3*c.h*c.w)
			}
		}
		pages.Labels = []int{7, 8, 9}
		pages.Index = []int{40, 41, 42}
		patches, err := Patches(pages, c.size, c.stride)
		if err != nil {
			t.Fatal(err)
		}
		ys, xs := patchStarts(c.h, c.size, c.stride), patchStarts(c.w, c.size, c.stride)
		per := len(ys) * len(xs)
		if patches.Len() != 3*per || patches.Height != c.size || patches.Width != c.size {
			t.Fatalf("%+v: %v, want %d patches of %d×%d", c, patches, 3*per, c.size, c.size)
		}
		// Patch k of page p, at row a and column b of the grid, is the
		// page's block at (ys[a], xs[b]).
		for k := 0; k < patches.Len(); k++ {
			p, a, b := k/per, (k%per)/len(xs), k%len(xs)
			if patches.Index[k] != 40+p || patches.Labels[k] != 7+p {
				t.Fatalf("%+v: patch %d: Index %d, label %d, want %d and %d", c, k, patches.Index[k], patches.Labels[k], 40+p, 7+p)
			}
			for y := 0; y < c.size; y++ {
				for x := 0; x < c.size; x++ {
					got := patches.Images.At(k, y*c.size+x)
					want := pages.Images.At(p, (ys[a]+y)*c.w+xs[b]+x)
					if got != want {
						t.Fatalf("%+v: patch %d pixel (%d, %d) = %v, want %v", c, k, y, x, got, want)
					}
				}
			}
		}
		back, err := Unpatch(patches.Images, c.h, c.w, c.size, c.stride)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(back, pages.Images, 1e-12) {
			t.Errorf("%+v: Unpatch(Patches(pages)) differs from pages", c)
		}
	}
}

func TestPatchesErrors(t *testing.T) {
	cases := []struct {
		name         string
		pages        *Set
		size, stride int
		want         string
	}{
		{"nil set", nil, 4, 2, "datasets: Patches: nil Set"},
		{"zero size", testPages(1, 10, 20), 0, 1, "datasets: Patches: size = 0, want 1 <= size <= 10 (the page is 10×20)"},
		{"size above height", testPages(1, 10, 20), 11, 1, "datasets: Patches: size = 11"},
		{"zero stride", testPages(1, 10, 20), 4, 0, "datasets: Patches: stride = 0, want 1 <= stride <= size = 4"},
		{"stride above size", testPages(1, 10, 20), 4, 5, "datasets: Patches: stride = 5"},
		{"too many patches", &Set{Images: mat.NewDense(1, 4096*4096, nil), Height: 4096, Width: 4096, Name: "big"}, 64, 1,
			"datasets: big: Patches: 16265089 patches of 64×64 would hold 66621804544 values"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Patches(c.pages, c.size, c.stride)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want prefix %q", err, c.want)
			}
		})
	}
}

func TestUnpatchErrors(t *testing.T) {
	good := mat.NewDense(3, 16, nil) // a 4×12 page cut in 4×4 patches with stride 4
	nan := mat.NewDense(3, 16, nil)
	nan.Set(2, 5, math.Inf(-1))
	cases := []struct {
		name                      string
		patches                   *mat.Dense
		height, width, size, step int
		want                      string
	}{
		{"nil", nil, 4, 12, 4, 4, "datasets: Unpatch: patches is empty"},
		{"empty", &mat.Dense{}, 4, 12, 4, 4, "datasets: Unpatch: patches is empty"},
		{"zero height", good, 0, 12, 4, 4, "datasets: Unpatch: page is 0×12 pixels"},
		{"size too big", good, 4, 12, 5, 4, "datasets: Unpatch: size = 5, want 1 <= size <= 4"},
		{"bad stride", good, 4, 12, 4, 0, "datasets: Unpatch: stride = 0"},
		{"wrong columns", good, 4, 12, 3, 3, "datasets: Unpatch: patches has 16 columns, want size×size = 3×3 = 9"},
		{"not whole pages", good, 4, 16, 4, 4, "datasets: Unpatch: 3 patches is not a whole number of pages: a 4×16 page has 4 patches of 4×4 with stride 4"},
		{"Inf", nan, 4, 12, 4, 4, "datasets: Unpatch: patch 2, pixel 5 is -Inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Unpatch(c.patches, c.height, c.width, c.size, c.step)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want prefix %q", err, c.want)
			}
		})
	}
	if _, err := Unpatch(good, 4, 12, 4, 4); err != nil {
		t.Errorf("the good case: %v", err)
	}
}
