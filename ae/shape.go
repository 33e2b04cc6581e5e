package ae

import "github.com/aekit/aekit/internal/shape"

// Shape is the size of one image: C channels of H rows of W pixels, so that
// a row of a matrix holds Shape.Size() = C·H·W values, channel by channel
// (channels first, as PyTorch stores images). It is the same type as
// datasets.Shape and plots.Shape: a data set's Shape goes to NewConv as it
// is, and the Shapes of a model's layers go to plots as they are.
type Shape = shape.Shape

// checkShape reports what is wrong with s, without a package prefix.
func checkShape(s Shape) error { return shape.Check(s) }
