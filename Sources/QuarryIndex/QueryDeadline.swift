import Foundation
import GRDB
import GRDBSQLite

/// A per-query time limit enforced inside SQLite through its progress handler, so a runaway query
/// answers `timeout` instead of holding a reader connection.
final class QueryDeadline: @unchecked Sendable {
    // Only read from the SQLite callback on the connection's own thread after being set there.
    private let deadline: UInt64
    private(set) var expired = false

    init(after limit: Duration) {
        let nanos = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, nanos))
    }

    /// Runs `body` with the handler installed on `db`, removing it afterwards.
    func run<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_progress_handler(db.sqliteConnection, 4000, { context in
            guard let context else { return 0 }
            let me = Unmanaged<QueryDeadline>.fromOpaque(context).takeUnretainedValue()
            if DispatchTime.now().uptimeNanoseconds >= me.deadline {
                me.expired = true
                return 1
            }
            return 0
        }, context)
        defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
        return try withExtendedLifetime(self) { try body() }
    }
}
