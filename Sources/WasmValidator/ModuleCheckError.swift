import WasmCore

/// Why `ModuleValidator` rejected a module: a function body turned out to be
/// malformed when it was decoded, or the module is well formed but invalid.
public enum ModuleCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(DecodeError)
    case invalid(ValidationError)

    public var message: String {
        switch self {
        case .malformed(let error): error.message
        case .invalid(let error): error.message
        }
    }

    public var offset: Int {
        switch self {
        case .malformed(let error): error.offset
        case .invalid(let error): error.offset
        }
    }

    public var description: String {
        switch self {
        case .malformed(let error): "malformed: \(error)"
        case .invalid(let error): "invalid: \(error)"
        }
    }
}

/// A module that passed validation, with what the compiler needs for each function.
public struct ValidatedModule: Sendable {
    public let module: Module
    public let context: ModuleContext
    /// One per function defined in the module (imports excluded), in order.
    public let functionSummaries: [FunctionSummary]

    public init(module: Module, context: ModuleContext, functionSummaries: [FunctionSummary]) {
        self.module = module
        self.context = context
        self.functionSummaries = functionSummaries
    }
}
