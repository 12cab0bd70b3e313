// A program that spends most of its time in WASI calls, for the profiler's
// host-call attribution test: write_chunks writes one byte at a time
// (fd_write per byte) and read_clocks reads the clock in a loop
// (clock_time_get per iteration).
//
// Usage: hostcalls [COUNT]   (COUNT writes, then 2 * COUNT clock reads)
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) static long write_chunks(int count) {
    char byte = 'x';
    long written = 0;
    for (int i = 0; i < count; i++) written += write(1, &byte, 1); // HOST: write
    return written;
}

__attribute__((noinline)) static long read_clocks(int count) {
    struct timespec now;
    long odd = 0;
    for (int i = 0; i < count; i++) {
        clock_gettime(CLOCK_MONOTONIC, &now); // HOST: clock
        odd += now.tv_nsec & 1;
    }
    return odd;
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 200000;
    long written = write_chunks(count);
    long odd = read_clocks(2 * count);
    fprintf(stderr, "%ld %ld\n", written, odd);
    return 0;
}
