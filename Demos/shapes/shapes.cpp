// C++ demo: classes with virtual methods in a namespace, a template, std::vector
// and std::string, overloads. Backtraces and profiles show demangled names such
// as `geometry::Circle::area() const` and `double geometry::total<...>(...)`.
//
//   shapes            prints a table of shapes and totals (exit 0)
//   shapes crash      integer division by zero inside
//                     geometry::Rectangle::tiles_across(int) const (trap)
//
// No iostream: printf keeps the binary small and the output format explicit.
// Only + - * / and sqrt (correctly rounded everywhere) go into printed
// numbers, so native and wasm builds print the same digits.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#define NOINLINE __attribute__((noinline))

namespace geometry {

constexpr double pi = 3.14159265358979323846;

class Shape {
public:
    explicit Shape(std::string label) : label_(std::move(label)) {}
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual double perimeter() const = 0;
    virtual const char *kind() const = 0;
    const std::string &label() const { return label_; }

private:
    std::string label_;
};

class Circle : public Shape {
public:
    Circle(std::string label, double radius) : Shape(std::move(label)), radius_(radius) {}
    NOINLINE double area() const override { return pi * radius_ * radius_; }
    NOINLINE double perimeter() const override { return 2 * pi * radius_; }
    const char *kind() const override { return "circle"; }

private:
    double radius_;
};

class Rectangle : public Shape {
public:
    Rectangle(std::string label, double width, double height)
        : Shape(std::move(label)), width_(width), height_(height) {}
    NOINLINE double area() const override { return width_ * height_; }
    NOINLINE double perimeter() const override { return 2 * (width_ + height_); }
    const char *kind() const override { return "rectangle"; }

    // Whole tiles of the given width that fit across; a zero width traps.
    NOINLINE int tiles_across(int tile_width) const {
        int whole_width = static_cast<int>(width_);
        int tiles = whole_width / tile_width; // TRAP: shapes
        return tiles;
    }

private:
    double width_, height_;
};

class Triangle : public Shape {
public:
    Triangle(std::string label, double a, double b, double c) : Shape(std::move(label)), a_(a), b_(b), c_(c) {}
    // Heron's formula.
    NOINLINE double area() const override {
        double s = (a_ + b_ + c_) / 2;
        return std::sqrt(s * (s - a_) * (s - b_) * (s - c_));
    }
    NOINLINE double perimeter() const override { return a_ + b_ + c_; }
    const char *kind() const override { return "triangle"; }

private:
    double a_, b_, c_;
};

// A template: sums any measure over any container of shape pointers.
template <typename Container, typename Measure>
NOINLINE double total(const Container &shapes, Measure measure) {
    double sum = 0;
    for (const auto &shape : shapes) sum += measure(*shape);
    return sum;
}

// Overloads: describe a shape, or a bare number with a unit.
NOINLINE std::string describe(const Shape &shape) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%-9s %-10s area %9.3f  perimeter %8.3f", shape.kind(),
                  shape.label().c_str(), shape.area(), shape.perimeter());
    return buffer;
}

NOINLINE std::string describe(double value, const char *unit) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.3f %s", value, unit);
    return buffer;
}

} // namespace geometry

namespace {

using ShapeList = std::vector<std::unique_ptr<geometry::Shape>>;

NOINLINE ShapeList make_shapes() {
    ShapeList shapes;
    shapes.push_back(std::make_unique<geometry::Circle>("coin", 1.25));
    shapes.push_back(std::make_unique<geometry::Rectangle>("door", 0.9, 2.1));
    shapes.push_back(std::make_unique<geometry::Triangle>("sail", 3.0, 4.0, 5.0));
    shapes.push_back(std::make_unique<geometry::Circle>("table", 0.6));
    shapes.push_back(std::make_unique<geometry::Rectangle>("floor", 12.5, 8.0));
    return shapes;
}

// The crash path: tile widths come from the argument count, so the compiler
// cannot see that `shapes crash` makes the last one zero.
NOINLINE int lay_tiles(const ShapeList &shapes, int argc) {
    int tile_widths[] = {3, 2, argc - 2};
    int laid = 0;
    for (int width : tile_widths)
        for (const auto &shape : shapes)
            if (auto *rectangle = dynamic_cast<const geometry::Rectangle *>(shape.get()))
                laid += rectangle->tiles_across(width);
    return laid;
}

} // namespace

int main(int argc, char **argv) {
    ShapeList shapes = make_shapes();
    for (const auto &shape : shapes) std::printf("%s\n", geometry::describe(*shape).c_str());

    double area = geometry::total(shapes, [](const geometry::Shape &s) { return s.area(); });
    double perimeter = geometry::total(shapes, [](const geometry::Shape &s) { return s.perimeter(); });
    std::printf("total area: %s\n", geometry::describe(area, "m2").c_str());
    std::printf("total perimeter: %s\n", geometry::describe(perimeter, "m").c_str());

    if (argc > 1 && std::strcmp(argv[1], "crash") == 0) {
        std::printf("laying tiles...\n");
        std::fflush(stdout); // the trap ends the program before exit would flush
        std::printf("tiles: %d\n", lay_tiles(shapes, argc));
    }
    return 0;
}
