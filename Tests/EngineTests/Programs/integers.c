// Integer operations at both widths: signed and unsigned division and
// remainder (all sign combinations), rotates, clz/ctz/popcount, shifts by
// counts the hardware masks, sign and zero extension, compares.
#include "support.h"

// Operands that a constant folder cannot see through.
static volatile u64 operands[] = {
    0, 1, 2, 3, 7, 10, 0xff, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdefull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 12345678901234567ull,
    0xdeadbeefcafebabeull, 1000000007, 0xffff8000, 0x5555555555555555ull, 0x00ff00ff00ff00ffull, 42,
};
#define OPERAND_COUNT (sizeof operands / sizeof operands[0])

u64 check_division_64(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        for (u32 j = 0; j < OPERAND_COUNT; j++) {
            u64 a = operands[i], b = operands[j];
            if (b == 0) continue;
            checksum = mix64(checksum, a / b);
            checksum = mix64(checksum, a % b);
            i64 sa = (i64)a, sb = (i64)b;
            // INT64_MIN / -1 overflows: wasm traps, C leaves it undefined.
            if (!(sa == (i64)0x8000000000000000ull && sb == -1)) {
                checksum = mix64(checksum, (u64)(sa / sb));
                checksum = mix64(checksum, (u64)(sa % sb));
            }
        }
    }
    return checksum;
}

u32 check_division_32(void) {
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        for (u32 j = 0; j < OPERAND_COUNT; j++) {
            u32 a = (u32)operands[i], b = (u32)(operands[j] >> (j & 7));
            if (b == 0) continue;
            checksum = mix32(checksum, a / b);
            checksum = mix32(checksum, a % b);
            i32 sa = (i32)a, sb = (i32)b;
            if (!(sa == (i32)0x80000000u && sb == -1)) {
                checksum = mix32(checksum, (u32)(sa / sb));
                checksum = mix32(checksum, (u32)(sa % sb));
            }
            // Constant divisors, which compilers turn into multiplications.
            checksum = mix32(checksum, a / 7 + a % 10 + (u32)(sa / 3) + (u32)(sa % -5));
        }
    }
    return checksum;
}

u64 check_bit_counting(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        u64 a = operands[i];
        u32 low = (u32)a;
        checksum = mix64(checksum, a ? (u64)__builtin_clzll(a) : 64);
        checksum = mix64(checksum, a ? (u64)__builtin_ctzll(a) : 64);
        checksum = mix64(checksum, (u64)__builtin_popcountll(a));
        checksum = mix64(checksum, low ? (u64)__builtin_clz(low) : 32);
        checksum = mix64(checksum, low ? (u64)__builtin_ctz(low) : 32);
        checksum = mix64(checksum, (u64)__builtin_popcount(low));
    }
    return checksum;
}

u64 check_rotates_and_shifts(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        u64 a = operands[i];
        for (u32 count = 0; count < 70; count += 3) {
            u32 c32 = count & 31, c64 = count & 63;
            checksum = mix64(checksum, __builtin_rotateleft64(a, count));
            checksum = mix64(checksum, __builtin_rotateright64(a, count));
            checksum = mix64(checksum, __builtin_rotateleft32((u32)a, count));
            checksum = mix64(checksum, __builtin_rotateright32((u32)a, count));
            checksum = mix64(checksum, a << c64);
            checksum = mix64(checksum, a >> c64);
            checksum = mix64(checksum, (u64)((i64)a >> c64));
            checksum = mix64(checksum, (u32)a << c32);
            checksum = mix64(checksum, (u32)a >> c32);
            checksum = mix64(checksum, (u32)((i32)a >> c32));
        }
    }
    return checksum;
}

u64 check_extensions_and_comparisons(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        u64 a = operands[i];
        checksum = mix64(checksum, (u64)(i64)(i8)a);
        checksum = mix64(checksum, (u64)(i64)(i16)a);
        checksum = mix64(checksum, (u64)(i64)(i32)a);
        checksum = mix64(checksum, (u64)(u8)a + (u64)(u16)a + (u64)(u32)a);
        checksum = mix64(checksum, (u32)(i32)(i8)a ^ (u32)(i32)(i16)a);
        for (u32 j = 0; j < OPERAND_COUNT; j++) {
            u64 b = operands[j];
            u32 bits = (a < b) | (a <= b) << 1 | ((i64)a < (i64)b) << 2 | ((i64)a >= (i64)b) << 3 | (a == b) << 4 |
                       ((u32)a < (u32)b) << 5 | ((i32)a > (i32)b) << 6 | ((u32)a != (u32)b) << 7;
            checksum = mix64(checksum, bits);
            // Selects, which -O2 turns into wasm select.
            checksum = mix64(checksum, (i64)a < (i64)b ? a - b : b * 3);
        }
    }
    return checksum;
}

// Multiplication tricks: 64-bit products, a 64x64->128 high half from 32-bit pieces.
static u64 multiply_high(u64 a, u64 b) {
    u64 a_low = (u32)a, a_high = a >> 32, b_low = (u32)b, b_high = b >> 32;
    u64 low_low = a_low * b_low, high_low = a_high * b_low, low_high = a_low * b_high, high_high = a_high * b_high;
    u64 middle = (low_low >> 32) + (u32)high_low + (u32)low_high;
    return high_high + (high_low >> 32) + (low_high >> 32) + (middle >> 32);
}

u64 check_multiply_high(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++)
        for (u32 j = 0; j < OPERAND_COUNT; j++) checksum = mix64(checksum, multiply_high(operands[i], operands[j]) ^ operands[i] * operands[j]);
    return checksum;
}

// Binary GCD and modular exponentiation: loops driven by 64-bit compares.
static u64 gcd(u64 a, u64 b) {
    if (a == 0) return b;
    if (b == 0) return a;
    u32 shift = (u32)__builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            u64 t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b);
    return a << shift;
}

static u64 power_modulo(u64 base, u64 exponent, u64 modulus) {
    u64 result = 1;
    base %= modulus;
    while (exponent) {
        if (exponent & 1) result = result * base % modulus;
        base = base * base % modulus;
        exponent >>= 1;
    }
    return result;
}

u64 check_gcd_and_power(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < OPERAND_COUNT; i++) {
        for (u32 j = 0; j < OPERAND_COUNT; j++) {
            checksum = mix64(checksum, gcd(operands[i], operands[j]));
            checksum = mix64(checksum, power_modulo(operands[i], operands[j], 1000000007ull));
        }
    }
    return checksum;
}

// Primes below n by a sieve over bytes: the benchmark's integer kernel.
u32 sieve_workload(u32 limit, u32 rounds) {
    arena_reset();
    u8 *composite = arena_alloc(limit);
    u32 count = 0;
    for (u32 round = 0; round < rounds; round++) {
        memset(composite, 0, limit);
        count = 0;
        for (u32 i = 2; i < limit; i++) {
            if (composite[i]) continue;
            count++;
            for (u32 j = i * 2; j < limit; j += i) composite[j] = 1;
        }
    }
    return count;
}

u32 check_sieve(void) { return sieve_workload(100000, 2); }
