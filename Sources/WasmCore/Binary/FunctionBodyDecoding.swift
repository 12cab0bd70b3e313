/// Code section entries: size, local declarations, and the range of the instructions.
extension ByteReader {
    mutating func readFunctionBody() throws(DecodeError) -> FunctionBody {
        let entryStart = offset
        let size = try readLength()
        let bodyEnd = offset + size

        let localsOffset = offset
        let runCount = try readLength()
        var localRuns: [LocalRun] = []
        if runCount > 0 { localRuns.reserveCapacity(min(runCount, 1 << 16)) }
        var localCount: UInt64 = 0
        for _ in 0..<runCount {
            let count = try readUnsigned32()
            let type = try readValueType()
            // Summed in 64 bits: the runs may add up past 2^32 only to be rejected.
            localCount += UInt64(count)
            localRuns.append(LocalRun(count: count, type: type))
        }
        guard localCount <= UInt64(UInt32.max) else { throw DecodeError("too many locals", at: localsOffset) }
        // Local declarations running past the body: the body's size was wrong.
        guard offset <= bodyEnd else { throw .sectionSizeMismatch(at: bodyEnd) }

        // The size may overrun the module by the length of its own LEB. The
        // reference interpreter would read the instructions up to the end of
        // the module first, and report what it finds there.
        guard bodyEnd <= bytes.count else {
            var decoder = InstructionDecoder(bytes: bytes, range: offset..<bytes.count, hasDataCount: true)
            while try decoder.next() != nil {}
            throw .unexpectedEndOfSectionOrFunction(at: bytes.count)
        }
        let codeRange = offset..<bodyEnd
        offset = bodyEnd
        return FunctionBody(
            localRuns: localRuns, localCount: UInt32(localCount),
            entryRange: entryStart..<bodyEnd, codeRange: codeRange)
    }
}
