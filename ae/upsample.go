package ae

import "github.com/aekit/aekit/internal/vec"

// Upsample2D repeats each pixel into a 2×2 block (nearest neighbour, ×2);
// backward sums each block's four gradients back into its pixel.

// upsampleTask upsamples images [lo, hi), or (back) sums their gradients
// back: then in is the input gradient it writes and out the output gradient
// it reads.
type upsampleTask struct {
	d       *node
	in, out []float32
	back    bool
}

func (t *upsampleTask) Run(_, lo, hi int) {
	in, out := t.d.in, t.d.out
	inSize, outSize := in.Size(), out.Size()
	for i := lo; i < hi; i++ {
		x := t.in[i*inSize : (i+1)*inSize]
		y := t.out[i*outSize : (i+1)*outSize]
		for c := 0; c < in.C; c++ {
			for iy := 0; iy < in.H; iy++ {
				src := x[(c*in.H+iy)*in.W : (c*in.H+iy+1)*in.W]
				top := y[(c*out.H+2*iy)*out.W : (c*out.H+2*iy+1)*out.W]
				bottom := y[(c*out.H+2*iy+1)*out.W : (c*out.H+2*iy+2)*out.W]
				if t.back {
					for ix := range src {
						src[ix] = top[2*ix] + top[2*ix+1] + bottom[2*ix] + bottom[2*ix+1]
					}
					continue
				}
				vec.Interleave(top, src, src)
				copy(bottom, top)
			}
		}
	}
}
