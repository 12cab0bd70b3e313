// wasm-flags: -mnontrapping-fptoint
// Saturating float-to-int conversions (trunc_sat): with nontrapping-fptoint
// clang emits them for the wasm builtins and for plain casts alike.
#include "support.h"

// The wasm builtins, and what they compute written out in C for the native build.
#ifdef __wasm__
// The builtins are declared with signed results whatever the conversion.
#define SATURATE_I32(x) ((i32)__builtin_wasm_trunc_saturate_s_i32_f64(x))
#define SATURATE_U32(x) ((u32)__builtin_wasm_trunc_saturate_u_i32_f64(x))
#define SATURATE_I64(x) ((i64)__builtin_wasm_trunc_saturate_s_i64_f64(x))
#define SATURATE_U64(x) ((u64)__builtin_wasm_trunc_saturate_u_i64_f64(x))
#define SATURATE_I32_FLOAT(x) ((i32)__builtin_wasm_trunc_saturate_s_i32_f32(x))
#define SATURATE_U64_FLOAT(x) ((u64)__builtin_wasm_trunc_saturate_u_i64_f32(x))
#else
static i32 SATURATE_I32(double x) { return x != x ? 0 : x <= -2147483648.0 ? (i32)0x80000000u : x >= 2147483647.0 ? 0x7fffffff : (i32)x; }
static u32 SATURATE_U32(double x) { return x != x ? 0 : x <= 0.0 ? 0 : x >= 4294967295.0 ? 0xffffffffu : (u32)x; }
static i64 SATURATE_I64(double x) {
    return x != x ? 0 : x <= -9223372036854775808.0 ? (i64)0x8000000000000000ull : x >= 9223372036854775808.0 ? 0x7fffffffffffffffll : (i64)x;
}
static u64 SATURATE_U64(double x) { return x != x ? 0 : x <= 0.0 ? 0 : x >= 18446744073709551616.0 ? ~0ull : (u64)x; }
static i32 SATURATE_I32_FLOAT(float x) { return SATURATE_I32((double)x); }
static u64 SATURATE_U64_FLOAT(float x) { return SATURATE_U64((double)x); }
#endif

// Inputs that a constant folder cannot see through.
static volatile double inputs[] = {
    0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.49999, -3.50001, 1e10, -1e10, 123456.789, -98765.4321,
    4294967295.5, 4294967296.0, -2147483648.5, 2147483647.5, 9.3e18, 1.9e19, -9.3e18, 1e300, -1e300, 1e-300,
    0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 7e-5, 65535.99, -65536.01,
};
#define INPUT_COUNT (sizeof inputs / sizeof inputs[0])

u64 check_saturating_conversions(void) {
    u64 checksum = CHECKSUM64_START;
    volatile double zero = 0.0;
    double not_a_number = zero / zero, infinity = 1.0 / zero;
    double extremes[] = {not_a_number, infinity, -infinity};
    for (u32 i = 0; i < INPUT_COUNT + 3; i++) {
        double x = i < INPUT_COUNT ? inputs[i] : extremes[i - INPUT_COUNT];
        checksum = mix64(checksum, (u32)SATURATE_I32(x));
        checksum = mix64(checksum, SATURATE_U32(x));
        checksum = mix64(checksum, (u64)SATURATE_I64(x));
        checksum = mix64(checksum, SATURATE_U64(x));
        checksum = mix64(checksum, (u32)SATURATE_I32_FLOAT((float)x));
        checksum = mix64(checksum, SATURATE_U64_FLOAT((float)x));
    }
    return checksum;
}

// Plain casts of in-range values, which become trunc_sat here.
u64 check_plain_casts(void) {
    u64 checksum = CHECKSUM64_START;
    random_seed(31);
    for (u32 i = 0; i < 1000; i++) {
        double d = (double)(i32)random_next() / 7.0;
        float f = (float)random_next() * 0.5f;
        checksum = mix64(checksum, (u64)(i64)(i32)d);
        checksum = mix64(checksum, (u64)(i64)(d * 1e6));
        checksum = mix64(checksum, (u32)f);
        checksum = mix64(checksum, (u64)f);
    }
    return checksum;
}
