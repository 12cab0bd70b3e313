// Known call counts, for the exact call counting of `profile --count`:
// per round, count_round runs once and calls leaf 1000 times; fib(15) runs
// once at the end and makes 1973 calls of fib (fib(n) makes
// 2 * fib(n + 1) - 1 calls). fib is optnone so clang keeps every recursive
// call (at -O1 it would turn one of them into a loop).
//
// Usage: calls [ROUNDS]   (default 10: leaf 10000 calls, count_round 10)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static volatile uint32_t sink;

__attribute__((noinline)) static uint32_t leaf(uint32_t x) { return x * 2654435761u ^ sink; }

__attribute__((noinline)) static uint32_t count_round(uint32_t round) {
    uint32_t x = round;
    for (uint32_t i = 0; i < 1000; i++) x += leaf(i);
    return x;
}

__attribute__((noinline, optnone)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    uint32_t rounds = argc > 1 ? (uint32_t)atoi(argv[1]) : 10;
    for (uint32_t round = 0; round < rounds; round++) sink += count_round(round);
    printf("%u %u\n", (unsigned)sink, (unsigned)fib(15));
    return 0;
}
