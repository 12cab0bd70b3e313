import Foundation
import WAT
@testable import WasmCore

/// Modules the tests decode: one in text that uses every section and
/// instruction family, and C compiled by clang when clang-16 is installed.
enum TestModules {
    static let featureRichText = """
        (module $features
          (type $binary (func (param i32 i32) (result i32)))
          (type $pair (func (result i32 i64)))
          (import "env" "log" (func $log (param i32)))
          (import "env" "table" (table 2 funcref))
          (import "env" "memory" (memory 1 4))
          (import "env" "counter" (global $counter (mut i32)))
          (table $refs 4 10 externref)
          (table $funcs 8 funcref)
          (memory $heap 2)
          (global $limit i32 (i32.const 4096))
          (global $scale (mut f64) (f64.const 1.5))
          (global $nothing (mut funcref) (ref.null func))
          (global $first funcref (ref.func $add))
          (export "add" (func $add))
          (export "heap" (memory $heap))
          (export "limit" (global $limit))
          (export "funcs" (table $funcs))
          (start $init)
          (elem (table $funcs) (i32.const 0) func $add $control)
          (elem $passive func $add $numbers)
          (elem $passive_expressions funcref (ref.func $add) (ref.null func))
          (elem declare func $init)
          (elem (table $funcs) (i32.const 4) funcref (ref.func $numbers) (ref.null func))
          (data (memory $heap) (i32.const 16) "hello, wasm")
          (data $passive_data "passive bytes")
          (func $add (type $binary) (local.get 0) (local.get 1) (i32.add))
          (func $init (call $log (global.get $counter)))
          (func $control (param $x i32) (result i32) (local $i i32) (local $f f32) (local $d f64) (local $l i64)
            (block $done (result i32)
              (loop $again
                (br_if $done (i32.const 7) (i32.eqz (local.get $x)))
                (if (i32.gt_s (local.get $x) (i32.const 100))
                  (then (local.set $x (i32.sub (local.get $x) (i32.const 100))))
                  (else (local.set $x (i32.sub (local.get $x) (i32.const 1)))))
                (block $a (block $b (block $c
                  (br_table $a $b $c $again (local.get $x)))))
                (local.set $i (local.tee $i (i32.add (local.get $i) (i32.const 1))))
                (br $again))
              (i32.const 0))
            (drop)
            (select (i32.const 1) (i32.const 2) (local.get $x))
            (select (result f64) (f64.const 1) (f64.const 2) (local.get $x))
            (drop)
            (call_indirect (type $binary) (i32.const 3) (i32.const 4) (i32.const 0))
            (drop)
            (if (result i32) (local.get $x) (then (i32.const 1)) (else (unreachable)))
            (nop)
            (return))
          (func $numbers (result i32)
            (drop (i64.const -9223372036854775808))
            (drop (f32.const nan:0x200000))
            (drop (f64.const -0x1.fffffffffffffp+1023))
            (drop (i32.trunc_sat_f32_s (f32.const 1.5)))
            (drop (i64.trunc_sat_f64_u (f64.const 2.5)))
            (drop (i32.extend8_s (i32.const 255)))
            (drop (f64.promote_f32 (f32.demote_f64 (global.get $scale))))
            (drop (i64.eqz (i64.const 0)))
            (i32.const -2147483648))
          (func $memory (param $p i32)
            (i32.store offset=8 align=2 (local.get $p) (i32.load8_u offset=65535 (local.get $p)))
            (i64.store32 (local.get $p) (i64.load (local.get $p)))
            (f32.store (local.get $p) (f32.load offset=4 (local.get $p)))
            (drop (memory.grow (memory.size)))
            (memory.fill (i32.const 0) (i32.const 0) (i32.const 16))
            (memory.copy (i32.const 0) (i32.const 16) (i32.const 16))
            (memory.init $passive_data (i32.const 0) (i32.const 0) (i32.const 4))
            (data.drop $passive_data))
          (func $tables
            (table.set $refs (i32.const 0) (table.get $refs (i32.const 1)))
            (drop (table.grow $refs (ref.null extern) (i32.const 1)))
            (drop (table.size $funcs))
            (table.fill $refs (i32.const 0) (ref.null extern) (i32.const 1))
            (table.init $funcs $passive (i32.const 0) (i32.const 0) (i32.const 1))
            (elem.drop $passive)
            (table.copy $funcs $funcs (i32.const 0) (i32.const 1) (i32.const 1))
            (drop (ref.is_null (ref.func $add))))
          (func $multi (type $pair) (i32.const 1) (i64.const 2))
          (func $vectors (param $p i32) (result v128)
            (v128.store offset=16 (local.get $p) (v128.load (local.get $p)))
            (drop (v128.load8_lane 3 (local.get $p) (v128.const i32x4 1 2 3 4)))
            (v128.store64_lane 1 (local.get $p) (v128.const i64x2 5 6))
            (drop (i32x4.extract_lane 2 (i32x4.splat (i32.const 9))))
            (drop (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
              (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (v128.load32_zero (local.get $p))))
            (f32x4.add (f32x4.replace_lane 0 (v128.const f32x4 1 2 3 4) (f32.const 5)) (v128.const f32x4 0 0 0 0)))
        )
        """

    static func featureRich() throws -> [UInt8] {
        try wat2wasm(featureRichText, features: [.referenceTypes, .simd], options: EncodeOptions(nameSection: true))
    }

    static let clangPath = "/usr/bin/clang-16"
    static var clangIsInstalled: Bool { FileManager.default.isExecutableFile(atPath: clangPath) }

    static let cSource = """
        typedef struct { int x, y; double w; } point;
        static int table[64];
        int collatz(int n) { int steps = 0; while (n != 1) { n = (n & 1) ? 3 * n + 1 : n / 2; steps++; } return steps; }
        double average(const double *values, int count) {
          double sum = 0; for (int i = 0; i < count; i++) sum += values[i]; return count ? sum / count : 0;
        }
        int classify(int c) {
          switch (c) { case 0: return 10; case 1: return 20; case 2: return 35; case 3: return 47;
                       case 4: return 51; case 5: return 68; case 6: return 72; default: return -1; }
        }
        point move(point p, int dx) { p.x += dx; p.y -= dx; p.w *= 1.5; return p; }
        long long mix(long long a, unsigned b) { return (a << 7) ^ (a >> 3) ^ (long long)b * 0x9E3779B97F4A7C15LL; }
        int fill(int seed) { for (int i = 0; i < 64; i++) table[i] = seed = seed * 1103515245 + 12345; return table[seed & 63]; }
        int apply(int (*f)(int), int v) { return f(v) + f(v + 1); }
        int twice(int v) { return apply(classify, v) + apply(collatz, v + 1); }
        """

    /// Compiles `cSource` with clang-16 into a temporary directory.
    static func clangModule(flags: [String] = ["-O1"]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wasmcore-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("program.c")
        let output = directory.appendingPathComponent("program.wasm")
        try cSource.write(to: source, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clangPath)
        process.arguments = [
            "--target=wasm32-wasi", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-o", output.path, source.path,
        ] + flags
        // Keep binaryen's wasm-opt off PATH: clang would run it at -O1 and above.
        process.environment = ["PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return try [UInt8](Data(contentsOf: output))
    }
}
