// Integer hashing: FNV-1a, CRC-32 with a table built at run time, xorshift
// and a 64-bit mixer. Mostly i32/i64 arithmetic, shifts, loads of bytes and
// tight loops: the bread and butter of the baseline compiler.
#include "support.h"

static u32 crc_table[256];

static void crc_build_table(void) {
    for (u32 n = 0; n < 256; n++) {
        u32 c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

u32 crc32(const u8 *bytes, u32 count) {
    u32 c = 0xFFFFFFFFu;
    for (u32 i = 0; i < count; i++) c = crc_table[(c ^ bytes[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

u32 fnv1a32(const u8 *bytes, u32 count) {
    u32 hash = 2166136261u;
    for (u32 i = 0; i < count; i++) {
        hash ^= bytes[i];
        hash *= 16777619u;
    }
    return hash;
}

u64 fnv1a64(const u8 *bytes, u32 count) {
    u64 hash = 14695981039346656037ull;
    for (u32 i = 0; i < count; i++) {
        hash ^= bytes[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

// splitmix64's finalizer: multiplies and xor-shifts of full 64-bit values.
u64 mix_bits(u64 z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

u64 xorshift64star(u64 *state) {
    u64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static u8 *random_bytes(u32 count, u32 seed) {
    u8 *bytes = arena_alloc(count);
    random_seed(seed);
    for (u32 i = 0; i < count; i++) bytes[i] = (u8)(random_next() >> 11);
    return bytes;
}

// The benchmark's entry: hashes `count` bytes with every hash, `rounds` times.
u32 hash_workload(u32 count, u32 rounds) {
    arena_reset();
    crc_build_table();
    u8 *bytes = random_bytes(count, 99);
    u32 checksum = CHECKSUM_START;
    for (u32 round = 0; round < rounds; round++) {
        bytes[round % count] ^= (u8)round;
        checksum = mix32(checksum, crc32(bytes, count));
        checksum = mix32(checksum, fnv1a32(bytes, count));
        checksum ^= (u32)fnv1a64(bytes, count);
    }
    return checksum;
}

u32 check_crc32_of_known_string(void) {
    crc_build_table();
    const char *text = "The quick brown fox jumps over the lazy dog";
    u32 length = 0;
    while (text[length]) length++;
    return crc32((const u8 *)text, length);  // 0x414FA339
}

u32 check_crc32_and_fnv32(void) {
    arena_reset();
    crc_build_table();
    u8 *bytes = random_bytes(10000, 7);
    return crc32(bytes, 10000) ^ (fnv1a32(bytes, 10000) * 3u);
}

u64 check_fnv64(void) {
    arena_reset();
    u8 *bytes = random_bytes(4096, 11);
    u64 hash = 0;
    for (u32 length = 0; length < 4096; length += 97) hash = hash * 31 + fnv1a64(bytes, length);
    return hash;
}

u64 check_xorshift64star_stream(void) {
    u64 state = 88172645463325252ull;
    u64 checksum = CHECKSUM64_START;
    for (int i = 0; i < 5000; i++) checksum = mix64(checksum, xorshift64star(&state));
    return checksum;
}

u64 check_mix_bits(void) {
    u64 checksum = 0;
    for (u64 i = 0; i < 3000; i++) checksum += mix_bits(i * 0x9E3779B97F4A7C15ull) >> (i & 31);
    return checksum;
}

u32 check_hash_workload(void) { return hash_workload(2000, 20); }
