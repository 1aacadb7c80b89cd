import NIOCore
import Synchronization

/// The connections being served: enforces `max_connections` and reaches every one at shutdown.
final class ConnectionRegistry: Sendable {
    /// What happens to a newly accepted connection.
    enum Admission: Equatable {
        case admitted
        /// `max_connections` are already being served.
        case overLimit
        /// A graceful shutdown has begun.
        case shuttingDown
    }

    private struct State {
        var channels: [Int: any Channel] = [:]
        var shuttingDown = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts the connection in, unless it is one too many or the daemon is shutting down.
    func admit(_ number: Int, channel: any Channel) -> Admission {
        state.withLock { state in
            if state.shuttingDown { return .shuttingDown }
            if state.channels.count >= limit { return .overLimit }
            state.channels[number] = channel
            return .admitted
        }
    }

    /// Counts a finished connection out.
    func remove(_ number: Int) {
        _ = state.withLock { $0.channels.removeValue(forKey: number) }
    }

    /// Refuses further admissions and returns the connections being served.
    func beginShutdown() -> [any Channel] {
        state.withLock { state in
            state.shuttingDown = true
            return Array(state.channels.values)
        }
    }

    /// The connections being served.
    var channels: [any Channel] {
        state.withLock { Array($0.channels.values) }
    }
}
