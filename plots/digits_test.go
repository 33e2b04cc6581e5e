package plots

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// This file makes synthetic, MNIST-like test data: 28×28 pictures of the
// ten digits drawn as strokes with random shifts, slants and thicknesses,
// and codes, scores and curves to go with them. Everything is seeded.

const side = 28 // height and width of the synthetic digits

type pt struct{ x, y float64 }

// arc returns points on an ellipse around c from angle a0 to a1 (degrees).
func arc(c pt, rx, ry, a0, a1 float64) []pt {
	const steps = 24
	out := make([]pt, steps+1)
	for i := range out {
		a := (a0 + (a1-a0)*float64(i)/steps) * math.Pi / 180
		out[i] = pt{c.x + rx*math.Cos(a), c.y + ry*math.Sin(a)}
	}
	return out
}

// strokes holds each digit as polylines in [-1, 1]², y up.
var strokes = [10][][]pt{
	{arc(pt{0, 0}, 0.45, 0.72, 0, 360)},
	{{{-0.2, 0.5}, {0.05, 0.72}, {0.05, -0.72}}},
	{append(arc(pt{0, 0.35}, 0.4, 0.37, 160, -30), pt{-0.45, -0.72}, pt{0.5, -0.72})},
	{arc(pt{0, 0.36}, 0.38, 0.36, 150, -90), arc(pt{0, -0.36}, 0.42, 0.36, 90, -150)},
	{{{-0.15, 0.72}, {-0.5, -0.1}, {0.5, -0.1}}, {{0.25, 0.45}, {0.25, -0.72}}},
	{append([]pt{{0.45, 0.72}, {-0.35, 0.72}, {-0.4, 0.1}}, arc(pt{0, -0.3}, 0.45, 0.42, 120, -150)...)},
	{append(arc(pt{0.05, 0.1}, 0.5, 0.65, 70, 180), arc(pt{0, -0.35}, 0.42, 0.37, 180, 540)...)},
	{{{-0.45, 0.72}, {0.5, 0.72}, {-0.1, -0.72}}},
	{arc(pt{0, 0.38}, 0.33, 0.33, 0, 360), arc(pt{0, -0.35}, 0.42, 0.38, 0, 360)},
	{arc(pt{0, 0.33}, 0.4, 0.37, 0, 360), {{0.4, 0.33}, {0.3, -0.72}}},
}

// digit draws digit d with random jitter from r into a 784-pixel row.
func digit(d int, r *rand.Rand, dst []float64) {
	scale := 9.5 + r.Float64()*1.5
	slant := (r.Float64() - 0.5) * 0.5
	dx, dy := (r.Float64()-0.5)*3, (r.Float64()-0.5)*3
	thick := 1.1 + r.Float64()*0.8
	for i := range side {
		for j := range side {
			// Pixel centre in glyph coordinates.
			y := -(float64(i) + 0.5 - side/2 - dy) / scale
			x := (float64(j)+0.5-side/2-dx)/scale - slant*y
			d2 := math.Inf(1)
			for _, line := range strokes[d] {
				for k := 1; k < len(line); k++ {
					d2 = math.Min(d2, segDist2(pt{x, y}, line[k-1], line[k]))
				}
			}
			dpx := math.Sqrt(d2) * scale
			v := 1.4 - dpx/thick
			dst[i*side+j] = math.Max(0, math.Min(1, v))
		}
	}
}

// segDist2 returns the squared distance from p to the segment a–b.
func segDist2(p, a, b pt) float64 {
	vx, vy := b.x-a.x, b.y-a.y
	wx, wy := p.x-a.x, p.y-a.y
	t := 0.0
	if l := vx*vx + vy*vy; l > 0 {
		t = math.Max(0, math.Min(1, (wx*vx+wy*vy)/l))
	}
	ex, ey := wx-t*vx, wy-t*vy
	return ex*ex + ey*ey
}

// digits returns n synthetic digits (labels cycle 0..9) and their labels.
func digits(n int, seed uint64) (*mat.Dense, []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, side*side, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % 10
		digit(labels[i], r, x.RawRowView(i))
	}
	return x, labels
}

// blur returns a smoothed copy of x, a stand-in for reconstructions.
func blur(x *mat.Dense, height, width int) *mat.Dense {
	n, _ := x.Dims()
	out := mat.NewDense(n, height*width, nil)
	for k := range n {
		src, dst := x.RawRowView(k), out.RawRowView(k)
		for i := range height {
			for j := range width {
				var s, w float64
				for di := -1; di <= 1; di++ {
					for dj := -1; dj <= 1; dj++ {
						ii, jj := i+di, j+dj
						if ii < 0 || jj < 0 || ii >= height || jj >= width {
							continue
						}
						f := 1.0
						if di != 0 || dj != 0 {
							f = 0.6
						}
						s += f * src[ii*width+jj]
						w += f
					}
				}
				dst[i*width+j] = 0.9 * s / w
			}
		}
	}
	return out
}

// noisy returns x + sigma·N(0, 1) clipped to [0, 1].
func noisy(x *mat.Dense, sigma float64, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 2))
	var out mat.Dense
	out.Apply(func(_, _ int, v float64) float64 {
		return math.Max(0, math.Min(1, v+sigma*r.NormFloat64()))
	}, x)
	return &out
}

// codes returns n labelled points of dim dimensions in ten clusters.
func codes(n, dim int, seed uint64) (*mat.Dense, []int) {
	r := rand.New(rand.NewPCG(seed, 3))
	centres := make([][]float64, 10)
	for k := range centres {
		centres[k] = make([]float64, dim)
		for j := range dim {
			centres[k][j] = r.NormFloat64() * 3
		}
	}
	x := mat.NewDense(n, dim, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = r.IntN(10)
		row := x.RawRowView(i)
		for j := range dim {
			row[j] = centres[labels[i]][j] + r.NormFloat64()
		}
	}
	return x, labels
}

// lossCurve returns an exponentially decaying, slightly noisy loss.
func lossCurve(epochs int, start, end, rate float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 4))
	v := make([]float64, epochs)
	for i := range v {
		v[i] = end + (start-end)*math.Exp(-rate*float64(i)) + 0.003*r.NormFloat64()*end
	}
	return v
}

// scores returns reconstruction errors of normal samples and a few
// planted anomalies, and which ones are planted.
func scores(normal, planted int, seed uint64) ([]float64, []bool) {
	r := rand.New(rand.NewPCG(seed, 5))
	s := make([]float64, normal+planted)
	f := make([]bool, normal+planted)
	for i := range s {
		if i >= normal {
			f[i] = true
			s[i] = math.Exp(r.NormFloat64()*0.35 - 3.3)
		} else {
			s[i] = math.Exp(r.NormFloat64()*0.4 - 4.4)
		}
	}
	return s, f
}

// manifold returns n×n images blending four digits bilinearly across the
// grid, a stand-in for a decoder's output on GridCodes(n, ...): row i·n+j
// is mostly digit 0 at the bottom left and digit 7 at the top right.
func manifold(n int) *mat.Dense {
	corners, _ := digits(10, 9)
	a, b, c, d := corners.RawRowView(0), corners.RawRowView(1), corners.RawRowView(6), corners.RawRowView(7)
	out := mat.NewDense(n*n, side*side, nil)
	for i := range n {
		for j := range n {
			u, v := float64(j)/float64(n-1), float64(i)/float64(n-1)
			row := out.RawRowView(i*n + j)
			for k := range row {
				row[k] = (1-u)*(1-v)*a[k] + u*(1-v)*b[k] + (1-u)*v*c[k] + u*v*d[k]
			}
		}
	}
	return out
}

// precisionRecall returns, for m thresholds spread over the scores,
// the precision and recall of flagging the scores above each threshold,
// leaving out thresholds that flag nothing.
func precisionRecall(s []float64, planted []bool, m int) (thr, prec, rec []float64) {
	lo, hi := s[0], s[0]
	total := 0
	for i, v := range s {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		if planted[i] {
			total++
		}
	}
	for k := range m {
		t := lo + (hi-lo)*float64(k)/float64(m)
		tp, fp := 0, 0
		for i, v := range s {
			if v > t {
				if planted[i] {
					tp++
				} else {
					fp++
				}
			}
		}
		if tp+fp == 0 {
			continue
		}
		thr = append(thr, t)
		prec = append(prec, float64(tp)/float64(tp+fp))
		rec = append(rec, float64(tp)/float64(total))
	}
	return thr, prec, rec
}

// filters returns n synthetic first-layer filters of 28×28 weights:
// oriented Gabor-like stripes under a Gaussian window.
func filters(n int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 6))
	w := mat.NewDense(n, side*side, nil)
	for k := range n {
		theta := r.Float64() * math.Pi
		freq := 0.15 + r.Float64()*0.25
		cx, cy := 8+r.Float64()*12, 8+r.Float64()*12
		sigma := 3 + r.Float64()*4
		amp := 0.05 + r.Float64()*0.3
		row := w.RawRowView(k)
		for i := range side {
			for j := range side {
				x, y := float64(j)-cx, float64(i)-cy
				u := x*math.Cos(theta) + y*math.Sin(theta)
				g := math.Exp(-(x*x + y*y) / (2 * sigma * sigma))
				row[i*side+j] = amp * g * math.Cos(2*math.Pi*freq*u)
			}
		}
	}
	return w
}
