// wasm-flags: -mbulk-memory
// Bulk memory: with -mbulk-memory clang lowers memcpy, memmove and memset of
// unknown sizes to memory.copy and memory.fill. Overlapping moves both ways,
// zero lengths, fills of every byte value, copies right up to the end of a
// grown memory.
#include "support.h"

static u32 checksum_bytes(u32 checksum, const u8 *bytes, u32 count) {
    for (u32 i = 0; i < count; i++) checksum = mix32(checksum, bytes[i] + i);
    return checksum;
}

// Sizes that -O2 cannot know, so the calls stay calls (or bulk instructions).
static volatile u32 sizes[] = {0, 1, 3, 7, 8, 15, 16, 31, 64, 100, 255, 256, 1000, 4095, 4096};
#define SIZE_COUNT (sizeof sizes / sizeof sizes[0])

u32 check_copy_and_fill(void) {
    arena_reset();
    u8 *source = arena_alloc(8192);
    u8 *target = arena_alloc(8192);
    for (u32 i = 0; i < 8192; i++) source[i] = (u8)(i * 13 + 5);
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; i < SIZE_COUNT; i++) {
        u32 count = sizes[i];
        __builtin_memset(target, (int)(i * 17), 8192);
        __builtin_memcpy(target + i, source + 2 * i, count);
        checksum = checksum_bytes(checksum, target, count + 2 * i + 1);
    }
    return checksum;
}

u32 check_overlapping_moves(void) {
    arena_reset();
    u8 *buffer = arena_alloc(10000);
    u32 checksum = CHECKSUM_START;
    for (u32 i = 0; i < SIZE_COUNT; i++) {
        u32 count = sizes[i];
        for (u32 j = 0; j < 10000; j++) buffer[j] = (u8)(j * 7);
        // Forwards and backwards overlap by a few bytes.
        __builtin_memmove(buffer + 5, buffer, count);
        __builtin_memmove(buffer + 5000, buffer + 5003, count);
        checksum = checksum_bytes(checksum, buffer, count + 10);
        checksum = checksum_bytes(checksum, buffer + 4990, count + 20);
    }
    return checksum;
}

u32 check_fill_every_byte_value(void) {
    arena_reset();
    u8 *buffer = arena_alloc(512);
    u32 checksum = CHECKSUM_START;
    for (u32 value = 0; value < 256; value++) {
        __builtin_memset(buffer, (int)value, sizes[value % SIZE_COUNT] % 512);
        checksum = checksum_bytes(checksum, buffer, 512);
    }
    return checksum;
}

// Struct assignment of a big struct: a fixed-size memory.copy.
typedef struct {
    u32 words[300];
} block;

u32 check_struct_copies(void) {
    arena_reset();
    block *blocks = arena_alloc(4 * sizeof(block));
    for (u32 i = 0; i < 300; i++) blocks[0].words[i] = i * i;
    for (u32 i = 1; i < 4; i++) {
        blocks[i] = blocks[i - 1];
        blocks[i].words[i * 7] ^= 0xffffffffu;
    }
    return checksum_bytes(CHECKSUM_START, (const u8 *)blocks, 4 * sizeof(block));
}

// memory.copy and memory.fill at the very end of memory: a grown page's last bytes.
#ifdef __wasm__
static u8 *last_page(void) {
    u32 old = (u32)__builtin_wasm_memory_grow(0, 1);
    return (u8 *)(old * 65536u);
}
#else
static u8 *last_page(void) {
    static u8 page[65536];
    memset(page, 0, sizeof page);
    return page;
}
#endif

u32 check_bulk_at_end_of_memory(void) {
    u8 *page = last_page();
    u32 count = sizes[12];  // 1000
    __builtin_memset(page + 65536 - count, 0xab, count);
    __builtin_memcpy(page, page + 65536 - count, count);
    __builtin_memmove(page + 65536 - count, page + 10, count - 10);
    return checksum_bytes(checksum_bytes(CHECKSUM_START, page, 1024), page + 65536 - 1024, 1024);
}
