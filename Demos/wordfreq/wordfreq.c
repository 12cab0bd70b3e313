// Word frequencies over text files, read through WASI file access.
//
//   wordfreq [-n N] [-o REPORT] [FILE...]
//
// Reads each FILE (standard input when there is none), counts words in a
// hash table, prints the N most frequent (default 10; ties alphabetical) and,
// with -o, writes the full sorted table to REPORT. Exit codes: 0 on success,
// 1 on bad usage, 2 when a file cannot be read or the report written.
//
// Under wasmscope the texts live in a preopened directory:
//   wasmscope run --dir Demos/wordfreq/texts::texts Demos/build/wordfreq.wasm -n 5 texts/sample.txt
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_WORD = 64, INITIAL_BUCKETS = 64 };

struct entry {
    char *word;     // NULL marks an empty bucket
    uint32_t count;
    uint32_t hash;  // kept so growing the table needs no rehash
};

struct table {
    struct entry *buckets;
    size_t capacity; // a power of two
    size_t used;     // distinct words
    uint64_t total;  // all words
};

// FNV-1a: simple and well spread for short keys.
static uint32_t hash_word(const char *word) {
    uint32_t hash = 2166136261u;
    for (; *word; word++) hash = (hash ^ (unsigned char)*word) * 16777619u;
    return hash;
}

// Open addressing with linear probing; the table doubles at 70% load.
__attribute__((noinline)) static void table_grow(struct table *table) {
    size_t capacity = table->capacity ? table->capacity * 2 : INITIAL_BUCKETS;
    struct entry *buckets = calloc(capacity, sizeof *buckets);
    for (size_t i = 0; i < table->capacity; i++) {
        struct entry old = table->buckets[i];
        if (!old.word) continue;
        size_t slot = old.hash & (capacity - 1);
        while (buckets[slot].word) slot = (slot + 1) & (capacity - 1);
        buckets[slot] = old;
    }
    free(table->buckets);
    table->buckets = buckets;
    table->capacity = capacity;
}

__attribute__((noinline)) static void table_add(struct table *table, const char *word) {
    if ((table->used + 1) * 10 > table->capacity * 7) table_grow(table);
    uint32_t hash = hash_word(word);
    size_t slot = hash & (table->capacity - 1);
    while (table->buckets[slot].word) {
        struct entry *entry = &table->buckets[slot];
        if (entry->hash == hash && strcmp(entry->word, word) == 0) {
            entry->count++;
            table->total++;
            return;
        }
        slot = (slot + 1) & (table->capacity - 1);
    }
    table->buckets[slot] = (struct entry){strdup(word), 1, hash};
    table->used++;
    table->total++;
}

// A word is a run of ASCII letters, with apostrophes allowed inside
// ("don't"); it is lower-cased. ASCII only, so no locale is involved.
static int is_letter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

__attribute__((noinline)) static uint64_t count_words(FILE *in, struct table *table) {
    char word[MAX_WORD];
    size_t length = 0;
    uint64_t before = table->total;
    int c;
    do {
        c = getc(in);
        if (is_letter(c) || (c == '\'' && length > 0)) {
            if (length < MAX_WORD - 1) word[length++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        while (length > 0 && word[length - 1] == '\'') length--; // trailing quote
        if (length == 0) continue;
        word[length] = '\0';
        table_add(table, word);
        length = 0;
    } while (c != EOF);
    return table->total - before;
}

// Most frequent first, then alphabetical: a total order, so every qsort
// (glibc's natively, wasi-libc's in wasm) gives the same result.
static int by_count_then_word(const void *a, const void *b) {
    const struct entry *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

__attribute__((noinline)) static struct entry *sorted_entries(const struct table *table) {
    struct entry *entries = malloc((table->used ? table->used : 1) * sizeof *entries);
    size_t n = 0;
    for (size_t i = 0; i < table->capacity; i++)
        if (table->buckets[i].word) entries[n++] = table->buckets[i];
    qsort(entries, n, sizeof *entries, by_count_then_word);
    return entries;
}

__attribute__((noinline)) static int write_report(const char *path, const struct table *table,
                                                  const struct entry *entries) {
    FILE *out = fopen(path, "w");
    if (!out) return -1;
    fprintf(out, "# wordfreq report: %llu words, %zu distinct\n", (unsigned long long)table->total, table->used);
    for (size_t i = 0; i < table->used; i++)
        fprintf(out, "%zu\t%u\t%s\n", i + 1, (unsigned)entries[i].count, entries[i].word);
    return fclose(out) == 0 ? 0 : -1;
}

static int usage(void) {
    fprintf(stderr, "usage: wordfreq [-n N] [-o REPORT] [FILE...]\n");
    return 1;
}

int main(int argc, char **argv) {
    int top = 10;
    const char *report = NULL;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
        if (strcmp(argv[first], "-n") == 0 && first + 1 < argc) {
            char *end;
            long n = strtol(argv[++first], &end, 10);
            if (*end != '\0' || n < 0 || n > 100000) return usage();
            top = (int)n;
        } else if (strcmp(argv[first], "-o") == 0 && first + 1 < argc) {
            report = argv[++first];
        } else {
            return usage();
        }
    }

    struct table table = {0};
    if (first == argc) {
        uint64_t words = count_words(stdin, &table);
        printf("<stdin>: %llu words\n", (unsigned long long)words);
    }
    for (int i = first; i < argc; i++) {
        FILE *in = fopen(argv[i], "r");
        if (!in) {
            // A fixed message: strerror's wording differs between libcs.
            fprintf(stderr, "wordfreq: cannot open %s\n", argv[i]);
            return 2;
        }
        uint64_t words = count_words(in, &table);
        fclose(in);
        printf("%s: %llu words\n", argv[i], (unsigned long long)words);
    }

    struct entry *entries = sorted_entries(&table);
    printf("total: %llu words, %zu distinct\n", (unsigned long long)table.total, table.used);
    size_t shown = (size_t)top < table.used ? (size_t)top : table.used;
    printf("top %zu:\n", shown);
    for (size_t i = 0; i < shown; i++) printf("%7u  %s\n", (unsigned)entries[i].count, entries[i].word);

    if (report) {
        if (write_report(report, &table, entries) != 0) {
            fprintf(stderr, "wordfreq: cannot write %s\n", report);
            return 2;
        }
        printf("report written to %s\n", report);
    }

    for (size_t i = 0; i < table.capacity; i++) free(table.buckets[i].word);
    free(table.buckets);
    free(entries);
    return 0;
}
