import GRDB
import Synchronization

/// A set of article rowids as bits, e.g. the articles quoting one of a filter's speakers.
final class RowidSet: Sendable {
    private let bits: [UInt64]
    let count: Int

    init(_ builder: Builder) {
        bits = builder.words
        count = builder.words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The bits of a set being filled, for rowids 0...`maxRowid`.
    struct Builder {
        fileprivate var words: [UInt64]

        init(maxRowid: Int) {
            words = [UInt64](repeating: 0, count: max(0, maxRowid) / 64 + 1)
        }

        mutating func insert(_ rowid: Int) {
            words[rowid >> 6] |= 1 << UInt64(rowid & 63)
        }
    }

    func contains(_ rowid: Int64) -> Bool {
        guard rowid >= 0 else { return false }
        let word = Int(rowid >> 6)
        return word < bits.count && bits[word] & (1 << UInt64(rowid & 63)) != 0
    }
}

/// Owns the rowid sets SQL may read while a query runs, through the function
/// `quarry_in_rowid_set(rowid, id)` that every reader connection has (`makeFunction`).
///
/// A query registers its set, binds the id as a statement argument, and removes the set when done;
/// ids are never reused, so a connection's cached set can never answer for another query.
enum RowidSetRegistry {
    static let functionName = "quarry_in_rowid_set"
    private static let sets = Mutex<[Int: RowidSet]>([:])
    private static let nextID = Atomic<Int>(1)

    static func register(_ set: RowidSet) -> Int {
        let id = nextID.add(1, ordering: .relaxed).newValue
        sets.withLock { $0[id] = set }
        return id
    }

    static func remove(_ id: Int) {
        _ = sets.withLock { $0.removeValue(forKey: id) }
    }

    static func set(_ id: Int) -> RowidSet? {
        sets.withLock { $0[id] }
    }

    /// The function for one connection. It keeps the last set it looked up, so the registry's lock is
    /// taken once per statement, not once per row (a connection runs one statement at a time).
    static func makeFunction() -> DatabaseFunction {
        let last = LastSet()
        return DatabaseFunction(functionName, argumentCount: 2, pure: false) { values in
            guard let rowid = Int64.fromDatabaseValue(values[0]), let id = Int.fromDatabaseValue(values[1]) else {
                return false
            }
            return last.set(id)?.contains(rowid) ?? false
        }
    }

    /// The last set one connection's function read; used only by that connection's thread at a time.
    private final class LastSet: @unchecked Sendable {
        private var id = 0
        private var cached: RowidSet?

        func set(_ id: Int) -> RowidSet? {
            if id != self.id || cached == nil {
                self.id = id
                cached = RowidSetRegistry.set(id)
            }
            return cached
        }
    }
}
