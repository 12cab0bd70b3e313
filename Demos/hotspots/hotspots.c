// A CPU-heavy program with a few clearly hot functions, for the profiler:
// a prime sieve, a naive matrix multiply and a string hash, each run enough
// to take a noticeable share of the time (about 1.5 s natively at -O1 with
// the default 10 rounds; `hotspots 1` is a quick run for tests).
//
// Each hot function is noinline so it keeps its own frame, and its innermost
// statement sits on a line of its own, ending in a marker comment ("HOT"
// and the function's role), so an annotated profile has one obviously hot
// source line per function and tests can grep for it.
//
// Usage: hotspots [ROUNDS]    (default 10, at most 1000)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { SIEVE_LIMIT = 15000000, MATRIX_N = 360, TEXT_LENGTH = 4096, HASH_PASSES = 11000 };

// Sieve of Eratosthenes. The multiples are stepped with int64_t: `long` is
// 32 bits on wasm32, and i * i overflows it for the larger primes.
__attribute__((noinline)) static int count_primes(int limit) {
    char *composite = calloc((size_t)limit + 1, 1);
    int count = 0;
    for (int i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (int64_t j = (int64_t)i * i; j <= limit; j += i)
            composite[j] = 1; // HOT: sieve
    }
    free(composite);
    return count;
}

// Naive O(n^3) multiply; the column walk over b is deliberately cache-hostile.
__attribute__((noinline)) static void multiply(const double *a, const double *b, double *out, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int k = 0; k < n; k++)
                sum += a[i * n + k] * b[k * n + j]; // HOT: multiply
            out[i * n + j] = sum;
        }
}

// FNV-1a: one multiply per byte, a long dependency chain.
__attribute__((noinline)) static uint32_t fnv1a(const char *text, size_t length) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 16777619u; // HOT: hash
    }
    return hash;
}

// Small and cold on purpose: a function that shows up rarely in samples.
__attribute__((noinline)) static double trace(const double *m, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += m[i * n + i];
    return sum;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    if (rounds < 1) rounds = 1;
    if (rounds > 1000) rounds = 1000;

    int primes = 0;
    for (int round = 0; round < rounds; round++) primes = count_primes(SIEVE_LIMIT);
    printf("primes below %d: %d\n", SIEVE_LIMIT, primes);

    int n = MATRIX_N;
    size_t cells = (size_t)n * (size_t)n;
    double *a = malloc(sizeof(double) * cells), *b = malloc(sizeof(double) * cells), *c = malloc(sizeof(double) * cells);
    for (size_t i = 0; i < cells; i++) {
        a[i] = (double)(i % 17) / 8.0; // exact binary fractions: same sums everywhere
        b[i] = (double)(i % 13) / 4.0;
    }
    double traces = 0;
    for (int round = 0; round < rounds; round++) {
        multiply(a, b, c, n);
        traces += trace(c, n);
        a[round % cells] += 1.0; // change the input so no round repeats the last
    }
    printf("matrix trace sum: %.3f\n", traces);

    char text[TEXT_LENGTH];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)('a' + i % 26);
    uint32_t hash = 0;
    for (int pass = 0; pass < HASH_PASSES * rounds; pass++)
        hash = hash * 31u + fnv1a(text, sizeof text - (size_t)pass % 64);
    printf("hash: %08x\n", (unsigned)hash);

    free(a);
    free(b);
    free(c);
    return 0;
}
