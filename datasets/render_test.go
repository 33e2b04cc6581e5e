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
	if pages.Len() != 3 || pages.Shape != (Shape{C: 1, H: 48, W: 120}) || pages.Labels != nil || pages.Name != "text" {
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
