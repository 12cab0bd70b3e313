// Linear memory: structs and arrays, a linked list and an open-addressing
// hash table in the arena, loads and stores of every width with sign and
// zero extension, unaligned accesses, static data, and memory.grow.
#include "support.h"

typedef struct node {
    struct node *next;
    u32 value;
    i16 small;
    u8 tag;
} node;

u32 check_linked_list(void) {
    arena_reset();
    random_seed(42);
    node *head = 0;
    for (u32 i = 0; i < 2000; i++) {
        node *n = arena_alloc(sizeof(node));
        n->value = random_next();
        n->small = (i16)(n->value >> 7);
        n->tag = (u8)i;
        n->next = head;
        head = n;
    }
    // Reverse in place, then drop every third node.
    node *reversed = 0;
    while (head) {
        node *next = head->next;
        head->next = reversed;
        reversed = head;
        head = next;
    }
    u32 index = 0;
    for (node **link = &reversed; *link; index++) {
        if (index % 3 == 0) *link = (*link)->next;
        else link = &(*link)->next;
    }
    u32 checksum = CHECKSUM_START;
    for (node *n = reversed; n; n = n->next) checksum = mix32(mix32(checksum, n->value ^ n->tag), (u32)(i32)n->small);
    return checksum;
}

typedef struct {
    u32 key;
    u32 value;
} entry;

// Open addressing with linear probing; key 0 marks an empty slot.
u32 check_hash_table(void) {
    arena_reset();
    const u32 capacity = 4096;
    entry *table = arena_alloc(capacity * sizeof(entry));
    memset(table, 0, capacity * sizeof(entry));
    random_seed(9);
    for (u32 i = 0; i < 3000; i++) {
        u32 key = (random_next() % 5000) + 1;
        u32 slot = (key * 2654435761u) & (capacity - 1);
        while (table[slot].key != 0 && table[slot].key != key) slot = (slot + 1) & (capacity - 1);
        table[slot].key = key;
        table[slot].value += i;
    }
    u32 checksum = CHECKSUM_START;
    for (u32 key = 1; key <= 5000; key += 3) {
        u32 slot = (key * 2654435761u) & (capacity - 1);
        while (table[slot].key != 0 && table[slot].key != key) slot = (slot + 1) & (capacity - 1);
        checksum = mix32(checksum, table[slot].key == key ? table[slot].value : 0xdead);
    }
    return checksum;
}

// Every load and store width, through volatile pointers so -O2 keeps them.
u64 check_load_and_store_widths(void) {
    arena_reset();
    volatile u8 *bytes = arena_alloc(256);
    for (u32 i = 0; i < 256; i++) bytes[i] = (u8)(i * 37 + 11);
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i + 8 <= 256; i += 5) {
        checksum = mix64(checksum, (u64)(i64) * (volatile i8 *)(bytes + i));
        checksum = mix64(checksum, *(volatile u8 *)(bytes + i));
        checksum = mix64(checksum, (u64)(i64) * (volatile i16 *)(bytes + (i & ~1u)));
        checksum = mix64(checksum, *(volatile u16 *)(bytes + (i & ~1u)));
        checksum = mix64(checksum, (u64)(i64) * (volatile i32 *)(bytes + (i & ~3u)));
        checksum = mix64(checksum, *(volatile u32 *)(bytes + (i & ~3u)));
        checksum = mix64(checksum, *(volatile u64 *)(bytes + (i & ~7u)));
        // 64-bit results of narrow loads: i64.load8_s, i64.load16_u, i64.load32_s...
        i64 wide = *(volatile i8 *)(bytes + i) + (i64) * (volatile u16 *)(bytes + (i & ~1u)) * 3 +
                   (i64) * (volatile i32 *)(bytes + (i & ~3u)) * 5;
        checksum = mix64(checksum, (u64)wide);
    }
    for (u32 i = 0; i + 8 <= 256; i += 8) {
        *(volatile u64 *)(bytes + i) = 0x0102030405060708ull * i;
        *(volatile u16 *)(bytes + i + 2) = (u16)(i * 1000);
        *(volatile u8 *)(bytes + i + 7) = (u8)~i;
        *(volatile u32 *)(bytes + i + 4) ^= 0xa5a5a5a5u;
    }
    for (u32 i = 0; i < 256; i += 8) checksum = mix64(checksum, *(volatile u64 *)(bytes + i));
    return checksum;
}

// Unaligned reads and writes: wasm allows them, and memcpy is the C way.
u64 check_unaligned_access(void) {
    arena_reset();
    u8 *bytes = arena_alloc(128);
    for (u32 i = 0; i < 128; i++) bytes[i] = (u8)(i ^ 0x5a);
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 1; i + 8 < 128; i += 3) {
        u64 v64;
        u32 v32;
        u16 v16;
        memcpy(&v64, bytes + i, 8);
        memcpy(&v32, bytes + i + 1, 4);
        memcpy(&v16, bytes + i + 2, 2);
        checksum = mix64(mix64(mix64(checksum, v64), v32), v16);
        v64 = v64 * 3 + v32;
        memcpy(bytes + i + 1, &v64, 8);
    }
    return checksum;
}

struct matrix {
    u32 rows, columns;
    double cells[8][8];
};

static struct matrix identity_plus(double extra) {
    struct matrix m = {8, 8, {{0}}};
    for (u32 i = 0; i < 8; i++)
        for (u32 j = 0; j < 8; j++) m.cells[i][j] = (i == j) + extra * (double)(i * 8 + j);
    return m;
}

static struct matrix multiply(struct matrix a, struct matrix b) {
    struct matrix product = {a.rows, b.columns, {{0}}};
    for (u32 i = 0; i < a.rows; i++)
        for (u32 j = 0; j < b.columns; j++)
            for (u32 k = 0; k < a.columns; k++) product.cells[i][j] += a.cells[i][k] * b.cells[k][j];
    return product;
}

// Structs passed and returned by value: copies through the shadow stack.
u64 check_structs_by_value(void) {
    struct matrix m = identity_plus(0.001);
    struct matrix power = identity_plus(0.0);
    for (u32 i = 0; i < 10; i++) power = multiply(power, m);
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < 8; i++)
        for (u32 j = 0; j < 8; j++) checksum = mix64(checksum, double_bits(power.cells[i][j]));
    return checksum;
}

// Initialized static data: the data segment the instance copies at start.
static const char *const words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
static const u16 primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};

u32 check_static_data(void) {
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; i < 8; i++)
        for (const char *c = words[i]; *c; c++) checksum = mix32(checksum, (u32)*c * primes[i]);
    return checksum;
}

// Memory growth: grows by a few pages, writes and reads them back. The native
// build has no memory.grow; it uses a static buffer the size of the growth.
#define GROWTH_PAGES 3
#ifdef __wasm__
static u8 *grow_pages(u32 pages, u32 *grew) {
    u32 before = (u32)__builtin_wasm_memory_size(0);
    u32 old = (u32)__builtin_wasm_memory_grow(0, pages);
    u32 after = (u32)__builtin_wasm_memory_size(0);
    *grew = old != 0xffffffffu && old == before && after == before + pages;
    return (u8 *)(old * 65536u);
}
#else
static u8 *grow_pages(u32 pages, u32 *grew) {
    static u8 pages_storage[GROWTH_PAGES * 65536];
    memset(pages_storage, 0, sizeof pages_storage);
    *grew = pages == GROWTH_PAGES;
    return pages_storage;
}
#endif

u32 check_memory_grow(void) {
    u32 grew = 0;
    u8 *fresh = grow_pages(GROWTH_PAGES, &grew);
    u32 checksum = CHECKSUM_START;
    u32 zeros = 1;
    for (u32 i = 0; i < GROWTH_PAGES * 65536; i += 4096) zeros &= fresh[i] == 0;
    for (u32 i = 0; i < GROWTH_PAGES * 65536; i += 7) fresh[i] = (u8)(i >> 3);
    for (u32 i = GROWTH_PAGES * 65536; i-- > 0;) checksum += fresh[i] * (i | 1);
    // The very last byte of the new memory is accessible.
    fresh[GROWTH_PAGES * 65536 - 1] = 0x77;
    return checksum * 4 + grew * 2 + zeros + fresh[GROWTH_PAGES * 65536 - 1];
}
