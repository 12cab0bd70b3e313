/// Reading a module named on the command line: `.wasm` bytes as they are,
/// `.wat` through WasmKit's text parser.
import Foundation
import WAT

public enum ModuleFile {
    public static func load(_ path: String) throws(ProgramError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProgramError("cannot read \(path): \(readFailureReason(path))")
        }
        let bytes = [UInt8](data)
        guard path.hasSuffix(".wat") else { return bytes }
        do {
            return try wat2wasm(String(decoding: bytes, as: UTF8.self), features: [.referenceTypes, .simd])
        } catch {
            throw ProgramError("\(path): \(error)")
        }
    }

    private static func readFailureReason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        return isDirectory.boolValue ? "it is a directory" : "permission denied"
    }
}
