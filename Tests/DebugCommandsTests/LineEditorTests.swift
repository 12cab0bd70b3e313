/// The REPL's line editor on a real pseudo-terminal: typed keys in, the
/// edited line out, history on the arrow keys.
import DebugCommands
import Foundation
import Glibc
import Testing

/// A pty pair; the editor reads the slave side, the test types into the master.
private struct PseudoTerminal {
    let master: Int32
    let slave: Int32

    init() throws {
        // posix_openpt and friends are out of Swift's reach; /dev/ptmx and two ioctls do the same.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw POSIXError(.ENODEV) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw POSIXError(.ENODEV)
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw POSIXError(.ENODEV) }
        // Raw before anything is typed: in the default canonical mode the line
        // discipline would act on the keys itself (erase, ^C, ^D) before the
        // editor switches modes, and the editor would wait for bytes never sent.
        var attributes = termios()
        tcgetattr(slave, &attributes)
        cfmakeraw(&attributes)
        tcsetattr(slave, TCSANOW, &attributes)
    }

    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    func close() {
        Glibc.close(master)
        Glibc.close(slave)
    }
}

@Suite(.timeLimit(.minutes(1))) struct LineEditorTests {
    @Test func editingKeysChangeTheLine() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let editor = LineEditor(input: terminal.slave, output: terminal.slave)
        // "prnt", left twice, insert "i", End, " x", backspace, "1", Enter.
        terminal.type("prnt\u{1B}[D\u{1B}[Di\u{1B}[F x\u{7F}1\r")
        #expect(editor.readLine(prompt: "(wasmscope) ") == .line("print 1"))
    }

    @Test func arrowsWalkTheHistory() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let editor = LineEditor(input: terminal.slave, output: terminal.slave)
        editor.addToHistory("break main")
        editor.addToHistory("run")
        terminal.type("\u{1B}[A\u{1B}[A\r")
        #expect(editor.readLine(prompt: "> ") == .line("break main"))
        terminal.type("\u{1B}[A\u{1B}[A\u{1B}[B\r")
        #expect(editor.readLine(prompt: "> ") == .line("run"))
    }

    @Test func controlCDropsTheLineAndControlDEnds() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let editor = LineEditor(input: terminal.slave, output: terminal.slave)
        terminal.type("garbage\u{03}")
        #expect(editor.readLine(prompt: "> ") == .interrupted)
        terminal.type("\u{04}")
        #expect(editor.readLine(prompt: "> ") == .endOfInput)
        terminal.type("abc def\u{17}\u{15}ok\r")
        #expect(editor.readLine(prompt: "> ") == .line("ok"))
    }

    @Test func tabCompletesCommandsAndArguments() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let editor = LineEditor(input: terminal.slave, output: terminal.slave)
        let symbols = CompletionSymbols(functions: ["average", "main"], sourceFiles: ["crash.c"])
        editor.completer = { CommandCompletion.complete($0, symbols: symbols) }
        terminal.type("disas\tav\t\r")
        #expect(editor.readLine(prompt: "> ") == .line("disassemble average "))
        // Two Tabs with several candidates list them under the line.
        terminal.type("b\t\t\u{15}\r")
        #expect(editor.readLine(prompt: "> ") == .line(""))
        var echoed: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var input = pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0)
        while poll(&input, 1, 200) > 0 {
            let count = read(terminal.master, &buffer, buffer.count)
            guard count > 0 else { break }
            echoed += buffer[0..<count]
        }
        #expect(String(decoding: echoed, as: UTF8.self).contains("backtrace  break"))
    }
}
