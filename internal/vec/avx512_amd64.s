//go:build !purego

#include "textflag.h"
#include "consts_amd64.h"

// The AVX-512 kernels. Every loop takes 16 floats at a time. Whole vectors
// are read with plain loads; the last n%16 elements are read with loads
// masked by K1 (which zero the lanes past the end) and go through the same
// instructions as the rest. Stores always go through K1, all ones but for
// the tail. Masked loads are kept out of the main loops because they are
// about twice as slow as plain ones on data that is not in cache (measured
// on Zen 5: 0.47 against 0.25 ns a float for Add on 60 MB), while masked
// stores cost nothing extra.
//
// A kernel is laid out as
//
//		START16
//	body:
//		plain loads
//	compute:
//		arithmetic, stores through K1
//		ADDQ $16, AX
//	check:
//		TAIL16
//		masked loads
//		JMP compute
//	done:
//
// Register use: DX n, AX index i (in elements), R11 the end of the current
// run of whole vectors, K1 the lanes in use.

// START16 sets up the loop over n = DX elements and jumps to the check.
#define START16 \
	XORQ  AX, AX \
	MOVQ  DX, R11 \
	ANDQ  $~15, R11 \
	MOVL  $0xffff, R10 \
	KMOVW R10, K1 \
	JMP   check

// TAIL16 follows the label check: it loops to body while whole vectors
// remain and jumps to done when nothing is left; otherwise it sets K1 to the
// last n%16 lanes and R11 = n (so that the tail runs once), and falls
// through to the tail's masked loads.
#define TAIL16 \
	CMPQ  AX, R11 \
	JB    body \
	CMPQ  AX, DX \
	JAE   done \
	MOVQ  DX, CX \
	SUBQ  AX, CX \
	MOVL  $1, R10 \
	SHLL  CX, R10 \
	DECL  R10 \
	KMOVW R10, K1 \
	MOVQ  DX, R11

// EXPCONSTS loads the constants of EXP16 into Z16-Z28.
#define EXPCONSTS \
	VBROADCASTSS ·vconst+C_LOG2E(SB), Z16 \
	VBROADCASTSS ·vconst+C_ROUND(SB), Z17 \
	VBROADCASTSS ·vconst+C_LN2HI(SB), Z18 \
	VBROADCASTSS ·vconst+C_LN2LO(SB), Z19 \
	VBROADCASTSS ·vconst+C_E7(SB), Z20 \
	VBROADCASTSS ·vconst+C_E6(SB), Z21 \
	VBROADCASTSS ·vconst+C_E5(SB), Z22 \
	VBROADCASTSS ·vconst+C_E4(SB), Z23 \
	VBROADCASTSS ·vconst+C_E3(SB), Z24 \
	VBROADCASTSS ·vconst+C_HALF(SB), Z25 \
	VBROADCASTSS ·vconst+C_ONE(SB), Z26 \
	VBROADCASTSS ·vconst+C_MAGIC(SB), Z27 \
	VBROADCASTSS ·vconst+C_EXPMIN(SB), Z28

// EXP16 sets e = e^x for x ≤ 0 (exp32 in fastmath.go): t = x·log2e + 1.5·2^23
// rounds k = x·log2e to an integer in t's low bits, r = x - k·ln2 in two
// steps, e = P(r)·2^k with 2^k built in the exponent bits (k+127 ≥ 1 for
// x ≥ -87.3), and 0 where x < -87.3. A NaN stays NaN. P is evaluated by
// Estrin's scheme, P = (1 + r) + r²(c2 + c3·r) + r⁴((c4 + c5·r) + r²(c6 +
// c7·r)), whose chain of dependent operations is half as long as Horner's.
// Uses Z4-Z6, Z10-Z12, K2.
#define EXP16(x, e) \
	VMOVAPS      Z16, Z4 \
	VFMADD213PS  Z17, x, Z4 \
	VSUBPS       Z17, Z4, Z5 \
	VPADDD       Z27, Z4, Z4 \
	VPSLLD       $23, Z4, Z4 \
	VMOVAPS      x, Z6 \
	VFNMADD231PS Z18, Z5, Z6 \
	VFNMADD231PS Z19, Z5, Z6 \
	VMULPS       Z6, Z6, Z5 \
	VMOVAPS      Z20, Z12 \
	VFMADD213PS  Z21, Z6, Z12 \
	VMOVAPS      Z22, Z11 \
	VFMADD213PS  Z23, Z6, Z11 \
	VFMADD231PS  Z12, Z5, Z11 \
	VMOVAPS      Z24, Z10 \
	VFMADD213PS  Z25, Z6, Z10 \
	VADDPS       Z26, Z6, e \
	VFMADD231PS  Z10, Z5, e \
	VMULPS       Z5, Z5, Z5 \
	VFMADD231PS  Z11, Z5, e \
	VCMPPS       $5, Z28, x, K2 \
	VMULPS.Z     Z4, e, K2, e

// SIGMOID16 sets a = sigmoid(v) given e = e^-|v| (sigmoidOf in fastmath.go):
// num/(1+e) with num = e where v's sign bit is set, 1 elsewhere. Needs the
// sign mask in Z29; uses Z8, K3.
#define SIGMOID16(v, e, a) \
	VADDPS   Z26, e, Z8 \
	VPTESTMD Z29, v, K3 \
	VMOVAPS  Z26, a \
	VMOVAPS  e, K3, a \
	VDIVPS   Z8, a, a

// SUM16 adds the 16 floats of tz (ty is its low half), widened to float64,
// to the partial sums Z14 (lanes 0-7) and Z15 (lanes 8-15). Uses Z3.
#define SUM16(tz, ty) \
	VCVTPS2PD     ty, Z3 \
	VADDPD        Z3, Z14, Z14 \
	VEXTRACTF64X4 $1, tz, ty \
	VCVTPS2PD     ty, Z3 \
	VADDPD        Z3, Z15, Z15

// REDUCE16 adds up the partial sums in Z14 and Z15 into X14 in the order the
// AVX2 code uses: lanes j and j+8, then j and j+4, j and j+2, j and j+1.
#define REDUCE16 \
	VADDPD        Z15, Z14, Z14 \
	VEXTRACTF64X4 $1, Z14, Y15 \
	VADDPD        Y15, Y14, Y14 \
	VEXTRACTF128  $1, Y14, X15 \
	VADDPD        X15, X14, X14 \
	VPERMILPD     $1, X14, X15 \
	VADDSD        X15, X14, X14

// func sigmoidBCEAVX512(z, y, g, b []float32, scale float32) float64
TEXT ·sigmoidBCEAVX512(SB), NOSPLIT, $0-112
	MOVQ         z_base+0(FP), SI
	MOVQ         z_len+8(FP), DX
	MOVQ         y_base+24(FP), R8
	MOVQ         g_base+48(FP), DI
	MOVQ         b_base+72(FP), BX
	VBROADCASTSS scale+96(FP), Z31
	EXPCONSTS
	VBROADCASTSS ·vconst+C_SIGN(SB), Z29
	VBROADCASTSS ·vconst+C_TWO(SB), Z30
	VPXORD       Z14, Z14, Z14
	VPXORD       Z15, Z15, Z15
	START16

body:
	VMOVUPS (SI)(AX*4), Z0
	VADDPS  (BX)(AX*4), Z0, Z0     // v = z + b
	VMOVUPS (R8)(AX*4), Z1         // y

compute:
	VPANDND Z0, Z29, Z2            // |v|
	VPORD   Z29, Z0, Z3            // -|v|
	EXP16(Z3, Z7)                  // e = e^-|v|
	SIGMOID16(Z0, Z7, Z9)          // a = sigmoid(v)

	// log(1+e) = 2s·Q(s²), s = e/(2+e) (log1p32 in fastmath.go), Q by
	// Estrin's scheme: (1 + l3·x) + x²(l5 + l7·x) + x⁴((l9 + l11·x) +
	// x²(l13 + l15·x)), x = s².
	VADDPS           Z30, Z7, Z8
	VDIVPS           Z8, Z7, Z7
	VMULPS           Z7, Z7, Z8
	VBROADCASTSS     ·vconst+C_L15(SB), Z11
	VFMADD213PS.BCST ·vconst+C_L13(SB), Z8, Z11
	VBROADCASTSS     ·vconst+C_L11(SB), Z12
	VFMADD213PS.BCST ·vconst+C_L9(SB), Z8, Z12
	VMULPS           Z8, Z8, Z3
	VFMADD231PS      Z11, Z3, Z12
	VBROADCASTSS     ·vconst+C_L7(SB), Z11
	VFMADD213PS.BCST ·vconst+C_L5(SB), Z8, Z11
	VBROADCASTSS     ·vconst+C_L3(SB), Z10
	VFMADD213PS      Z26, Z8, Z10
	VFMADD231PS      Z11, Z3, Z10
	VMULPS           Z3, Z3, Z3
	VFMADD231PS      Z12, Z3, Z10
	VADDPS           Z7, Z7, Z7
	VMULPS           Z10, Z7, Z7

	// loss = (v+|v|)/2 - v·y + log(1+e), 0 past the end
	VADDPS       Z2, Z0, Z2
	VMULPS       Z25, Z2, Z2
	VFNMADD231PS Z1, Z0, Z2
	VADDPS.Z     Z7, Z2, K1, Z2
	SUM16(Z2, Y2)

	VMOVUPS Z9, K1, (SI)(AX*4)
	TESTQ   DI, DI
	JZ      next
	VSUBPS  Z1, Z9, Z9             // (a - y)·scale
	VMULPS  Z31, Z9, Z9
	VMOVUPS Z9, K1, (DI)(AX*4)

next:
	ADDQ $16, AX

check:
	TAIL16
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VMOVUPS.Z (BX)(AX*4), K1, Z1
	VADDPS    Z1, Z0, Z0
	VMOVUPS.Z (R8)(AX*4), K1, Z1
	JMP       compute

done:
	REDUCE16
	VMOVSD     X14, ret+104(FP)
	VZEROUPPER
	RET

// func mseAVX512(a, y, g []float32, scale float32) float64
TEXT ·mseAVX512(SB), NOSPLIT, $0-88
	MOVQ         a_base+0(FP), SI
	MOVQ         a_len+8(FP), DX
	MOVQ         y_base+24(FP), R8
	MOVQ         g_base+48(FP), DI
	VBROADCASTSS scale+72(FP), Z31
	VPXORD       Z14, Z14, Z14
	VPXORD       Z15, Z15, Z15
	START16

body:
	VMOVUPS (SI)(AX*4), Z0
	VSUBPS  (R8)(AX*4), Z0, Z0     // d = a - y

compute:
	VMULPS  Z0, Z0, Z2             // masked loads leave d = 0 past the end
	SUM16(Z2, Y2)
	TESTQ   DI, DI
	JZ      next
	VADDPS  Z0, Z0, Z0             // 2d·scale
	VMULPS  Z31, Z0, Z0
	VMOVUPS Z0, K1, (DI)(AX*4)

next:
	ADDQ $16, AX

check:
	TAIL16
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VMOVUPS.Z (R8)(AX*4), K1, Z1
	VSUBPS    Z1, Z0, Z0
	JMP       compute

done:
	REDUCE16
	VMOVSD     X14, ret+80(FP)
	VZEROUPPER
	RET

// LOADZB loads z (SI) and b (BX), plain or masked, into Z0 and Z1.
#define LOADZB \
	VMOVUPS (SI)(AX*4), Z0 \
	VMOVUPS (BX)(AX*4), Z1

#define LOADZB_TAIL \
	VMOVUPS.Z (SI)(AX*4), K1, Z0 \
	VMOVUPS.Z (BX)(AX*4), K1, Z1

// func biasAddAVX512(z, b []float32)
TEXT ·biasAddAVX512(SB), NOSPLIT, $0-48
	MOVQ z_base+0(FP), SI
	MOVQ z_len+8(FP), DX
	MOVQ b_base+24(FP), BX
	START16

body:
	LOADZB

compute:
	VADDPS  Z1, Z0, Z0
	VMOVUPS Z0, K1, (SI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADZB_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func biasReLUAVX512(z, b []float32)
TEXT ·biasReLUAVX512(SB), NOSPLIT, $0-48
	MOVQ   z_base+0(FP), SI
	MOVQ   z_len+8(FP), DX
	MOVQ   b_base+24(FP), BX
	VPXORD Z31, Z31, Z31
	START16

body:
	LOADZB

compute:
	VADDPS  Z1, Z0, Z0
	VMAXPS  Z0, Z31, Z0            // 0 > v ? 0 : v, so NaN and -0 pass
	VMOVUPS Z0, K1, (SI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADZB_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func biasLeakyReLUAVX512(z, b []float32, slope float32)
TEXT ·biasLeakyReLUAVX512(SB), NOSPLIT, $0-52
	MOVQ         z_base+0(FP), SI
	MOVQ         z_len+8(FP), DX
	MOVQ         b_base+24(FP), BX
	VBROADCASTSS slope+48(FP), Z30
	VPXORD       Z31, Z31, Z31
	START16

body:
	LOADZB

compute:
	VADDPS  Z1, Z0, Z0
	VCMPPS  $1, Z31, Z0, K2        // v < 0
	VMULPS  Z30, Z0, K2, Z0
	VMOVUPS Z0, K1, (SI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADZB_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func biasSigmoidAVX512(z, b []float32)
TEXT ·biasSigmoidAVX512(SB), NOSPLIT, $0-48
	MOVQ         z_base+0(FP), SI
	MOVQ         z_len+8(FP), DX
	MOVQ         b_base+24(FP), BX
	EXPCONSTS
	VBROADCASTSS ·vconst+C_SIGN(SB), Z29
	START16

body:
	LOADZB

compute:
	VADDPS  Z1, Z0, Z0
	VPORD   Z29, Z0, Z3            // -|v|
	EXP16(Z3, Z7)
	SIGMOID16(Z0, Z7, Z9)
	VMOVUPS Z9, K1, (SI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADZB_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// LOADGA loads g (DI) and a (SI), plain or masked, into Z1 and Z0.
#define LOADGA \
	VMOVUPS (SI)(AX*4), Z0 \
	VMOVUPS (DI)(AX*4), Z1

#define LOADGA_TAIL \
	VMOVUPS.Z (SI)(AX*4), K1, Z0 \
	VMOVUPS.Z (DI)(AX*4), K1, Z1

// func reluGradAVX512(g, a []float32)
TEXT ·reluGradAVX512(SB), NOSPLIT, $0-48
	MOVQ   g_base+0(FP), DI
	MOVQ   g_len+8(FP), DX
	MOVQ   a_base+24(FP), SI
	VPXORD Z31, Z31, Z31
	START16

body:
	LOADGA

compute:
	VCMPPS  $2, Z31, Z0, K2        // a ≤ 0 (not NaN)
	VMOVAPS Z31, K2, Z1            // g = 0 there
	VMOVUPS Z1, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADGA_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func leakyReLUGradAVX512(g, a []float32, slope float32)
TEXT ·leakyReLUGradAVX512(SB), NOSPLIT, $0-52
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), DX
	MOVQ         a_base+24(FP), SI
	VBROADCASTSS slope+48(FP), Z30
	VPXORD       Z31, Z31, Z31
	START16

body:
	LOADGA

compute:
	VCMPPS  $2, Z31, Z0, K2        // a ≤ 0
	VMULPS  Z30, Z1, K2, Z1
	VMOVUPS Z1, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADGA_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func sigmoidGradAVX512(g, a []float32)
TEXT ·sigmoidGradAVX512(SB), NOSPLIT, $0-48
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), DX
	MOVQ         a_base+24(FP), SI
	VBROADCASTSS ·vconst+C_ONE(SB), Z30
	START16

body:
	LOADGA

compute:
	VSUBPS  Z0, Z30, Z2            // 1 - a
	VMULPS  Z2, Z0, Z2             // a·(1-a)
	VMULPS  Z2, Z1, Z1
	VMOVUPS Z1, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADGA_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func tanhGradAVX512(g, a []float32)
TEXT ·tanhGradAVX512(SB), NOSPLIT, $0-48
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), DX
	MOVQ         a_base+24(FP), SI
	VBROADCASTSS ·vconst+C_ONE(SB), Z30
	START16

body:
	LOADGA

compute:
	VMULPS  Z0, Z0, Z2             // a²
	VSUBPS  Z2, Z30, Z2            // 1 - a²
	VMULPS  Z2, Z1, Z1
	VMOVUPS Z1, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADGA_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func addAVX512(dst, src []float32)
TEXT ·addAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), DX
	MOVQ src_base+24(FP), SI
	START16

body:
	LOADGA

compute:
	VADDPS  Z0, Z1, Z1
	VMOVUPS Z1, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	LOADGA_TAIL
	JMP compute

done:
	VZEROUPPER
	RET

// func adamAVX512(p, g, m, v []float32, b1, c1, b2, c2, step, rootC2, eps float32)
//
// The operations and their order are adamGo's, without fused
// multiply-adds, so the results are the same bits.
TEXT ·adamAVX512(SB), NOSPLIT, $0-124
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), DX
	MOVQ         g_base+24(FP), SI
	MOVQ         m_base+48(FP), R8
	MOVQ         v_base+72(FP), R9
	VBROADCASTSS b1+96(FP), Z20
	VBROADCASTSS c1+100(FP), Z21
	VBROADCASTSS b2+104(FP), Z22
	VBROADCASTSS c2+108(FP), Z23
	VBROADCASTSS step+112(FP), Z24
	VBROADCASTSS rootC2+116(FP), Z25
	VBROADCASTSS eps+120(FP), Z26
	START16

body:
	VMOVUPS (SI)(AX*4), Z1         // g
	VMOVUPS (R8)(AX*4), Z2         // m
	VMOVUPS (R9)(AX*4), Z3         // v
	VMOVUPS (DI)(AX*4), Z0         // p

compute:
	VMULPS  Z20, Z2, Z2
	VMULPS  Z21, Z1, Z4
	VADDPS  Z4, Z2, Z2             // m = b1·m + c1·g
	VMULPS  Z22, Z3, Z3
	VMULPS  Z23, Z1, Z4
	VMULPS  Z1, Z4, Z4
	VADDPS  Z4, Z3, Z3             // v = b2·v + (c2·g)·g
	VMOVUPS Z2, K1, (R8)(AX*4)
	VMOVUPS Z3, K1, (R9)(AX*4)
	VSQRTPS Z3, Z4
	VDIVPS  Z25, Z4, Z4
	VADDPS  Z26, Z4, Z4            // √v/rootC2 + eps
	VMULPS  Z24, Z2, Z5
	VDIVPS  Z4, Z5, Z5             // step·m / that
	VSUBPS  Z5, Z0, Z0
	VMOVUPS Z0, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	VMOVUPS.Z (SI)(AX*4), K1, Z1
	VMOVUPS.Z (R8)(AX*4), K1, Z2
	VMOVUPS.Z (R9)(AX*4), K1, Z3
	VMOVUPS.Z (DI)(AX*4), K1, Z0
	JMP       compute

done:
	VZEROUPPER
	RET

// func toFloat32AVX512(dst []float32, src []float64)
TEXT ·toFloat32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), DX
	START16

body:
	VCVTPD2PS (SI)(AX*8), Y0
	VCVTPD2PS 64(SI)(AX*8), Y1

compute:
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMOVUPS      Z0, K1, (DI)(AX*4)
	ADDQ         $16, AX

check:
	TAIL16
	KSHIFTRW  $8, K1, K3
	VMOVUPD.Z (SI)(AX*8), K1, Z0
	VMOVUPD.Z 64(SI)(AX*8), K3, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	JMP       compute

done:
	VZEROUPPER
	RET

// func finiteAVX512(x []float64) float64
//
// It returns the OR of the bits of every x·0: 0 or -0 if all of x is
// finite, a NaN otherwise.
TEXT ·finiteAVX512(SB), NOSPLIT, $0-32
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	VPXORQ Z31, Z31, Z31
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	START16

body:
	VMULPD (SI)(AX*8), Z31, Z2
	VMULPD 64(SI)(AX*8), Z31, Z3

compute:
	VPORQ Z2, Z0, Z0
	VPORQ Z3, Z1, Z1
	ADDQ  $16, AX

check:
	TAIL16
	KSHIFTRW  $8, K1, K3
	VMOVUPD.Z (SI)(AX*8), K1, Z2
	VMOVUPD.Z 64(SI)(AX*8), K3, Z3
	VMULPD    Z31, Z2, Z2
	VMULPD    Z31, Z3, Z3
	JMP       compute

done:
	VPORQ         Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VPOR          Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VPOR          X1, X0, X0
	VPSHUFD       $0x4e, X0, X1
	VPOR          X1, X0, X0
	VMOVSD        X0, ret+24(FP)
	VZEROUPPER
	RET

// The BatchNorm kernels. The sums widen every float to float64 and keep
// 16 partial sums (element i in sum i mod 16), added up as REDUCE16 does;
// x² and g·x are exact in float64, so fused multiply-adds round as a
// multiply and an add would.

// func sumSquaresAVX512(x []float32) (sum, squares float64)
TEXT ·sumSquaresAVX512(SB), NOSPLIT, $0-40
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	START16

body:
	VMOVUPS (SI)(AX*4), Z0

compute:
	VCVTPS2PD     Y0, Z1
	VEXTRACTF64X4 $1, Z0, Y2
	VCVTPS2PD     Y2, Z2
	VADDPD        Z1, Z14, Z14
	VADDPD        Z2, Z15, Z15
	VFMADD231PD   Z1, Z1, Z16
	VFMADD231PD   Z2, Z2, Z17
	ADDQ          $16, AX

check:
	TAIL16
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	JMP       compute

done:
	REDUCE16
	VMOVSD  X14, sum+24(FP)
	VMOVAPD Z16, Z14
	VMOVAPD Z17, Z15
	REDUCE16
	VMOVSD  X14, squares+32(FP)
	VZEROUPPER
	RET

// func sumProductsAVX512(g, x []float32) (sum, products float64)
TEXT ·sumProductsAVX512(SB), NOSPLIT, $0-64
	MOVQ   g_base+0(FP), DI
	MOVQ   g_len+8(FP), DX
	MOVQ   x_base+24(FP), SI
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	START16

body:
	VMOVUPS (DI)(AX*4), Z0
	VMOVUPS (SI)(AX*4), Z3

compute:
	VCVTPS2PD     Y0, Z1
	VEXTRACTF64X4 $1, Z0, Y2
	VCVTPS2PD     Y2, Z2
	VCVTPS2PD     Y3, Z4
	VEXTRACTF64X4 $1, Z3, Y5
	VCVTPS2PD     Y5, Z5
	VADDPD        Z1, Z14, Z14
	VADDPD        Z2, Z15, Z15
	VFMADD231PD   Z4, Z1, Z16
	VFMADD231PD   Z5, Z2, Z17
	ADDQ          $16, AX

check:
	TAIL16
	VMOVUPS.Z (DI)(AX*4), K1, Z0
	VMOVUPS.Z (SI)(AX*4), K1, Z3
	JMP       compute

done:
	REDUCE16
	VMOVSD  X14, sum+48(FP)
	VMOVAPD Z16, Z14
	VMOVAPD Z17, Z15
	REDUCE16
	VMOVSD  X14, products+56(FP)
	VZEROUPPER
	RET

// func normalizeAVX512(y, x []float32, mean, scale, shift float32)
TEXT ·normalizeAVX512(SB), NOSPLIT, $0-60
	MOVQ         y_base+0(FP), DI
	MOVQ         y_len+8(FP), DX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSS mean+48(FP), Z29
	VBROADCASTSS scale+52(FP), Z30
	VBROADCASTSS shift+56(FP), Z31
	START16

body:
	VMOVUPS (SI)(AX*4), Z0

compute:
	VSUBPS  Z29, Z0, Z0
	VMULPS  Z30, Z0, Z0
	VADDPS  Z31, Z0, Z0
	VMOVUPS Z0, K1, (DI)(AX*4)
	ADDQ    $16, AX

check:
	TAIL16
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	JMP       compute

done:
	VZEROUPPER
	RET

// func normalizeGradAVX512(dx, dy, x []float32, k, mdy, mean, u float64)
TEXT ·normalizeGradAVX512(SB), NOSPLIT, $0-104
	MOVQ         dx_base+0(FP), DI
	MOVQ         dx_len+8(FP), DX
	MOVQ         dy_base+24(FP), R8
	MOVQ         x_base+48(FP), SI
	VBROADCASTSD k+72(FP), Z28
	VBROADCASTSD mdy+80(FP), Z29
	VBROADCASTSD mean+88(FP), Z30
	VBROADCASTSD u+96(FP), Z31
	START16

body:
	VMOVUPS (R8)(AX*4), Z0
	VMOVUPS (SI)(AX*4), Z3

compute:
	VCVTPS2PD     Y0, Z1
	VCVTPS2PD     Y3, Z4
	VSUBPD        Z29, Z1, Z1
	VSUBPD        Z30, Z4, Z4
	VMULPD        Z31, Z4, Z4
	VSUBPD        Z4, Z1, Z1
	VMULPD        Z28, Z1, Z1
	VCVTPD2PS     Z1, Y1
	VEXTRACTF64X4 $1, Z0, Y2
	VCVTPS2PD     Y2, Z2
	VEXTRACTF64X4 $1, Z3, Y5
	VCVTPS2PD     Y5, Z5
	VSUBPD        Z29, Z2, Z2
	VSUBPD        Z30, Z5, Z5
	VMULPD        Z31, Z5, Z5
	VSUBPD        Z5, Z2, Z2
	VMULPD        Z28, Z2, Z2
	VCVTPD2PS     Z2, Y2
	VINSERTF64X4  $1, Y2, Z1, Z1
	VMOVUPS       Z1, K1, (DI)(AX*4)
	ADDQ          $16, AX

check:
	TAIL16
	VMOVUPS.Z (R8)(AX*4), K1, Z0
	VMOVUPS.Z (SI)(AX*4), K1, Z3
	JMP       compute

done:
	VZEROUPPER
	RET

// The interleaving kernels of the stride-2 convolutions (ae's phase
// planes). pairIndex holds VPERMT2PS's indices for Interleave: the first
// 16 make a0 b0 a1 b1 … a7 b7, the next 16 a8 b8 … a15 b15; splitIndex
// those for Deinterleave: the even elements of 32, then the odd ones.
DATA ·pairIndex+0(SB)/4, $0
DATA ·pairIndex+4(SB)/4, $16
DATA ·pairIndex+8(SB)/4, $1
DATA ·pairIndex+12(SB)/4, $17
DATA ·pairIndex+16(SB)/4, $2
DATA ·pairIndex+20(SB)/4, $18
DATA ·pairIndex+24(SB)/4, $3
DATA ·pairIndex+28(SB)/4, $19
DATA ·pairIndex+32(SB)/4, $4
DATA ·pairIndex+36(SB)/4, $20
DATA ·pairIndex+40(SB)/4, $5
DATA ·pairIndex+44(SB)/4, $21
DATA ·pairIndex+48(SB)/4, $6
DATA ·pairIndex+52(SB)/4, $22
DATA ·pairIndex+56(SB)/4, $7
DATA ·pairIndex+60(SB)/4, $23
DATA ·pairIndex+64(SB)/4, $8
DATA ·pairIndex+68(SB)/4, $24
DATA ·pairIndex+72(SB)/4, $9
DATA ·pairIndex+76(SB)/4, $25
DATA ·pairIndex+80(SB)/4, $10
DATA ·pairIndex+84(SB)/4, $26
DATA ·pairIndex+88(SB)/4, $11
DATA ·pairIndex+92(SB)/4, $27
DATA ·pairIndex+96(SB)/4, $12
DATA ·pairIndex+100(SB)/4, $28
DATA ·pairIndex+104(SB)/4, $13
DATA ·pairIndex+108(SB)/4, $29
DATA ·pairIndex+112(SB)/4, $14
DATA ·pairIndex+116(SB)/4, $30
DATA ·pairIndex+120(SB)/4, $15
DATA ·pairIndex+124(SB)/4, $31
GLOBL ·pairIndex(SB), RODATA|NOPTR, $128

DATA ·splitIndex+0(SB)/4, $0
DATA ·splitIndex+4(SB)/4, $2
DATA ·splitIndex+8(SB)/4, $4
DATA ·splitIndex+12(SB)/4, $6
DATA ·splitIndex+16(SB)/4, $8
DATA ·splitIndex+20(SB)/4, $10
DATA ·splitIndex+24(SB)/4, $12
DATA ·splitIndex+28(SB)/4, $14
DATA ·splitIndex+32(SB)/4, $16
DATA ·splitIndex+36(SB)/4, $18
DATA ·splitIndex+40(SB)/4, $20
DATA ·splitIndex+44(SB)/4, $22
DATA ·splitIndex+48(SB)/4, $24
DATA ·splitIndex+52(SB)/4, $26
DATA ·splitIndex+56(SB)/4, $28
DATA ·splitIndex+60(SB)/4, $30
DATA ·splitIndex+64(SB)/4, $1
DATA ·splitIndex+68(SB)/4, $3
DATA ·splitIndex+72(SB)/4, $5
DATA ·splitIndex+76(SB)/4, $7
DATA ·splitIndex+80(SB)/4, $9
DATA ·splitIndex+84(SB)/4, $11
DATA ·splitIndex+88(SB)/4, $13
DATA ·splitIndex+92(SB)/4, $15
DATA ·splitIndex+96(SB)/4, $17
DATA ·splitIndex+100(SB)/4, $19
DATA ·splitIndex+104(SB)/4, $21
DATA ·splitIndex+108(SB)/4, $23
DATA ·splitIndex+112(SB)/4, $25
DATA ·splitIndex+116(SB)/4, $27
DATA ·splitIndex+120(SB)/4, $29
DATA ·splitIndex+124(SB)/4, $31
GLOBL ·splitIndex(SB), RODATA|NOPTR, $128

// func interleaveAVX512(dst, a, b []float32): dst[2i] = a[i], dst[2i+1] =
// b[i] for i < len(a), the last len(a)%16 through masks: a row of an image
// is often shorter than a vector.
TEXT ·interleaveAVX512(SB), NOSPLIT, $0-72
	MOVQ      dst_base+0(FP), DI
	MOVQ      a_base+24(FP), SI
	MOVQ      a_len+32(FP), DX
	MOVQ      b_base+48(FP), R8
	VMOVDQU32 ·pairIndex+0(SB), Z30
	VMOVDQU32 ·pairIndex+64(SB), Z31
	XORQ      AX, AX
	MOVQ      DX, R11
	ANDQ      $~15, R11
	JMP       ilvcheck

ilvloop:
	VMOVUPS   (SI)(AX*4), Z0
	VMOVUPS   (R8)(AX*4), Z1
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z30, Z0
	VPERMT2PS Z1, Z31, Z2
	VMOVUPS   Z0, (DI)(AX*8)
	VMOVUPS   Z2, 64(DI)(AX*8)
	ADDQ      $16, AX

ilvcheck:
	CMPQ AX, R11
	JB   ilvloop
	MOVQ DX, CX
	SUBQ AX, CX                  // r = n%16 left
	JZ   ilvdone
	MOVL $1, R10
	SHLL CX, R10
	DECL R10
	KMOVW R10, K1                // the r lanes of a and b
	SHLQ $1, CX                  // 2r floats of dst
	MOVQ $1, R10
	SHLQ CX, R10
	DECQ R10                     // the 2r low bits (r ≤ 15: fits 30 bits)
	KMOVW R10, K2                // dst lanes 0-15
	SHRQ $16, R10
	KMOVW R10, K3                // dst lanes 16-31
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VMOVUPS.Z (R8)(AX*4), K1, Z1
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z30, Z0
	VPERMT2PS Z1, Z31, Z2
	VMOVUPS   Z0, K2, (DI)(AX*8)
	VMOVUPS   Z2, K3, 64(DI)(AX*8)

ilvdone:
	VZEROUPPER
	RET

// func deinterleaveAVX512(a, b, src []float32): a[i] = src[2i], b[i] =
// src[2i+1] for i < len(a), the last len(a)%16 through masks.
TEXT ·deinterleaveAVX512(SB), NOSPLIT, $0-72
	MOVQ      a_base+0(FP), DI
	MOVQ      a_len+8(FP), DX
	MOVQ      b_base+24(FP), R8
	MOVQ      src_base+48(FP), SI
	VMOVDQU32 ·splitIndex+0(SB), Z30
	VMOVDQU32 ·splitIndex+64(SB), Z31
	XORQ      AX, AX
	MOVQ      DX, R11
	ANDQ      $~15, R11
	JMP       dilcheck

dilloop:
	VMOVUPS   (SI)(AX*8), Z0
	VMOVUPS   64(SI)(AX*8), Z1
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z30, Z0
	VPERMT2PS Z1, Z31, Z2
	VMOVUPS   Z0, (DI)(AX*4)
	VMOVUPS   Z2, (R8)(AX*4)
	ADDQ      $16, AX

dilcheck:
	CMPQ AX, R11
	JB   dilloop
	MOVQ DX, CX
	SUBQ AX, CX
	JZ   dildone
	MOVL $1, R10
	SHLL CX, R10
	DECL R10
	KMOVW R10, K1
	SHLQ $1, CX
	MOVQ $1, R10
	SHLQ CX, R10
	DECQ R10
	KMOVW R10, K2
	SHRQ $16, R10
	KMOVW R10, K3
	VMOVUPS.Z (SI)(AX*8), K2, Z0
	VMOVUPS.Z 64(SI)(AX*8), K3, Z1
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z30, Z0
	VPERMT2PS Z1, Z31, Z2
	VMOVUPS   Z0, K1, (DI)(AX*4)
	VMOVUPS   Z2, K1, (R8)(AX*4)

dildone:
	VZEROUPPER
	RET

// evenIndex holds 0, 2, 4, … 30: the column of each of 16 windows' left
// pixel in 32 pixels.
DATA ·evenIndex+0(SB)/4, $0
DATA ·evenIndex+4(SB)/4, $2
DATA ·evenIndex+8(SB)/4, $4
DATA ·evenIndex+12(SB)/4, $6
DATA ·evenIndex+16(SB)/4, $8
DATA ·evenIndex+20(SB)/4, $10
DATA ·evenIndex+24(SB)/4, $12
DATA ·evenIndex+28(SB)/4, $14
DATA ·evenIndex+32(SB)/4, $16
DATA ·evenIndex+36(SB)/4, $18
DATA ·evenIndex+40(SB)/4, $20
DATA ·evenIndex+44(SB)/4, $22
DATA ·evenIndex+48(SB)/4, $24
DATA ·evenIndex+52(SB)/4, $26
DATA ·evenIndex+56(SB)/4, $28
DATA ·evenIndex+60(SB)/4, $30
GLOBL ·evenIndex(SB), RODATA|NOPTR, $64

// func maxPool2AVX512(y []float32, arg []int32, r0, r1 []float32, i0, i1 int32)
// pools the 2×2 windows of rows r0 and r1, len(y) of them, 16 at a time,
// the last len(y)%16 through masks (see maxPool2Go for the rule).
TEXT ·maxPool2AVX512(SB), NOSPLIT, $0-104
	MOVQ         y_base+0(FP), DI
	MOVQ         y_len+8(FP), DX
	MOVQ         arg_base+24(FP), R9
	MOVQ         r0_base+48(FP), SI
	MOVQ         r1_base+72(FP), R8
	VMOVDQU32    ·splitIndex+0(SB), Z30
	VMOVDQU32    ·splitIndex+64(SB), Z31
	VMOVDQU32    ·evenIndex+0(SB), Z20
	MOVL         i0+96(FP), R10
	VPBROADCASTD R10, Z21
	VPADDD       Z20, Z21, Z21           // i0 + 2j for the first 16 windows
	MOVL         i1+100(FP), R10
	VPBROADCASTD R10, Z22
	VPADDD       Z20, Z22, Z22           // i1 + 2j
	MOVL         $1, R10
	VPBROADCASTD R10, Z23                // 1
	MOVL         $32, R10
	VPBROADCASTD R10, Z24                // 32: the step from 16 windows to the next
	XORQ         AX, AX
	MOVQ         DX, R11
	ANDQ         $~15, R11
	MOVL         $0xffff, R10
	KMOVW        R10, K1
	KMOVW        R10, K4
	KMOVW        R10, K5
	JMP          poolcheck

poolbody:
	VMOVUPS (SI)(AX*8), Z0
	VMOVUPS 64(SI)(AX*8), Z1
	VMOVUPS (R8)(AX*8), Z4
	VMOVUPS 64(R8)(AX*8), Z5

poolcompute:
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z30, Z0                // a: r0's left pixels
	VPERMT2PS Z1, Z31, Z2                // b: r0's right pixels
	VMOVAPS   Z4, Z6
	VPERMT2PS Z5, Z30, Z4                // c: r1's left pixels
	VPERMT2PS Z5, Z31, Z6                // d: r1's right pixels
	VMOVAPS   Z0, Z8                     // m = a
	VMOVDQA32 Z21, Z9                    // k = i0 + 2j
	VPADDD    Z23, Z21, Z10              // i0 + 2j + 1
	VCMPPS    $0x0E, Z8, Z2, K2          // b > m
	VCMPPS    $3, Z2, Z2, K3             // b is NaN
	KORW      K2, K3, K2
	VMOVAPS   Z2, K2, Z8
	VMOVDQA32 Z10, K2, Z9
	VCMPPS    $0x0E, Z8, Z4, K2          // c > m
	VCMPPS    $3, Z4, Z4, K3
	KORW      K2, K3, K2
	VMOVAPS   Z4, K2, Z8
	VMOVDQA32 Z22, K2, Z9
	VPADDD    Z23, Z22, Z10              // i1 + 2j + 1
	VCMPPS    $0x0E, Z8, Z6, K2          // d > m
	VCMPPS    $3, Z6, Z6, K3
	KORW      K2, K3, K2
	VMOVAPS   Z6, K2, Z8
	VMOVDQA32 Z10, K2, Z9
	VMOVUPS   Z8, K1, (DI)(AX*4)
	VMOVDQU32 Z9, K1, (R9)(AX*4)
	VPADDD    Z24, Z21, Z21
	VPADDD    Z24, Z22, Z22
	ADDQ      $16, AX

poolcheck:
	CMPQ AX, R11
	JB   poolbody
	CMPQ AX, DX
	JAE  pooldone
	MOVQ DX, CX
	SUBQ AX, CX                          // r = windows left, < 16
	MOVL $1, R10
	SHLL CX, R10
	DECL R10
	KMOVW R10, K1                        // the r windows
	SHLQ $1, CX
	MOVQ $1, R10
	SHLQ CX, R10
	DECQ R10                             // the 2r pixels of each row
	KMOVW R10, K4
	SHRQ $16, R10
	KMOVW R10, K5
	MOVQ DX, R11                         // run the tail once
	VMOVUPS.Z (SI)(AX*8), K4, Z0
	VMOVUPS.Z 64(SI)(AX*8), K5, Z1
	VMOVUPS.Z (R8)(AX*8), K4, Z4
	VMOVUPS.Z 64(R8)(AX*8), K5, Z5
	JMP  poolcompute

pooldone:
	VZEROUPPER
	RET
