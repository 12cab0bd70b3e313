/// The CPU-bound C programs the JIT benchmark times: the engine tests'
/// programs, called at bigger sizes than the tests use, built at -O2 for
/// wasm and natively from the same source.
import Foundation
import WasmCore

struct JITWorkload {
    /// A program under Tests/EngineTests/Programs, without `.c`.
    let program: String
    /// An exported function whose parameters are all i32.
    let function: String
    let arguments: [UInt32]
    let result: ValueType

    static let all: [JITWorkload] = [
        JITWorkload(program: "hashing", function: "hash_workload", arguments: [1_000_000, 40], result: .i32),
        JITWorkload(program: "sorting", function: "sort_workload", arguments: [1_000_000], result: .i32),
        JITWorkload(program: "floating", function: "mandelbrot", arguments: [1200, 800, 300], result: .i32),
        JITWorkload(program: "floating", function: "nbody", arguments: [2_000_000], result: .f64),
        JITWorkload(program: "dispatch", function: "interpreter_workload", arguments: [10_000_000], result: .i32),
        JITWorkload(program: "recursion", function: "fibonacci", arguments: [38], result: .i32),
    ]

    /// The arena the programs allocate from, enlarged for the bigger inputs.
    static let arenaDefine = "-DARENA_SIZE=\(32 << 20)"

    var call: String { "\(function)(\(arguments.map(String.init).joined(separator: ", ")))" }

    private var cResultType: String {
        switch result {
        case .i64: "unsigned long long"
        case .f32: "float"
        case .f64: "double"
        default: "unsigned int"
        }
    }

    /// A `main` that runs the workload `runs` times and prints the fastest
    /// run's seconds and the result's bits. The workload lives in another
    /// translation unit, so the call cannot be folded away.
    func nativeDriver(runs: Int) -> String {
        let parameters = arguments.map { _ in "unsigned int" }.joined(separator: ", ")
        let bits: String
        switch result {
        case .f64: bits = "unsigned long long bits; memcpy(&bits, &value, 8);"
        case .f32: bits = "unsigned int narrow; memcpy(&narrow, &value, 4); unsigned long long bits = narrow;"
        default: bits = "unsigned long long bits = value;"
        }
        return """
            #include <stdio.h>
            #include <string.h>
            #include <time.h>

            \(cResultType) \(function)(\(parameters));

            static double now(void) {
                struct timespec time;
                clock_gettime(CLOCK_MONOTONIC, &time);
                return time.tv_sec + time.tv_nsec / 1e9;
            }

            int main(void) {
                double best = 1e30;
                \(cResultType) value = 0;
                for (int run = 0; run < \(runs); run++) {
                    double start = now();
                    value = \(call);
                    double elapsed = now() - start;
                    if (elapsed < best) best = elapsed;
                }
                \(bits)
                printf("%.9f %llu\\n", best, bits);
                return 0;
            }

            """
    }
}
