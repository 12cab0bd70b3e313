// wasm-flags: -mmultivalue -Xclang -target-abi -Xclang experimental-mv
// Multi-value: with the experimental multi-value ABI clang returns small
// structs as several wasm results instead of through a pointer, and blocks
// may carry more than one value.
#include "support.h"

typedef struct {
    u32 quotient, remainder;
} division;

typedef struct {
    u64 low;
    double scaled;
    i32 sign;
} mixed;

// noinline: the calls and their multi-value returns must stay.
__attribute__((noinline)) division divide(u32 a, u32 b) {
    division d = {a / b, a % b};
    return d;
}

__attribute__((noinline)) mixed split(i64 value) {
    mixed m = {(u64)value & 0xffffffffu, (double)value * 0.5, value < 0 ? -1 : value > 0};
    return m;
}

// Passed by value and returned: parameters and results both multiple.
__attribute__((noinline)) division swap_parts(division d) {
    division s = {d.remainder, d.quotient};
    return s;
}

u64 check_multiple_results(void) {
    u64 checksum = CHECKSUM64_START;
    random_seed(17);
    for (u32 i = 0; i < 500; i++) {
        u32 a = random_next(), b = (random_next() >> (i % 31)) | 1;
        division d = swap_parts(divide(a, b));
        mixed m = split((i64)((u64)a << 20) - (i64)b * 1000000);
        checksum = mix64(checksum, d.quotient);
        checksum = mix64(checksum, d.remainder);
        checksum = mix64(checksum, m.low);
        checksum = mix64(checksum, double_bits(m.scaled));
        checksum = mix64(checksum, (u64)(i64)m.sign);
    }
    return checksum;
}
