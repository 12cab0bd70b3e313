// Control flow: a bytecode interpreter whose dense switch becomes br_table,
// a state machine, tables of function pointers of several signatures
// (call_indirect), and nested loops with early exits (br_if out of blocks).
#include "support.h"

enum opcode { PUSH, ADD, SUB, MUL, DIVIDE, DUP, SWAP, DROP, JUMP, JUMP_IF_ZERO, DECREMENT, OVER, XOR, SHIFT, HALT };

typedef struct {
    u8 op;
    i32 argument;
} instruction;

// Runs a program on a small stack machine; returns the top of the stack.
i32 interpret(const instruction *program, u32 budget) {
    i32 stack[64];
    u32 top = 0;
    u32 pc = 0;
    while (budget--) {
        const instruction *in = &program[pc++];
        switch (in->op) {
        case PUSH: stack[top++] = in->argument; break;
        case ADD: top--; stack[top - 1] = (i32)((u32)stack[top - 1] + (u32)stack[top]); break;
        case SUB: top--; stack[top - 1] = (i32)((u32)stack[top - 1] - (u32)stack[top]); break;
        case MUL: top--; stack[top - 1] = (i32)((u32)stack[top - 1] * (u32)stack[top]); break;
        case DIVIDE: top--; stack[top - 1] = stack[top] ? stack[top - 1] / (stack[top] | 1) : 0; break;
        case DUP: stack[top] = stack[top - 1]; top++; break;
        case SWAP: { i32 t = stack[top - 1]; stack[top - 1] = stack[top - 2]; stack[top - 2] = t; } break;
        case DROP: top--; break;
        case JUMP: pc = (u32)in->argument; break;
        case JUMP_IF_ZERO: if (stack[--top] == 0) pc = (u32)in->argument; break;
        case DECREMENT: stack[top - 1]--; break;
        case OVER: stack[top] = stack[top - 2]; top++; break;
        case XOR: top--; stack[top - 1] ^= stack[top]; break;
        case SHIFT: stack[top - 1] = (i32)((u32)stack[top - 1] << (in->argument & 31) | (u32)stack[top - 1] >> 3); break;
        case HALT: return top ? stack[top - 1] : -1;
        default: return -2;
        }
    }
    return top ? stack[top - 1] : -3;
}

// acc = 1; n = iterations; do { acc = (acc * 31 + n) ^ (acc << 5 | acc >> 3); } while (--n)
static const instruction loop_program[] = {
    {PUSH, 1},          // 0: acc
    {PUSH, 0},          // 1: n (patched)
    {SWAP, 0},          // 2: n acc
    {PUSH, 31},         // 3
    {MUL, 0},           // 4: n acc*31
    {OVER, 0},          // 5: n acc*31 n
    {ADD, 0},           // 6: n t
    {DUP, 0},           // 7: n t t
    {SHIFT, 5},         // 8: n t s
    {XOR, 0},           // 9: n acc
    {SWAP, 0},          // 10: acc n
    {DECREMENT, 0},     // 11: acc n-1
    {DUP, 0},           // 12
    {JUMP_IF_ZERO, 15}, // 13
    {JUMP, 2},          // 14
    {DROP, 0},          // 15: acc
    {PUSH, 1000},       // 16
    {DIVIDE, 0},        // 17
    {HALT, 0},          // 18
};

// The benchmark's entry: the interpreter loop `iterations` times round.
i32 interpreter_workload(u32 iterations) {
    instruction program[sizeof loop_program / sizeof loop_program[0]];
    memcpy(program, loop_program, sizeof program);
    program[1].argument = (i32)iterations;
    return interpret(program, 0xffffffffu);
}

u32 check_interpreter(void) { return (u32)interpreter_workload(5000) ^ (u32)interpreter_workload(1) * 7u; }

u32 check_interpreter_budget_runs_out(void) { return (u32)interpret(loop_program, 100); }

// A lexer-like state machine over text: word, number and other classes.
u32 check_state_machine(void) {
    const char *text = "int main(void) { return 42 + x_1 * 0x1F; } // 3 words, 7 symbols\n\tabc123 99bottles";
    enum { START, WORD, NUMBER, HEX, SYMBOL, SPACE } state = START;
    u32 counts[6] = {0};
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; text[i]; i++) {
        char c = text[i];
        u32 class = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ? 0 : (c >= '0' && c <= '9') ? 1 : (c == ' ' || c == '\t' || c == '\n') ? 2 : 3;
        switch (state) {
        case START:
        case SPACE:
        case SYMBOL:
            state = class == 0 ? WORD : class == 1 ? NUMBER : class == 2 ? SPACE : SYMBOL;
            break;
        case WORD:
            if (class >= 2) state = class == 2 ? SPACE : SYMBOL;
            break;
        case NUMBER:
            if (c == 'x' || c == 'X') state = HEX;
            else if (class == 0) state = WORD;
            else if (class >= 2) state = class == 2 ? SPACE : SYMBOL;
            break;
        case HEX:
            if (class >= 2) state = class == 2 ? SPACE : SYMBOL;
            break;
        }
        counts[state]++;
        checksum = mix32(checksum, state * 256 + (u8)c);
    }
    for (u32 i = 0; i < 6; i++) checksum = mix32(checksum, counts[i]);
    return checksum;
}

// A sparse switch (compare chains, not a table) next to a dense one.
static u32 sparse(u32 x) {
    switch (x) {
    case 1: return 10;
    case 100: return 20;
    case 1000: return 30;
    case 12345: return 40;
    case 0x7fffffff: return 50;
    case 0xfffffff0: return 60;
    default: return x & 7;
    }
}

static u32 dense(u32 x) {
    switch (x % 24) {
    case 0: return 3; case 1: return 1; case 2: return 4; case 3: return 1; case 4: return 5; case 5: return 9;
    case 6: return 2; case 7: return 6; case 8: return 5; case 9: return 3; case 10: return 5; case 11: return 8;
    case 12: return 9; case 13: return 7; case 14: return 9; case 15: return 3; case 16: return 2; case 17: return 3;
    case 18: return 8; case 19: return 4; case 20: return 6; case 21: return 2; case 22: return 6; default: return 4;
    }
}

u32 check_switches(void) {
    u32 inputs[] = {0, 1, 2, 99, 100, 101, 1000, 12345, 0x7fffffff, 0xfffffff0, 0xffffffff, 77};
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; i < sizeof inputs / sizeof inputs[0]; i++) checksum = mix32(checksum, sparse(inputs[i]));
    for (u32 i = 0; i < 500; i++) checksum = mix32(checksum, dense(i * 7919u));
    return checksum;
}

typedef u32 (*unary)(u32);
typedef u64 (*binary64)(u64, u64);
typedef double (*real)(double, i32);

static u32 triple(u32 x) { return x * 3; }
static u32 invert(u32 x) { return ~x; }
static u32 square(u32 x) { return x * x; }
static u32 halve(u32 x) { return x >> 1; }
static u64 add64(u64 a, u64 b) { return a + b; }
static u64 mul64(u64 a, u64 b) { return a * b; }
static u64 xor64(u64 a, u64 b) { return a ^ b; }
static double scale(double x, i32 n) { return x * n; }
static double offset(double x, i32 n) { return x + n; }

// Kept in memory so the calls stay indirect at -O2.
static unary volatile unaries[] = {triple, invert, square, halve};
static binary64 volatile binaries[] = {add64, mul64, xor64};
static real volatile reals[] = {scale, offset};

u64 check_function_pointers(void) {
    u64 checksum = CHECKSUM64_START;
    u32 x = 12345;
    u64 y = 0x0123456789abcdefull;
    double z = 1.5;
    for (u32 i = 0; i < 300; i++) {
        x = unaries[i % 4](x) + i;
        y = binaries[i % 3](y, (u64)x << 7 | i);
        z = reals[i & 1](z, (i32)(i % 5) - 2);
        if (z > 1e6 || z < -1e6) z = 0.5;
        checksum = mix64(checksum, x);
        checksum = mix64(checksum, y);
        checksum = mix64(checksum, double_bits(z));
    }
    return checksum;
}

// Loops with labelled exits: the first pair summing to a target, then more.
u32 check_nested_loops_with_early_exit(void) {
    u32 values[64];
    random_seed(3);
    for (u32 i = 0; i < 64; i++) values[i] = random_next() % 1000;
    u32 checksum = CHECKSUM_START;
    for (u32 target = 500; target < 1500; target += 37) {
        u32 found = 0xffffffff;
        for (u32 i = 0; i < 64; i++) {
            for (u32 j = i + 1; j < 64; j++) {
                if (values[i] + values[j] == target) {
                    found = i * 64 + j;
                    goto done;
                }
                if (values[j] == 0) break;
            }
        }
    done:
        checksum = mix32(checksum, found);
    }
    return checksum;
}
