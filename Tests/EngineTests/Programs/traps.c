// wasm-flags: -Wl,--allow-undefined -Wl,-z,stack-size=33554432
// Guest faults, for the tests that check a trap comes back as a Trap and
// leaves the instance usable. Wasm only: natively these would crash. Every
// faulting function has a healthy counterpart the tests call afterwards.
//
// The C shadow stack is 32 MiB rather than 64 KiB: at -O0 every frame keeps
// its locals there, and unbounded recursion must exhaust the engine's stack
// first (a trap leaves the shadow stack pointer where it was, so it also
// leaks what the trapped call had taken).
#include "support.h"

i32 divide(i32 a, i32 b) { return a / b; }

// INT_MIN % -1 is 0 in wasm, not a trap; the test checks that too.
i32 remainder_signed(i32 a, i32 b) { return a % b; }

u32 remainder_unsigned(u32 a, u32 b) { return a % b; }

// Beyond the end of memory: 0xfffffff0 is far past any page clang asks for.
void store_at(u32 address, u32 value) { *(volatile u32 *)(size)address = value; }

u32 load_at(u32 address) { return *(volatile u32 *)(size)address; }

void fail(void) { __builtin_trap(); }

typedef u32 (*unary)(u32);
typedef u64 (*binary)(u64, u64);

static u32 increment(u32 x) { return x + 1; }
static u64 add(u64 a, u64 b) { return a + b; }

static volatile unary unaries[] = {increment};
static volatile binary binaries[] = {add};

u32 call_unary(u32 x) { return unaries[0](x); }

// Calls a two-argument function through a one-argument pointer: call_indirect's signature check fails.
u32 call_with_wrong_signature(u32 x) {
    unary wrong = (unary)(void *)binaries[0];
    return wrong(x);
}

// Calls itself through a pointer the compiler must reload, so that neither
// tail-call elimination nor inlining can turn the recursion into a loop.
u32 recurse_forever(u32 depth);
static u32 (*volatile recurse_again)(u32) = recurse_forever;
u32 recurse_forever(u32 depth) { return recurse_again(depth + 1) + depth; }

u32 recurse(u32 depth);
static u32 (*volatile recurse_less)(u32) = recurse;
u32 recurse(u32 depth) { return depth == 0 ? 0 : recurse_less(depth - 1) + 1; }

// Runs until the host interrupts it; the volatile counter keeps the loop.
void spin(void) {
    volatile u32 counter = 0;
    for (;;) counter++;
}

// The same loop with calls in it, so an interrupt can land at a function entry too.
static u32 step(u32 x) { return x * 1103515245u + 12345u; }
u32 spin_with_calls(void) {
    volatile u32 state = 1;
    for (;;) state = step(state);
}

// Calls the host, which may trap, then returns what it said plus one.
u32 host_check(u32 value);
u32 ask_host(u32 value) { return host_check(value) + 1; }
