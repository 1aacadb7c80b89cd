import QuarryProtocol
import Synchronization

/// A small least-recently-used cache of replies keyed by the index's content stamp and the request
/// (without its id), so a repeated query, or the next page of one, costs no ranking while the index
/// is unchanged. Any commit by `quarry-index` changes the stamp, which retires every entry.
final class ReplyCache: Sendable {
    private struct State {
        var stamp = ""
        var entries: [String: Reply] = [:]
        var order: [String] = []
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// - Parameter capacity: entries kept; 0 disables the cache.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// False when configured with no entries: callers then skip computing keys and stamps.
    var isEnabled: Bool { capacity > 0 }

    /// The cache key of a request: its JSON line without `id` (sorted keys, so equal requests match),
    /// written by `Request.line()` rather than `JSONEncoder`: this runs for every cacheable request.
    static func key(for request: Request) -> String? {
        var keyed = request
        keyed.id = nil
        guard let line = try? keyed.line() else { return nil }
        return String(decoding: line, as: UTF8.self)
    }

    func lookup(_ key: String, stamp: String) -> Reply? {
        guard capacity > 0 else { return nil }
        return state.withLock { state in
            guard state.stamp == stamp, let reply = state.entries[key] else { return nil }
            if let i = state.order.firstIndex(of: key) { state.order.remove(at: i) }
            state.order.append(key)
            return reply
        }
    }

    func store(_ reply: Reply, for key: String, stamp: String) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.stamp != stamp {
                state = State()
                state.stamp = stamp
            }
            if state.entries.updateValue(reply, forKey: key) == nil {
                state.order.append(key)
            }
            while state.order.count > capacity {
                state.entries[state.order.removeFirst()] = nil
            }
        }
    }
}
