// `wasmscope-bench tui`: how fast the full-screen debugger answers.
//
//   wasmscope-bench tui [MODULE.wasm] [--keys N] [--steps N] [ARGS...]
//
// On the largest demo (Demos/build/O0/shapes.wasm, built by `make -C Demos`)
// unless a module is given. Through the TUI's own view model, session
// controller (worker thread) and screen renderer, at 200x60, without a
// terminal (ncurses then only sends the cells that changed):
// - time to open: load and compile the module, start the session thread,
//   build the first snapshot (main's listing and source), lay out and
//   render the first frame; goal < 1 s;
// - key to screen for keys the view answers itself (cursor moves in the
//   source and machine-code panes, focus changes): handle + render;
// - key to screen for a step (`i`, stepi, and `w`, one wasm op): the request
//   to the worker, the guest's single step, the new snapshot, apply, render.
//   Goal < 50 ms. The event loop polls keys and snapshots every 20 ms, which
//   adds at most that much on top of these figures.
import Debugger
import Foundation
import ProgramRunner
import TUI
import WasmRuntime

enum TUIBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(arguments: [String]) throws {
        var modulePath = "Demos/build/O0/shapes.wasm"
        var keys = 2000
        var steps = 200
        var programArguments: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--keys": keys = max(1, Int(iterator.next() ?? "") ?? keys)
            case "--steps": steps = max(1, Int(iterator.next() ?? "") ?? steps)
            default:
                if argument.hasSuffix(".wasm") || argument.hasSuffix(".wat") {
                    modulePath = argument
                } else {
                    programArguments.append(argument)
                }
            }
        }
        guard FileManager.default.fileExists(atPath: modulePath) else {
            throw Failure(description: "\(modulePath) does not exist: run `make -C Demos` (or give a module)")
        }
        let devNull = open("/dev/null", O_WRONLY)
        let specification = ProgramSpecification(
            modulePath: modulePath, arguments: programArguments, standardInput: open("/dev/null", O_RDONLY),
            standardOutput: devNull, standardError: devNull)
        let engine = Engine()
        let bytes = (try? FileManager.default.attributesOfItem(atPath: modulePath)[.size] as? Int) ?? 0
        print("module: \(modulePath) (\(bytes / 1024) KiB)")

        // Time to open.
        let openStart = DispatchTime.now()
        let session = try DebugSession(specification: specification, engine: engine)
        let loaded = DispatchTime.now()
        let output = OutputBuffer()
        let controller = SessionController(session: session, output: output)
        let view = DebuggerView(width: 200, height: 60)
        _ = view.perform(.layout(.all))
        view.apply(try waitForSnapshot(controller))
        let screen = view.render()
        let opened = DispatchTime.now()
        print(String(format: "open: %.1f ms (load+compile %.1f ms, first snapshot+frame %.1f ms)  goal < 1000 ms",
            milliseconds(openStart, opened), milliseconds(openStart, loaded), milliseconds(loaded, opened)))
        guard screen.text.contains("Source") else { throw Failure(description: "no first frame") }

        // Stop in main.
        controller.submit(.addBreakpoint(.function("main")))
        controller.submit(.continueOrRun)
        var snapshot = try waitForSnapshot(controller, untilIdle: true)
        guard snapshot.state.isStopped else {
            throw Failure(description: "did not stop in main: \(DebuggerSnapshot.describe(snapshot.state))")
        }
        view.apply(snapshot)
        print("stopped in \(snapshot.selectedFrame?.functionName ?? "?"): \(view.wasm.rowCount) ops, \(view.machine.rowCount) machine rows, \(view.source.rowCount) source lines")

        // Keys the view answers itself.
        for (name, keySequence) in [
            ("cursor down/up, source pane", [Key.down, .up]),
            ("page down/up, source pane", [Key.pageDown, .pageUp]),
            ("cursor down/up, machine pane", [Key.tab, .tab, .down, .up, .backTab, .backTab]),
        ] {
            var samples: [Double] = []
            for index in 0..<keys {
                let key = keySequence[index % keySequence.count]
                let start = DispatchTime.now()
                _ = view.handle(key)
                _ = view.render()
                samples.append(milliseconds(start, DispatchTime.now()))
            }
            report("key to screen, \(name)", samples)
        }

        // Steps through the worker thread.
        for (name, request) in [("stepi", SessionRequest.stepInstruction), ("step wasm op", .stepOp)] {
            var samples: [Double] = []
            for _ in 0..<steps {
                let start = DispatchTime.now()
                controller.submit(request)
                snapshot = try waitForSnapshot(controller, untilIdle: true)
                view.apply(snapshot)
                _ = view.render()
                samples.append(milliseconds(start, DispatchTime.now()))
                guard snapshot.state.isStopped else { break }
            }
            report("key to screen, \(name) (worker round trip)", samples)
            guard snapshot.state.isStopped else { break }
        }
        controller.shutdown()
    }

    /// The next snapshot; with `untilIdle`, the one published after the queue drained.
    static func waitForSnapshot(_ controller: SessionController, untilIdle: Bool = false) throws -> DebuggerSnapshot {
        let deadline = Date().addingTimeInterval(60)
        var latest: DebuggerSnapshot?
        while Date() < deadline {
            if let snapshot = controller.takeSnapshot() { latest = snapshot }
            if let latest, !untilIdle || !controller.isBusy {
                // A snapshot taken while busy may predate the last request's.
                if let newer = controller.takeSnapshot() { return newer }
                return latest
            }
            usleep(50)
        }
        throw Failure(description: "no snapshot within 60 s")
    }

    static func milliseconds(_ start: DispatchTime, _ end: DispatchTime) -> Double {
        Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    }

    static func report(_ name: String, _ samples: [Double]) {
        guard !samples.isEmpty else { return }
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print(String(format: "%@: median %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)  goal < 50 ms",
            name, median, p99, sorted.last!, samples.count))
    }
}
