// Recursion: deep and wide call trees, mutual recursion, backtracking.
// Exercises the calling convention (arguments and results through stack
// slots), the prologue's stack check on the way down and frames unwinding.
#include "support.h"

u32 fibonacci(u32 n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }

u64 fibonacci64(u32 n) { return n < 2 ? n : fibonacci64(n - 1) + fibonacci64(n - 2); }

u32 ackermann(u32 m, u32 n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

// Not tail calls: the result is combined after the call returns.
u32 is_odd(u32 n);
u32 is_even(u32 n) { return n == 0 ? 1 : is_odd(n - 1) & 1; }
u32 is_odd(u32 n) { return n == 0 ? 0 : is_even(n - 1) & 1; }

static u32 queens_place(u32 row, u32 size, u32 columns, u32 left_diagonals, u32 right_diagonals) {
    if (row == size) return 1;
    u32 count = 0;
    u32 free = ~(columns | left_diagonals | right_diagonals) & ((1u << size) - 1);
    while (free) {
        u32 bit = free & -free;
        free ^= bit;
        count += queens_place(row + 1, size, columns | bit, (left_diagonals | bit) << 1, (right_diagonals | bit) >> 1);
    }
    return count;
}

u32 queens(u32 size) { return queens_place(0, size, 0, 0, 0); }

// Many arguments of mixed types, so some go through more than a few slots.
double weighted_sum(i32 depth, i64 a, double b, u32 c, float d, i64 e, double f, i32 g, float h) {
    if (depth <= 0) return (double)a + b + c + d + (double)e + f + g + h;
    return weighted_sum(depth - 1, a + 1, b * 0.5, c ^ 3u, d + 1.0f, e - 2, f + 0.25, g * 3, h - 0.5f) + depth;
}

static u32 hanoi_moves;
static void hanoi(u32 disks, u32 from, u32 to, u32 via) {
    if (disks == 0) return;
    hanoi(disks - 1, from, via, to);
    hanoi_moves = hanoi_moves * 7 + from * 3 + to;
    hanoi(disks - 1, via, to, from);
}

// The benchmark's entry.
u32 recursion_workload(u32 n) { return fibonacci(n) + queens(n / 3) + ackermann(2, n); }

u32 check_fibonacci(void) { return fibonacci(24); }
u64 check_fibonacci64(void) { return fibonacci64(60 / 3) * 1000003ull + fibonacci64(30); }
u32 check_ackermann(void) { return ackermann(2, 50) * 1000 + ackermann(3, 5); }
u32 check_mutual_recursion(void) { return is_even(1000) * 10 + is_odd(777); }
u32 check_queens(void) { return queens(6) * 1000 + queens(8); }
u64 check_many_mixed_arguments(void) { return double_bits(weighted_sum(50, 1, 1000.0, 7, 1.5f, 10, 0.125, 1, 2.0f)); }

u32 check_hanoi(void) {
    hanoi_moves = 0;
    hanoi(12, 1, 3, 2);
    return hanoi_moves;
}

u32 check_recursion_workload(void) { return recursion_workload(20); }
