package ae

// A transposed convolution (ConvTranspose2D) runs on conv.go's machinery
// with the roles swapped: the positions are its input pixels and the image
// side is its output. Its weights W are In × (Out·k·k), PyTorch's layout:
//
//	forward:  out = col2im(Wᵀ · x)           (x: In × positions)
//	backward: dW = x · im2col(dOut)ᵀ,  dx = W · im2col(dOut)
//
// With output padding, the last rows and columns of the output are reached
// by no window: they get the bias alone, and their gradients go nowhere.
// (See convTask's pre, products and post for the steps.)
