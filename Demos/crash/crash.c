// Programs with bugs, one per subcommand, for trap backtraces and watchpoints.
//
//   crash oob [ROW]         out-of-bounds write far past linear memory
//                           (a ROW below 4 makes the write valid)
//   crash div [N]...        integer division by zero (average of no numbers)
//   crash null [OP]         call through a NULL function pointer ("mod")
//   crash stack [LIMIT]     unbounded recursion, the call stack runs out
//                           (a LIMIT above 0 ends it at that depth)
//   crash overrun           a label copy overruns into the next struct field
//                           (no trap: prints the corrupted value, exits 0)
//
// Every bug sits a few calls below main, in noinline functions (so -O1 keeps
// the frames) with locals worth printing. Each faulting line ends in a
// marker comment, "TRAP" and the subcommand (the silently corrupting line:
// "BUG" and "overrun"), so tests can grep for the line a backtrace should
// point at. Values that decide whether a bug fires come from argv, so the
// compiler cannot fold them.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- oob: a grid whose cell index is never checked -------------------------

struct grid {
    int32_t width, height;
    int32_t *cells;
};

struct point {
    int32_t row, col;
};

__attribute__((noinline)) static void set_cell(struct grid *grid, struct point at, int32_t value) {
    int32_t index = at.row * grid->width + at.col; // no bounds check: the bug
    int32_t *slot = &grid->cells[index];
    *slot = value; // TRAP: oob
}

__attribute__((noinline)) static int32_t plot_points(struct grid *grid, const struct point *points, int32_t count) {
    int32_t written = 0;
    for (int32_t i = 0; i < count; i++) {
        set_cell(grid, points[i], i + 1);
        written++;
    }
    return written;
}

// The last point is a corrupt record: with the grid 5000 wide, row 100000
// puts the write about 2 GB past the cells, beyond wasm32 linear memory (and
// unmapped natively). `crash oob 3` plots a valid point instead.
__attribute__((noinline)) static int run_oob(int argc, char **argv) {
    struct grid grid = {5000, 4, calloc(5000 * 4, sizeof(int32_t))};
    struct point points[] = {{0, 0}, {1, 1}, {2, 2}, {100000, 7}};
    if (argc > 2) points[3].row = atoi(argv[2]);
    int32_t written = plot_points(&grid, points, 4);
    printf("plotted %d points, cell (2, 2) = %d\n", written, grid.cells[2 * grid.width + 2]);
    free(grid.cells);
    return 0;
}

// ---- div: averaging an empty list ------------------------------------------

struct stats {
    int32_t count;
    int32_t total;
    const char *label;
};

__attribute__((noinline)) static int32_t average(const struct stats *stats) {
    int32_t mean = stats->total / stats->count; // TRAP: div
    return mean;
}

__attribute__((noinline)) static int32_t summarize(int count, char **numbers) {
    struct stats stats = {0, 0, "arguments"};
    for (int i = 0; i < count; i++) {
        stats.total += atoi(numbers[i]);
        stats.count++;
    }
    int32_t mean = average(&stats);
    printf("%s: %d values, total %d, mean %d\n", stats.label, stats.count, stats.total, mean);
    return mean;
}

__attribute__((noinline)) static int run_div(int argc, char **argv) {
    summarize(argc - 2, argv + 2); // `crash div` alone has no numbers: count is 0
    return 0;
}

// ---- null: a dispatch table with a missing handler -------------------------

typedef int32_t (*binary_op)(int32_t, int32_t);

__attribute__((noinline)) static int32_t op_add(int32_t a, int32_t b) { return a + b; }
__attribute__((noinline)) static int32_t op_mul(int32_t a, int32_t b) { return a * b; }

struct operation {
    const char *name;
    binary_op apply;
};

static struct operation operations[] = {
    {"add", op_add},
    {"mul", op_mul},
    {"mod", NULL}, // declared but never implemented
};

__attribute__((noinline)) static const struct operation *find_operation(const char *name) {
    for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++)
        if (strcmp(operations[i].name, name) == 0) return &operations[i];
    return &operations[0];
}

__attribute__((noinline)) static int32_t apply_operation(const struct operation *op, int32_t a, int32_t b) {
    int32_t result = op->apply(a, b); // TRAP: null
    return result;
}

__attribute__((noinline)) static int32_t calculate(const char *name, int32_t a, int32_t b) {
    const struct operation *op = find_operation(name);
    int32_t result = apply_operation(op, a, b);
    printf("%s(%d, %d) = %d\n", op->name, a, b, result);
    return result;
}

__attribute__((noinline)) static int run_null(int argc, char **argv) {
    calculate(argc > 2 ? argv[2] : "mod", 17, 5);
    return 0;
}

// ---- stack: recursion whose base case is never reached ---------------------

// The limit is 0, which descend() never reaches because depth starts at 1.
// The arithmetic after the call keeps it from becoming a loop (tail call), and
// all state lives in wasm locals, so it is the engine's call stack that runs
// out, not the C stack in linear memory.
__attribute__((noinline)) static uint32_t descend(uint32_t depth, uint32_t limit, uint32_t seed) {
    if (depth == limit) return seed;
    uint32_t mixed = seed * 2654435761u + depth;
    uint32_t below = descend(depth + 1, limit, mixed); // TRAP: stack
    return below * 31u + mixed;
}

__attribute__((noinline)) static uint32_t explore(uint32_t limit) {
    uint32_t seed = 12345;
    return descend(1, limit, seed);
}

__attribute__((noinline)) static int run_stack(int argc, char **argv) {
    uint32_t limit = (uint32_t)(argc > 2 ? atoi(argv[2]) : 0);
    printf("explored: %08x\n", (unsigned)explore(limit));
    return 0;
}

// ---- overrun: a label too long for its field (watchpoint demo) --------------

struct part {
    char label[8];
    int32_t quantity; // sits right after label: the overrun lands here
    int32_t price_cents;
};

// Upper-cases while copying (which also keeps the compiler from turning the
// loop into a memcpy call) but never checks the destination's size.
__attribute__((noinline)) static void set_label(struct part *part, const char *text) {
    char *out = part->label;
    size_t i = 0;
    for (; text[i] != '\0'; i++) {
        char c = text[i];
        out[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); // BUG: overrun
    }
    out[i] = '\0';
}

__attribute__((noinline)) static void restock(struct part *part, const char *label, int32_t quantity) {
    part->quantity = quantity;
    part->price_cents = 1250;
    set_label(part, label); // "hex-bolt-m6" is 11 characters + NUL: 4 bytes too many
}

__attribute__((noinline)) static int run_overrun(int argc, char **argv) {
    (void)argc, (void)argv;
    struct part part;
    restock(&part, "hex-bolt-m6", 40);
    printf("part %s: quantity %d (expected 40), price %d cents\n", part.label, part.quantity,
           part.price_cents);
    return 0;
}

// ---- dispatch ----------------------------------------------------------------

int main(int argc, char **argv) {
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"oob", run_oob}, {"div", run_div}, {"null", run_null}, {"stack", run_stack}, {"overrun", run_overrun},
    };
    if (argc > 1)
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc, argv);
    fprintf(stderr, "usage: crash oob|div|null|stack|overrun [ARGS...]\n");
    return 1;
}
