/// Decoding plus validation of one module's bytes, with the outcome sorted
/// the way spec scripts sort it: malformed (binary syntax) or invalid (types).
import WasmCore
import WasmValidator

enum ModuleCheck {
    enum Outcome {
        case valid(ValidatedModule)
        /// The message alone, for comparison with the script's, and the full description with the offset.
        case malformed(message: String, description: String)
        case invalid(message: String, description: String)

        var summary: String {
            switch self {
            case .valid: "valid module"
            case .malformed(_, let description): "malformed: \(description)"
            case .invalid(_, let description): "invalid: \(description)"
            }
        }
    }

    static func check(_ bytes: [UInt8]) -> Outcome {
        let module: Module
        do {
            module = try Module(decoding: bytes)
        } catch {
            return .malformed(message: error.message, description: error.description)
        }
        do {
            return .valid(try ModuleValidator.validate(module))
        } catch {
            switch error {
            case .malformed(let decodeError): return .malformed(message: decodeError.message, description: decodeError.description)
            case .invalid(let validationError): return .invalid(message: validationError.message, description: validationError.description)
            }
        }
    }
}
