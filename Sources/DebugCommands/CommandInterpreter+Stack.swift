/// backtrace, frame, up, down and `info frame`.
import Debugger

extension CommandInterpreter {
    func requireFrames() throws(DebuggerError) -> [DebugFrame] {
        guard session.state.isStopped else { throw DebuggerError("No stack.") }
        let frames = session.frames()
        guard !frames.isEmpty else { throw DebuggerError("No stack.") }
        return frames
    }

    func backtrace(_ arguments: String) throws(DebuggerError) {
        let frames = try requireFrames()
        let limit = arguments.isEmpty ? frames.count : (Int(arguments) ?? frames.count)
        for (index, frame) in frames.prefix(limit).enumerated() {
            say(backtraceLine(frame, index: index))
        }
        if limit < frames.count { say("(More stack frames follow...)") }
    }

    /// `#1  0x0004e0 in summarize (count=0, numbers=0x…) at crash.c:81`, as gdb.
    func backtraceLine(_ frame: DebugFrame, index: Int) -> String {
        let marker = index == session.selectedFrameIndex ? "#" : "#"
        var line = "\(marker)\(index)  "
        if index > 0 || frame.isInlined, let offset = frame.moduleOffset, !frame.isInlined {
            line += "0x" + String(offset, radix: 16).leftPadded(to: 6) + " in "
        }
        line += frameLine(frame).replacingOccurrences(of: "^0x[0-9a-f]+ in ", with: "", options: .regularExpression)
        if frame.isInlined { line += " [inlined]" }
        return line
    }

    func frame(_ arguments: String) throws(DebuggerError) {
        let frames = try requireFrames()
        if !arguments.isEmpty {
            guard let index = Int(arguments), frames.indices.contains(index) else {
                throw DebuggerError("No frame at level \(arguments).")
            }
            session.selectedFrameIndex = index
        }
        printSelectedFrame(frames)
    }

    func moveFrame(_ arguments: String, direction: Int) throws(DebuggerError) {
        let frames = try requireFrames()
        let count = try parseCount(arguments)
        let target = session.selectedFrameIndex + direction * count
        guard frames.indices.contains(target) else {
            throw DebuggerError(direction > 0 ? "Initial frame selected; you cannot go up." : "Bottom (innermost) frame selected; you cannot go down.")
        }
        session.selectedFrameIndex = target
        printSelectedFrame(frames)
    }

    private func printSelectedFrame(_ frames: [DebugFrame]) {
        let index = session.selectedFrameIndex
        let frame = frames[index]
        say(backtraceLine(frame, index: index))
        if let source = frame.source {
            say("\(source.line)\t\(session.sourceText.line(source.line, of: source.file) ?? "in \(source.file)")")
            listPosition = (source.file, max(1, source.line - 5))
        }
    }

    func infoFrame() throws(DebuggerError) {
        let frames = try requireFrames()
        let frame = frames[session.selectedFrameIndex]
        say("Stack level \(session.selectedFrameIndex), frame at 0x\(String(frame.wasmFrame.framePointer, radix: 16)):")
        var position = " pc = 0x\(String(frame.pc, radix: 16))"
        if let offset = frame.moduleOffset { position += " (module offset 0x\(String(offset, radix: 16)))" }
        position += " in \(frame.functionName)"
        if let source = frame.source { position += " (\(source.file):\(source.line))" }
        say(position)
        say(" wasm function index \(frame.wasmFrame.functionIndex)\(frame.isInlined ? ", inlined into the frame below" : "")")
        if session.selectedFrameIndex + 1 < frames.count {
            say(" called by frame at 0x\(String(frames[session.selectedFrameIndex + 1].wasmFrame.framePointer, radix: 16))")
        }
        if session.selectedFrameIndex > 0 {
            say(" caller of frame at 0x\(String(frames[session.selectedFrameIndex - 1].wasmFrame.framePointer, radix: 16))")
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
