package datasets

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

// Set is a set of images, one per row of Images, with optional labels.
//
// The methods that select rows (Filter, Take, Shuffle, Split, Subset,
// Batches) return new Sets that own copies of their rows, so changing
// one never changes another. They keep Index, so a row can always be
// traced to its place in the source file, and Name, which names that
// source.
type Set struct {
	// Images holds one image per row, pixels scaled to [0, 1], laid out
	// as Shape says: channel by channel, each channel row by row (pixel
	// (y, x) of channel c is column c·H·W + y·W + x; for a grey image,
	// y·W + x).
	Images *mat.Dense
	// Labels holds one label per row, or is nil for a set without labels.
	Labels []int
	// Shape is the size of one image; Shape.Size() is the number of
	// columns of Images.
	Shape Shape
	// Index[i] is the position of row i in its source file, as in "test
	// image #4823". A nil Index means rows are in file order.
	Index []int
	// Name names the source, e.g. "mnist-test"; errors use it.
	Name string
}

// Len returns the number of images in s: 0 for a nil Set or one without
// Images.
func (s *Set) Len() int {
	if s == nil || s.Images == nil || s.Images.IsEmpty() {
		return 0
	}
	r, _ := s.Images.Dims()
	return r
}

// Image returns a copy of row i of s, the pixels of image i.
func (s *Set) Image(i int) ([]float64, error) {
	if err := s.check("Image"); err != nil {
		return nil, err
	}
	if i < 0 || i >= s.Len() {
		return nil, s.errorf("Image", "i = %d, want 0 <= i < %d", i, s.Len())
	}
	return slices.Clone(s.Images.RawRowView(i)), nil
}

// String describes s in one line, e.g. "mnist-test: 10000 images of
// 28×28, labels 0 to 9".
func (s *Set) String() string {
	if s == nil {
		return "<nil Set>"
	}
	if err := s.check(""); err != nil {
		return fmt.Sprintf("%s: invalid Set (%v)", s.name(), err)
	}
	str := fmt.Sprintf("%s: %d images of %v", s.name(), s.Len(), s.Shape)
	if s.Labels == nil {
		return str + ", no labels"
	}
	lo, hi := slices.Min(s.Labels), slices.Max(s.Labels)
	return str + fmt.Sprintf(", labels %d to %d", lo, hi)
}

// name returns s.Name, or "set" when it is empty.
func (s *Set) name() string {
	if s == nil || s.Name == "" {
		return "set"
	}
	return s.Name
}

// errorf returns an error of the form "datasets: NAME: OP: message".
func (s *Set) errorf(op, format string, args ...any) error {
	prefix := "datasets: " + s.name() + ": "
	if op != "" {
		prefix += op + ": "
	}
	return fmt.Errorf(prefix+format, args...)
}

// check reports whether s is a usable Set: not nil, with a valid Shape
// whose size is the number of columns of Images, and with Labels and
// Index, when present, of one entry per row.
func (s *Set) check(op string) error {
	if s == nil {
		if op == "" {
			return fmt.Errorf("datasets: nil Set")
		}
		return fmt.Errorf("datasets: %s: nil Set", op)
	}
	if s.Images == nil || s.Images.IsEmpty() {
		return s.errorf(op, "no images")
	}
	r, c := s.Images.Dims()
	if err := shape.Check(s.Shape); err != nil {
		return s.errorf(op, "%v", err)
	}
	if n := s.Shape.Size(); n != c {
		return s.errorf(op, "Shape %v (%d values) does not match the %d columns of Images", s.Shape, n, c)
	}
	if s.Labels != nil && len(s.Labels) != r {
		return s.errorf(op, "%d labels for %d images", len(s.Labels), r)
	}
	if s.Index != nil && len(s.Index) != r {
		return s.errorf(op, "%d Index entries for %d images", len(s.Index), r)
	}
	return nil
}

// rows returns a new Set holding copies of the given rows of s, in that
// order. rows must be valid indices; callers check them.
func (s *Set) rows(rows []int) *Set {
	_, c := s.Images.Dims()
	data := make([]float64, len(rows)*c)
	for k, i := range rows {
		copy(data[k*c:(k+1)*c], s.Images.RawRowView(i))
	}
	out := &Set{
		Images: mat.NewDense(len(rows), c, data),
		Shape:  s.Shape,
		Index:  make([]int, len(rows)),
		Name:   s.Name,
	}
	if s.Labels != nil {
		out.Labels = make([]int, len(rows))
		for k, i := range rows {
			out.Labels[k] = s.Labels[i]
		}
	}
	for k, i := range rows {
		if s.Index != nil {
			out.Index[k] = s.Index[i]
		} else {
			out.Index[k] = i
		}
	}
	return out
}
