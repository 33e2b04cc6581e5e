//go:build !purego

#include "textflag.h"
#include "consts_amd64.h"

// The AVX2+FMA kernels, 8 floats a vector. Constants are memory operands
// from ·vconst (8 copies each). The kernels whose results are exactly the
// pure-Go ones take only whole vectors and leave the last n%8 elements to
// the Go code (impl_amd64.go). The others — SigmoidBCE, MSE, BiasSigmoid —
// handle their tail here with masked loads and stores, so every element goes
// through the same instructions; SigmoidBCE and MSE also keep the AVX-512
// code's 16 partial sums (element i in sum i mod 16), so the two give the
// same bits.
//
// Register use: DX n, AX index i (in elements), R11 the end of the whole
// vectors (or groups of 16).

// EXP8 sets Y5 = e^x for x = Y3 ≤ 0, as EXP16 in avx512_amd64.s and with
// the same operations (in another order), so the same bits. Uses Y3 (whose
// x is lost), Y4, Y6-Y9.
#define EXP8 \
	VMOVUPS      ·vconst+C_LOG2E(SB), Y4 \
	VFMADD213PS  ·vconst+C_ROUND(SB), Y3, Y4 \
	VSUBPS       ·vconst+C_ROUND(SB), Y4, Y5 \
	VPADDD       ·vconst+C_MAGIC(SB), Y4, Y4 \
	VPSLLD       $23, Y4, Y4 \
	VMOVAPS      Y3, Y6 \
	VFNMADD231PS ·vconst+C_LN2HI(SB), Y5, Y6 \
	VFNMADD231PS ·vconst+C_LN2LO(SB), Y5, Y6 \
	VCMPPS       $5, ·vconst+C_EXPMIN(SB), Y3, Y3 \
	VMULPS       Y6, Y6, Y5 \
	VMOVUPS      ·vconst+C_E7(SB), Y8 \
	VFMADD213PS  ·vconst+C_E6(SB), Y6, Y8 \
	VMOVUPS      ·vconst+C_E5(SB), Y9 \
	VFMADD213PS  ·vconst+C_E4(SB), Y6, Y9 \
	VFMADD231PS  Y8, Y5, Y9 \
	VMOVUPS      ·vconst+C_E3(SB), Y8 \
	VFMADD213PS  ·vconst+C_HALF(SB), Y6, Y8 \
	VADDPS       ·vconst+C_ONE(SB), Y6, Y7 \
	VFMADD231PS  Y8, Y5, Y7 \
	VMULPS       Y5, Y5, Y5 \
	VFMADD231PS  Y9, Y5, Y7 \
	VMULPS       Y4, Y7, Y5 \
	VANDPS       Y3, Y5, Y5

// SIGMOID8 sets Y7 = sigmoid(v), v = Y0, given Y5 = e^-|v|, as SIGMOID16.
// Uses Y6.
#define SIGMOID8 \
	VADDPS    ·vconst+C_ONE(SB), Y5, Y6 \
	VMOVUPS   ·vconst+C_ONE(SB), Y7 \
	VBLENDVPS Y0, Y5, Y7, Y7 \
	VDIVPS    Y6, Y7, Y7

// SUM8 adds the 8 floats of ty (tx is its low half), widened to float64, to
// the partial sums lo (lanes 0-3) and hi (lanes 4-7). Uses Y3.
#define SUM8(ty, tx, lo, hi) \
	VCVTPS2PD    tx, Y3 \
	VADDPD       Y3, lo, lo \
	VEXTRACTF128 $1, ty, tx \
	VCVTPS2PD    tx, Y3 \
	VADDPD       Y3, hi, hi

// SBCE8 is the body of sigmoidBCEAVX2 for 8 values: from v = Y0 and y = Y1
// it sets Y7 = sigmoid(v) and Y9 = (Y7 - y)·scale (scale in Y10) and adds
// the losses, zeroed outside the mask Y11, to the partial sums lo and hi.
// Uses Y2-Y9. The steps are those of sigmoidBCEAVX512.
#define SBCE8(lo, hi) \
	VANDPS       ·vconst+C_ABS(SB), Y0, Y2 \
	VORPS        ·vconst+C_SIGN(SB), Y0, Y3 \
	EXP8 \
	SIGMOID8 \
	VADDPS       ·vconst+C_TWO(SB), Y5, Y6 \
	VDIVPS       Y6, Y5, Y5 \
	VMULPS       Y5, Y5, Y6 \
	VMOVUPS      ·vconst+C_L15(SB), Y8 \
	VFMADD213PS  ·vconst+C_L13(SB), Y6, Y8 \
	VMOVUPS      ·vconst+C_L11(SB), Y9 \
	VFMADD213PS  ·vconst+C_L9(SB), Y6, Y9 \
	VMULPS       Y6, Y6, Y3 \
	VFMADD231PS  Y8, Y3, Y9 \
	VMOVUPS      ·vconst+C_L7(SB), Y8 \
	VFMADD213PS  ·vconst+C_L5(SB), Y6, Y8 \
	VMOVUPS      ·vconst+C_L3(SB), Y4 \
	VFMADD213PS  ·vconst+C_ONE(SB), Y6, Y4 \
	VFMADD231PS  Y8, Y3, Y4 \
	VMULPS       Y3, Y3, Y3 \
	VFMADD231PS  Y9, Y3, Y4 \
	VADDPS       Y5, Y5, Y5 \
	VMULPS       Y4, Y5, Y5 \
	VADDPS       Y2, Y0, Y2 \
	VMULPS       ·vconst+C_HALF(SB), Y2, Y2 \
	VFNMADD231PS Y1, Y0, Y2 \
	VADDPS       Y5, Y2, Y2 \
	VANDPS       Y11, Y2, Y2 \
	SUM8(Y2, X2, lo, hi) \
	VSUBPS       Y1, Y7, Y9 \
	VMULPS       Y10, Y9, Y9

// REDUCE8 adds up the partial sums Y12-Y15 (lanes 0-3, 4-7, 8-11, 12-15)
// into X12 in the order of REDUCE16 in avx512_amd64.s.
#define REDUCE8 \
	VADDPD       Y14, Y12, Y12 \
	VADDPD       Y15, Y13, Y13 \
	VADDPD       Y13, Y12, Y12 \
	VEXTRACTF128 $1, Y12, X13 \
	VADDPD       X13, X12, X12 \
	VPERMILPD    $1, X12, X13 \
	VADDSD       X13, X12, X12

// TAILMASKS sets R9 = r = DX - AX, the elements left (jumping to done if
// none), R10 = ·vmask, and Y11 = the mask of the first min(r, 8) lanes.
#define TAILMASKS \
	MOVQ    DX, R9 \
	SUBQ    AX, R9 \
	JZ      done \
	LEAQ    ·vmask(SB), R10 \
	MOVQ    $8, R12 \
	SUBQ    R9, R12 \
	XORQ    R13, R13 \
	CMPQ    R12, $0 \
	CMOVQLT R13, R12 \
	VMOVDQU (R10)(R12*4), Y11

// func sigmoidBCEAVX2(z, y, g, b []float32, scale float32) float64
TEXT ·sigmoidBCEAVX2(SB), NOSPLIT, $0-112
	MOVQ         z_base+0(FP), SI
	MOVQ         z_len+8(FP), DX
	MOVQ         y_base+24(FP), R8
	MOVQ         g_base+48(FP), DI
	MOVQ         b_base+72(FP), BX
	VBROADCASTSS scale+96(FP), Y10
	VPCMPEQD     Y11, Y11, Y11
	VXORPD       Y12, Y12, Y12
	VXORPD       Y13, Y13, Y13
	VXORPD       Y14, Y14, Y14
	VXORPD       Y15, Y15, Y15
	XORQ         AX, AX
	MOVQ         DX, R11
	ANDQ         $~15, R11
	JMP          check

loop:
	VMOVUPS (SI)(AX*4), Y0
	VADDPS  (BX)(AX*4), Y0, Y0
	VMOVUPS (R8)(AX*4), Y1
	SBCE8(Y12, Y13)
	VMOVUPS Y7, (SI)(AX*4)
	TESTQ   DI, DI
	JZ      nog0
	VMOVUPS Y9, (DI)(AX*4)

nog0:
	VMOVUPS 32(SI)(AX*4), Y0
	VADDPS  32(BX)(AX*4), Y0, Y0
	VMOVUPS 32(R8)(AX*4), Y1
	SBCE8(Y14, Y15)
	VMOVUPS Y7, 32(SI)(AX*4)
	TESTQ   DI, DI
	JZ      nog1
	VMOVUPS Y9, 32(DI)(AX*4)

nog1:
	ADDQ $16, AX

check:
	CMPQ AX, R11
	JB   loop

	TAILMASKS
	VMASKMOVPS (SI)(AX*4), Y11, Y0
	VMASKMOVPS (BX)(AX*4), Y11, Y1
	VADDPS     Y1, Y0, Y0
	VMASKMOVPS (R8)(AX*4), Y11, Y1
	SBCE8(Y12, Y13)
	VMASKMOVPS Y7, Y11, (SI)(AX*4)
	TESTQ      DI, DI
	JZ         nog2
	VMASKMOVPS Y9, Y11, (DI)(AX*4)

nog2:
	CMPQ       R9, $8
	JBE        done
	MOVQ       $16, R12
	SUBQ       R9, R12
	VMOVDQU    (R10)(R12*4), Y11
	VMASKMOVPS 32(SI)(AX*4), Y11, Y0
	VMASKMOVPS 32(BX)(AX*4), Y11, Y1
	VADDPS     Y1, Y0, Y0
	VMASKMOVPS 32(R8)(AX*4), Y11, Y1
	SBCE8(Y14, Y15)
	VMASKMOVPS Y7, Y11, 32(SI)(AX*4)
	TESTQ      DI, DI
	JZ         done
	VMASKMOVPS Y9, Y11, 32(DI)(AX*4)

done:
	REDUCE8
	VMOVSD     X12, ret+104(FP)
	VZEROUPPER
	RET

// MSE8 is the body of mseAVX2 for 8 values: from a = Y0 and y = Y1 it adds
// (a-y)² to the partial sums lo and hi and sets Y0 = 2(a-y)·scale (scale in
// Y10). Masked loads leave a = y = 0 past the end, so those terms are 0.
#define MSE8(lo, hi) \
	VSUBPS Y1, Y0, Y0 \
	VMULPS Y0, Y0, Y2 \
	SUM8(Y2, X2, lo, hi) \
	VADDPS Y0, Y0, Y0 \
	VMULPS Y10, Y0, Y0

// func mseAVX2(a, y, g []float32, scale float32) float64
TEXT ·mseAVX2(SB), NOSPLIT, $0-88
	MOVQ         a_base+0(FP), SI
	MOVQ         a_len+8(FP), DX
	MOVQ         y_base+24(FP), R8
	MOVQ         g_base+48(FP), DI
	VBROADCASTSS scale+72(FP), Y10
	VXORPD       Y12, Y12, Y12
	VXORPD       Y13, Y13, Y13
	VXORPD       Y14, Y14, Y14
	VXORPD       Y15, Y15, Y15
	XORQ         AX, AX
	MOVQ         DX, R11
	ANDQ         $~15, R11
	JMP          check

loop:
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS (R8)(AX*4), Y1
	MSE8(Y12, Y13)
	TESTQ   DI, DI
	JZ      nog0
	VMOVUPS Y0, (DI)(AX*4)

nog0:
	VMOVUPS 32(SI)(AX*4), Y0
	VMOVUPS 32(R8)(AX*4), Y1
	MSE8(Y14, Y15)
	TESTQ   DI, DI
	JZ      nog1
	VMOVUPS Y0, 32(DI)(AX*4)

nog1:
	ADDQ $16, AX

check:
	CMPQ AX, R11
	JB   loop

	TAILMASKS
	VMASKMOVPS (SI)(AX*4), Y11, Y0
	VMASKMOVPS (R8)(AX*4), Y11, Y1
	MSE8(Y12, Y13)
	TESTQ      DI, DI
	JZ         nog2
	VMASKMOVPS Y0, Y11, (DI)(AX*4)

nog2:
	CMPQ       R9, $8
	JBE        done
	MOVQ       $16, R12
	SUBQ       R9, R12
	VMOVDQU    (R10)(R12*4), Y11
	VMASKMOVPS 32(SI)(AX*4), Y11, Y0
	VMASKMOVPS 32(R8)(AX*4), Y11, Y1
	MSE8(Y14, Y15)
	TESTQ      DI, DI
	JZ         done
	VMASKMOVPS Y0, Y11, 32(DI)(AX*4)

done:
	REDUCE8
	VMOVSD     X12, ret+80(FP)
	VZEROUPPER
	RET

// func biasSigmoidAVX2(z, b []float32)
TEXT ·biasSigmoidAVX2(SB), NOSPLIT, $0-48
	MOVQ z_base+0(FP), SI
	MOVQ z_len+8(FP), DX
	MOVQ b_base+24(FP), BX
	XORQ AX, AX
	MOVQ DX, R11
	ANDQ $~7, R11
	JMP  check

loop:
	VMOVUPS (SI)(AX*4), Y0
	VADDPS  (BX)(AX*4), Y0, Y0
	VORPS   ·vconst+C_SIGN(SB), Y0, Y3
	EXP8
	SIGMOID8
	VMOVUPS Y7, (SI)(AX*4)
	ADDQ    $8, AX

check:
	CMPQ AX, R11
	JB   loop

	TAILMASKS
	VMASKMOVPS (SI)(AX*4), Y11, Y0
	VMASKMOVPS (BX)(AX*4), Y11, Y1
	VADDPS     Y1, Y0, Y0
	VORPS      ·vconst+C_SIGN(SB), Y0, Y3
	EXP8
	SIGMOID8
	VMASKMOVPS Y7, Y11, (SI)(AX*4)

done:
	VZEROUPPER
	RET

// The kernels below take len/8 whole vectors.

// START8 sets up a loop over the DX/8 whole vectors, AX counting elements.
#define START8 \
	XORQ AX, AX \
	ANDQ $~7, DX \
	JMP  check

// LOOP8 follows the label check.
#define LOOP8 \
	CMPQ AX, DX \
	JB   loop

// func biasAddAVX2(z, b []float32)
TEXT ·biasAddAVX2(SB), NOSPLIT, $0-48
	MOVQ z_base+0(FP), SI
	MOVQ z_len+8(FP), DX
	MOVQ b_base+24(FP), BX
	START8

loop:
	VMOVUPS (SI)(AX*4), Y0
	VADDPS  (BX)(AX*4), Y0, Y0
	VMOVUPS Y0, (SI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func biasReLUAVX2(z, b []float32)
TEXT ·biasReLUAVX2(SB), NOSPLIT, $0-48
	MOVQ   z_base+0(FP), SI
	MOVQ   z_len+8(FP), DX
	MOVQ   b_base+24(FP), BX
	VXORPS Y15, Y15, Y15
	START8

loop:
	VMOVUPS (SI)(AX*4), Y0
	VADDPS  (BX)(AX*4), Y0, Y0
	VMAXPS  Y0, Y15, Y0            // 0 > v ? 0 : v, so NaN and -0 pass
	VMOVUPS Y0, (SI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func biasLeakyReLUAVX2(z, b []float32, slope float32)
TEXT ·biasLeakyReLUAVX2(SB), NOSPLIT, $0-52
	MOVQ         z_base+0(FP), SI
	MOVQ         z_len+8(FP), DX
	MOVQ         b_base+24(FP), BX
	VBROADCASTSS slope+48(FP), Y14
	VXORPS       Y15, Y15, Y15
	START8

loop:
	VMOVUPS   (SI)(AX*4), Y0
	VADDPS    (BX)(AX*4), Y0, Y0
	VCMPPS    $1, Y15, Y0, Y1      // v < 0
	VMULPS    Y14, Y0, Y2
	VBLENDVPS Y1, Y2, Y0, Y0
	VMOVUPS   Y0, (SI)(AX*4)
	ADDQ      $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func reluGradAVX2(g, a []float32)
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-48
	MOVQ   g_base+0(FP), DI
	MOVQ   g_len+8(FP), DX
	MOVQ   a_base+24(FP), SI
	VXORPS Y15, Y15, Y15
	START8

loop:
	VCMPPS  $9, (SI)(AX*4), Y15, Y0  // not 0 ≥ a (or NaN): keep g
	VANDPS  (DI)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func leakyReLUGradAVX2(g, a []float32, slope float32)
TEXT ·leakyReLUGradAVX2(SB), NOSPLIT, $0-52
	MOVQ         g_base+0(FP), DI
	MOVQ         g_len+8(FP), DX
	MOVQ         a_base+24(FP), SI
	VBROADCASTSS slope+48(FP), Y14
	VXORPS       Y15, Y15, Y15
	START8

loop:
	VMOVUPS   (SI)(AX*4), Y0
	VMOVUPS   (DI)(AX*4), Y1
	VCMPPS    $2, Y15, Y0, Y0      // a ≤ 0
	VMULPS    Y14, Y1, Y2
	VBLENDVPS Y0, Y2, Y1, Y1
	VMOVUPS   Y1, (DI)(AX*4)
	ADDQ      $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func sigmoidGradAVX2(g, a []float32)
TEXT ·sigmoidGradAVX2(SB), NOSPLIT, $0-48
	MOVQ    g_base+0(FP), DI
	MOVQ    g_len+8(FP), DX
	MOVQ    a_base+24(FP), SI
	VMOVUPS ·vconst+C_ONE(SB), Y15
	START8

loop:
	VMOVUPS (SI)(AX*4), Y0
	VSUBPS  Y0, Y15, Y1            // 1 - a
	VMULPS  Y1, Y0, Y1             // a·(1-a)
	VMULPS  (DI)(AX*4), Y1, Y1
	VMOVUPS Y1, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func tanhGradAVX2(g, a []float32)
TEXT ·tanhGradAVX2(SB), NOSPLIT, $0-48
	MOVQ    g_base+0(FP), DI
	MOVQ    g_len+8(FP), DX
	MOVQ    a_base+24(FP), SI
	VMOVUPS ·vconst+C_ONE(SB), Y15
	START8

loop:
	VMOVUPS (SI)(AX*4), Y0
	VMULPS  Y0, Y0, Y0             // a²
	VSUBPS  Y0, Y15, Y0            // 1 - a²
	VMULPS  (DI)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func addAVX2(dst, src []float32)
TEXT ·addAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), DX
	MOVQ src_base+24(FP), SI
	START8

loop:
	VMOVUPS (DI)(AX*4), Y0
	VADDPS  (SI)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func adamAVX2(p, g, m, v []float32, b1, c1, b2, c2, step, rootC2, eps float32)
TEXT ·adamAVX2(SB), NOSPLIT, $0-124
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), DX
	MOVQ         g_base+24(FP), SI
	MOVQ         m_base+48(FP), R8
	MOVQ         v_base+72(FP), R9
	VBROADCASTSS b1+96(FP), Y8
	VBROADCASTSS c1+100(FP), Y9
	VBROADCASTSS b2+104(FP), Y10
	VBROADCASTSS c2+108(FP), Y11
	VBROADCASTSS step+112(FP), Y12
	VBROADCASTSS rootC2+116(FP), Y13
	VBROADCASTSS eps+120(FP), Y14
	START8

loop:
	VMOVUPS (SI)(AX*4), Y1         // g
	VMULPS  (R8)(AX*4), Y8, Y2
	VMULPS  Y9, Y1, Y4
	VADDPS  Y4, Y2, Y2             // m = b1·m + c1·g
	VMULPS  (R9)(AX*4), Y10, Y3
	VMULPS  Y11, Y1, Y4
	VMULPS  Y1, Y4, Y4
	VADDPS  Y4, Y3, Y3             // v = b2·v + (c2·g)·g
	VMOVUPS Y2, (R8)(AX*4)
	VMOVUPS Y3, (R9)(AX*4)
	VSQRTPS Y3, Y4
	VDIVPS  Y13, Y4, Y4
	VADDPS  Y14, Y4, Y4            // √v/rootC2 + eps
	VMULPS  Y12, Y2, Y5
	VDIVPS  Y4, Y5, Y5             // step·m / that
	VMOVUPS (DI)(AX*4), Y0
	VSUBPS  Y5, Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func toFloat32AVX2(dst []float32, src []float64)
TEXT ·toFloat32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), DX
	START8

loop:
	VCVTPD2PSY (SI)(AX*8), X0
	VCVTPD2PSY 32(SI)(AX*8), X1
	VMOVUPS    X0, (DI)(AX*4)
	VMOVUPS    X1, 16(DI)(AX*4)
	ADDQ       $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func finiteAVX2(x []float64) float64
//
// Like finiteAVX512: the OR of the bits of every x·0 of the whole vectors.
TEXT ·finiteAVX2(SB), NOSPLIT, $0-32
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	VXORPD Y15, Y15, Y15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	START8

loop:
	VMULPD (SI)(AX*8), Y15, Y2
	VMULPD 32(SI)(AX*8), Y15, Y3
	VORPD  Y2, Y0, Y0
	VORPD  Y3, Y1, Y1
	ADDQ   $8, AX

check:
	LOOP8
	VORPD        Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VORPD        X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VORPD        X1, X0, X0
	VMOVSD       X0, ret+24(FP)
	VZEROUPPER
	RET

// The BatchNorm kernels take whole vectors only (the Go code does the
// last len%8 elements). The sums keep 8 partial sums in float64.

// func sumSquaresAVX2(x []float32) (sum, squares float64)
TEXT ·sumSquaresAVX2(SB), NOSPLIT, $0-40
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), DX
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	START8

loop:
	VMOVUPS      (SI)(AX*4), Y0
	VCVTPS2PD    X0, Y1
	VEXTRACTF128 $1, Y0, X2
	VCVTPS2PD    X2, Y2
	VADDPD       Y1, Y12, Y12
	VADDPD       Y2, Y13, Y13
	VFMADD231PD  Y1, Y1, Y14
	VFMADD231PD  Y2, Y2, Y15
	ADDQ         $8, AX

check:
	LOOP8
	VADDPD       Y13, Y12, Y12
	VEXTRACTF128 $1, Y12, X13
	VADDPD       X13, X12, X12
	VPERMILPD    $1, X12, X13
	VADDSD       X13, X12, X12
	VMOVSD       X12, sum+24(FP)
	VADDPD       Y15, Y14, Y14
	VEXTRACTF128 $1, Y14, X15
	VADDPD       X15, X14, X14
	VPERMILPD    $1, X14, X15
	VADDSD       X15, X14, X14
	VMOVSD       X14, squares+32(FP)
	VZEROUPPER
	RET

// func sumProductsAVX2(g, x []float32) (sum, products float64)
TEXT ·sumProductsAVX2(SB), NOSPLIT, $0-64
	MOVQ   g_base+0(FP), DI
	MOVQ   g_len+8(FP), DX
	MOVQ   x_base+24(FP), SI
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	START8

loop:
	VMOVUPS      (DI)(AX*4), Y0
	VMOVUPS      (SI)(AX*4), Y3
	VCVTPS2PD    X0, Y1
	VEXTRACTF128 $1, Y0, X2
	VCVTPS2PD    X2, Y2
	VCVTPS2PD    X3, Y4
	VEXTRACTF128 $1, Y3, X5
	VCVTPS2PD    X5, Y5
	VADDPD       Y1, Y12, Y12
	VADDPD       Y2, Y13, Y13
	VFMADD231PD  Y4, Y1, Y14
	VFMADD231PD  Y5, Y2, Y15
	ADDQ         $8, AX

check:
	LOOP8
	VADDPD       Y13, Y12, Y12
	VEXTRACTF128 $1, Y12, X13
	VADDPD       X13, X12, X12
	VPERMILPD    $1, X12, X13
	VADDSD       X13, X12, X12
	VMOVSD       X12, sum+48(FP)
	VADDPD       Y15, Y14, Y14
	VEXTRACTF128 $1, Y14, X15
	VADDPD       X15, X14, X14
	VPERMILPD    $1, X14, X15
	VADDSD       X15, X14, X14
	VMOVSD       X14, products+56(FP)
	VZEROUPPER
	RET

// func normalizeAVX2(y, x []float32, mean, scale, shift float32)
TEXT ·normalizeAVX2(SB), NOSPLIT, $0-60
	MOVQ         y_base+0(FP), DI
	MOVQ         y_len+8(FP), DX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSS mean+48(FP), Y13
	VBROADCASTSS scale+52(FP), Y14
	VBROADCASTSS shift+56(FP), Y15
	START8

loop:
	VMOVUPS (SI)(AX*4), Y0
	VSUBPS  Y13, Y0, Y0
	VMULPS  Y14, Y0, Y0
	VADDPS  Y15, Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX

check:
	LOOP8
	VZEROUPPER
	RET

// func normalizeGradAVX2(dx, dy, x []float32, k, mdy, mean, u float64)
TEXT ·normalizeGradAVX2(SB), NOSPLIT, $0-104
	MOVQ         dx_base+0(FP), DI
	MOVQ         dx_len+8(FP), DX
	MOVQ         dy_base+24(FP), R8
	MOVQ         x_base+48(FP), SI
	VBROADCASTSD k+72(FP), Y12
	VBROADCASTSD mdy+80(FP), Y13
	VBROADCASTSD mean+88(FP), Y14
	VBROADCASTSD u+96(FP), Y15
	START8

loop:
	VCVTPS2PD (R8)(AX*4), Y1
	VCVTPS2PD (SI)(AX*4), Y4
	VSUBPD    Y13, Y1, Y1
	VSUBPD    Y14, Y4, Y4
	VMULPD    Y15, Y4, Y4
	VSUBPD    Y4, Y1, Y1
	VMULPD    Y12, Y1, Y1
	VCVTPD2PSY Y1, X1
	VCVTPS2PD 16(R8)(AX*4), Y2
	VCVTPS2PD 16(SI)(AX*4), Y5
	VSUBPD    Y13, Y2, Y2
	VSUBPD    Y14, Y5, Y5
	VMULPD    Y15, Y5, Y5
	VSUBPD    Y5, Y2, Y2
	VMULPD    Y12, Y2, Y2
	VCVTPD2PSY Y2, X2
	VINSERTF128 $1, X2, Y1, Y1
	VMOVUPS   Y1, (DI)(AX*4)
	ADDQ      $8, AX

check:
	LOOP8
	VZEROUPPER
	RET
