package datasets

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/noise"
)

// Contaminate builds a set for anomaly detection: all of inliers plus
// round(fraction·inliers.Len()) rows drawn at random, without
// replacement, from outliers, shuffled together. planted[i] reports
// whether row i of mixed came from outliers. The same seed gives the same
// set.
//
// With the 6,742 ones of the MNIST training set as inliers, threes as
// outliers and fraction 0.01, mixed holds 6,742 ones and 67 threes.
//
// Both sets must have images of one Shape and fraction must be in (0, 1]
// and plant at least one row; outliers must hold enough rows. mixed keeps
// the labels only when both sets have them, and Index of each row points
// into the row's own source. mixed is named after inliers when both sets
// have one name, else "INLIERS+OUTLIERS".
func Contaminate(inliers, outliers *Set, fraction float64, seed int64) (mixed *Set, planted []bool, err error) {
	if err := inliers.check("Contaminate inliers"); err != nil {
		return nil, nil, err
	}
	if err := outliers.check("Contaminate outliers"); err != nil {
		return nil, nil, err
	}
	if inliers.Shape != outliers.Shape {
		return nil, nil, inliers.errorf("Contaminate", "inliers are %v images but outliers (%s) are %v",
			inliers.Shape, outliers.name(), outliers.Shape)
	}
	if math.IsNaN(fraction) || fraction <= 0 || fraction > 1 {
		return nil, nil, inliers.errorf("Contaminate", "fraction = %v, want 0 < fraction <= 1", fraction)
	}
	nIn := inliers.Len()
	k := int(math.Round(fraction * float64(nIn)))
	if k < 1 {
		return nil, nil, inliers.errorf("Contaminate", "fraction = %v of %d inliers plants no outlier, want at least 1", fraction, nIn)
	}
	if k > outliers.Len() {
		return nil, nil, inliers.errorf("Contaminate", "fraction = %v of %d inliers asks for %d outliers but %s has %d",
			fraction, nIn, k, outliers.name(), outliers.Len())
	}
	rng := noise.NewRand(seed)
	drawn := rng.Perm(outliers.Len())[:k]
	order := rng.Perm(nIn + k) // row i of mixed is row order[i] of inliers ++ drawn

	_, c := inliers.Images.Dims()
	n := nIn + k
	data := make([]float64, n*c)
	planted = make([]bool, n)
	index := make([]int, n)
	var labels []int
	if inliers.Labels != nil && outliers.Labels != nil {
		labels = make([]int, n)
	}
	for i, o := range order {
		src, row := inliers, o
		if o >= nIn {
			src, row = outliers, drawn[o-nIn]
			planted[i] = true
		}
		copy(data[i*c:(i+1)*c], src.Images.RawRowView(row))
		index[i] = row
		if src.Index != nil {
			index[i] = src.Index[row]
		}
		if labels != nil {
			labels[i] = src.Labels[row]
		}
	}
	name := inliers.Name
	if outliers.Name != inliers.Name {
		name = inliers.name() + "+" + outliers.name()
	}
	mixed = &Set{
		Images: mat.NewDense(n, c, data),
		Labels: labels,
		Shape:  inliers.Shape,
		Index:  index,
		Name:   name,
	}
	return mixed, planted, nil
}
