// Offsets into ·vconst (consts_amd64.s): each constant is stored 8 times,
// a full ymm vector, so that AVX2 code can use it as a memory operand;
// AVX-512 code broadcasts its first copy. The float32 values are those of
// fastmath.go.

#define C_LOG2E      0 // log2(e)
#define C_ROUND     32 // 1.5·2^23, rounds to an integer
#define C_MAGIC     64 // 127 - bits(1.5·2^23): t's bits plus this are k+127
#define C_LN2HI     96 // ln2, high 9 bits
#define C_LN2LO    128 // ln2 - LN2HI
#define C_E7       160 // 1/5040
#define C_E6       192 // 1/720
#define C_E5       224 // 1/120
#define C_E4       256 // 1/24
#define C_E3       288 // 1/6
#define C_HALF     320 // 0.5
#define C_ONE      352 // 1
#define C_TWO      384 // 2
#define C_EXPMIN   416 // -87.3: e^x flushes to 0 below
#define C_L15      448 // 1/15
#define C_L13      480 // 1/13
#define C_L11      512 // 1/11
#define C_L9       544 // 1/9
#define C_L7       576 // 1/7
#define C_L5       608 // 1/5
#define C_L3       640 // 1/3
#define C_SIGN     672 // the sign bit
#define C_ABS      704 // all but the sign bit
