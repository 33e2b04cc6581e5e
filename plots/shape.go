package plots

import "github.com/aekit/aekit/internal/shape"

// Shape is the size of one image: C channels of H rows of W pixels, stored
// in a matrix row channel by channel, each channel row by row. It is the
// same type as datasets.Shape, so a figure takes a data set's Shape as it
// is: plots.Grid{Images: digits.Images, Shape: digits.Shape}.
//
// The figures draw images of one channel in grey (0 black, 1 white) and
// images of three channels in colour (red, green, blue).
type Shape = shape.Shape
