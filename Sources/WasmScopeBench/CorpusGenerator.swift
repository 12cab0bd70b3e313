/// Writes a C program of many varied functions, as a stand-in for a big
/// real-world module: loops, branches, switches (br_table), integer and float
/// arithmetic, memory traffic, calls through pointers, structs.
struct CorpusGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// One translation unit of `functionCount` functions named `prefix_N`.
    mutating func translationUnit(prefix: String, functionCount: Int) -> String {
        var source = """
            typedef struct { int x; int y; double weight; char tag[12]; } point;
            typedef int (*binary_op)(int, int);
            extern int host_log(int);

            """
        for index in 0..<functionCount {
            source += function(named: "\(prefix)_\(index)", previous: index > 0 ? "\(prefix)_\(index - 1)" : nil)
        }
        return source
    }

    private mutating func function(named name: String, previous: String?) -> String {
        switch random.next() % 6 {
        case 0: return arithmetic(name)
        case 1: return loops(name)
        case 2: return switchStatement(name)
        case 3: return floatingPoint(name)
        case 4: return structs(name)
        default: return calls(name, previous: previous)
        }
    }

    private mutating func constant() -> Int { Int(random.next() % 1000) + 1 }

    private mutating func arithmetic(_ name: String) -> String {
        var body = "int \(name)(int a, int b, long long c) {\n  int t = a;\n"
        for _ in 0..<(4 + random.next() % 12) {
            let op = ["+", "-", "*", "^", "|", "&", "<<", ">>"][Int(random.next() % 8)]
            body += "  t = (t \(op) (b + \(constant()))) + (int)(c >> \(random.next() % 40));\n"
            body += "  if (t > \(constant() * 100)) t /= (a | 1); else c += t * \(constant());\n"
        }
        body += "  return t + (int)c;\n}\n"
        return body
    }

    private mutating func loops(_ name: String) -> String {
        let size = 8 + random.next() % 56
        return """
            int \(name)(int *data, int n) {
              int sum = 0;
              int table[\(size)];
              for (int i = 0; i < \(size); i++) table[i] = i * \(constant()) ^ n;
              for (int i = 0; i < n; i++) {
                int v = data[i % \(size)] + table[(i * \(constant())) % \(size)];
                while (v > \(constant())) { v -= \(constant()); sum ^= v; }
                do { sum += v & \(constant()); v >>= 1; } while (v > 0);
                if (sum < 0) break;
              }
              return sum;
            }

            """
    }

    private mutating func switchStatement(_ name: String) -> String {
        var body = "int \(name)(int op, int x) {\n  switch (op) {\n"
        let cases = 6 + Int(random.next() % 26)
        for label in 0..<cases {
            body += "    case \(label): x = x * \(constant()) + \(constant()); break;\n"
        }
        body += "    default: x = -x;\n  }\n  return x;\n}\n"
        return body
    }

    private mutating func floatingPoint(_ name: String) -> String {
        var body = "double \(name)(double x, float y, int n) {\n  double acc = x;\n  float f = y;\n"
        for _ in 0..<(3 + random.next() % 8) {
            body += "  acc = acc * \(constant()).5 + (double)f / (acc + 1.25);\n"
            body += "  f = (float)(acc - (double)n) * \(constant()).0f;\n"
            body += "  if (acc > 1e9) acc = (double)(long long)acc;\n"
        }
        body += "  return acc + f + (double)(unsigned)n;\n}\n"
        return body
    }

    private mutating func structs(_ name: String) -> String {
        """
        point \(name)(point *points, int n) {
          point best = points[0];
          for (int i = 1; i < n; i++) {
            point p = points[i];
            p.x += \(constant()); p.y ^= p.x; p.weight *= 0.5 + p.x;
            p.tag[i % 12] = (char)(p.x + \(constant()));
            if (p.weight > best.weight || (p.x & \(constant())) == 0) best = p;
          }
          best.tag[0] = (char)n;
          return best;
        }

        """
    }

    private mutating func calls(_ name: String, previous: String?) -> String {
        let call = previous.map { "  r += host_log(r) + (int)sizeof(&\($0));\n" } ?? ""
        return """
            static int \(name)_add(int a, int b) { return a + b * \(constant()); }
            static int \(name)_sub(int a, int b) { return a - b ^ \(constant()); }
            int \(name)(int a, int b, int which) {
              binary_op ops[2] = { \(name)_add, \(name)_sub };
              int r = ops[which & 1](a, b);
            \(call)  for (int i = 0; i < (b & 7); i++) r = ops[i & 1](r, i);
              return r;
            }

            """
    }
}

/// A small, fast, seedable generator, so that every run builds the same corpus.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
