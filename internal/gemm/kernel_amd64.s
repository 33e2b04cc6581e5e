//go:build !purego

#include "textflag.h"

// Register use of both kernels:
//   CX  k counter        SI  packed B       DI  C row
//   R8  A row 0          R9  A row 3        R10 A row 6    R11 A row 9
//   R12 A row stride (bytes)                R13 A column stride (bytes)
//   DX  C row stride (bytes)                AX  rows left to write
// Rows r = 3q+s of A are read at (Rq)(R12*s), s = 0, 1, 2.

// FMA2 adds the broadcast value in zmm bc times the two B vectors to the
// accumulators lo, hi.
#define FMA2(bc, lo, hi) \
	VFMADD231PS Z24, bc, lo \
	VFMADD231PS Z25, bc, hi

// STORE_ROW writes one row of the tile (masks K1, K2) and stops after the
// last row asked for.
#define STORE_ROW(lo, hi) \
	VMOVUPS lo, K1, (DI) \
	VMOVUPS hi, K2, 64(DI) \
	ADDQ    DX, DI \
	DECQ    AX \
	JZ      done

// ADD_ROW adds one row of the tile to C.
#define ADD_ROW(lo, hi) \
	VADDPS.Z (DI), lo, K1, lo \
	VMOVUPS  lo, K1, (DI) \
	VADDPS.Z 64(DI), hi, K2, hi \
	VMOVUPS  hi, K2, 64(DI) \
	ADDQ     DX, DI \
	DECQ     AX \
	JZ       done

// func sgemmKernel12x32AVX512(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc, mr int, mask0, mask1 uint64, accumulate int)
//
// B is read with the column masks too (zeros elsewhere), so a B read in
// place needs no padding and is never read past its last column.
TEXT ·sgemmKernel12x32AVX512(SB), NOSPLIT, $0-96
	MOVQ  kc+0(FP), CX
	MOVQ  a+8(FP), R8
	MOVQ  rsa+16(FP), R12
	SHLQ  $2, R12
	MOVQ  csa+24(FP), R13
	SHLQ  $2, R13
	MOVQ  b+32(FP), SI
	MOVQ  ldb+40(FP), BX
	SHLQ  $2, BX
	MOVQ  mask0+72(FP), AX
	KMOVW AX, K1
	MOVQ  mask1+80(FP), AX
	KMOVW AX, K2
	LEAQ (R8)(R12*2), R9
	ADDQ R12, R9
	LEAQ (R9)(R12*2), R10
	ADDQ R12, R10
	LEAQ (R10)(R12*2), R11
	ADDQ R12, R11

	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23

loop512:
	VMOVUPS.Z    (SI), K1, Z24
	VMOVUPS.Z    64(SI), K2, Z25
	VBROADCASTSS (R8), Z26
	VBROADCASTSS (R8)(R12*1), Z27
	VBROADCASTSS (R8)(R12*2), Z28
	VBROADCASTSS (R9), Z29
	VBROADCASTSS (R9)(R12*1), Z30
	VBROADCASTSS (R9)(R12*2), Z31
	FMA2(Z26, Z0, Z1)
	FMA2(Z27, Z2, Z3)
	FMA2(Z28, Z4, Z5)
	FMA2(Z29, Z6, Z7)
	FMA2(Z30, Z8, Z9)
	FMA2(Z31, Z10, Z11)
	VBROADCASTSS (R10), Z26
	VBROADCASTSS (R10)(R12*1), Z27
	VBROADCASTSS (R10)(R12*2), Z28
	VBROADCASTSS (R11), Z29
	VBROADCASTSS (R11)(R12*1), Z30
	VBROADCASTSS (R11)(R12*2), Z31
	FMA2(Z26, Z12, Z13)
	FMA2(Z27, Z14, Z15)
	FMA2(Z28, Z16, Z17)
	FMA2(Z29, Z18, Z19)
	FMA2(Z30, Z20, Z21)
	FMA2(Z31, Z22, Z23)
	ADDQ         BX, SI
	ADDQ         R13, R8
	ADDQ         R13, R9
	ADDQ         R13, R10
	ADDQ         R13, R11
	DECQ         CX
	JNZ          loop512

	MOVQ  c+48(FP), DI
	MOVQ  ldc+56(FP), DX
	SHLQ  $2, DX
	MOVQ  mr+64(FP), AX
	MOVQ  accumulate+88(FP), BX
	TESTQ BX, BX
	JNZ   add512

	STORE_ROW(Z0, Z1)
	STORE_ROW(Z2, Z3)
	STORE_ROW(Z4, Z5)
	STORE_ROW(Z6, Z7)
	STORE_ROW(Z8, Z9)
	STORE_ROW(Z10, Z11)
	STORE_ROW(Z12, Z13)
	STORE_ROW(Z14, Z15)
	STORE_ROW(Z16, Z17)
	STORE_ROW(Z18, Z19)
	STORE_ROW(Z20, Z21)
	STORE_ROW(Z22, Z23)
	JMP done

add512:
	ADD_ROW(Z0, Z1)
	ADD_ROW(Z2, Z3)
	ADD_ROW(Z4, Z5)
	ADD_ROW(Z6, Z7)
	ADD_ROW(Z8, Z9)
	ADD_ROW(Z10, Z11)
	ADD_ROW(Z12, Z13)
	ADD_ROW(Z14, Z15)
	ADD_ROW(Z16, Z17)
	ADD_ROW(Z18, Z19)
	ADD_ROW(Z20, Z21)
	ADD_ROW(Z22, Z23)

done:
	VZEROUPPER
	RET

// FMA2Y is FMA2 for the AVX2 kernel: B vectors in Y12, Y13.
#define FMA2Y(bc, lo, hi) \
	VFMADD231PS Y12, bc, lo \
	VFMADD231PS Y13, bc, hi

#define STORE_ROWY(lo, hi) \
	VMOVUPS lo, (DI) \
	VMOVUPS hi, 32(DI) \
	ADDQ    DX, DI

#define ADD_ROWY(lo, hi) \
	VADDPS  (DI), lo, lo \
	VMOVUPS lo, (DI) \
	VADDPS  32(DI), hi, hi \
	VMOVUPS hi, 32(DI) \
	ADDQ    DX, DI

// func sgemmKernel6x16AVX2(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc int, accumulate int)
TEXT ·sgemmKernel6x16AVX2(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), R8
	MOVQ rsa+16(FP), R12
	SHLQ $2, R12
	MOVQ csa+24(FP), R13
	SHLQ $2, R13
	MOVQ b+32(FP), SI
	MOVQ ldb+40(FP), BX
	SHLQ $2, BX
	LEAQ (R8)(R12*2), R9
	ADDQ R12, R9

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

loop256:
	VMOVUPS      (SI), Y12
	VMOVUPS      32(SI), Y13
	VBROADCASTSS (R8), Y14
	VBROADCASTSS (R8)(R12*1), Y15
	FMA2Y(Y14, Y0, Y1)
	FMA2Y(Y15, Y2, Y3)
	VBROADCASTSS (R8)(R12*2), Y14
	VBROADCASTSS (R9), Y15
	FMA2Y(Y14, Y4, Y5)
	FMA2Y(Y15, Y6, Y7)
	VBROADCASTSS (R9)(R12*1), Y14
	VBROADCASTSS (R9)(R12*2), Y15
	FMA2Y(Y14, Y8, Y9)
	FMA2Y(Y15, Y10, Y11)
	ADDQ         BX, SI
	ADDQ         R13, R8
	ADDQ         R13, R9
	DECQ         CX
	JNZ          loop256

	MOVQ  c+48(FP), DI
	MOVQ  ldc+56(FP), DX
	SHLQ  $2, DX
	MOVQ  accumulate+64(FP), BX
	TESTQ BX, BX
	JNZ   add256

	STORE_ROWY(Y0, Y1)
	STORE_ROWY(Y2, Y3)
	STORE_ROWY(Y4, Y5)
	STORE_ROWY(Y6, Y7)
	STORE_ROWY(Y8, Y9)
	STORE_ROWY(Y10, Y11)
	VZEROUPPER
	RET

add256:
	ADD_ROWY(Y0, Y1)
	ADD_ROWY(Y2, Y3)
	ADD_ROWY(Y4, Y5)
	ADD_ROWY(Y6, Y7)
	ADD_ROWY(Y8, Y9)
	ADD_ROWY(Y10, Y11)
	VZEROUPPER
	RET


// func transpose16AVX512(dst *float32, ldd int, src *float32, lds int, k int)
//
// dst[t*ldd+r] = src[r*lds+t] for r < 16, t < k ≤ 16: an in-register
// transpose in four rounds of shuffles (ps and pd unpacks within 128-bit
// lanes, then two rounds of 128-bit lane shuffles). Only the first k floats
// of each source row are read (masked loads) and only k rows are written.
TEXT ·transpose16AVX512(SB), NOSPLIT, $0-40
	MOVQ  dst+0(FP), DI
	MOVQ  ldd+8(FP), DX
	SHLQ  $2, DX
	MOVQ  src+16(FP), SI
	MOVQ  lds+24(FP), BX
	SHLQ  $2, BX
	MOVQ  k+32(FP), CX
	MOVQ  CX, AX
	MOVQ  $1, R8
	SHLQ  CX, R8
	DECQ  R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z0
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z1
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z2
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z3
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z4
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z5
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z6
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z7
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z8
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z9
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z10
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z11
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z12
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z13
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z14
	ADDQ      BX, SI
	VMOVUPS.Z (SI), K1, Z15

	// T[2i], T[2i+1] = unpack lo/hi ps of rows 2i, 2i+1 (Z16-Z31).
	VUNPCKLPS Z1, Z0, Z16
	VUNPCKHPS Z1, Z0, Z17
	VUNPCKLPS Z3, Z2, Z18
	VUNPCKHPS Z3, Z2, Z19
	VUNPCKLPS Z5, Z4, Z20
	VUNPCKHPS Z5, Z4, Z21
	VUNPCKLPS Z7, Z6, Z22
	VUNPCKHPS Z7, Z6, Z23
	VUNPCKLPS Z9, Z8, Z24
	VUNPCKHPS Z9, Z8, Z25
	VUNPCKLPS Z11, Z10, Z26
	VUNPCKHPS Z11, Z10, Z27
	VUNPCKLPS Z13, Z12, Z28
	VUNPCKHPS Z13, Z12, Z29
	VUNPCKLPS Z15, Z14, Z30
	VUNPCKHPS Z15, Z14, Z31

	// U[4g+j] holds column 4L+j of rows 4g..4g+3 in lane L (Z0-Z15).
	VUNPCKLPD Z18, Z16, Z0
	VUNPCKHPD Z18, Z16, Z1
	VUNPCKLPD Z19, Z17, Z2
	VUNPCKHPD Z19, Z17, Z3
	VUNPCKLPD Z22, Z20, Z4
	VUNPCKHPD Z22, Z20, Z5
	VUNPCKLPD Z23, Z21, Z6
	VUNPCKHPD Z23, Z21, Z7
	VUNPCKLPD Z26, Z24, Z8
	VUNPCKHPD Z26, Z24, Z9
	VUNPCKLPD Z27, Z25, Z10
	VUNPCKHPD Z27, Z25, Z11
	VUNPCKLPD Z30, Z28, Z12
	VUNPCKHPD Z30, Z28, Z13
	VUNPCKLPD Z31, Z29, Z14
	VUNPCKHPD Z31, Z29, Z15

	// Gather lane L of U[j], U[4+j], U[8+j], U[12+j] into column 4L+j.
	VSHUFF32X4 $0x44, Z4, Z0, Z16
	VSHUFF32X4 $0xEE, Z4, Z0, Z20
	VSHUFF32X4 $0x44, Z12, Z8, Z24
	VSHUFF32X4 $0xEE, Z12, Z8, Z28
	VSHUFF32X4 $0x44, Z5, Z1, Z17
	VSHUFF32X4 $0xEE, Z5, Z1, Z21
	VSHUFF32X4 $0x44, Z13, Z9, Z25
	VSHUFF32X4 $0xEE, Z13, Z9, Z29
	VSHUFF32X4 $0x44, Z6, Z2, Z18
	VSHUFF32X4 $0xEE, Z6, Z2, Z22
	VSHUFF32X4 $0x44, Z14, Z10, Z26
	VSHUFF32X4 $0xEE, Z14, Z10, Z30
	VSHUFF32X4 $0x44, Z7, Z3, Z19
	VSHUFF32X4 $0xEE, Z7, Z3, Z23
	VSHUFF32X4 $0x44, Z15, Z11, Z27
	VSHUFF32X4 $0xEE, Z15, Z11, Z31
	VSHUFF32X4 $0x88, Z24, Z16, Z0
	VSHUFF32X4 $0xDD, Z24, Z16, Z4
	VSHUFF32X4 $0x88, Z28, Z20, Z8
	VSHUFF32X4 $0xDD, Z28, Z20, Z12
	VSHUFF32X4 $0x88, Z25, Z17, Z1
	VSHUFF32X4 $0xDD, Z25, Z17, Z5
	VSHUFF32X4 $0x88, Z29, Z21, Z9
	VSHUFF32X4 $0xDD, Z29, Z21, Z13
	VSHUFF32X4 $0x88, Z26, Z18, Z2
	VSHUFF32X4 $0xDD, Z26, Z18, Z6
	VSHUFF32X4 $0x88, Z30, Z22, Z10
	VSHUFF32X4 $0xDD, Z30, Z22, Z14
	VSHUFF32X4 $0x88, Z27, Z19, Z3
	VSHUFF32X4 $0xDD, Z27, Z19, Z7
	VSHUFF32X4 $0x88, Z31, Z23, Z11
	VSHUFF32X4 $0xDD, Z31, Z23, Z15

	VMOVUPS Z0, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z1, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z2, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z3, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z4, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z5, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z6, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z7, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z8, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z9, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z10, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z11, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z12, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z13, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z14, (DI)
	DECQ    AX
	JZ      tdone
	ADDQ    DX, DI
	VMOVUPS Z15, (DI)

tdone:
	VZEROUPPER
	RET

// func packRows32AVX512(dst, src *float32, lds, kc int, mask0, mask1 uint64, alpha float32)
//
// dst[p*32+j] = alpha·src[p*lds+j] for p < kc and the columns j selected by
// mask0 (0-15) and mask1 (16-31); the other columns of dst are set to zero.
TEXT ·packRows32AVX512(SB), NOSPLIT, $0-52
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         lds+16(FP), BX
	SHLQ         $2, BX
	MOVQ         kc+24(FP), CX
	MOVQ         mask0+32(FP), AX
	KMOVW        AX, K1
	MOVQ         mask1+40(FP), AX
	KMOVW        AX, K2
	VBROADCASTSS alpha+48(FP), Z2

rows:
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	VMULPS    Z2, Z0, Z0
	VMULPS    Z2, Z1, Z1
	VMOVUPS   Z0, (DI)
	VMOVUPS   Z1, 64(DI)
	ADDQ      BX, SI
	ADDQ      $128, DI
	DECQ      CX
	JNZ       rows
	VZEROUPPER
	RET
