/// One dedicated thread that runs jobs in order. DebugSession is written for
/// a single controller thread, and a serial DispatchQueue may hop between
/// pool threads, so the TUI owns a real thread for it.
import Foundation

final class WorkerThread: @unchecked Sendable {
    // Unchecked Sendable: `jobs` and `stopped` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false
    private var thread: Thread?

    init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        // Guest stops are waited for here and stepping loops run here; give them room.
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after the jobs already submitted.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
