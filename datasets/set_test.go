package datasets

import (
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

// tinySet returns a labelled set of n 2×2 images; image i has every
// pixel i/100 and label i%3, and Index 100+i, as after a selection.
func tinySet(n int) *Set {
	x := mat.NewDense(n, 4, nil)
	labels := make([]int, n)
	index := make([]int, n)
	for i := range n {
		for j := range 4 {
			x.Set(i, j, float64(i)/100)
		}
		labels[i] = i % 3
		index[i] = 100 + i
	}
	return &Set{Images: x, Labels: labels, Shape: Shape{C: 1, H: 2, W: 2}, Index: index, Name: "tiny"}
}

// rowIDs returns the pixel value·100 of each row: the row's number in
// tinySet.
func rowIDs(s *Set) []int {
	ids := make([]int, s.Len())
	for i := range ids {
		ids[i] = int(s.Images.At(i, 0)*100 + 0.5)
	}
	return ids
}

// consistent checks that every row of s still carries its own label and
// Index, as tinySet made them.
func consistent(t *testing.T, s *Set) {
	t.Helper()
	if err := s.check("test"); err != nil {
		t.Fatal(err)
	}
	for i, id := range rowIDs(s) {
		if s.Labels[i] != id%3 || s.Index[i] != 100+id {
			t.Fatalf("row %d (image %d) has label %d and Index %d", i, id, s.Labels[i], s.Index[i])
		}
	}
}

func TestLen(t *testing.T) {
	var nilSet *Set
	for _, tc := range []struct {
		s    *Set
		want int
	}{{nilSet, 0}, {&Set{}, 0}, {&Set{Images: &mat.Dense{}}, 0}, {tinySet(7), 7}} {
		if got := tc.s.Len(); got != tc.want {
			t.Errorf("Len() = %d, want %d", got, tc.want)
		}
	}
}

func TestImage(t *testing.T) {
	s := tinySet(5)
	img, err := s.Image(3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(img, []float64{0.03, 0.03, 0.03, 0.03}) {
		t.Errorf("Image(3) = %v", img)
	}
	img[0] = 9
	if s.Images.At(3, 0) != 0.03 {
		t.Error("Image returned a view, not a copy")
	}
	for _, i := range []int{-1, 5} {
		_, err := s.Image(i)
		checkErr(t, err, "datasets: tiny: Image: i = ")
	}
}

func TestString(t *testing.T) {
	var nilSet *Set
	s := tinySet(5)
	noLabels := tinySet(2)
	noLabels.Labels = nil
	for _, tc := range []struct {
		s    *Set
		want string
	}{
		{s, "tiny: 5 images of 2×2, labels 0 to 2"},
		{noLabels, "tiny: 2 images of 2×2, no labels"},
		{nilSet, "<nil Set>"},
		{&Set{Name: "bad"}, "bad: invalid Set (datasets: bad: no images)"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

// TestInvalidSet checks that every method rejects a broken Set with an
// error, not a panic.
func TestInvalidSet(t *testing.T) {
	var nilSet *Set
	wrongLabels := tinySet(3)
	wrongLabels.Labels = []int{1}
	wrongIndex := tinySet(3)
	wrongIndex.Index = []int{1, 2}
	wrongShape := tinySet(3)
	wrongShape.Shape.W = 3
	noChannels := tinySet(3)
	noChannels.Shape = Shape{H: 2, W: 2}
	for _, tc := range []struct {
		s    *Set
		want string
	}{
		{nilSet, "nil Set"},
		{&Set{Name: "e"}, "datasets: e: "},
		{wrongLabels, "1 labels for 3 images"},
		{wrongIndex, "2 Index entries for 3 images"},
		{wrongShape, "Shape 2×3 (6 values) does not match the 4 columns of Images"},
		{noChannels, shape.Check(noChannels.Shape).Error()},
	} {
		calls := map[string]func() error{
			"Image":   func() error { _, err := tc.s.Image(0); return err },
			"Filter":  func() error { _, err := tc.s.Filter([]int{1}); return err },
			"Take":    func() error { _, err := tc.s.Take(1); return err },
			"Subset":  func() error { _, err := tc.s.Subset([]int{0}); return err },
			"Shuffle": func() error { _, err := tc.s.Shuffle(1); return err },
			"Split":   func() error { _, _, err := tc.s.Split(0.5, 1); return err },
			"Batches": func() error { _, err := tc.s.Batches(1); return err },
			"Contaminate inliers": func() error {
				_, _, err := Contaminate(tc.s, tinySet(3), 0.5, 1)
				return err
			},
			"Contaminate outliers": func() error {
				_, _, err := Contaminate(tinySet(3), tc.s, 0.5, 1)
				return err
			},
		}
		for op, call := range calls {
			err := call()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), op) {
				t.Errorf("%s on %q: %v, want an error naming %s and containing %q", op, tc.s.name(), err, op, tc.want)
			}
		}
	}
}

func TestRowsCopies(t *testing.T) {
	s := tinySet(4)
	sub, err := s.Subset([]int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	sub.Images.Set(0, 0, 42)
	sub.Labels[0] = 42
	sub.Index[0] = 42
	if s.Images.At(1, 0) != 0.01 || s.Labels[1] != 1 || s.Index[1] != 101 {
		t.Error("a change to a Subset showed in its source")
	}
}

func TestNilIndexMeansFileOrder(t *testing.T) {
	s := tinySet(5)
	s.Index = nil
	sub, err := s.Subset([]int{4, 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sub.Index, []int{4, 2}) {
		t.Errorf("Index = %v, want [4 2]", sub.Index)
	}
}
