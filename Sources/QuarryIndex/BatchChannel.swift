import Foundation

/// A bounded, blocking hand-off between the indexer's preparing thread and its writing thread.
///
/// `put` blocks while `capacity` items wait; `take` blocks until an item arrives or the channel is
/// closed. `cancel` (from the consumer) makes every later `put` throw, so the producer stops early.
final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ item: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        items.append(item)
        condition.broadcast()
    }

    /// The next item, or nil once the channel is closed and drained.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
