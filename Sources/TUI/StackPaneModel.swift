/// The call stack pane: `#N function at file:line`, innermost first; Enter
/// on a frame selects it and every other pane moves there.
public struct StackPaneModel: PaneModel {
    public var frames: [DebuggerSnapshot.Frame]
    public var selectedIndex: Int

    public init(frames: [DebuggerSnapshot.Frame], selectedIndex: Int) {
        self.frames = frames
        self.selectedIndex = selectedIndex
    }

    public init(snapshot: DebuggerSnapshot) {
        self.init(frames: snapshot.state.isStopped ? snapshot.frames : [], selectedIndex: snapshot.selectedFrameIndex)
    }

    public var title: String { "Call stack" }
    public var rowCount: Int { frames.count }
    public var emptyText: String { "(not stopped)" }

    public func row(at index: Int, width: Int) -> PaneRow {
        let frame = frames[index]
        var place = ""
        if let file = frame.file, let line = frame.line {
            place = " at " + (file.split(separator: "/").last.map(String.init) ?? file) + ":\(line)"
        } else if let offset = frame.moduleOffset {
            place = " at " + hex(offset)
        }
        if let hostCall = frame.hostCall { place += " [in \(hostCall)]" }
        let selected = index == selectedIndex
        return PaneRow(
            [
                (selected ? "> " : "  ", selected ? .current : .normal), ("#\(index) ", .dim),
                (frame.functionName + (frame.isInlined ? " (inlined)" : ""), .normal), (place, .dim),
            ], isCurrent: selected)
    }
}
