/// `--format firefox`: a profile for the Firefox Profiler
/// (https://profiler.firefox.com, "Load a profile from file"), in its
/// *processed* format, version 48: one thread whose tables mirror ours.
///
/// - `funcTable`: one row per function, with the defining file and line;
///   wasm and inlined functions are marked `isJS` (they are the guest's code,
///   which the profiler's "JavaScript only" filter then isolates).
/// - `frameTable`: one row per frame, with the source line and column, the
///   inline depth, and a category: WebAssembly, Host, or Other.
/// - `stackTable`: the prefix tree, `prefix` pointing at the caller's row.
/// - `samples`: a stack index, a time in milliseconds from `meta.startTime`
///   and a weight per sample.
/// The profiler upgrades version 48 to whatever version it is at when it loads
/// the file, so the file keeps working as the format moves on.
import Foundation

public struct FirefoxProfile: Sendable {
    public static let processedProfileVersion = 48
    /// Category indices in `meta.categories`.
    public enum Category: Int, CaseIterable, Sendable {
        case other = 0
        case webAssembly = 1
        case host = 2

        var name: String {
            switch self {
            case .other: "Other"
            case .webAssembly: "WebAssembly"
            case .host: "Host"
            }
        }

        var color: String {
            switch self {
            case .other: "grey"
            case .webAssembly: "yellow"
            case .host: "orange"
            }
        }

        /// Subcategory 0 is always the category itself ("Other").
        var subcategories: [String] {
            switch self {
            case .other: ["Other"]
            case .webAssembly: ["Other", "Inlined"]
            case .host: ["Other", "Builtin"]
            }
        }
    }

    public var profile: Profile

    public init(profile: Profile) {
        self.profile = profile
    }

    public var text: String { json.serialized() }

    public var json: JSONValue {
        var strings = StringTable()
        let metadata = profile.metadata
        let lastTimestamp = profile.samples.last?.timestamp
        let durationMilliseconds = metadata.durationSeconds(lastSample: lastTimestamp) * 1000

        let functions = profile.functions
        let funcTable = JSONValue.object([
            ("name", .array(functions.map { .integer(strings.index($0.displayName)) })),
            ("isJS", .array(functions.map { .bool($0.kind == .wasm || $0.kind == .inlined) })),
            ("relevantForJS", .array(functions.map { _ in .bool(false) })),
            ("resource", .array(functions.map { _ in .integer(-1) })),
            ("fileName", .array(functions.map { .optional($0.definition.map { strings.index($0.file) }) })),
            ("lineNumber", .array(functions.map { .optional($0.definition?.line) })),
            ("columnNumber", .array(functions.map { _ in .null })),
            ("length", .integer(functions.count)),
        ])

        let frames = profile.frames
        let frameCategories = frames.map { category(of: $0) }
        let frameTable = JSONValue.object([
            ("address", .array(frames.map { _ in .integer(-1) })),
            ("inlineDepth", .array(frames.map { .integer($0.inlineDepth) })),
            ("category", .array(frameCategories.map { .integer($0.category.rawValue) })),
            ("subcategory", .array(frameCategories.map { .integer($0.subcategory) })),
            ("func", .array(frames.map { .integer($0.function) })),
            ("nativeSymbol", .array(frames.map { _ in .null })),
            ("innerWindowID", .array(frames.map { _ in .integer(0) })),
            ("implementation", .array(frames.map { _ in .null })),
            ("line", .array(frames.map { .optional($0.source?.line) })),
            ("column", .array(frames.map { frame in .optional(frame.source.flatMap { $0.column > 0 ? $0.column : nil }) })),
            ("length", .integer(frames.count)),
        ])

        let stacks = profile.stacks
        let stackTable = JSONValue.object([
            ("frame", .array(stacks.map { .integer($0.frame) })),
            ("prefix", .array(stacks.map { .optional($0.parent) })),
            ("category", .array(stacks.map { .integer(frameCategories[$0.frame].category.rawValue) })),
            ("subcategory", .array(stacks.map { .integer(frameCategories[$0.frame].subcategory) })),
            ("length", .integer(stacks.count)),
        ])

        let samples = profile.samples
        let samplesTable = JSONValue.object([
            ("stack", .array(samples.map { .integer($0.stack) })),
            ("time", .array(samples.map { .number(Double($0.timestamp &- metadata.startTimestamp) / 1e6) })),
            ("weight", .array(samples.map { .integer($0.weight) })),
            ("weightType", .string("samples")),
            ("length", .integer(samples.count)),
        ])

        let markers = JSONValue.object([
            ("data", .array([])), ("name", .array([])), ("startTime", .array([])), ("endTime", .array([])),
            ("phase", .array([])), ("category", .array([])), ("length", .integer(0)),
        ])
        let resourceTable = JSONValue.object([
            ("lib", .array([])), ("name", .array([])), ("host", .array([])), ("type", .array([])), ("length", .integer(0)),
        ])
        let nativeSymbols = JSONValue.object([
            ("libIndex", .array([])), ("address", .array([])), ("name", .array([])), ("functionSize", .array([])),
            ("length", .integer(0)),
        ])

        let processName = "wasmscope \(metadata.programName)"
        let thread = JSONValue.object([
            ("name", .string("wasm guest")),
            ("processName", .string(processName)),
            ("processType", .string("default")),
            ("isMainThread", .bool(true)),
            ("pid", .string(String(metadata.processID))),
            ("tid", .integer(Int(metadata.threadID))),
            ("processStartupTime", .number(0)),
            ("processShutdownTime", .number(durationMilliseconds)),
            ("registerTime", .number(0)),
            ("unregisterTime", .null),
            ("pausedRanges", .array([])),
            ("samples", samplesTable),
            ("markers", markers),
            ("stackTable", stackTable),
            ("frameTable", frameTable),
            ("funcTable", funcTable),
            ("resourceTable", resourceTable),
            ("nativeSymbols", nativeSymbols),
            ("stringArray", .array(strings.strings.map(JSONValue.string))),
        ])

        let categories = JSONValue.array(
            Category.allCases.map { category in
                .object([
                    ("name", .string(category.name)), ("color", .string(category.color)),
                    ("subcategories", .array(category.subcategories.map(JSONValue.string))),
                ])
            })
        let meta = JSONValue.object([
            ("interval", .number(metadata.intervalMilliseconds)),
            ("startTime", .number(metadata.startDate * 1000)),
            ("processType", .integer(0)),
            ("product", .string(processName)),
            ("stackwalk", .integer(1)),
            ("debug", .bool(false)),
            // The Gecko format's version; ignored for processed profiles.
            ("version", .integer(24)),
            ("preprocessedProfileVersion", .integer(Self.processedProfileVersion)),
            ("symbolicated", .bool(true)),
            ("categories", categories),
            ("markerSchema", .array([])),
            ("pausedRanges", .array([])),
            ("extensions", .object([("length", .integer(0)), ("baseURL", .array([])), ("id", .array([])), ("name", .array([]))])),
            ("platform", .string("Linux")),
            ("oscpu", .string("Linux x86_64")),
        ])

        return .object([
            ("meta", meta),
            ("libs", .array([])),
            ("threads", .array([thread])),
            ("pages", .array([])),
            ("counters", .array([])),
            ("profilerOverhead", .array([])),
        ])
    }

    private func category(of frame: ProfileFrame) -> (category: Category, subcategory: Int) {
        switch profile.functions[frame.function].kind {
        case .wasm: (.webAssembly, 0)
        case .inlined: (.webAssembly, 1)
        case .hostImport: (.host, 0)
        case .builtin: (.host, 1)
        case .engineStub, .outsideGuest: (.other, 0)
        }
    }

    /// The thread's `stringArray`, one entry per distinct string.
    private struct StringTable {
        var strings: [String] = []
        var indices: [String: Int] = [:]

        mutating func index(_ string: String) -> Int {
            if let index = indices[string] { return index }
            indices[string] = strings.count
            strings.append(string)
            return strings.count - 1
        }
    }
}
