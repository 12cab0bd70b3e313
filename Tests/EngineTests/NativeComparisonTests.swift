/// C programs built with clang-16 for wasm32 (-O0 and -O2, no libc, every
/// function exported) run through the embedding API and must compute the
/// same checksums as the same source built for the host.
import Testing
import WasmCore
import WasmRuntime

@Suite(.enabled(if: Toolchain.isInstalled, "clang-16 or wasm-ld is not installed (Debian packages clang-16, lld-16)"))
struct NativeComparisonTests {
    @Test(
        "every check function of a C program returns what the native build returns",
        arguments: TestProgram.comparedWithNative, OptimizationLevel.allCases)
    func checksumsMatchTheNativeBuild(program: TestProgram, level: OptimizationLevel) throws {
        let built = try BuiltProgram(program, level)
        let checks = CheckFunction.all(in: built.module)
        try #require(!checks.isEmpty, "\(built.label) exports no check_ functions")
        let native = CheckFunction.parse(
            try Toolchain.runNative(program, driver: CheckFunction.nativeDriver(for: checks)))
        let instance = try built.instantiate()

        for check in checks {
            let function = try #require(instance.function(check.name))
            do {
                let results = try withTimeLimit(60, on: instance.store) { () throws(Trap) in try function.call([]) }
                #expect(
                    results.map(CheckFunction.text) == [native[check.name] ?? "(not printed)"],
                    "\(built.label): \(check.name) (\(check.result)) differs from the native build")
            } catch {
                Issue.record(
                    "\(built.label): \(check.name) trapped, the native build returned \(native[check.name] ?? "?"): \(error)"
                )
            }
        }
    }

    @Test("arguments of every numeric type reach a guest function", arguments: OptimizationLevel.allCases)
    func argumentsOfEveryTypeArrive(level: OptimizationLevel) throws {
        let instance = try BuiltProgram(TestProgram(name: "recursion"), level).instantiate()
        #expect(try instance.function("fibonacci")?.call([.i32(25)]) == [.i32(75025)])
        #expect(try instance.function("ackermann")?.call([.i32(2), .i32(3)]) == [.i32(9)])
        // The same call check_many_mixed_arguments makes inside the guest.
        let arguments: [Value] = [
            .i32(50), .i64(1), .f64((1000.0).bitPattern), .i32(7), .f32(Float(1.5).bitPattern), .i64(10),
            .f64((0.125).bitPattern), .i32(1), .f32(Float(2.0).bitPattern),
        ]
        let direct = try #require(instance.function("weighted_sum")).call(arguments)
        let fromGuest = try #require(instance.function("check_many_mixed_arguments")).call([])
        #expect(direct.count == 1 && fromGuest == [.i64(direct[0].f64.map(\.bitPattern) ?? 0)])
    }

    @Test("a function returning a small struct returns several wasm values", arguments: OptimizationLevel.allCases)
    func multipleResultsComeBack(level: OptimizationLevel) throws {
        let instance = try BuiltProgram(TestProgram(name: "multivalue"), level).instantiate()
        #expect(try instance.function("divide")?.call([.i32(17), .i32(5)]) == [.i32(3), .i32(2)])
        #expect(
            try instance.function("split")?.call([.i64(UInt64(bitPattern: -3))])
                == [.i64(0xFFFF_FFFD), .f64((-1.5).bitPattern), .i32(UInt32(bitPattern: -1))])
    }
}
