// Sorting: quicksort, merge sort, heap sort and insertion sort over arrays
// in linear memory, plus a generic sort that compares through a function
// pointer (call_indirect) on an array of structs.
#include "support.h"

static void swap(u32 *a, u32 *b) {
    u32 t = *a;
    *a = *b;
    *b = t;
}

void insertion_sort(u32 *values, i32 count) {
    for (i32 i = 1; i < count; i++) {
        u32 v = values[i];
        i32 j = i - 1;
        while (j >= 0 && values[j] > v) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = v;
    }
}

void quicksort(u32 *values, i32 low, i32 high) {
    while (high - low > 16) {
        // Median of three, so sorted input does not recurse n deep.
        i32 middle = low + (high - low) / 2;
        if (values[middle] < values[low]) swap(&values[middle], &values[low]);
        if (values[high] < values[low]) swap(&values[high], &values[low]);
        if (values[high] < values[middle]) swap(&values[high], &values[middle]);
        u32 pivot = values[middle];
        i32 i = low, j = high;
        while (i <= j) {
            while (values[i] < pivot) i++;
            while (values[j] > pivot) j--;
            if (i <= j) swap(&values[i++], &values[j--]);
        }
        // Recurse into the smaller half, loop on the larger.
        if (j - low < high - i) {
            quicksort(values, low, j);
            low = i;
        } else {
            quicksort(values, i, high);
            high = j;
        }
    }
    insertion_sort(values + low, high - low + 1);
}

void merge_sort(u32 *values, u32 *scratch, u32 count) {
    for (u32 width = 1; width < count; width *= 2) {
        for (u32 start = 0; start < count; start += 2 * width) {
            u32 middle = start + width < count ? start + width : count;
            u32 end = start + 2 * width < count ? start + 2 * width : count;
            u32 i = start, j = middle, k = start;
            while (i < middle && j < end) scratch[k++] = values[i] <= values[j] ? values[i++] : values[j++];
            while (i < middle) scratch[k++] = values[i++];
            while (j < end) scratch[k++] = values[j++];
        }
        u32 *t = values;
        values = scratch;
        scratch = t;
    }
    // An odd number of passes leaves the result in the scratch buffer.
    u32 passes = 0;
    for (u32 width = 1; width < count; width *= 2) passes++;
    if (passes & 1) memcpy(scratch, values, count * sizeof(u32));
}

static void sift_down(u32 *values, u32 root, u32 count) {
    for (;;) {
        u32 child = 2 * root + 1;
        if (child >= count) return;
        if (child + 1 < count && values[child + 1] > values[child]) child++;
        if (values[root] >= values[child]) return;
        swap(&values[root], &values[child]);
        root = child;
    }
}

void heap_sort(u32 *values, u32 count) {
    for (u32 i = count / 2; i-- > 0;) sift_down(values, i, count);
    for (u32 end = count; end-- > 1;) {
        swap(&values[0], &values[end]);
        sift_down(values, 0, end);
    }
}

typedef struct {
    u32 key;
    i16 rank;
    u8 flags;
    double weight;
} record;

typedef i32 (*comparison)(const void *, const void *);

static i32 by_key(const void *a, const void *b) {
    u32 x = ((const record *)a)->key, y = ((const record *)b)->key;
    return x < y ? -1 : x > y;
}

static i32 by_rank_then_weight(const void *a, const void *b) {
    const record *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->weight < y->weight ? -1 : x->weight > y->weight;
}

// A stable insertion-based merge sort over bytes, qsort's shape.
void generic_sort(void *base, u32 count, u32 element_size, comparison compare) {
    u8 *bytes = base;
    u8 *temporary = arena_alloc(element_size);
    for (u32 i = 1; i < count; i++) {
        memcpy(temporary, bytes + i * element_size, element_size);
        u32 j = i;
        while (j > 0 && compare(bytes + (j - 1) * element_size, temporary) > 0) {
            memcpy(bytes + j * element_size, bytes + (j - 1) * element_size, element_size);
            j--;
        }
        memcpy(bytes + j * element_size, temporary, element_size);
    }
}

static u32 *random_array(u32 count, u32 seed, u32 modulus) {
    u32 *values = arena_alloc(count * sizeof(u32));
    random_seed(seed);
    for (u32 i = 0; i < count; i++) values[i] = modulus ? random_next() % modulus : random_next();
    return values;
}

// 1 if sorted, else 0, folded with the contents so that a wrong permutation shows.
static u32 sorted_checksum(const u32 *values, u32 count) {
    u32 checksum = CHECKSUM_START;
    u32 sorted = 1;
    for (u32 i = 0; i < count; i++) {
        if (i > 0 && values[i - 1] > values[i]) sorted = 0;
        checksum = mix32(checksum, values[i]);
    }
    return checksum * 2 + sorted;
}

// The benchmark's entry: quicksort, merge sort and heap sort of `count` values.
u32 sort_workload(u32 count) {
    arena_reset();
    u32 *values = random_array(count, 1234, 0);
    u32 *copy = arena_alloc(count * sizeof(u32));
    u32 *scratch = arena_alloc(count * sizeof(u32));
    memcpy(copy, values, count * sizeof(u32));
    quicksort(copy, 0, (i32)count - 1);
    u32 checksum = sorted_checksum(copy, count);
    memcpy(copy, values, count * sizeof(u32));
    merge_sort(copy, scratch, count);
    checksum ^= sorted_checksum(copy, count) * 3;
    memcpy(copy, values, count * sizeof(u32));
    heap_sort(copy, count);
    return checksum ^ sorted_checksum(copy, count) * 7;
}

u32 check_quicksort(void) {
    arena_reset();
    u32 *values = random_array(5000, 1, 0);
    quicksort(values, 0, 4999);
    return sorted_checksum(values, 5000);
}

u32 check_quicksort_with_many_duplicates(void) {
    arena_reset();
    u32 *values = random_array(3000, 2, 10);
    quicksort(values, 0, 2999);
    return sorted_checksum(values, 3000);
}

u32 check_merge_sort(void) {
    arena_reset();
    u32 *values = random_array(4099, 3, 100000);
    u32 *scratch = arena_alloc(4099 * sizeof(u32));
    merge_sort(values, scratch, 4099);
    return sorted_checksum(values, 4099);
}

u32 check_heap_sort(void) {
    arena_reset();
    u32 *values = random_array(3333, 4, 0);
    heap_sort(values, 3333);
    return sorted_checksum(values, 3333);
}

u64 check_sort_records_through_function_pointers(void) {
    arena_reset();
    random_seed(5);
    u32 count = 400;
    record *records = arena_alloc(count * sizeof(record));
    for (u32 i = 0; i < count; i++) {
        records[i].key = random_next() % 1000;
        records[i].rank = (i16)(random_next() % 21) - 10;
        records[i].flags = (u8)i;
        records[i].weight = (double)(random_next() % 10000) / 7.0;
    }
    comparison orders[2] = {by_key, by_rank_then_weight};
    u64 checksum = CHECKSUM64_START;
    for (u32 pass = 0; pass < 2; pass++) {
        generic_sort(records, count, sizeof(record), orders[pass]);
        for (u32 i = 0; i < count; i++) {
            checksum = mix64(checksum, records[i].key);
            checksum = mix64(checksum, (u64)(i64)records[i].rank);
            checksum = mix64(checksum, records[i].flags);
            checksum = mix64(checksum, double_bits(records[i].weight));
        }
    }
    return checksum;
}

u32 check_sort_workload(void) { return sort_workload(2000); }
