package datasets

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/aekit/aekit/internal/shape"
)

// maxPatchValues bounds the size of what Patches returns (2 GB of float64).
const maxPatchValues = 1 << 28

// patchStarts returns where patches of size start along a side of n
// pixels stepping by stride: 0, stride, 2·stride, ... and n-size last, so
// that the patches cover the side.
func patchStarts(n, size, stride int) []int {
	var starts []int
	for s := 0; s+size <= n; s += stride {
		starts = append(starts, s)
	}
	if last := starts[len(starts)-1]; last != n-size {
		starts = append(starts, n-size)
	}
	return starts
}

// checkPatching checks the arguments Patches and Unpatch share.
func checkPatching(op string, page Shape, size, stride int) error {
	if size < 1 || size > page.H || size > page.W {
		return fmt.Errorf("datasets: %s: size = %d, want 1 <= size <= %d (the page is %v)", op, size, min(page.H, page.W), page)
	}
	if stride < 1 || stride > size {
		return fmt.Errorf("datasets: %s: stride = %d, want 1 <= stride <= size = %d, so that every pixel is in a patch", op, stride, size)
	}
	return nil
}

// Patches cuts every page of pages into square patches of size×size
// pixels, stepping stride pixels across and down (and placing the last
// patch of each row and column against the page's edge, so that every
// pixel is in a patch). A stride smaller than size makes patches overlap.
//
// Patches returns them as a Set of Shape{C: pages.Shape.C, H: size, W:
// size} (a patch has the channels of its page): page by page, each
// page's patches from the top row down and left to right. Index[i] is the
// Index of the page that patch i came from, and Labels, if pages has any,
// is the page's label. Unpatch puts such patches back together. A small
// model trained on patches learns local strokes and stains, and can then
// clean a page of any length patch by patch.
func Patches(pages *Set, size, stride int) (*Set, error) {
	if err := pages.check("Patches"); err != nil {
		return nil, err
	}
	sh := pages.Shape
	if err := checkPatching("Patches", sh, size, stride); err != nil {
		return nil, err
	}
	ps := Shape{C: sh.C, H: size, W: size}
	ys, xs := patchStarts(sh.H, size, stride), patchStarts(sh.W, size, stride)
	per := len(ys) * len(xs)
	n := pages.Len() * per
	if n*ps.Size() > maxPatchValues {
		return nil, pages.errorf("Patches", "%d patches of %v would hold %d values, more than %d: use a larger stride",
			n, ps, n*ps.Size(), maxPatchValues)
	}
	plane, pplane := sh.H*sh.W, size*size // values per channel of a page, of a patch
	data := make([]float64, n*ps.Size())
	index := make([]int, n)
	var labels []int
	if pages.Labels != nil {
		labels = make([]int, n)
	}
	k := 0
	for p := 0; p < pages.Len(); p++ {
		page := pages.Images.RawRowView(p)
		for _, y0 := range ys {
			for _, x0 := range xs {
				patch := data[k*ps.Size() : (k+1)*ps.Size()]
				for c := 0; c < sh.C; c++ {
					src, dst := page[c*plane:(c+1)*plane], patch[c*pplane:(c+1)*pplane]
					for y := 0; y < size; y++ {
						copy(dst[y*size:(y+1)*size], src[(y0+y)*sh.W+x0:(y0+y)*sh.W+x0+size])
					}
				}
				index[k] = p
				if pages.Index != nil {
					index[k] = pages.Index[p]
				}
				if labels != nil {
					labels[k] = pages.Labels[p]
				}
				k++
			}
		}
	}
	return &Set{
		Images: mat.NewDense(n, ps.Size(), data),
		Labels: labels,
		Shape:  ps,
		Index:  index,
		Name:   pages.Name,
	}, nil
}

// Unpatch puts patches cut by Patches(pages, size, stride) back together,
// one page per row of the result, averaging the patches where they
// overlap. page is the Shape of the pages that were cut, pages.Shape.
// patches holds one patch per row, in the order Patches gives them, for
// one or more whole pages: for instance a model's reconstructions of the
// patches of a dirty page, which Unpatch turns into the cleaned page.
func Unpatch(patches *mat.Dense, page Shape, size, stride int) (*mat.Dense, error) {
	if patches == nil || patches.IsEmpty() {
		return nil, fmt.Errorf("datasets: Unpatch: patches is empty")
	}
	if err := shape.Check(page); err != nil {
		return nil, fmt.Errorf("datasets: Unpatch: page %v", err)
	}
	if page.H > maxPageSide || page.W > maxPageSide {
		return nil, fmt.Errorf("datasets: Unpatch: page is %v pixels, want at most %d on each side", page, maxPageSide)
	}
	if err := checkPatching("Unpatch", page, size, stride); err != nil {
		return nil, err
	}
	ps := Shape{C: page.C, H: size, W: size}
	n, cols := patches.Dims()
	if cols != ps.Size() {
		want := "size×size"
		if page.C != 1 {
			want = "C×size×size"
		}
		return nil, fmt.Errorf("datasets: Unpatch: patches has %d columns, want %s = %v = %d", cols, want, ps, ps.Size())
	}
	h, w := page.H, page.W
	ys, xs := patchStarts(h, size, stride), patchStarts(w, size, stride)
	per := len(ys) * len(xs)
	if n%per != 0 {
		return nil, fmt.Errorf("datasets: Unpatch: %d patches is not a whole number of pages: a %v page has %d patches of %v with stride %d",
			n, page, per, ps, stride)
	}
	for i := 0; i < n; i++ {
		for j, v := range patches.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("datasets: Unpatch: patch %d, pixel %d is %v", i, j, v)
			}
		}
	}
	nPages := n / per
	plane, pplane := h*w, size*size // values per channel of a page, of a patch
	sum := make([]float64, nPages*page.Size())
	count := make([]float64, plane) // the same for every page and channel
	for _, y0 := range ys {
		for _, x0 := range xs {
			for y := 0; y < size; y++ {
				for x := 0; x < size; x++ {
					count[(y0+y)*w+x0+x]++
				}
			}
		}
	}
	k := 0
	for p := 0; p < nPages; p++ {
		pg := sum[p*page.Size() : (p+1)*page.Size()]
		for _, y0 := range ys {
			for _, x0 := range xs {
				patch := patches.RawRowView(k)
				for c := 0; c < page.C; c++ {
					dstPlane, src := pg[c*plane:(c+1)*plane], patch[c*pplane:(c+1)*pplane]
					for y := 0; y < size; y++ {
						dst := dstPlane[(y0+y)*w+x0 : (y0+y)*w+x0+size]
						for x, v := range src[y*size : (y+1)*size] {
							dst[x] += v
						}
					}
				}
				k++
			}
		}
		for i := range pg {
			pg[i] /= count[i%plane]
		}
	}
	return mat.NewDense(nPages, page.Size(), sum), nil
}
