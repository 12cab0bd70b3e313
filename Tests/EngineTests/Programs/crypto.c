// Cryptographic kernels: SHA-256, ChaCha20 and SipHash-2-4. Many values live
// at once (sixteen state words, eight working variables), rotates, adds and
// xors in long dependent chains: register pressure for the baseline compiler.
#include "support.h"

static u32 rotate_right(u32 x, u32 n) { return (x >> n) | (x << (32 - n)); }
static u32 rotate_left(u32 x, u32 n) { return (x << n) | (x >> (32 - n)); }
static u64 rotate_left64(u64 x, u32 n) { return (x << n) | (x >> (64 - n)); }

static const u32 sha256_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(u32 state[8], const u8 block[64]) {
    u32 w[64];
    for (u32 i = 0; i < 16; i++)
        w[i] = (u32)block[4 * i] << 24 | (u32)block[4 * i + 1] << 16 | (u32)block[4 * i + 2] << 8 | block[4 * i + 3];
    for (u32 i = 16; i < 64; i++) {
        u32 s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (u32 i = 0; i < 64; i++) {
        u32 t1 = h + (rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25)) + ((e & f) ^ (~e & g)) +
                 sha256_constants[i] + w[i];
        u32 t2 = (rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

// SHA-256 of `count` bytes; the digest's eight words folded into one.
u32 sha256(const u8 *bytes, u32 count, u32 digest[8]) {
    u32 state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    u32 offset = 0;
    for (; offset + 64 <= count; offset += 64) sha256_block(state, bytes + offset);
    u8 last[128] = {0};
    u32 rest = count - offset;
    memcpy(last, bytes + offset, rest);
    last[rest] = 0x80;
    u32 length = rest + 9 <= 64 ? 64 : 128;
    u64 bits = (u64)count * 8;
    for (u32 i = 0; i < 8; i++) last[length - 1 - i] = (u8)(bits >> (8 * i));
    sha256_block(state, last);
    if (length == 128) sha256_block(state, last + 64);
    u32 folded = 0;
    for (u32 i = 0; i < 8; i++) {
        digest[i] = state[i];
        folded = folded * 31 + state[i];
    }
    return folded;
}

#define QUARTER_ROUND(a, b, c, d) \
    a += b; d ^= a; d = rotate_left(d, 16); \
    c += d; b ^= c; b = rotate_left(b, 12); \
    a += b; d ^= a; d = rotate_left(d, 8);  \
    c += d; b ^= c; b = rotate_left(b, 7);

static void chacha20_block(const u32 input[16], u32 output[16]) {
    u32 x0 = input[0], x1 = input[1], x2 = input[2], x3 = input[3], x4 = input[4], x5 = input[5], x6 = input[6],
        x7 = input[7], x8 = input[8], x9 = input[9], x10 = input[10], x11 = input[11], x12 = input[12],
        x13 = input[13], x14 = input[14], x15 = input[15];
    for (int i = 0; i < 10; i++) {
        QUARTER_ROUND(x0, x4, x8, x12)
        QUARTER_ROUND(x1, x5, x9, x13)
        QUARTER_ROUND(x2, x6, x10, x14)
        QUARTER_ROUND(x3, x7, x11, x15)
        QUARTER_ROUND(x0, x5, x10, x15)
        QUARTER_ROUND(x1, x6, x11, x12)
        QUARTER_ROUND(x2, x7, x8, x13)
        QUARTER_ROUND(x3, x4, x9, x14)
    }
    output[0] = x0 + input[0]; output[1] = x1 + input[1]; output[2] = x2 + input[2]; output[3] = x3 + input[3];
    output[4] = x4 + input[4]; output[5] = x5 + input[5]; output[6] = x6 + input[6]; output[7] = x7 + input[7];
    output[8] = x8 + input[8]; output[9] = x9 + input[9]; output[10] = x10 + input[10]; output[11] = x11 + input[11];
    output[12] = x12 + input[12]; output[13] = x13 + input[13]; output[14] = x14 + input[14]; output[15] = x15 + input[15];
}

static u64 siphash24(const u8 *bytes, u32 count, u64 key0, u64 key1) {
    u64 v0 = 0x736f6d6570736575ull ^ key0, v1 = 0x646f72616e646f6dull ^ key1;
    u64 v2 = 0x6c7967656e657261ull ^ key0, v3 = 0x7465646279746573ull ^ key1;
#define SIP_ROUND                                                                        \
    v0 += v1; v1 = rotate_left64(v1, 13); v1 ^= v0; v0 = rotate_left64(v0, 32);         \
    v2 += v3; v3 = rotate_left64(v3, 16); v3 ^= v2;                                     \
    v0 += v3; v3 = rotate_left64(v3, 21); v3 ^= v0;                                     \
    v2 += v1; v1 = rotate_left64(v1, 17); v1 ^= v2; v2 = rotate_left64(v2, 32);
    u32 end = count - count % 8;
    for (u32 i = 0; i < end; i += 8) {
        u64 m;
        memcpy(&m, bytes + i, 8);
        v3 ^= m;
        SIP_ROUND SIP_ROUND
        v0 ^= m;
    }
    u64 last = (u64)count << 56;
    for (u32 i = 0; i < count % 8; i++) last |= (u64)bytes[end + i] << (8 * i);
    v3 ^= last;
    SIP_ROUND SIP_ROUND
    v0 ^= last;
    v2 ^= 0xff;
    SIP_ROUND SIP_ROUND SIP_ROUND SIP_ROUND
    return v0 ^ v1 ^ v2 ^ v3;
}

u32 check_sha256_of_abc(void) {
    u32 digest[8];
    sha256((const u8 *)"abc", 3, digest);
    return digest[0];  // 0xba7816bf
}

u64 check_sha256_of_many_lengths(void) {
    arena_reset();
    u8 *bytes = arena_alloc(1000);
    random_seed(123);
    for (u32 i = 0; i < 1000; i++) bytes[i] = (u8)random_next();
    u64 checksum = CHECKSUM64_START;
    u32 digest[8];
    for (u32 length = 0; length < 1000; length += 13) checksum = mix64(checksum, sha256(bytes, length, digest));
    return checksum;
}

u64 check_chacha20_keystream(void) {
    u32 input[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (u32 i = 4; i < 16; i++) input[i] = i * 0x01010101u;
    u32 output[16];
    u64 checksum = CHECKSUM64_START;
    for (u32 block = 0; block < 200; block++) {
        input[12] = block;
        chacha20_block(input, output);
        for (u32 i = 0; i < 16; i++) checksum = mix64(checksum, output[i]);
    }
    return checksum;
}

u64 check_siphash(void) {
    arena_reset();
    u8 *bytes = arena_alloc(256);
    for (u32 i = 0; i < 256; i++) bytes[i] = (u8)i;
    u64 checksum = 0;
    for (u32 length = 0; length <= 64; length++)
        checksum = checksum * 3 + siphash24(bytes, length, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    return checksum ^ siphash24(bytes, 15, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
}
