package ae

import "math"

// Fast float32 exp and log for the elementwise passes. Both are accurate to a
// few units in the last place over the range training uses, which is far below
// what training can notice, and several times faster than the float64 math
// package calls they replace.

const (
	log2e32 = 1.44269504088896341
	ln2Hi32 = 0.693359375
	ln2Lo32 = -2.12194440e-4
)

// exp32 returns e^x. Results below the smallest normal float32 flush to 0.
// It has no data-dependent branches in the common range, which matters more
// than the arithmetic: a mispredicted branch costs as much as the polynomial.
func exp32(x float32) float32 {
	if x < -87.3 {
		return 0
	}
	if x > 88.3 {
		return float32(math.Inf(1))
	}
	if x != x {
		return x
	}
	// x = k·ln2 + r with |r| ≤ ln2/2, e^x = 2^k · e^r. Adding 1.5·2^23
	// rounds x·log2(e) to the nearest integer, which lands in the low bits.
	const round = 12582912
	t := x*log2e32 + round
	k := int32(math.Float32bits(t)) - int32(math.Float32bits(round))
	kf := t - round
	r := x - kf*ln2Hi32 - kf*ln2Lo32
	p := float32(1.0 / 5040)
	p = p*r + 1.0/720
	p = p*r + 1.0/120
	p = p*r + 1.0/24
	p = p*r + 1.0/6
	p = p*r + 0.5
	p = p*r + 1
	p = p*r + 1
	return p * math.Float32frombits(uint32(k+127)<<23)
}

// log1p32 returns log(1+u) for u in [0, 1], the range softplus needs.
func log1p32(u float32) float32 {
	// log(1+u) = 2·atanh(s) with s = u/(2+u) ≤ 1/3.
	s := u / (2 + u)
	s2 := s * s
	p := float32(1.0 / 15)
	p = p*s2 + 1.0/13
	p = p*s2 + 1.0/11
	p = p*s2 + 1.0/9
	p = p*s2 + 1.0/7
	p = p*s2 + 1.0/5
	p = p*s2 + 1.0/3
	p = p*s2 + 1
	return 2 * s * p
}

// log32 returns the natural logarithm of a positive, finite x.
func log32(x float32) float32 {
	if x <= 0 {
		return float32(math.Inf(-1))
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
