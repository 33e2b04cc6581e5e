package datasets

import (
	"math"
	"slices"

	"github.com/aekit/aekit/internal/noise"
)

// Filter returns the rows of s whose label is one of labels, in their
// order in s. It is an error if s has no labels, if labels is empty or if
// no row matches.
func (s *Set) Filter(labels []int) (*Set, error) {
	if err := s.check("Filter"); err != nil {
		return nil, err
	}
	if s.Labels == nil {
		return nil, s.errorf("Filter", "the set has no labels")
	}
	if len(labels) == 0 {
		return nil, s.errorf("Filter", "labels is empty, want at least one label")
	}
	var rows []int
	for i, l := range s.Labels {
		if slices.Contains(labels, l) {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, s.errorf("Filter", "no image has a label in %v", labels)
	}
	return s.rows(rows), nil
}

// Take returns the first n rows of s, 1 <= n <= s.Len().
func (s *Set) Take(n int) (*Set, error) {
	if err := s.check("Take"); err != nil {
		return nil, err
	}
	if n < 1 || n > s.Len() {
		return nil, s.errorf("Take", "n = %d, want 1 <= n <= %d", n, s.Len())
	}
	return s.rows(seq(n)), nil
}

// Subset returns the given rows of s, in the order given. A row may
// appear more than once (as in a bootstrap sample).
func (s *Set) Subset(rows []int) (*Set, error) {
	if err := s.check("Subset"); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, s.errorf("Subset", "rows is empty, want at least one row")
	}
	for k, i := range rows {
		if i < 0 || i >= s.Len() {
			return nil, s.errorf("Subset", "rows[%d] = %d, want 0 <= row < %d", k, i, s.Len())
		}
	}
	return s.rows(rows), nil
}

// Select returns the rows of s for which keep is true, in their order in
// s: keep holds one value per row, such as the planted flags Contaminate
// returns or the flags of an anomaly detector. It is an error if keep is
// true for no row.
func (s *Set) Select(keep []bool) (*Set, error) {
	if err := s.check("Select"); err != nil {
		return nil, err
	}
	if len(keep) != s.Len() {
		return nil, s.errorf("Select", "keep has %d values for %d rows, want one per row", len(keep), s.Len())
	}
	var rows []int
	for i, k := range keep {
		if k {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, s.errorf("Select", "keep is false for every row")
	}
	return s.rows(rows), nil
}

// Shuffle returns the rows of s in a random order drawn from seed: the
// same seed gives the same order.
func (s *Set) Shuffle(seed int64) (*Set, error) {
	if err := s.check("Shuffle"); err != nil {
		return nil, err
	}
	return s.rows(noise.NewRand(seed).Perm(s.Len())), nil
}

// Split shuffles s with seed and splits it in two: validation holds
// round(validationFraction·s.Len()) rows and train the rest. The fraction
// must be in (0, 1) and leave at least one row on each side.
func (s *Set) Split(validationFraction float64, seed int64) (train, validation *Set, err error) {
	if err := s.check("Split"); err != nil {
		return nil, nil, err
	}
	f := validationFraction
	if math.IsNaN(f) || f <= 0 || f >= 1 {
		return nil, nil, s.errorf("Split", "validationFraction = %v, want 0 < validationFraction < 1", f)
	}
	n := s.Len()
	nv := int(math.Round(f * float64(n)))
	if nv < 1 || nv > n-1 {
		return nil, nil, s.errorf("Split", "validationFraction = %v of %d images leaves %d for validation and %d for training, want at least 1 each", f, n, nv, n-nv)
	}
	perm := noise.NewRand(seed).Perm(n)
	return s.rows(perm[nv:]), s.rows(perm[:nv]), nil
}

// Batches cuts s, in its order, into consecutive batches of size rows;
// the last batch holds the remainder and may be smaller. Shuffle first
// for a random order.
func (s *Set) Batches(size int) ([]*Set, error) {
	if err := s.check("Batches"); err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, s.errorf("Batches", "size = %d, want size >= 1", size)
	}
	n := s.Len()
	out := make([]*Set, 0, (n+size-1)/size)
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		rows := make([]int, hi-lo)
		for k := range rows {
			rows[k] = lo + k
		}
		out = append(out, s.rows(rows))
	}
	return out, nil
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
