import CSQLiteTuning
import Foundation
import GRDB
import QuarryProtocol
import QuarryQuery
import Synchronization

/// Answers read-only queries over the index: search, quotes, facets, show, stats.
///
/// Reads go through a read-only `DatabasePool`, which sees new commits of `quarry-index` on the next
/// query. The file's identity is checked before each query: a missing file throws
/// `IndexError.missing`; a replaced file (new inode) reopens the pool.
package final class IndexReader: Sendable {
    package let path: String
    package let queryTimeout: Duration
    /// Time limit of the one query that orders every hit of an export (`all`); each page of records
    /// after it has `queryTimeout`.
    package let exportTimeout: Duration
    /// Text matches of at least this many articles are ranked in two halves at once (`twoCoreSearch`).
    package let splitRankingThreshold: Int
    /// Whether a search running alone may use two connections at once (`twoCoreSearch`).
    package let usesTwoCores: Bool
    /// A `newest` search matching at least this fraction of the articles walks them by date instead of
    /// sorting the matches (`newestByDateWalk`); 0 never walks, neither searches nor quote pages
    /// (`newestQuotesByDateWalk`).
    package let newestWalkFraction: Double
    /// Whether facets over speakers, sources and months may be counted from in-memory columns
    /// (`FacetColumns`), loaded in the background when a facet asks for them.
    package let usesFacetColumns: Bool
    let state: Mutex<State>
    /// Reader pools opened so far: each pool's connections answer `quarry_pool()` with its number.
    private let poolNumbers = Atomic<Int>(0)
    /// Searches in progress, so a lone search may use both cores (`twoCoreSearch`).
    package let runningSearches = Atomic<Int>(0)
    /// Searches answered by `twoCoreSearch`, for tests and diagnostics.
    let splitSearches = Atomic<Int>(0)
    package var splitSearchCount: Int { splitSearches.load(ordering: .relaxed) }
    /// Quote pages found by walking the articles by date (`newestQuotesByDateWalk`), for tests.
    let quoteDateWalks = Atomic<Int>(0)
    package var quoteDateWalkCount: Int { quoteDateWalks.load(ordering: .relaxed) }
    /// Queries whose speaker filter read the facet columns' article set (`speakerArticles`), for tests.
    let speakerSetUses = Atomic<Int>(0)
    package var speakerSetCount: Int { speakerSetUses.load(ordering: .relaxed) }

    struct State {
        var pool: DatabasePool?
        var identity: FileIdentity?
        /// Facet columns read from `pool` (`IndexReader+FacetColumns.swift`); reset with the pool.
        var facetColumns = FacetColumnsState()
    }

    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    package init(path: String, queryTimeout: Duration = .seconds(5), exportTimeout: Duration = .seconds(60),
                 splitRankingThreshold: Int = IndexReader.defaultSplitRankingThreshold, usesTwoCores: Bool = true,
                 newestWalkFraction: Double = 1.0 / 16, usesFacetColumns: Bool = true) {
        self.path = path
        self.queryTimeout = queryTimeout
        self.exportTimeout = exportTimeout
        self.splitRankingThreshold = splitRankingThreshold
        self.usesTwoCores = usesTwoCores
        self.newestWalkFraction = newestWalkFraction
        self.usesFacetColumns = usesFacetColumns
        self.state = Mutex(State())
    }

    /// Runs `body` on a reader connection under the per-query time limit (or `timeLimit`).
    func read<T: Sendable>(timeLimit: Duration? = nil, _ body: @Sendable (Database) throws -> T) throws -> T {
        let pool = try currentPool()
        let limit = timeLimit ?? queryTimeout
        let deadline = QueryDeadline(after: limit)
        do {
            return try pool.read { db in try deadline.run(db) { try body(db) } }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT && deadline.expired {
            throw QueryError.timeout(limit: limit)
        } catch let error as DatabaseError where Self.isMissingIndex(error) {
            state.withLock { $0 = State() }
            throw IndexError.missing(path: path)
        }
    }

    /// The functions every reader connection has: `quarry_in_bits` (`PublishedWords`: rowid sets of
    /// filters, `RowidSetRegistry`, and of export windows) and the FTS5 auxiliary functions
    /// `quarry_bm25` (`IndexSchema.rankFunction`) and `quarry_snippet` (`IndexSchema.snippetFunction`).
    package static func prepareReaderConnection(_ db: Database) throws {
        let rc = quarry_register_bm25(db.sqliteConnection)
        guard rc == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "quarry_bm25") }
        let snippet = quarry_register_snippet(db.sqliteConnection)
        guard snippet == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: snippet), message: "quarry_snippet") }
        let bits = quarry_register_in_bits(db.sqliteConnection)
        guard bits == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: bits), message: "quarry_in_bits") }
    }

    private static func isMissingIndex(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_IOERR, .SQLITE_CORRUPT: return true
        default: return error.message?.contains("no such table") ?? false
        }
    }

    func currentPool() throws -> DatabasePool {
        var st = stat()
        guard stat(path, &st) == 0 else {
            state.withLock { $0 = State() }
            throw IndexError.missing(path: path)
        }
        let identity = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        return try state.withLock { state in
            if let pool = state.pool, state.identity == identity { return pool }
            var config = Configuration()
            config.readonly = true
            config.label = "quarryd"
            config.maximumReaderCount = 4
            config.busyMode = .timeout(10)
            let poolNumber = poolNumbers.add(1, ordering: .relaxed).newValue
            config.prepareDatabase { db in
                try Self.prepareReaderConnection(db)
                db.add(function: DatabaseFunction("quarry_pool", argumentCount: 0, pure: true) { _ in poolNumber })
            }
            do {
                let pool = try DatabasePool(path: path, configuration: config)
                // Fail now, not on the first query, when the file is not an index.
                _ = try pool.read { db in try db.tableExists("article") ? 1 : 0 }
                guard try pool.read({ db in try db.tableExists("article") }) else {
                    throw IndexError.missing(path: path)
                }
                state.pool = pool
                state.identity = identity
                // Columns of the replaced file may carry the same generation number: never reuse them.
                state.facetColumns = FacetColumnsState()
                return pool
            } catch let error as DatabaseError {
                throw IndexError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
            }
        }
    }
}

/// Failures of a query, mapped to wire error codes by the daemon.
package enum QueryError: Error, Equatable, CustomStringConvertible {
    /// Query syntax; `position` is the 1-based character position in the query.
    case syntax(message: String, position: Int)
    /// A request field or filter value that cannot be used.
    case badValue(String)
    /// The query ran over the time limit.
    case timeout(limit: Duration)
    /// No article has this id.
    case notFound(id: String)

    package var description: String {
        switch self {
        case .syntax(let message, _): return message
        case .badValue(let message): return message
        case .timeout(let limit):
            return "the query ran over the \(limit) time limit; narrow it (more words, a phrase, a date range)"
        case .notFound(let id): return "no article with id \(id)"
        }
    }
}
