// Globals of every type shape the debugger must print.
#include "shapes.h"

struct point origin = {1, 2};
point_t corners[2][3];
const char *greeting = "hello";
volatile int ticks;
enum color favorite = GREEN;
union number pun = {.integer = 0x3f800000};
struct flags status = {1, 5, -3, 7};
struct node third = {3, 0};
struct node second = {2, &third};
struct node first = {1, &second};
binary_operation chosen;
const volatile unsigned long long counter = 42;
_Bool enabled = 1;
double ratio = 0.5;
char letter = 'q';
signed char small = -4;
unsigned short port = 8080;
long long big = -1234567890123LL;
void *opaque;
int matrix[4][5];
struct buffer *scratch;
const int *const answer_pointer = &matrix[1][2];

int list_sum(const struct node *head) {
    int total = 0;
    for (const struct node *cursor = head; cursor; cursor = cursor->next) {
        total += cursor->value;
    }
    return total;
}

static int add(int left, int right) { return left + right; }

int apply(binary_operation operation, int left, int right) {
    chosen = operation;
    return operation(left, right);
}

int use_types(void) {
    struct point local = origin;
    union number copy = pun;
    struct flags state = status;
    int sum = apply(add, local.x, local.y) + state.level + (int)copy.bytes[0];
    corners[1][2].x = sum;
    ticks++;
    return sum + list_sum(&first) + square(favorite);
}
