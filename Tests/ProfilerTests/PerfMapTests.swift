/// `--perfmap`'s files, read back the way perf reads them: the map's lines
/// cover every compiled function, and the jitdump file is a valid header
/// followed by records whose sizes add up, whose code is the JIT's code,
/// and whose line tables point into the program's source.
import Foundation
import Profiler
import Testing

@Suite struct PerfMapTests {
    @Test func perfMapHasOneLinePerFunction() throws {
        let (_, session) = try Fixtures.sharedSplitRun.get()
        let module = session.program.module
        let entries = PerfMap.entries(modules: [module], symbolication: session.symbolication)
        #expect(entries.count == module.compiledModule.functions.filter { !$0.codeRange.isEmpty }.count)
        let path = Fixtures.buildDirectory + "/perf-test.map"
        try PerfMap.write(modules: [module], symbolication: session.symbolication, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == entries.count)
        var names: [String] = []
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 2)
            let start = try #require(UInt64(fields[0], radix: 16))
            let size = try #require(UInt64(fields[1], radix: 16))
            #expect(module.codeRange.contains(UInt(start)) && size > 0)
            names.append(String(fields[2]))
        }
        #expect(names.contains("wasm!split.wasm!busy_major"))
    }

    @Test func jitDumpRecordsParseAndCarryTheCode() throws {
        let (_, session) = try Fixtures.sharedSplitRun.get()
        let module = session.program.module
        let path = Fixtures.buildDirectory + "/jit-test.dump"
        let dump = try JitDump(modules: [module], symbolication: session.symbolication, threadID: 1, path: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dump.path)))

        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func u64(_ at: Int) -> UInt64 { bytes[at..<at + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func string(_ at: Int) -> (String, Int) {
            let end = bytes[at...].firstIndex(of: 0)!
            return (String(decoding: bytes[at..<end], as: UTF8.self), end + 1)
        }

        #expect(u32(0) == 0x4A69_5444, "magic")
        #expect(u32(4) == 1, "version")
        #expect(u32(8) == 40, "header size")
        #expect(u32(12) == 62, "EM_X86_64")
        #expect(u32(20) == UInt32(getpid()))

        var position = 40
        var loads: [String: (address: UInt64, code: [UInt8])] = [:]
        var loadCount = 0
        var debugInfoCount = 0
        var lastTimestamp: UInt64 = 0
        while position < bytes.count {
            let id = u32(position)
            let size = Int(u32(position + 4))
            let timestamp = u64(position + 8)
            #expect(timestamp >= lastTimestamp)
            lastTimestamp = timestamp
            #expect(size >= 16 && position + size <= bytes.count, "record at \(position)")
            let body = position + 16
            switch id {
            case 0:  // JIT_CODE_LOAD
                let address = u64(body + 8)
                #expect(u64(body + 16) == address, "code_addr equals vma")
                let codeSize = Int(u64(body + 24))
                let (name, codeStart) = string(body + 40)
                #expect(codeStart + codeSize == position + size, "the code ends the record")
                loads[name] = (address, Array(bytes[codeStart..<codeStart + codeSize]))
                loadCount += 1
            case 2:  // JIT_CODE_DEBUG_INFO
                debugInfoCount += 1
                let entryCount = Int(u64(body + 8))
                var entry = body + 16
                for _ in 0..<entryCount {
                    #expect(u32(entry + 8) > 0, "line")
                    let (file, next) = string(entry + 16)
                    #expect(file.hasSuffix(".c") || file.hasSuffix(".h") || !file.isEmpty)
                    entry = next
                }
                #expect(entry == position + size)
            default:
                Issue.record("unexpected record id \(id)")
            }
            position += size
        }
        #expect(position == bytes.count)
        #expect(loadCount == module.compiledModule.functions.filter { !$0.codeRange.isEmpty }.count)
        #expect(debugInfoCount > 0)
        let major = try #require(loads["wasm!split.wasm!busy_major"])
        let offset = Int(UInt(major.address) - module.codeBaseAddress)
        #expect(Array(module.compiledModule.code[offset..<offset + major.code.count]) == major.code)
    }
}
