import Testing
import WAT
@testable import WasmCore

@Suite struct NameSectionTests {
    typealias B = BinaryBuilder

    @Test func wat2wasmNamesAreDecoded() throws {
        let module = try Module(decoding: try TestModules.featureRich())
        let names = try #require(module.names)
        #expect(names.moduleName == "features")
        #expect(names.functionNames[0] == "log")
        #expect(names.functionNames[1] == "add")
        #expect(names.functionNames[3] == "control")
        #expect(names.localNames[3]?[0] == "x")
        #expect(names.localNames[3]?[2] == "f")
        #expect(module.customSections.contains { $0.name == "name" })
    }

    @Test func handWrittenSubsectionsAreDecoded() throws {
        let functionNames = B.vector([B.unsigned(0) + B.name("main"), B.unsigned(7) + B.name("helper")])
        let localNames = B.vector([B.unsigned(7) + B.vector([B.unsigned(1) + B.name("count")])])
        let labelNames = B.vector([B.unsigned(0) + B.vector([])])
        let payload = B.name("name")
            + [0x00] + B.unsigned(UInt64(B.name("demo").count)) + B.name("demo")
            + [0x01] + B.unsigned(UInt64(functionNames.count)) + functionNames
            + [0x02] + B.unsigned(UInt64(localNames.count)) + localNames
            + [0x03] + B.unsigned(UInt64(labelNames.count)) + labelNames
        let module = try Module(decoding: B.module(B.section(0, payload)))
        let names = try #require(module.names)
        #expect(names.moduleName == "demo")
        #expect(names.functionNames == [0: "main", 7: "helper"])
        #expect(names.localNames == [7: [1: "count"]])
    }

    @Test(arguments: [
        [0x01, 0x05, 0x01, 0x00, 0x03, 0x61, 0x62],  // function name longer than the subsection
        [0x01, 0x03, 0x01, 0x00, 0x01],  // subsection shorter than its content
        [0x01, 0x04, 0x01, 0x00, 0x01, 0x80],  // name not UTF-8
        [0x01, 0x01, 0x00, 0x00, 0x01, 0x00],  // subsections out of order
        [0x02, 0xFF],  // size past the end
        [0x01, 0x01],  // size past the end by the size's own byte, at the end of the module
    ] as [[UInt8]])
    func aMalformedNameSectionIsIgnored(payload: [UInt8]) throws {
        let module = try Module(decoding: B.module(B.section(0, B.name("name") + payload)))
        #expect(module.names == nil)
        #expect(module.customSections.map(\.name) == ["name"])
    }
}
