import ArgumentParser
import Testing

@testable import WasmScopeCommands

@Suite struct CommandParsingTests {
    @Test func wastTakesFilesAndAKnownFailureList() throws {
        let command = try Wast.parse(["--known-failures", "k.txt", "-v", "a.wast", "b.wast"])
        #expect(command.files == ["a.wast", "b.wast"])
        #expect(command.knownFailuresPath == "k.txt")
        #expect(command.verbose)
    }

    @Test func wastNeedsAtLeastOneFile() {
        #expect(throws: (any Error).self) { try Wast.parse([]) }
    }

    @Test func theRootCommandKnowsItsSubcommands() throws {
        let command = try WasmScope.parseAsRoot(["inspect", "m.wasm"])
        #expect(command is Inspect)
    }

    @Test func anUnknownSubcommandIsAnError() {
        #expect(throws: (any Error).self) { try WasmScope.parseAsRoot(["frobnicate"]) }
    }
}
