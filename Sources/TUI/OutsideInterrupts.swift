/// A SIGINT sent from outside (`kill -INT`) while the screen is up. Raw mode
/// turns Ctrl-C into a key, so the signal only comes from another process; it
/// must not end wasmscope with a raw terminal left behind. While watching,
/// the signal is ignored by the process and delivered to `handler` on a queue
/// of its own; `cancel()` restores the default.
import Dispatch
import Glibc

final class OutsideInterrupts {
    private let source: any DispatchSourceSignal

    init(label: String, handler: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: label))
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
