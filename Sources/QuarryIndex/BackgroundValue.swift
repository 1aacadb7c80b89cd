import Dispatch
import Synchronization

/// A value computed on another thread while the caller does something else, then waited for.
///
/// It owns the result until `value()` takes it; an export reads its next window of records this way
/// while it delivers the current one.
final class BackgroundValue<T: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<T, any Error>?>(nil)

    /// Starts `body` on a global queue.
    init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async { [self] in
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits for the value (or rethrows what `body` threw). Safe to call more than once.
    func value() throws -> T {
        done.wait()
        defer { done.signal() }
        return try result.withLock { $0! }.get()
    }

    /// Waits for `body` to end, ignoring what it gave.
    func finish() {
        done.wait()
        done.signal()
    }
}
