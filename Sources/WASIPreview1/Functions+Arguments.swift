/// args_* and environ_*: the strings are laid out as C's argv and environ,
/// an array of u32 pointers into one buffer of NUL-terminated strings.
extension WASIHost {
    func argsSizesGet(countPointer: UInt32, sizePointer: UInt32) throws(WASIErrno) {
        try writeSizes(of: argumentStrings, countPointer: countPointer, sizePointer: sizePointer)
    }

    func argsGet(pointers: UInt32, buffer: UInt32) throws(WASIErrno) {
        try writeStrings(argumentStrings, pointers: pointers, buffer: buffer)
    }

    func environSizesGet(countPointer: UInt32, sizePointer: UInt32) throws(WASIErrno) {
        try writeSizes(of: environmentStrings, countPointer: countPointer, sizePointer: sizePointer)
    }

    func environGet(pointers: UInt32, buffer: UInt32) throws(WASIErrno) {
        try writeStrings(environmentStrings, pointers: pointers, buffer: buffer)
    }

    private func writeSizes(of strings: [[UInt8]], countPointer: UInt32, sizePointer: UInt32) throws(WASIErrno) {
        let memory = guestMemory
        let total = strings.reduce(0) { $0 + $1.count }
        guard let count = UInt32(exactly: strings.count), let size = UInt32(exactly: total) else { throw .overflow }
        // Both checked before either is written.
        _ = try memory.buffer(at: countPointer, count: 4)
        _ = try memory.buffer(at: sizePointer, count: 4)
        try memory.store(count, at: countPointer)
        try memory.store(size, at: sizePointer)
    }

    private func writeStrings(_ strings: [[UInt8]], pointers: UInt32, buffer: UInt32) throws(WASIErrno) {
        let memory = guestMemory
        let total = strings.reduce(0) { $0 + $1.count }
        guard let count = UInt32(exactly: strings.count) else { throw .overflow }
        let pointerArray = try memory.buffer(at: pointers, elements: count, size: 4)
        let bytes = try memory.buffer(at: buffer, count: UInt64(total))
        var offset = 0
        for (index, string) in strings.enumerated() {
            // Cannot wrap: the whole buffer lies below 2^32.
            let address = buffer &+ UInt32(offset)
            pointerArray.storeBytes(of: address.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            string.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + string.count)]).copyMemory(from: source)
            }
            offset += string.count
        }
    }
}
