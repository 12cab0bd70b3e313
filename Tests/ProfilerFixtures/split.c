// A known split of the work, for the profiler's accuracy test: busy_major
// runs 7 rounds for every 3 that busy_minor runs, and a round is the same
// loop in both, so about 70% of the time is in busy_major and 30% in
// busy_minor. Each function's inner loop is one source line, marked HOT, that
// holds nearly all of the function's time; the lines around it run once per
// round of 1000 iterations.
//
// Usage: split [ROUNDS]   (busy_major runs 7 * ROUNDS rounds, busy_minor 3 * ROUNDS)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static volatile uint32_t sink;

__attribute__((noinline)) static uint32_t busy_major(uint32_t rounds) {
    uint32_t x = sink;
    for (uint32_t round = 0; round < rounds; round++) {
        x ^= round;
        for (uint32_t i = 0; i < 1000; i++) x = x * 1664525u + 1013904223u + (x >> 7); // HOT: major
    }
    return x;
}

__attribute__((noinline)) static uint32_t busy_minor(uint32_t rounds) {
    uint32_t x = sink + 1;
    for (uint32_t round = 0; round < rounds; round++) {
        x ^= round * 3;
        for (uint32_t i = 0; i < 1000; i++) x = x * 22695477u + 1u + (x >> 9); // HOT: minor
    }
    return x;
}

int main(int argc, char **argv) {
    uint32_t rounds = argc > 1 ? (uint32_t)atoi(argv[1]) : 100000;
    sink = busy_major(7 * rounds);
    sink += busy_minor(3 * rounds);
    printf("%u\n", (unsigned)sink);
    return 0;
}
