/// Recognizes the one kind of invalid text module that WasmKit's WAT library
/// refuses to encode: a reference to an index beyond the declared entities
/// (`local.get 3` with two locals). WAT resolves every index while encoding,
/// so such a module can never be handed to our validator as bytes; its error
/// ("Invalid ResolvedLocalDecl index 3 at ...") names the index space, which
/// maps one-to-one onto the spec's "unknown local"/"unknown global"/... wording.
import WAT

struct TextIndexRejection: CustomStringConvertible {
    let indexSpace: String
    let index: String
    /// What the spec calls it: "unknown local 3".
    let specMessage: String

    private static let specMessages: [String: String] = [
        "ResolvedLocalDecl": "unknown local",
        "GlobalDecl": "unknown global",
        "FunctionDecl": "unknown function",
        "NamedResolvedType": "unknown type",
        "DataSegmentDecl": "unknown data segment",
        "ElementDecl": "unknown elem segment",
        "TableDecl": "unknown table",
        "MemoryDecl": "unknown memory",
    ]

    init?(_ error: WatParserError) {
        let text = error.description
        guard text.hasPrefix("Invalid ") else { return nil }
        let words = text.split(separator: " ")
        guard words.count >= 4, words[2] == "index", let message = Self.specMessages[String(words[1])] else {
            return nil
        }
        indexSpace = String(words[1])
        index = String(words[3])
        specMessage = "\(message) \(index)"
    }

    /// Whether this is the rejection a directive expects: scripts write either
    /// "unknown local" or "unknown local 3".
    func matches(_ expected: String) -> Bool {
        specMessage == expected || specMessage.hasPrefix(expected + " ")
    }

    var description: String { "the text parser rejected \(indexSpace) index \(index) (\(specMessage))" }
}
