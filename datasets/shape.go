package datasets

import "github.com/aekit/aekit/internal/shape"

// Shape is the size of one image: C channels of H rows of W pixels, so
// that a row of Images holds Shape.Size() = C·H·W values. Every Set
// carries one: Shape{C: 1, H: 28, W: 28} for an MNIST digit (every set
// this package makes is grey, C = 1). It is the same type as plots.Shape,
// so a Set's Shape can be handed to plots as it is, as in
// plots.Grid{Shape: digits.Shape}.
type Shape = shape.Shape
