/// A profile: symbolized samples, stored the way profilers exchange them
/// (Firefox Profiler's tables are the model): a table of functions, a table
/// of frames (a place in a function: machine address, wasm op, source
/// position), a prefix tree of stacks over the frames, and samples that each
/// point at the innermost node of their stack.
///
/// Plain values, Sendable: a live view can hold a snapshot while the
/// session keeps adding samples to its own copy.
import Symbolication

public struct Profile: Sendable {
    public var metadata: ProfileMetadata
    public var functions: [ProfileFunction] = []
    public var frames: [ProfileFrame] = []
    public var stacks: [ProfileStackNode] = []
    public var samples: [ProfileSample] = []
    /// Samples the sampler could not record (its buffer was full).
    public var droppedSampleCount = 0

    public init(metadata: ProfileMetadata) {
        self.metadata = metadata
    }

    /// Sum of the samples' weights: the number of timer intervals the profile covers.
    public var totalWeight: Int { samples.reduce(0) { $0 + $1.weight } }

    /// Total weight of the samples of one kind.
    public func weight(of kind: RawSample.Kind) -> Int {
        samples.reduce(0) { $0 + ($1.kind == kind ? $1.weight : 0) }
    }

    /// The frames of a stack, innermost first.
    public func frameIndices(ofStack stack: Int) -> [Int] {
        var result: [Int] = []
        var node: Int? = stack
        while let current = node {
            result.append(stacks[current].frame)
            node = stacks[current].parent
        }
        return result
    }

    /// The functions of a stack, outermost (root) first.
    public func functionPath(ofStack stack: Int) -> [Int] {
        frameIndices(ofStack: stack).reversed().map { frames[$0].function }
    }
}

public struct ProfileMetadata: Sendable {
    /// The module's file name, e.g. `hotspots.wasm`.
    public var programName: String
    public var arguments: [String]
    public var frequency: Int
    public var clock: SamplingClock
    /// Seconds since 1970 when sampling started (for formats that want wall time).
    public var startDate: Double
    /// CLOCK_MONOTONIC nanoseconds when sampling started and stopped (stop is
    /// nil while a run is going on); sample timestamps use the same clock.
    public var startTimestamp: UInt64
    public var endTimestamp: UInt64?
    /// How long sampling was held because the sampled thread was stopped (at
    /// debugger breakpoints and steps), in nanoseconds: part of the span from
    /// start to end, but not of the time the program ran.
    public var pausedNanoseconds: UInt64 = 0
    /// When the last pause ended: a run in progress has lasted at least until
    /// then, even before its next sample arrives.
    public var lastResumeTimestamp: UInt64?
    public var processID: Int32
    public var threadID: Int32

    public init(
        programName: String, arguments: [String] = [], frequency: Int, clock: SamplingClock, startDate: Double,
        startTimestamp: UInt64, endTimestamp: UInt64? = nil, processID: Int32, threadID: Int32
    ) {
        self.programName = programName
        self.arguments = arguments
        self.frequency = frequency
        self.clock = clock
        self.startDate = startDate
        self.startTimestamp = startTimestamp
        self.endTimestamp = endTimestamp
        self.processID = processID
        self.threadID = threadID
    }

    /// Milliseconds one sample's weight unit stands for.
    public var intervalMilliseconds: Double { 1000.0 / Double(frequency) }

    /// How long sampling ran, in seconds (so far, for a run in progress: up to the last sample).
    /// Time lines (Firefox's) use this span; paused time is inside it.
    public func durationSeconds(lastSample: UInt64? = nil) -> Double {
        let end = endTimestamp ?? max(lastSample ?? startTimestamp, lastResumeTimestamp ?? startTimestamp)
        return Double(end &- startTimestamp) / 1e9
    }

    /// The span less the time paused: how long the program ran while sampled.
    public func runningSeconds(lastSample: UInt64? = nil) -> Double {
        max(0, durationSeconds(lastSample: lastSample) - Double(pausedNanoseconds) / 1e9)
    }

    /// `1.23 s`, or `1.23 s running, 4.00 s stopped` when the debugger held the program.
    public func durationText(lastSample: UInt64? = nil) -> String {
        let running = String(format: "%.2f s", runningSeconds(lastSample: lastSample))
        guard pausedNanoseconds > 0 else { return running }
        return running + " running, " + String(format: "%.2f s", Double(pausedNanoseconds) / 1e9) + " stopped"
    }
}

/// What a function of the profile is.
public enum ProfileFunctionKind: String, Sendable, Hashable {
    /// A wasm function (with machine code of its own).
    case wasm
    /// A function the compiler inlined into a wasm function (known from DWARF).
    case inlined
    /// A host function the guest imported (a WASI call); samples in host code land here.
    case hostImport = "host"
    /// A runtime builtin called from JIT code (memory.grow, bulk memory, tables).
    case builtin
    /// The engine's entry or host-call stub.
    case engineStub = "stub"
    /// Samples taken when the thread was not running guest code.
    case outsideGuest = "outside"
}

public struct ProfileFunction: Sendable, Hashable {
    public var name: String
    public var kind: ProfileFunctionKind
    /// The wasm module's name; for a host import, the import's module (`wasi_snapshot_preview1`).
    public var moduleName: String?
    /// For wasm functions: the index in the module's function index space.
    public var wasmFunctionIndex: UInt32?
    /// Index into the symbolication's module list, for wasm and inlined functions.
    public var moduleIndex: Int?
    /// Where the function is defined, from DWARF.
    public var definition: SourcePosition?

    public init(
        name: String, kind: ProfileFunctionKind, moduleName: String? = nil, wasmFunctionIndex: UInt32? = nil,
        moduleIndex: Int? = nil, definition: SourcePosition? = nil
    ) {
        self.name = name
        self.kind = kind
        self.moduleName = moduleName
        self.wasmFunctionIndex = wasmFunctionIndex
        self.moduleIndex = moduleIndex
        self.definition = definition
    }

    /// The name reports print: the function's name, or a bracketed description.
    public var displayName: String {
        switch kind {
        case .wasm, .inlined: name
        case .hostImport: moduleName.map { "\($0).\(name)" } ?? name
        case .builtin: "[builtin \(name)]"
        case .engineStub: "[\(name)]"
        case .outsideGuest: "[\(name)]"
        }
    }
}

/// A place in a function where samples were taken or calls were made.
public struct ProfileFrame: Sendable, Hashable {
    /// Index into `Profile.functions`.
    public var function: Int
    /// The machine address: the pc of a leaf frame, the return address of a caller.
    public var address: UInt64?
    /// Module offset of the wasm op (the op executing, or the call).
    public var moduleOffset: Int?
    /// Source position of this frame (for an inlined callee's caller: the call site).
    public var source: SourcePosition?
    /// 0 for the wasm function at this address, 1… for the functions inlined into it, outwards in.
    public var inlineDepth: Int
    /// Index into `Profile.functions` of the wasm function whose machine code holds `address`.
    public var wasmFunction: Int?

    public init(
        function: Int, address: UInt64? = nil, moduleOffset: Int? = nil, source: SourcePosition? = nil,
        inlineDepth: Int = 0, wasmFunction: Int? = nil
    ) {
        self.function = function
        self.address = address
        self.moduleOffset = moduleOffset
        self.source = source
        self.inlineDepth = inlineDepth
        self.wasmFunction = wasmFunction
    }
}

/// A node of the stack prefix tree: a frame called from the stack `parent`.
public struct ProfileStackNode: Sendable, Hashable {
    public var frame: Int
    public var parent: Int?
}

public struct ProfileSample: Sendable, Hashable {
    /// Index into `Profile.stacks` of the innermost frame.
    public var stack: Int
    /// CLOCK_MONOTONIC nanoseconds.
    public var timestamp: UInt64
    /// Timer intervals this sample stands for.
    public var weight: Int
    public var kind: RawSample.Kind
}
