/// The execution's watches: ranges of linear memory 0 whose pages are
/// write-protected (CDebuggerSupport), by id. A store into a watched page
/// faults; the signal hook runs it with the pages open and stops only if the
/// watched bytes changed.
import WasmRuntime

struct WatchedPages {
    struct Watch {
        var address: UInt64
        var length: Int
    }

    private(set) var watches: [Int: Watch] = [:]
    private var nextID = 1

    /// A new watch's id, or -1 when the range is not inside the memory (or
    /// longer than `DebugChannel.maximumWatchLength`, or too many watches).
    mutating func add(address: UInt64, length: Int, memory: Memory?, channel: DebugChannel) -> Int {
        guard let memory, length > 0, length <= DebugChannel.maximumWatchLength,
            memory.contains(offset: address, count: length)
        else { return -1 }
        let id = nextID
        guard channel.addWatch(id: Int32(id), hostAddress: memory.baseAddress + Int(address), length: length) else {
            return -1
        }
        nextID += 1
        watches[id] = Watch(address: address, length: length)
        return id
    }

    mutating func remove(_ id: Int, channel: DebugChannel) {
        guard watches.removeValue(forKey: id) != nil else { return }
        channel.removeWatch(id: Int32(id))
    }

    mutating func removeAll(channel: DebugChannel) {
        for id in watches.keys { channel.removeWatch(id: Int32(id)) }
        watches.removeAll()
    }
}
