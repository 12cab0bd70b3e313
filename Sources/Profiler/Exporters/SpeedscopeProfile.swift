/// `--format speedscope`: speedscope's own file format
/// (https://www.speedscope.app/file-format-schema.json), one "sampled"
/// profile: `shared.frames` holds one frame per function (name, defining
/// file and line), each sample is the list of its functions' frame indices
/// from the root down, and its weight is the time it stands for in milliseconds.
public struct SpeedscopeProfile: Sendable {
    public static let schema = "https://www.speedscope.app/file-format-schema.json"

    public var profile: Profile

    public init(profile: Profile) {
        self.profile = profile
    }

    public var text: String { json.serialized() }

    public var json: JSONValue {
        let metadata = profile.metadata
        let frames = JSONValue.array(
            profile.functions.map { function in
                var members: [(String, JSONValue)] = [("name", .string(FoldedStacks.frameName(function)))]
                if let definition = function.definition {
                    members.append(("file", .string(definition.file)))
                    members.append(("line", .integer(definition.line)))
                }
                return .object(members)
            })
        let interval = metadata.intervalMilliseconds
        let samples = profile.samples.map { sample in
            JSONValue.array(profile.functionPath(ofStack: sample.stack).map(JSONValue.integer))
        }
        let weights = profile.samples.map { JSONValue.number(Double($0.weight) * interval) }
        let endValue = profile.samples.reduce(0.0) { $0 + Double($1.weight) * interval }
        let command = ([metadata.programName] + metadata.arguments).joined(separator: " ")
        let sampled = JSONValue.object([
            ("type", .string("sampled")),
            ("name", .string(command)),
            ("unit", .string("milliseconds")),
            ("startValue", .number(0)),
            ("endValue", .number(endValue)),
            ("samples", .array(samples)),
            ("weights", .array(weights)),
        ])
        return .object([
            ("$schema", .string(Self.schema)),
            ("shared", .object([("frames", frames)])),
            ("profiles", .array([sampled])),
            ("name", .string("wasmscope profile of \(command)")),
            ("activeProfileIndex", .integer(0)),
            ("exporter", .string("wasmscope")),
        ])
    }
}
