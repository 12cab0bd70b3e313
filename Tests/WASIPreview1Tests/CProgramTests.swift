/// A real C program, compiled with clang-16 against wasi-libc, run through
/// `WASIHost` on a preopened scratch directory: stdio, directories, stat,
/// rename, unlink, readdir, exit codes, and escapes refused through libc.
import Foundation
import Testing
import TestSupport
import WasmRuntime

@testable import WASIPreview1

private let programSource = #"""
    #include <dirent.h>
    #include <errno.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/stat.h>
    #include <unistd.h>

    #define CHECK(condition, what)                                        \
        do {                                                              \
            if (!(condition)) {                                           \
                printf("FAILED %s: %s\n", what, strerror(errno));         \
                return 1;                                                 \
            }                                                             \
        } while (0)

    static int compare(const void *left, const void *right) {
        return strcmp(*(char *const *)left, *(char *const *)right);
    }

    int main(int argc, char **argv) {
        const char *greeting = getenv("GREETING");
        printf("argc=%d first=%s greeting=%s\n", argc, argc > 1 ? argv[1] : "-", greeting ? greeting : "-");
        if (argc > 2 && strcmp(argv[2], "fail") == 0) {
            fflush(stdout);
            exit(7);
        }

        CHECK(mkdir("/data/dir", 0755) == 0, "mkdir");
        FILE *file = fopen("/data/dir/hello.txt", "w");
        CHECK(file != NULL, "fopen for writing");
        fprintf(file, "hello %d\n", 42);
        CHECK(fclose(file) == 0, "fclose");

        file = fopen("/data/dir/hello.txt", "r");
        CHECK(file != NULL, "fopen for reading");
        char buffer[64] = {0};
        size_t count = fread(buffer, 1, sizeof buffer - 1, file);
        fclose(file);
        printf("read %zu bytes: %s", count, buffer);

        struct stat status;
        CHECK(stat("/data/dir/hello.txt", &status) == 0, "stat");
        printf("size %lld regular %d\n", (long long)status.st_size, S_ISREG(status.st_mode));

        CHECK(rename("/data/dir/hello.txt", "/data/dir/renamed.txt") == 0, "rename");
        file = fopen("/data/scratch.txt", "w");
        CHECK(file != NULL, "fopen scratch");
        fputs("temporary", file);
        fclose(file);
        CHECK(unlink("/data/scratch.txt") == 0, "unlink");

        file = fopen("/data/input.txt", "r");
        CHECK(file != NULL, "fopen input");
        char line[64] = {0};
        CHECK(fgets(line, sizeof line, file) != NULL, "fgets");
        fclose(file);
        printf("input: %s", line);

        DIR *directory = opendir("/data");
        CHECK(directory != NULL, "opendir");
        char *names[32];
        int found = 0;
        struct dirent *entry;
        while (found < 32 && (entry = readdir(directory)) != NULL) names[found++] = strdup(entry->d_name);
        closedir(directory);
        qsort(names, found, sizeof *names, compare);
        printf("entries:");
        for (int index = 0; index < found; index++) printf(" %s", names[index]);
        printf("\n");

        errno = 0;
        FILE *escape = fopen("/data/../outside/canary", "r");
        printf("escape: %s\n", escape ? "OPENED" : "refused");
        escape = fopen("/etc/passwd", "r");
        printf("absolute: %s\n", escape ? "OPENED" : "refused");
        fprintf(stderr, "done\n");
        return 0;
    }
    """#

/// Compiled once for every test that runs it.
private let compiledProgram: Result<[UInt8], Toolchain.Failure> = {
    do {
        return .success(try Toolchain.buildWASI(source: programSource, name: "files"))
    } catch let failure as Toolchain.Failure {
        return .failure(failure)
    } catch {
        return .failure(Toolchain.Failure(description: "\(error)"))
    }
}()

@Suite struct CProgramTests {
    enum Outcome: Sendable, Equatable {
        case exited(UInt32)
        case failed(String)
    }

    /// Instantiates the program with a host for `configuration` and calls `_start` on a guest thread.
    static func run(_ wasm: [UInt8], _ configuration: WASIConfiguration, strategy: PathResolutionStrategy) -> Outcome {
        let outcome = GuestThread.run { () -> Outcome in
            do {
                let host = try WASIHost(configuration: configuration)
                host.pathResolver.strategy = strategy
                let module = try LoadedModule(engine: sharedEngine, bytes: wasm, name: "files.wasm")
                let store = Store(engine: sharedEngine)
                var imports = Imports()
                host.define(in: &imports, store: store)
                let instance = try Instance(store: store, module: module, imports: imports)
                host.attach(memory: instance.memory("memory")!)
                do throws(Trap) {
                    _ = try instance.function("_start")!.call([])
                    return .exited(0)
                } catch {
                    if let exit = error.hostError?.payload as? WASIExit { return .exited(exit.code) }
                    return .failed(error.description)
                }
            } catch {
                return .failed("\(error)")
            }
        }
        return outcome ?? .failed("the program did not finish in time")
    }

    @Test(.enabled(if: Toolchain.isInstalled), arguments: bothStrategies)
    func aCProgramWorksOnItsPreopenedDirectory(strategy: PathResolutionStrategy) throws {
        let wasm = try compiledProgram.get()
        let scratch = try Scratch()
        try scratch.createFile("input.txt", "from the test\n")
        let outsideBefore = scratch.outsideSnapshot()
        let output = open(scratch.stdio + "/out", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let errors = open(scratch.stdio + "/err", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer {
            close(output)
            close(errors)
        }
        let configuration = WASIConfiguration(
            arguments: ["files.wasm", "first-argument"], environment: ["GREETING=hi there"],
            preopens: [PreopenDirectory(hostPath: scratch.sandbox, guestPath: "/data")],
            standardOutput: output, standardError: errors)

        #expect(Self.run(wasm, configuration, strategy: strategy) == .exited(0))
        let printed = try String(contentsOfFile: scratch.stdio + "/out", encoding: .utf8)
        #expect(
            printed == """
                argc=2 first=first-argument greeting=hi there
                read 9 bytes: hello 42
                size 9 regular 1
                input: from the test
                entries: . .. dir input.txt
                escape: refused
                absolute: refused

                """)
        #expect(try String(contentsOfFile: scratch.stdio + "/err", encoding: .utf8) == "done\n")
        #expect(scratch.contents("dir/renamed.txt") == "hello 42\n")
        #expect(!scratch.exists("dir/hello.txt"))
        #expect(!scratch.exists("scratch.txt"))
        #expect(scratch.outsideSnapshot() == outsideBefore)
    }

    @Test(.enabled(if: Toolchain.isInstalled))
    func exitCodesComeBackAsWASIExit() throws {
        let wasm = try compiledProgram.get()
        let scratch = try Scratch()
        let output = open(scratch.stdio + "/out", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(output) }
        let configuration = WASIConfiguration(
            arguments: ["files.wasm", "x", "fail"], preopens: [PreopenDirectory(hostPath: scratch.sandbox, guestPath: "/data")],
            standardOutput: output)
        #expect(Self.run(wasm, configuration, strategy: .openat2) == .exited(7))
        #expect(try String(contentsOfFile: scratch.stdio + "/out", encoding: .utf8) == "argc=3 first=x greeting=-\n")
        #expect(!scratch.exists("dir"))
    }
}
