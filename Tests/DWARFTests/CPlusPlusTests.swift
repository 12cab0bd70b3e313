import DWARF
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang++-16, wasm-ld and llvm-dwarfdump-16"))
struct CPlusPlusTests {
    @Test func methodsHaveQualifiedAndLinkageNames() throws {
        let info = try Fixtures.cppProgram().debugInfo
        let perimeter = try #require(info.function(named: "geometry::Shape::perimeter"))
        #expect(perimeter.name == "perimeter")
        #expect(perimeter.qualifiedName == "geometry::Shape::perimeter")
        #expect(perimeter.linkageName == "_ZNK8geometry5Shape9perimeterEi")
        #expect(info.function(named: "_ZNK8geometry5Shape9perimeterEi") == perimeter)
        // Defined inside its class: the definition's specification points into the class.
        #expect(info.function(named: "geometry::Counter::bump")?.linkageName == "_ZN8geometry7Counter4bumpEv")
        #expect(info.function(named: "scale")?.qualifiedName == "scale")
        #expect(info.compilationUnits.contains { $0.language.isCPlusPlus })
    }

    @Test func referencesClassesAndBases() throws {
        let info = try Fixtures.cppProgram().debugInfo
        let scale = try #require(info.function(named: "scale"))
        let variables = info.variables(at: info.breakpointAddress(of: scale)).flatMap(\.variables)
        let types = Dictionary(variables.map { ($0.name, $0.type.description) }, uniquingKeysWith: { first, _ in first })
        #expect(types["value"] == "int &")
        #expect(types["square"] == "const geometry::Square &")

        let perimeter = try #require(info.function(named: "geometry::Shape::perimeter"))
        let methodVariables = info.variables(at: info.breakpointAddress(of: perimeter)).flatMap(\.variables)
        #expect(methodVariables.first { $0.name == "this" }?.type.description == "const geometry::Shape *")

        guard case .composite(let square) = try #require(info.type(named: "geometry::Square")).kind else {
            Issue.record("geometry::Square is not a composite")
            return
        }
        #expect(square.members.map(\.isBaseClass) == [true, false])
        #expect(square.members[0].type.description == "geometry::Shape")
        #expect(square.member(named: "length")?.byteOffset == 4)
        guard case .composite(let counter) = try #require(info.type(named: "geometry::Counter")).kind else {
            Issue.record("geometry::Counter is not a composite")
            return
        }
        #expect(counter.kind == .class)
        #expect(counter.members.map(\.name) == ["count"], "methods are not data members")
    }
}
