package shape

import (
	"strings"
	"testing"
)

func TestShape(t *testing.T) {
	digit := Shape{C: 1, H: 28, W: 28}
	if digit.Size() != 784 || digit.String() != "28×28" {
		t.Errorf("digit: Size %d, String %q", digit.Size(), digit.String())
	}
	colour := Shape{C: 3, H: 32, W: 16}
	if colour.Size() != 1536 || colour.String() != "3×32×16" {
		t.Errorf("colour: Size %d, String %q", colour.Size(), colour.String())
	}
	if err := Check(digit); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		s    Shape
		want string
	}{
		{Shape{H: 28, W: 28}, "C = 0, want at least 1 (C: 1 for grey images)"},
		{Shape{C: 1, H: -2, W: 28}, "H = -2"},
		{Shape{C: 1, H: 28}, "W = 0"},
		{Shape{C: 1, H: MaxSide + 1, W: 1}, "want at most"},
		{Shape{C: 4096, H: 4096, W: 4096}, "values per image"},
	} {
		err := Check(c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%+v) = %v, want an error containing %q", c.s, err, c.want)
		}
	}
}
