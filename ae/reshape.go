package ae

// Flatten and Unflatten change only what the values of a row mean: a row
// of C·H·W values is the same memory whether it is read as C×H×W images
// (channels first) or as plain values. So they compute nothing: their
// outputs are their inputs, in the same buffers (see newWorkspace and
// forward), and the gradient passes straight through.

// reshape reports whether the layer only relabels its input (Flatten,
// Unflatten): its outputs are its inputs, in the same memory.
func (l Layer) reshape() bool { return l.kind == kindFlatten || l.kind == kindUnflatten }
