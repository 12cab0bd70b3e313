/// Loading a module from the command line: `.wasm` bytes as they are, `.wat`
/// through WasmKit's text parser.
import ArgumentParser
import Foundation
import WAT
import WasmParser

enum ModuleFile {
    static func load(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let bytes = [UInt8](data)
        guard path.hasSuffix(".wat") else { return bytes }
        do {
            return try wat2wasm(String(decoding: bytes, as: UTF8.self), features: [.referenceTypes, .simd])
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
