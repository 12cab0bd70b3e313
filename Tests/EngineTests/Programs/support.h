// What every test program shares. The programs are built twice: for wasm32
// with -nostdlib (no libc, every non-static function exported) and natively
// against the host's libc, and both builds must compute the same checksums.
// So: fixed-width types only (long and pointers differ in size), unsigned
// arithmetic wherever a value may wrap (signed overflow is undefined), and
// no NaN in a result (its sign and payload are not portable).
#ifndef WASMSCOPE_TEST_SUPPORT_H
#define WASMSCOPE_TEST_SUPPORT_H

typedef signed char i8;
typedef unsigned char u8;
typedef short i16;
typedef unsigned short u16;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;
typedef __SIZE_TYPE__ size;

#ifdef __wasm__
// Without libc the compiler still emits calls to these, for struct copies,
// zeroed arrays and loops it recognizes. no_builtin keeps it from turning
// their own loops back into calls to themselves.
__attribute__((no_builtin)) void *memcpy(void *destination, const void *source, size count) {
    u8 *to = destination;
    const u8 *from = source;
    while (count--) *to++ = *from++;
    return destination;
}

__attribute__((no_builtin)) void *memmove(void *destination, const void *source, size count) {
    u8 *to = destination;
    const u8 *from = source;
    if (to < from) {
        while (count--) *to++ = *from++;
    } else {
        while (count--) to[count] = from[count];
    }
    return destination;
}

__attribute__((no_builtin)) void *memset(void *destination, int value, size count) {
    u8 *to = destination;
    while (count--) *to++ = (u8)value;
    return destination;
}
#else
#include <string.h>
#endif

// A bump allocator over a static arena: each check resets it, so checks can
// run in any order and any number of times.
#ifndef ARENA_SIZE
#define ARENA_SIZE (1u << 20)
#endif
static u8 arena[ARENA_SIZE] __attribute__((aligned(16)));
static u32 arena_top;

static inline void arena_reset(void) { arena_top = 0; }

static inline void *arena_alloc(u32 byte_count) {
    u32 start = (arena_top + 15u) & ~15u;
    if (start + byte_count > ARENA_SIZE) __builtin_trap();
    arena_top = start + byte_count;
    return &arena[start];
}

// xorshift32: the programs' source of input data, identical on both sides.
static u32 random_state = 2463534242u;

static inline void random_seed(u32 seed) { random_state = seed ? seed : 2463534242u; }

static inline u32 random_next(void) {
    u32 x = random_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return random_state = x;
}

// Mixes a value into a running checksum (FNV-1a over the value's bytes).
static inline u32 mix32(u32 hash, u32 value) {
    for (int i = 0; i < 4; i++) {
        hash ^= (value >> (8 * i)) & 0xffu;
        hash *= 16777619u;
    }
    return hash;
}

static inline u64 mix64(u64 hash, u64 value) {
    for (int i = 0; i < 8; i++) {
        hash ^= (value >> (8 * i)) & 0xffu;
        hash *= 1099511628211ull;
    }
    return hash;
}

static inline u64 double_bits(double value) {
    u64 bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

static inline u32 float_bits(float value) {
    u32 bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

#define CHECKSUM_START 2166136261u
#define CHECKSUM64_START 14695981039346656037ull

#endif
