@testable import WasmCore

/// Hand-assembles module binaries for tests: LEB128 encoders and section framing.
enum BinaryBuilder {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func unsigned(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func signed(_ value: Int64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0)
            bytes.append(done ? byte : byte | 0x80)
            if done { return bytes }
        }
    }

    static func name(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return unsigned(UInt64(utf8.count)) + utf8
    }

    static func vector(_ elements: [[UInt8]]) -> [UInt8] {
        unsigned(UInt64(elements.count)) + elements.flatMap { $0 }
    }

    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + unsigned(UInt64(content.count)) + content
    }

    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    /// A module with one `() -> ()` function (plus a memory and a data count
    /// section, so memory instructions decode) whose body holds `code` and the final end.
    static func function(code: [UInt8], locals: [[UInt8]] = [], withDataCount: Bool = true) -> [UInt8] {
        let body = vector(locals) + code + [0x0B]
        return module(
            section(1, vector([[0x60, 0x00, 0x00]])),
            section(3, vector([[0x00]])),
            section(5, vector([[0x00, 0x01]])),
            withDataCount ? section(12, unsigned(0)) : [],
            section(10, vector([unsigned(UInt64(body.count)) + body])))
    }

    /// Every instruction of every function body of `module`.
    static func instructions(of module: Module) throws -> [[Instruction]] {
        try module.functionBodies.map { body in
            var decoder = InstructionDecoder(module: module, body: body)
            var instructions: [Instruction] = []
            while let instruction = try decoder.next() { instructions.append(instruction) }
            return instructions
        }
    }

    /// Decodes the module and all its function bodies; returns the error, if any.
    static func decodeError(_ bytes: [UInt8]) -> DecodeError? {
        do {
            let module = try Module(decoding: bytes)
            try module.decodeAllFunctionBodies()
            return nil
        } catch {
            return error
        }
    }
}
