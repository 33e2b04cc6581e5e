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
