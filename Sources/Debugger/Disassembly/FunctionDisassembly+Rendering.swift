/// The listing as text, for the `disassemble` command, in the spirit of gdb's
/// `disassemble /rs`:
///
///     Dump of assembler code for function average (wasm function 20):
///         <prologue>
///             0x7f52b0d29c40 <+0>:    55                    push rbp
///     crash.c:71      int32_t mean = stats->total / stats->count; // TRAP: div
///         0x6aa  i32.load offset=4
///       *     0x7f52b0d29c6d <+45>:   44 8b 5d 10           mov r11d, dword ptr [rbp+0x10]
///         0x6b2  i32.div_s
///     =>      0x7f52b0d29c82 <+66>:   0f 84 2c 00 00 00     jz 0x7f52b0d29cb4 <+116>
///         <out-of-line code>
///             0x7f52b0d29cb4 <+116>:  0f 0b                 ud2 ; trap: integer divide by zero
///     End of assembler dump.
///
/// Source lines start at the margin so they stand out, as in gdb's `/s`;
/// every other line has a four-column gutter for the markers: `=>` at the
/// current instruction, `*` where a breakpoint is. Column widths adapt to the
/// function, so a line stays within about 100 columns, the source text and
/// long instructions aside.
extension FunctionDisassembly {
    /// Which kinds of lines to print (the command's modifiers choose).
    public struct RenderOptions: Sendable, Hashable {
        public var showsSource: Bool
        public var showsOps: Bool
        public var showsMachineCode: Bool
        /// The machine instructions' bytes, between address and text.
        public var showsBytes: Bool

        public init(
            showsSource: Bool = true, showsOps: Bool = true, showsMachineCode: Bool = true, showsBytes: Bool = true
        ) {
            self.showsSource = showsSource
            self.showsOps = showsOps
            self.showsMachineCode = showsMachineCode
            self.showsBytes = showsBytes
        }
    }

    /// The listing as lines of text. `currentPC` and `breakpoints` are
    /// runtime addresses: they mark the machine instruction that holds them,
    /// or, when machine code is hidden, the op it belongs to.
    public func render(
        currentPC: UInt? = nil, breakpoints: Set<UInt> = [], options: RenderOptions = RenderOptions()
    ) -> [String] {
        let markedCurrent = currentPC.flatMap { markedLine(for: $0, options: options) }
        let markedBreakpoints = Set(breakpoints.compactMap { markedLine(for: $0, options: options) })
        let layout = Layout(self)
        var output = ["Dump of assembler code for function \(name) (wasm function \(functionIndex)):"]
        var printedPrologue = false
        var printedOutOfLine = false
        for (index, line) in lines.enumerated() {
            let gutter = (index == markedCurrent ? "=>" : "  ") + (markedBreakpoints.contains(index) ? "* " : "  ")
            switch line.kind {
            case .source(let file, let number, let text):
                guard options.showsSource else { continue }
                output.append(sourceText(file: file, line: number, text: text))
            case .op(let moduleOffset, let depth, let text, let annotation):
                guard options.showsOps else { continue }
                let offset = layout.pad("0x" + String(moduleOffset, radix: 16), to: layout.moduleOffsetWidth)
                let indentation = String(repeating: "  ", count: depth)
                output.append(gutter + offset + "  " + indentation + text + (annotation.map { " <\($0)>" } ?? ""))
            case .machine(let address, let bytes, let text, _):
                guard options.showsMachineCode else { continue }
                if address < bodyAddresses.lowerBound && !printedPrologue {
                    output.append("    <prologue>")
                    printedPrologue = true
                } else if address >= bodyAddresses.upperBound && !printedOutOfLine {
                    output.append("    <out-of-line code>")
                    printedOutOfLine = true
                }
                let location = layout.pad(Self.addressText(address, entry: entryAddress), to: layout.addressWidth)
                let hex = options.showsBytes ? layout.pad(Self.hex(bytes), to: layout.bytesWidth) + "  " : ""
                output.append(gutter + "    " + location + "  " + hex + text)
            }
        }
        output.append("End of assembler dump.")
        return output
    }

    /// The line a marker at `address` goes on: its machine line, or its op's line when machine code is hidden.
    private func markedLine(for address: UInt, options: RenderOptions) -> Int? {
        guard let machineLine = index(ofMachineAddress: address) else { return nil }
        if options.showsMachineCode { return machineLine }
        guard options.showsOps else { return nil }
        return lines(forModuleOffset: lines[machineLine].moduleOffset)?.lowerBound
    }

    /// `crash.c:71    int32_t mean = …`: the file's base name, as gdb prints
    /// it, and the text with tabs expanded so the gutter of later lines stays put.
    private func sourceText(file: String, line: Int, text: String?) -> String {
        let baseName = file.split(separator: "/").last.map(String.init) ?? file
        let location = "\(baseName):\(line)"
        guard let text else { return location }
        return location + "  " + text.replacingOccurrences(of: "\t", with: "    ")
    }

    /// `0x7f12a0001234 <+52>:`, gdb's address column.
    static func addressText(_ address: UInt, entry: UInt) -> String {
        "0x\(String(address, radix: 16)) <+\(address - entry)>:"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in byte < 0x10 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
            .joined(separator: " ")
    }

    /// Column widths for one function's listing.
    private struct Layout {
        var moduleOffsetWidth = 0
        var addressWidth = 0
        var bytesWidth = 0

        /// Instructions longer than this many bytes overflow the bytes column
        /// rather than widening it for every line.
        static let widestAlignedInstruction = 8

        init(_ listing: FunctionDisassembly) {
            for line in listing.lines {
                switch line.kind {
                case .op(let moduleOffset, _, _, _):
                    moduleOffsetWidth = max(moduleOffsetWidth, 2 + String(moduleOffset, radix: 16).count)
                case .machine(let address, let bytes, _, _):
                    let width = FunctionDisassembly.addressText(address, entry: listing.entryAddress).count
                    addressWidth = max(addressWidth, width)
                    bytesWidth = max(bytesWidth, min(bytes.count, Self.widestAlignedInstruction) * 3 - 1)
                case .source:
                    break
                }
            }
        }

        func pad(_ text: String, to width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
    }
}
