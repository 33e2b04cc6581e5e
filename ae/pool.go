package ae

import "github.com/aekit/aekit/internal/vec"

// MaxPool2D keeps the largest value of each 2×2 window, stride 2. In ceil
// mode (Padding Same) the windows of the last row and column of an odd side
// hang over the edge and take the pixels that are there. A tie goes to the
// first pixel in reading order, and a NaN wins, as in PyTorch. Forward
// records where each output came from; backward sends each output's
// gradient back there.

// poolTask pools images [lo, hi), or (back) sends their gradients back: then
// in is the input gradient it writes and out the output gradient it reads.
type poolTask struct {
	d       *node
	in, out []float32
	arg     []int32 // per output value, the index of its pixel in the image
	back    bool
}

func (t *poolTask) Run(_, lo, hi int) {
	in, out := t.d.in, t.d.out
	inSize, outSize := in.Size(), out.Size()
	for i := lo; i < hi; i++ {
		x := t.in[i*inSize : (i+1)*inSize]
		y := t.out[i*outSize : (i+1)*outSize]
		arg := t.arg[i*outSize : (i+1)*outSize]
		if t.back {
			clear(x)
			for j, a := range arg {
				x[a] += y[j]
			}
			continue
		}
		for c := 0; c < in.C; c++ {
			plane := x[c*in.H*in.W : (c+1)*in.H*in.W]
			for oy := 0; oy < out.H; oy++ {
				j := (c*out.H + oy) * out.W
				poolRow(plane, in.H, in.W, oy, y[j:j+out.W], arg[j:j+out.W], int32(c*in.H*in.W))
			}
		}
	}
}

// poolRow pools output row oy of one channel (an h×w plane) into y, and
// records in arg where each value came from (an index into the plane plus
// base): the windows with two columns through vec.MaxPool2, the last one of
// an odd width in ceil mode here.
func poolRow(plane []float32, h, w, oy int, y []float32, arg []int32, base int32) {
	y0 := 2 * oy
	r0 := plane[y0*w : (y0+1)*w]
	r1 := r0
	i0 := int32(y0*w) + base
	i1 := i0
	if y0+1 < h {
		r1 = plane[(y0+1)*w : (y0+2)*w]
		i1 = int32((y0+1)*w) + base
	}
	full := min(len(y), w/2) // windows with two columns
	vec.MaxPool2(y[:full], arg[:full], r0, r1, i0, i1)
	if full < len(y) { // ceil mode: the last window has one column
		x0 := 2 * full
		m, k := r0[x0], i0+int32(x0)
		if v := r1[x0]; v > m || v != v {
			m, k = v, i1+int32(x0)
		}
		y[full], arg[full] = m, k
	}
}
