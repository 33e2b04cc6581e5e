package vec

import "math"

// The float32 exponential and logarithm of the pure-Go kernels. The assembly
// evaluates the same polynomials on whole vectors (the constants are in
// consts_amd64.s); keep the two in step.

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
