import Foundation

/// SIGINT and SIGTERM as a request to stop: the live loop finishes the evaluation in hand,
/// prints its summary and exits 0, instead of dying mid-line.
public final class StopSignal {
    private let wakeUp = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    public init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        for number in signals {
            // Ignored by the process so that the dispatch source, not the default action, sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    private func request() {
        lock.lock()
        requested = true
        lock.unlock()
        wakeUp.signal()
    }

    /// Sleeps until `date` or until a stop is requested; true when stopping.
    public func sleep(until date: Date) -> Bool {
        if isRequested { return true }
        let seconds = date.timeIntervalSinceNow
        if seconds > 0 { _ = wakeUp.wait(timeout: .now() + seconds) }
        return isRequested
    }
}
