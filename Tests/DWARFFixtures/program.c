// Calls, recursion and always_inline chains (outer → middle → square).
#include "shapes.h"

int use_types(void);

static inline __attribute__((always_inline)) int middle(int value) {
    int doubled = value * 2;
    return square(doubled) + 1;
}

static inline __attribute__((always_inline)) int outer(int value) {
    int shifted = value + 3;
    return middle(shifted) - value;
}

int factorial(int n) {
    if (n <= 1)
        return 1;
    return n * factorial(n - 1);
}

int values[16] = {4, 8, 15, 16, 23, 42};

int accumulate(int limit) {
    int total = 0;
    for (int index = 0; index < limit; index++) {
        int term = outer(values[index & 15]);
        total += term;
    }
    return total;
}

// Volatile so that -O1 cannot fold the calls away.
volatile int seed = 5;

int main(void) {
    int result = factorial(seed);

    result += accumulate(seed * 2);
    result += use_types();
    return result & 0x7f;
}
