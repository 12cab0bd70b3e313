// A CPU-heavy program with a few clearly hot functions, for the profiler:
// a prime sieve, a naive matrix multiply and a string hash, each run enough
// to take a noticeable share of the time.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static int count_primes(int limit) {
    char *composite = calloc((size_t)limit + 1, 1);
    int count = 0;
    for (int i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (long j = (long)i * i; j <= limit; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}

__attribute__((noinline)) static void multiply(const double *a, const double *b, double *out, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
            out[i * n + j] = sum;
        }
}

__attribute__((noinline)) static uint32_t fnv1a(const char *text, size_t length) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 16777619u;
    }
    return hash;
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1) scale = 1;

    int primes = count_primes(2000000 * scale);
    printf("primes below %d: %d\n", 2000000 * scale, primes);

    int n = 120;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n * n; i++) {
        a[i] = (double)(i % 17) / 7.0;
        b[i] = (double)(i % 13) / 3.0;
    }
    for (int round = 0; round < scale; round++) multiply(a, b, c, n);
    printf("matrix trace: %.3f\n", c[0] + c[n * n - 1]);

    char text[4096];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)('a' + i % 26);
    uint32_t hash = 0;
    for (int round = 0; round < 2000 * scale; round++) hash ^= fnv1a(text, sizeof text - (size_t)round % 64);
    printf("hash: %08x\n", hash);

    free(a);
    free(b);
    free(c);
    return 0;
}
