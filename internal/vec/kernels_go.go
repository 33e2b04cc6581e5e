package vec

import "math"

// The pure-Go kernels: the reference for the assembly and the fallback. The
// explicit float32 conversions stop the compiler from fusing a multiply and
// an add (Go may, e.g. with GOAMD64=v3), so that each kernel rounds after
// every operation, exactly as the assembly does where it promises the same
// bits.

func sigmoidBCEGo(z, y, g, b []float32, scale float32) float64 {
	y, b = y[:len(z)], b[:len(z)]
	var sum float64
	for i := range z {
		v := z[i] + b[i]
		e := exp32(negAbs(v))
		a := sigmoidOf(v, e)
		// max(v,0) - v·y + log(1+e^-|v|), with max(v,0) = (v+|v|)/2.
		av := math.Float32frombits(math.Float32bits(v) &^ (1 << 31))
		h := float32(v+av) * 0.5
		sum += float64(float32(h-float32(v*y[i])) + log1p32(e))
		z[i] = a
		if g != nil {
			g[i] = float32(a-y[i]) * scale
		}
	}
	return sum
}

func mseGo(a, y, g []float32, scale float32) float64 {
	y = y[:len(a)]
	var sum float64
	for i := range a {
		d := a[i] - y[i]
		sum += float64(d * d)
		if g != nil {
			g[i] = 2 * d * scale
		}
	}
	return sum
}

func maeGo(a, y, g []float32, scale float32) float64 {
	y = y[:len(a)]
	var sum float64
	for i := range a {
		d := a[i] - y[i]
		var s float32
		switch {
		case d > 0:
			s = 1
		case d < 0:
			s = -1
		}
		sum += float64(d * s)
		if g != nil {
			g[i] = s * scale
		}
	}
	return sum
}

func bceGo(a, y, g []float32, scale, floor float32) float64 {
	y = y[:len(a)]
	var sum float64
	for i := range a {
		p, t := a[i], y[i]
		// log32 is -Inf at 0 and below, which the floor clamps; a NaN stays.
		lp := max(log32(p), floor)
		lq := max(log32(1-p), floor)
		sum -= float64(t*lp + (1-t)*lq)
		if g != nil {
			g[i] = (p - t) / max(p*(1-p), 1e-12) * scale
		}
	}
	return sum
}

func biasAddGo(z, b []float32) {
	b = b[:len(z)]
	for i := range z {
		z[i] += b[i]
	}
}

func biasReLUGo(z, b []float32) {
	b = b[:len(z)]
	for i := range z {
		v := z[i] + b[i]
		if v < 0 {
			v = 0
		}
		z[i] = v
	}
}

func biasLeakyReLUGo(z, b []float32, slope float32) {
	b = b[:len(z)]
	for i := range z {
		v := z[i] + b[i]
		if v < 0 {
			v *= slope
		}
		z[i] = v
	}
}

func biasSigmoidGo(z, b []float32) {
	b = b[:len(z)]
	for i := range z {
		v := z[i] + b[i]
		z[i] = sigmoidOf(v, exp32(negAbs(v)))
	}
}

func biasTanhGo(z, b []float32) {
	b = b[:len(z)]
	for i := range z {
		z[i] = tanh32(z[i] + b[i])
	}
}

func reluGradGo(g, a []float32) {
	a = a[:len(g)]
	for i := range g {
		if a[i] <= 0 {
			g[i] = 0
		}
	}
}

func leakyReLUGradGo(g, a []float32, slope float32) {
	a = a[:len(g)]
	for i := range g {
		if a[i] <= 0 {
			g[i] *= slope
		}
	}
}

func sigmoidGradGo(g, a []float32) {
	a = a[:len(g)]
	for i := range g {
		g[i] *= a[i] * (1 - a[i])
	}
}

func tanhGradGo(g, a []float32) {
	a = a[:len(g)]
	for i := range g {
		g[i] *= 1 - float32(a[i]*a[i])
	}
}

func addGo(dst, src []float32) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}

func adamGo(p, g, m, v []float32, c adamConsts) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i, gi := range g {
		mi := float32(c.b1*m[i]) + float32(c.c1*gi)
		vi := float32(c.b2*v[i]) + float32(float32(c.c2*gi)*gi)
		m[i], v[i] = mi, vi
		den := float32(float32(math.Sqrt(float64(vi)))/c.rootC2) + c.eps
		p[i] -= float32(c.step*mi) / den
	}
}

func toFloat32Go(dst []float32, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = float32(v)
	}
}

func finiteGo(x []float64) bool {
	// v·0 is 0 for a finite v and NaN for NaN and ±Inf; a NaN sticks.
	s := 0.0
	for _, v := range x {
		s += v * 0
	}
	return s == s
}

// sumSquaresGo returns Σx and Σx² in float64, in four partial sums.
func sumSquaresGo(x []float32) (sum, squares float64) {
	var a0, a1, a2, a3, b0, b1, b2, b3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		v0, v1, v2, v3 := float64(x[i]), float64(x[i+1]), float64(x[i+2]), float64(x[i+3])
		a0 += v0
		a1 += v1
		a2 += v2
		a3 += v3
		b0 += v0 * v0
		b1 += v1 * v1
		b2 += v2 * v2
		b3 += v3 * v3
	}
	for ; i < len(x); i++ {
		v := float64(x[i])
		a0 += v
		b0 += v * v
	}
	return (a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3)
}

// sumProductsGo returns Σg and Σg·x in float64, in four partial sums.
func sumProductsGo(g, x []float32) (sum, products float64) {
	x = x[:len(g)]
	var a0, a1, a2, a3, b0, b1, b2, b3 float64
	i := 0
	for ; i+4 <= len(g); i += 4 {
		g0, g1, g2, g3 := float64(g[i]), float64(g[i+1]), float64(g[i+2]), float64(g[i+3])
		a0 += g0
		a1 += g1
		a2 += g2
		a3 += g3
		b0 += g0 * float64(x[i])
		b1 += g1 * float64(x[i+1])
		b2 += g2 * float64(x[i+2])
		b3 += g3 * float64(x[i+3])
	}
	for ; i < len(g); i++ {
		a0 += float64(g[i])
		b0 += float64(g[i]) * float64(x[i])
	}
	return (a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3)
}

func normalizeGo(y, x []float32, mean, scale, shift float32) {
	x = x[:len(y)]
	for i, v := range x {
		d := v - mean
		d *= scale
		y[i] = d + shift
	}
}

func normalizeGradGo(dx, dy, x []float32, k, mdy, mean, u float64) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i := range dx {
		d := float64(dy[i]) - mdy
		e := float64(x[i]) - mean
		e *= u
		d -= e
		dx[i] = float32(d * k)
	}
}

func interleaveGo(dst, a, b []float32) {
	dst, b = dst[:2*len(a)], b[:len(a)]
	for i, v := range a {
		dst[2*i] = v
		dst[2*i+1] = b[i]
	}
}

func deinterleaveGo(a, b, src []float32) {
	src, b = src[:2*len(a)], b[:len(a)]
	for i := range a {
		a[i] = src[2*i]
		b[i] = src[2*i+1]
	}
}

func maxPool2Go(y []float32, arg []int32, r0, r1 []float32, i0, i1 int32) {
	arg, r0, r1 = arg[:len(y)], r0[:2*len(y)], r1[:2*len(y)]
	for j := range y {
		x := 2 * j
		m, k := r0[x], i0+int32(x)
		if v := r0[x+1]; v > m || v != v {
			m, k = v, i0+int32(x+1)
		}
		if v := r1[x]; v > m || v != v {
			m, k = v, i1+int32(x)
		}
		if v := r1[x+1]; v > m || v != v {
			m, k = v, i1+int32(x+1)
		}
		y[j], arg[j] = m, k
	}
}
