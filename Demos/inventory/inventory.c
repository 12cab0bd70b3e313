// A small inventory and order system, for inspecting data in the debugger:
// nested structs, arrays of ints and of structs, a linked list, char arrays
// and char pointers, an enum, a union, typedefs, a function pointer and a
// global array. Good breakpoints: fulfil_order (struct pointers), restock
// (an array of structs) and summarize (a list walk with a callback).
//
// Usage: inventory        (no arguments; the output is always the same)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t cents_t; // money in integer cents: no floating-point rounding

typedef enum { CATEGORY_TOOL, CATEGORY_FASTENER, CATEGORY_PAINT, CATEGORY_COUNT } category_t;

static const char *const category_names[CATEGORY_COUNT] = {"tool", "fastener", "paint"};

struct dimensions {
    int16_t width_mm, height_mm, depth_mm;
};

// How a product is measured: by the piece, by weight or by volume.
typedef enum { UNIT_PIECE, UNIT_GRAMS, UNIT_MILLILITRES } unit_t;

struct product {
    char sku[8];             // fixed-size code, e.g. "HMR-001"
    const char *name;        // points at a string literal
    category_t category;
    cents_t price;           // per unit
    struct dimensions box;   // nested struct
    unit_t unit;
    union {                  // which member is valid depends on unit
        int32_t pieces_per_pack;
        int32_t grams_per_pack;
        int32_t millilitres_per_can;
    } pack;
    int32_t stock;
};

// The catalogue: a global array of structs.
static struct product catalogue[] = {
    {"HMR-001", "claw hammer", CATEGORY_TOOL, 1899, {330, 130, 30}, UNIT_PIECE, {.pieces_per_pack = 1}, 12},
    {"SCR-350", "wood screws 3.5x30", CATEGORY_FASTENER, 449, {80, 50, 20}, UNIT_PIECE, {.pieces_per_pack = 200}, 40},
    {"NAL-040", "round nails 40mm", CATEGORY_FASTENER, 325, {90, 60, 40}, UNIT_GRAMS, {.grams_per_pack = 500}, 25},
    {"PNT-WHT", "white emulsion", CATEGORY_PAINT, 2450, {190, 200, 190}, UNIT_MILLILITRES, {.millilitres_per_can = 5000}, 8},
    {"SAW-220", "panel saw", CATEGORY_TOOL, 2199, {560, 130, 20}, UNIT_PIECE, {.pieces_per_pack = 1}, 3},
};
enum { PRODUCT_COUNT = sizeof catalogue / sizeof catalogue[0] };

struct order_line {
    const char *sku;
    int32_t quantity;
};

typedef enum { ORDER_PENDING, ORDER_SHIPPED, ORDER_PARTIAL, ORDER_REJECTED } order_status;

static const char *const status_names[] = {"pending", "shipped", "partial", "rejected"};

// Orders form a singly linked list, newest first.
struct order {
    int32_t id;
    char customer[16];
    struct order_line lines[3];
    int32_t line_count;
    order_status status;
    cents_t total;
    struct order *next;
};

// A discount rule, chosen per order through a function pointer.
typedef cents_t (*discount_fn)(const struct order *order, cents_t subtotal);

static cents_t no_discount(const struct order *order, cents_t subtotal) {
    (void)order;
    return subtotal;
}

static cents_t bulk_discount(const struct order *order, cents_t subtotal) {
    int32_t items = 0;
    for (int32_t i = 0; i < order->line_count; i++) items += order->lines[i].quantity;
    return items >= 10 ? subtotal - subtotal / 10 : subtotal; // 10% off ten or more items
}

__attribute__((noinline)) static struct product *find_product(const char *sku) {
    for (int i = 0; i < PRODUCT_COUNT; i++)
        if (strcmp(catalogue[i].sku, sku) == 0) return &catalogue[i];
    return NULL;
}

__attribute__((noinline)) static struct order *new_order(struct order *head, int32_t id, const char *customer) {
    struct order *order = calloc(1, sizeof *order);
    order->id = id;
    snprintf(order->customer, sizeof order->customer, "%s", customer); // truncates long names
    order->status = ORDER_PENDING;
    order->next = head;
    return order;
}

static void add_line(struct order *order, const char *sku, int32_t quantity) {
    if (order->line_count < 3) order->lines[order->line_count++] = (struct order_line){sku, quantity};
}

// Ships what is in stock. An unknown SKU rejects the whole order; a short
// line ships what there is and marks the order partial.
__attribute__((noinline)) static void fulfil_order(struct order *order, discount_fn discount) {
    cents_t subtotal = 0;
    int shortfall = 0;
    for (int32_t i = 0; i < order->line_count; i++) {
        struct order_line *line = &order->lines[i];
        struct product *product = find_product(line->sku);
        if (!product) {
            order->status = ORDER_REJECTED;
            order->total = 0;
            return;
        }
        int32_t shipped = line->quantity <= product->stock ? line->quantity : product->stock;
        if (shipped < line->quantity) shortfall = 1;
        product->stock -= shipped;
        subtotal += shipped * product->price;
    }
    order->total = discount(order, subtotal);
    order->status = shortfall ? ORDER_PARTIAL : ORDER_SHIPPED;
}

// Brings every product below the threshold back up to target; returns the
// cost at a 60% wholesale price. counts[] records units bought per product.
__attribute__((noinline)) static cents_t restock(struct product *products, int count, int32_t threshold,
                                                 int32_t target, int32_t counts[]) {
    cents_t cost = 0;
    for (int i = 0; i < count; i++) {
        counts[i] = 0;
        if (products[i].stock >= threshold) continue;
        counts[i] = target - products[i].stock;
        products[i].stock = target;
        cost += counts[i] * (products[i].price * 6 / 10);
    }
    return cost;
}

static void format_money(char *out, size_t size, cents_t amount) {
    snprintf(out, size, "%d.%02d", (int)(amount / 100), (int)(amount % 100));
}

static void describe_pack(const struct product *product, char *out, size_t size) {
    switch (product->unit) {
    case UNIT_PIECE: snprintf(out, size, "%d pc", (int)product->pack.pieces_per_pack); break;
    case UNIT_GRAMS: snprintf(out, size, "%d g", (int)product->pack.grams_per_pack); break;
    case UNIT_MILLILITRES: snprintf(out, size, "%d ml", (int)product->pack.millilitres_per_can); break;
    }
}

// Walks the order list, calling visit on each; returns the number visited.
__attribute__((noinline)) static int32_t summarize(const struct order *orders,
                                                   void (*visit)(const struct order *, cents_t *),
                                                   cents_t *revenue) {
    int32_t visited = 0;
    for (const struct order *order = orders; order; order = order->next) {
        visit(order, revenue);
        visited++;
    }
    return visited;
}

static void print_order(const struct order *order, cents_t *revenue) {
    char money[16];
    format_money(money, sizeof money, order->total);
    printf("  order %d  %-15s %-8s %9s\n", (int)order->id, order->customer, status_names[order->status], money);
    *revenue += order->total;
}

int main(void) {
    // Build the orders; the list ends up newest first.
    struct order *orders = NULL;
    orders = new_order(orders, 1001, "Ada Byron");
    add_line(orders, "HMR-001", 2);
    add_line(orders, "SCR-350", 4);
    orders = new_order(orders, 1002, "Grace Hopper Builders Ltd"); // name gets truncated
    add_line(orders, "SCR-350", 10);
    add_line(orders, "NAL-040", 5);
    orders = new_order(orders, 1003, "Alan T.");
    add_line(orders, "SAW-220", 5); // only 3 in stock: partial
    orders = new_order(orders, 1004, "Edsger D.");
    add_line(orders, "DRL-900", 1); // not in the catalogue: rejected
    orders = new_order(orders, 1005, "Barbara L.");
    add_line(orders, "PNT-WHT", 3);
    add_line(orders, "HMR-001", 1);

    // Oldest first, so stock runs out in order of arrival.
    struct order *by_id[8];
    int n = 0;
    for (struct order *order = orders; order; order = order->next) by_id[n++] = order;
    for (int i = n - 1; i >= 0; i--) fulfil_order(by_id[i], by_id[i]->id % 2 == 0 ? bulk_discount : no_discount);

    cents_t revenue = 0;
    printf("orders (newest first):\n");
    int32_t visited = summarize(orders, print_order, &revenue);
    char money[16];
    format_money(money, sizeof money, revenue);
    printf("%d orders, revenue %s\n", (int)visited, money);

    int32_t bought[PRODUCT_COUNT];
    cents_t cost = restock(catalogue, PRODUCT_COUNT, 10, 20, bought);
    format_money(money, sizeof money, cost);
    printf("restocked for %s:\n", money);

    int32_t per_category[CATEGORY_COUNT] = {0};
    for (int i = 0; i < PRODUCT_COUNT; i++) {
        const struct product *p = &catalogue[i];
        char pack[16], price[16];
        describe_pack(p, pack, sizeof pack);
        format_money(price, sizeof price, p->price);
        printf("  %-7s %-20s %-8s %8s  %-7s %3dx%3dx%3d mm  stock %2d (+%d)\n", p->sku, p->name,
               category_names[p->category], price, pack, p->box.width_mm, p->box.height_mm, p->box.depth_mm,
               (int)p->stock, (int)bought[i]);
        per_category[p->category] += p->stock;
    }
    for (int c = 0; c < CATEGORY_COUNT; c++) printf("%s units: %d\n", category_names[c], (int)per_category[c]);

    while (orders) {
        struct order *next = orders->next;
        free(orders);
        orders = next;
    }
    return 0;
}
