// Types shared by the fixtures, and an inline function whose lines live in a header.
#ifndef SHAPES_H
#define SHAPES_H

typedef unsigned int uint32;

struct point {
    int x;
    int y;
};

enum color { RED, GREEN = 5, BLUE = -2 };

typedef struct point point_t;

struct node {
    int value;
    struct node *next;
};

union number {
    int integer;
    float real;
    unsigned char bytes[4];
};

struct flags {
    unsigned ready : 1;
    unsigned mode : 3;
    signed level : 4;
    unsigned char tag;
};

/* A flexible array member: an array type with no bound. */
struct buffer {
    unsigned length;
    char data[];
};

typedef int (*binary_operation)(int, int);

static inline __attribute__((always_inline)) int square(int value) {
    int product = value * value;
    return product;
}

int list_sum(const struct node *head);
int apply(binary_operation operation, int left, int right);

#endif
