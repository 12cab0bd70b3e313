/// The mixed listing of one compiled function: source lines, wasm ops, and
/// under each op the machine instructions the JIT emitted for it, in order.
///
/// The prologue's instructions come first (they belong to the body's first
/// op, as the compiler records them), then the ops with their code, then the
/// out-of-line code after the body (trap stubs), each instruction attributed
/// to the op whose trap it raises. So machine lines are in address order and
/// every one names its op.
///
/// The `disassemble` command prints it with `render(currentPC:breakpoints:)`;
/// the TUI's panes show the kinds they want and keep their cursors together
/// through the lookups, which all answer line indices into `lines`.
import DWARF
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

public struct FunctionDisassembly: Sendable {
    /// Index in the module's function index space (imports first).
    public let functionIndex: UInt32
    /// The name section's name, demangled; else an export's name; else `func[N]`.
    public let name: String
    public let lines: [DisassemblyLine]
    /// Runtime addresses of all the function's machine code, prologue and trap stubs included.
    public let codeAddresses: Range<UInt>
    /// Runtime addresses of the ops' code: after the prologue, before the out-of-line code.
    public let bodyAddresses: Range<UInt>
    /// Module offsets of the body's instructions, through its final `end`.
    public let moduleOffsets: Range<Int>

    /// Each op's block of lines (the op line and its machine lines), sorted by module offset.
    private let opBlocks: [OpBlock]
    /// Every machine line, sorted by address.
    private let machineLines: [MachineLineIndex]

    /// The address execution enters the function at.
    public var entryAddress: UInt { codeAddresses.lowerBound }

    /// Builds the listing of function `functionIndex` of `module`.
    ///
    /// - Parameters:
    ///   - debugInfo: the module's DWARF, for source lines; nil leaves them out.
    ///   - sourceLine: the text of a line of a source file (1-based), nil when
    ///     unknown. Defaults to reading the files DWARF names.
    ///   - originalCode: the machine code at an address, as the JIT emitted it.
    ///     A debugger that patched int3s into the code passes a reader that
    ///     puts the original bytes back. Defaults to reading the executable
    ///     code as it is now.
    public init(
        module: LoadedModule, functionIndex: UInt32, debugInfo: DebugInfo? = nil,
        sourceLine: ((_ file: String, _ line: Int) -> String?)? = nil,
        originalCode: (_ address: UInt, _ count: Int) -> [UInt8] = FunctionDisassembly.executableCode
    ) throws(DisassemblyError) {
        let sourceText = SourceText()
        let readLine = sourceLine ?? { file, line in sourceText.line(line, of: file) }
        var builder = try DisassemblyBuilder(
            module: module, functionIndex: functionIndex, debugInfo: debugInfo, sourceLine: readLine,
            originalCode: originalCode)
        lines = try builder.build()
        self.functionIndex = functionIndex
        name = DisassemblyBuilder.functionName(functionIndex, in: module.module) ?? "func[\(functionIndex)]"
        let base = module.codeBaseAddress
        let compiled = builder.compiled
        codeAddresses = (base + UInt(compiled.codeRange.lowerBound))..<(base + UInt(compiled.codeRange.upperBound))
        bodyAddresses = (base + UInt(compiled.bodyStartOffset))..<(base + UInt(builder.bodyEndOffset))
        moduleOffsets = builder.body.codeRange
        (opBlocks, machineLines) = Self.index(lines, bodyAddresses: bodyAddresses)
    }

    /// The listing through a symbolizer, which has the module and its DWARF.
    public init(
        symbolizer: Symbolizer, functionIndex: UInt32, sourceLine: ((_ file: String, _ line: Int) -> String?)? = nil,
        originalCode: (_ address: UInt, _ count: Int) -> [UInt8] = FunctionDisassembly.executableCode
    ) throws(DisassemblyError) {
        try self.init(
            module: symbolizer.module, functionIndex: functionIndex, debugInfo: symbolizer.debugInfo,
            sourceLine: sourceLine, originalCode: originalCode)
    }

    /// Reads machine code straight from executable memory, int3 patches and all.
    public static func executableCode(at address: UInt, count: Int) -> [UInt8] {
        guard count > 0, let start = UnsafeRawPointer(bitPattern: address) else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    // MARK: Lookups

    /// The lines of the op at `moduleOffset`, or of the op whose bytes hold it:
    /// the op line and the machine lines under it (source lines before it and
    /// its out-of-line code are not included). nil outside the body.
    public func lines(forModuleOffset moduleOffset: Int) -> Range<Int>? {
        guard moduleOffsets.contains(moduleOffset) else { return nil }
        // The last op starting at or before the offset.
        var low = 0
        var high = opBlocks.count
        while low < high {
            let middle = (low + high) / 2
            if opBlocks[middle].moduleOffset <= moduleOffset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : opBlocks[low - 1].lines
    }

    /// The machine line whose instruction holds `address` (its first byte or
    /// any other), nil when the address is not in this function's code.
    public func index(ofMachineAddress address: UInt) -> Int? {
        var low = 0
        var high = machineLines.count
        while low < high {
            let middle = (low + high) / 2
            if machineLines[middle].addresses.upperBound <= address { low = middle + 1 } else { high = middle }
        }
        guard low < machineLines.count, machineLines[low].addresses.contains(address) else { return nil }
        return machineLines[low].lineIndex
    }

    /// The first source line entry for `line`, in `file` if given (a full
    /// path, a suffix of one starting at a `/`, or a base name).
    public func index(ofSourceLine line: Int, file: String? = nil) -> Int? {
        lines.firstIndex { entry in
            guard case .source(let path, let number, _) = entry.kind, number == line else { return false }
            guard let file else { return true }
            return path == file || path.hasSuffix("/" + file)
        }
    }

    // MARK: Index building

    private struct OpBlock: Sendable {
        var moduleOffset: Int
        var lines: Range<Int>
    }

    private struct MachineLineIndex: Sendable {
        var addresses: Range<UInt>
        var lineIndex: Int
    }

    /// The op blocks and the machine lines of a listing, in lookup order.
    private static func index(
        _ lines: [DisassemblyLine], bodyAddresses: Range<UInt>
    ) -> ([OpBlock], [MachineLineIndex]) {
        var blocks: [OpBlock] = []
        var machine: [MachineLineIndex] = []
        var openBlock: OpBlock?
        for (index, line) in lines.enumerated() {
            switch line.kind {
            case .op(let moduleOffset, _, _, _):
                if let openBlock { blocks.append(openBlock) }
                openBlock = OpBlock(moduleOffset: moduleOffset, lines: index..<(index + 1))
            case .machine(let address, let bytes, _, let owner):
                machine.append(MachineLineIndex(addresses: address..<(address + UInt(bytes.count)), lineIndex: index))
                // Only the code right under the op joins its block; prologue and stubs stay apart.
                if let block = openBlock, block.moduleOffset == owner, block.lines.upperBound == index,
                    bodyAddresses.contains(address)
                {
                    openBlock?.lines = block.lines.lowerBound..<(index + 1)
                }
            case .source:
                if let block = openBlock {
                    blocks.append(block)
                    openBlock = nil
                }
            }
        }
        if let openBlock { blocks.append(openBlock) }
        blocks.sort { $0.moduleOffset < $1.moduleOffset }
        machine.sort { $0.addresses.lowerBound < $1.addresses.lowerBound }
        return (blocks, machine)
    }
}
