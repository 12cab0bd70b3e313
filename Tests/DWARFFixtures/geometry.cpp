// C++ for the reader: namespaces, a method defined outside its class,
// inheritance, references and a class type.
namespace geometry {

struct Shape {
    int sides;
    int perimeter(int length) const;
};

struct Square : Shape {
    int length;
};

class Counter {
  public:
    int count = 0;
    void bump() { count++; }
};

int Shape::perimeter(int length) const { return sides * length; }

} // namespace geometry

int scale(int &value, const geometry::Square &square) {
    value *= square.length;
    return value + square.perimeter(2);
}

int main() {
    geometry::Square square;
    square.sides = 4;
    square.length = 3;
    geometry::Counter counter;
    counter.bump();
    int value = 2;
    return scale(value, square) + counter.count;
}
