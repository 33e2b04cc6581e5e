package datasets

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

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
		if patches.Len() != 3*per || patches.Shape != (Shape{C: 1, H: c.size, W: c.size}) {
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
		back, err := Unpatch(patches.Images, pages.Shape, c.size, c.stride)
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
		{"too many patches", &Set{Images: mat.NewDense(1, 4096*4096, nil), Shape: Shape{C: 1, H: 4096, W: 4096}, Name: "big"}, 64, 1,
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
	page := func(h, w int) Shape { return Shape{C: 1, H: h, W: w} }
	cases := []struct {
		name       string
		patches    *mat.Dense
		page       Shape
		size, step int
		want       string
	}{
		{"nil", nil, page(4, 12), 4, 4, "datasets: Unpatch: patches is empty"},
		{"empty", &mat.Dense{}, page(4, 12), 4, 4, "datasets: Unpatch: patches is empty"},
		{"zero height", good, page(0, 12), 4, 4, "datasets: Unpatch: page " + shape.Check(page(0, 12)).Error()},
		{"zero channels", good, Shape{H: 4, W: 12}, 4, 4, "datasets: Unpatch: page " + shape.Check(Shape{H: 4, W: 12}).Error()},
		{"huge page", good, page(4, 5000), 4, 4, "datasets: Unpatch: page is 4×5000 pixels, want at most 4096 on each side"},
		{"size too big", good, page(4, 12), 5, 4, "datasets: Unpatch: size = 5, want 1 <= size <= 4 (the page is 4×12)"},
		{"bad stride", good, page(4, 12), 4, 0, "datasets: Unpatch: stride = 0"},
		{"wrong columns", good, page(4, 12), 3, 3, "datasets: Unpatch: patches has 16 columns, want size×size = 3×3 = 9"},
		{"wrong channels", good, Shape{C: 3, H: 4, W: 12}, 4, 4, "datasets: Unpatch: patches has 16 columns, want C×size×size = 3×4×4 = 48"},
		{"not whole pages", good, page(4, 16), 4, 4, "datasets: Unpatch: 3 patches is not a whole number of pages: a 4×16 page has 4 patches of 4×4 with stride 4"},
		{"Inf", nan, page(4, 12), 4, 4, "datasets: Unpatch: patch 2, pixel 5 is -Inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Unpatch(c.patches, c.page, c.size, c.step)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want prefix %q", err, c.want)
			}
		})
	}
	if _, err := Unpatch(good, page(4, 12), 4, 4); err != nil {
		t.Errorf("the good case: %v", err)
	}
}

// TestPatchesChannels checks that a patch of a page of several channels
// holds the same block of every channel, and that Unpatch rebuilds such
// pages.
func TestPatchesChannels(t *testing.T) {
	const n, size, stride = 2, 4, 3
	sh := Shape{C: 3, H: 7, W: 10}
	x := mat.NewDense(n, sh.Size(), nil)
	for p := 0; p < n; p++ {
		row := x.RawRowView(p)
		for i := range row {
			row[i] = float64(p*sh.Size()+i) / float64(n*sh.Size())
		}
	}
	pages := &Set{Images: x, Shape: sh, Name: "rgb"}
	patches, err := Patches(pages, size, stride)
	if err != nil {
		t.Fatal(err)
	}
	ys, xs := patchStarts(sh.H, size, stride), patchStarts(sh.W, size, stride)
	per := len(ys) * len(xs)
	if want := (Shape{C: 3, H: size, W: size}); patches.Shape != want || patches.Len() != n*per {
		t.Fatalf("got %v, want %d patches of %v", patches, n*per, want)
	}
	for k := 0; k < patches.Len(); k++ {
		p, a, b := k/per, (k%per)/len(xs), k%len(xs)
		for c := 0; c < sh.C; c++ {
			for y := 0; y < size; y++ {
				for x := 0; x < size; x++ {
					got := patches.Images.At(k, c*size*size+y*size+x)
					want := pages.Images.At(p, c*sh.H*sh.W+(ys[a]+y)*sh.W+xs[b]+x)
					if got != want {
						t.Fatalf("patch %d channel %d pixel (%d, %d) = %v, want %v", k, c, y, x, got, want)
					}
				}
			}
		}
	}
	back, err := Unpatch(patches.Images, sh, size, stride)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(back, pages.Images, 1e-12) {
		t.Error("Unpatch(Patches(pages)) differs from pages")
	}
}
