/// The numbers of the ABI, checked against wasi-libc's `<wasi/api.h>`: the
/// implementation's errno enumeration and the constants the other tests use.
import Foundation
import Testing

@testable import WASIPreview1

@Suite struct ABINumberTests {
    static let headerPath = "/usr/include/wasm32-wasi/wasi/api.h"

    /// `#define NAME (UINT16_C(5))` or `#define NAME ((__wasi_rights_t)(1 << 3))`, by name.
    static func headerConstants() throws -> [String: UInt64] {
        let text = try String(contentsOfFile: headerPath, encoding: .utf8)
        var constants: [String: UInt64] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("#define __WASI_") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3 else { continue }
            let value = String(parts[2])
            if let match = value.firstMatch(of: /UINT(?:8|16|32|64)_C\((\d+)\)/), let number = UInt64(match.1) {
                constants[String(parts[1])] = number
            } else if let match = value.firstMatch(of: /\(1 << (\d+)\)/), let shift = UInt64(match.1) {
                constants[String(parts[1])] = 1 << shift
            }
        }
        return constants
    }

    @Test func everyErrnoMatchesTheHeader() throws {
        guard FileManager.default.fileExists(atPath: Self.headerPath) else { return }
        let constants = try Self.headerConstants()
        let errnos = constants.filter { $0.key.hasPrefix("__WASI_ERRNO_") }
        #expect(errnos.count == 77)
        #expect(WASIErrno.allCases.count == 77)
        // Each value appears once in the header and once in the enumeration.
        #expect(Set(errnos.values) == Set(WASIErrno.allCases.map { UInt64($0.rawValue) }))
        #expect(constants["__WASI_ERRNO_FAULT"] == UInt64(WASIErrno.fault.rawValue))
        #expect(constants["__WASI_ERRNO_NOTCAPABLE"] == UInt64(WASIErrno.notCapable.rawValue))
        #expect(constants["__WASI_ERRNO_LOOP"] == UInt64(WASIErrno.loop.rawValue))
        #expect(constants["__WASI_ERRNO_NOSYS"] == UInt64(WASIErrno.notImplemented.rawValue))
        #expect(constants["__WASI_ERRNO_NOTSUP"] == UInt64(WASIErrno.notSupported.rawValue))
        for (name, value) in Errno.headerNames {
            #expect(constants["__WASI_ERRNO_" + name] == UInt64(value), "\(name)")
        }
    }

    @Test func rightsFlagsAndEnumerationsMatchTheHeader() throws {
        guard FileManager.default.fileExists(atPath: Self.headerPath) else { return }
        let constants = try Self.headerConstants()
        for (name, value) in ABI.headerNames {
            #expect(constants[name] == value, "\(name)")
        }
        let rights = constants.filter { $0.key.hasPrefix("__WASI_RIGHTS_") }
        #expect(rights.count == 30)
        #expect(rights.values.reduce(0, |) == Rights.all.rawValue)
        #expect(constants["__WASI_RIGHTS_PATH_OPEN"] == Rights.pathOpen.rawValue)
        #expect(constants["__WASI_RIGHTS_SOCK_ACCEPT"] == Rights.sockAccept.rawValue)
        #expect(constants["__WASI_FDFLAGS_RSYNC"] == UInt64(FileDescriptorFlags.rsync.rawValue))
        #expect(constants["__WASI_FILETYPE_SOCKET_STREAM"] == UInt64(Filetype.socketStream.rawValue))
        #expect(constants["__WASI_ADVICE_RANDOM"] == UInt64(Advice.random.rawValue))
    }

    @Test func hostErrnosMapToTheirWASINames() {
        #expect(WASIErrno(hostErrno: ENOENT) == .noEntry)
        #expect(WASIErrno(hostErrno: EXDEV) == .crossDevice)
        #expect(WASIErrno(hostErrno: ENOTSUP) == .notSupported)
        #expect(WASIErrno(hostErrno: EWOULDBLOCK) == .again)
        #expect(WASIErrno(hostErrno: 4095) == .io)
    }
}
