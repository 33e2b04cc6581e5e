package vec

import "math"

// The float32 scalar math of the package, and so of aekit's engine: the
// exponential and logarithm of the pure-Go kernels, which the assembly
// evaluates with the same polynomials on whole vectors (the constants are in
// consts_amd64.s; keep the two in step), and the general logarithm and the
// hyperbolic tangent of the kernels that are pure Go everywhere (BCE,
// BiasTanh).

const (
	log2e32 = 1.44269504088896341
	ln2Hi32 = 0.693359375 // ln 2 to 9 bits: kf·ln2Hi32 is exact for |kf| < 2^15
	ln2Lo32 = -2.12194440e-4
	// expMin is where exp32 flushes to 0, just above the smallest normal.
	expMin = -87.3
	// roundMagic is 1.5·2^23: adding it rounds a float32 of magnitude below
	// 2^22 to an integer held in the low bits of the mantissa.
	roundMagic = 12582912
)

// exp32 returns e^x for x ≤ 0 (and NaN for NaN); results below the smallest
// normal float32 (x < -87.3) flush to 0. It is accurate to a few units in
// the last place and has no data-dependent branch in its range.
func exp32(x float32) float32 {
	// x = k·ln2 + r with |r| ≤ ln2/2, e^x = 2^k · e^r.
	t := float32(x*log2e32) + roundMagic
	k := int32(math.Float32bits(t)) - int32(math.Float32bits(roundMagic))
	kf := t - roundMagic
	r := float32(x-float32(kf*ln2Hi32)) - float32(kf*ln2Lo32)
	// P(r) = Σ r^i/i! for i ≤ 7 by Estrin's scheme, as the assembly does:
	// its chain of dependent operations is half as long as Horner's.
	r2 := r * r
	p0 := 1 + r + float32(r2*(float32(r*(1.0/6))+0.5))
	p1 := float32(r*(1.0/120)) + 1.0/24 + float32(r2*(float32(r*(1.0/5040))+1.0/720))
	p := p0 + float32(float32(r2*r2)*p1)
	e := p * math.Float32frombits(uint32(k+127)<<23)
	if x < expMin { // also for -Inf; k+127 has wrapped around there
		return 0
	}
	return e
}

// log1p32 returns log(1+u) for u in [0, 1].
func log1p32(u float32) float32 {
	// log(1+u) = 2·atanh(s) with s = u/(2+u) ≤ 1/3.
	s := u / (2 + u)
	// Q(x) = Σ x^i/(2i+1) for i ≤ 7, x = s², by Estrin's scheme.
	x := s * s
	x2 := x * x
	q0 := float32(x*(1.0/3)) + 1 + float32(x2*(float32(x*(1.0/7))+1.0/5))
	q1 := float32(x*(1.0/11)) + 1.0/9 + float32(x2*(float32(x*(1.0/15))+1.0/13))
	q := q0 + float32(float32(x2*x2)*q1)
	return 2 * s * q
}

// sigmoidOf returns 1/(1+e^-v) given e = e^-|v|: num/(1+e) with num = 1
// for v ≥ 0 and num = e for v < 0 (by v's sign bit), chosen without a
// branch. Both forms keep full relative accuracy.
func sigmoidOf(v, e float32) float32 {
	neg := uint32(int32(math.Float32bits(v)) >> 31) // all ones if v's sign is set
	num := math.Float32frombits(math.Float32bits(e)&neg | math.Float32bits(1)&^neg)
	return num / (1 + e)
}

// negAbs returns -|v|.
func negAbs(v float32) float32 {
	return math.Float32frombits(math.Float32bits(v) | 1<<31)
}

// log32 returns the natural logarithm of x: -Inf for x ≤ 0, x itself for
// NaN and +Inf. It is accurate to a few units in the last place.
func log32(x float32) float32 {
	if x <= 0 {
		return float32(math.Inf(-1))
	}
	if x != x || x > math.MaxFloat32 {
		return x
	}
	bits := math.Float32bits(x)
	e := int32(bits>>23) - 127
	m := math.Float32frombits(bits&0x007fffff | 0x3f800000) // m in [1, 2)
	if e == -127 {
		// A subnormal x: scale it into the normal range first.
		return log32(x*(1<<24)) - 24*0.6931471805599453
	}
	if m > 1.41421356 {
		m *= 0.5
		e++
	}
	// log(m) = 2·atanh(s), s = (m-1)/(m+1), |s| ≤ 0.172.
	s := (m - 1) / (m + 1)
	s2 := s * s
	p := float32(1.0 / 11)
	p = p*s2 + 1.0/9
	p = p*s2 + 1.0/7
	p = p*s2 + 1.0/5
	p = p*s2 + 1.0/3
	p = p*s2 + 1
	return float32(e)*0.6931471805599453 + 2*s*p
}

// tanhSeries is where tanh32 switches from its Taylor series to the
// exponential: below it the series' first omitted term is under 1e-8 of the
// result; above it 1 - e^(-2|x|) no longer loses bits to cancellation.
const tanhSeries = 0.4

// tanh32 returns tanh(x), accurate to a few units in the last place, ±1
// for ±Inf and NaN for NaN. Near 0 it sums the Taylor series; elsewhere
// tanh|x| = (1 - e)/(1 + e) with e = e^(-2|x|) ≤ 1, which needs exp32 only
// for arguments ≤ 0 and never overflows, and the result takes x's sign.
func tanh32(x float32) float32 {
	ax := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	if ax < tanhSeries {
		// tanh x = x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835
		//          - 1382x¹¹/155925 + 21844x¹³/6081075 - …
		x2 := x * x
		p := float32(21844.0 / 6081075)
		p = p*x2 - 1382.0/155925
		p = p*x2 + 62.0/2835
		p = p*x2 - 17.0/315
		p = p*x2 + 2.0/15
		p = p*x2 - 1.0/3
		return x * (1 + x2*p)
	}
	e := exp32(-2 * ax)
	t := (1 - e) / (1 + e)
	return math.Float32frombits(math.Float32bits(t) | math.Float32bits(x)&(1<<31))
}
