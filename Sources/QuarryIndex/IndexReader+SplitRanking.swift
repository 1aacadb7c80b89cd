import Dispatch
import GRDB
import QuarryQuery
import Synchronization

extension IndexReader {
    /// Matches at least this many articles before the ranking is split over two connections; below,
    /// one connection is cheaper than the extra reads (measured: a 22-hit word, 1.7 vs 2.1 ms; a
    /// 397-hit phrase, no gain).
    package static let defaultSplitRankingThreshold = 500

    /// A relevance-ranked page of a large text match, ranked in two halves of the rowid range on
    /// two reader connections at once, then merged; nil when the index changed between the reads (the
    /// caller then runs the ordinary path, which reads one snapshot).
    ///
    /// Why: bm25 is computed for every match before `LIMIT`, so a common word over 10k articles costs
    /// ~15 ms of one core, and the daemon has two. Each half ranks half the matches; bm25's statistics
    /// (row count, average length, document frequency) are table-wide in FTS5, so the halves' scores are
    /// the scores of the whole and the merged top of the two halves is the top of the whole. Scores come
    /// from an explicit `bm25(…)` with SQLite's sorter, a third cheaper than FTS5's `ORDER BY rank` mode
    /// (measured: "president", 11 vs 15 ms); ties go in rowid order. Snippets are made for the page only.
    func splitRankedSearch(_ request: QueryRequest, plan: QueryPlan, filters: ResolvedFilters,
                           selection: ArticleSelection, total: Int, generation: String) throws -> SearchPage?
    {
        guard let match = selection.match else { return nil }
        let bounds: (Int64, Int64)? = try read { db in
            // Two subqueries: `min(rowid), max(rowid)` in one SELECT scans the table instead of two seeks.
            let row = try Row.fetchOne(
                db, sql: "SELECT (SELECT min(rowid) FROM article), (SELECT max(rowid) FROM article)")
            let low: Int64? = row?[0]
            let high: Int64? = row?[1]
            return low.flatMap { low in high.map { (low, $0) } }
        }
        guard let (low, high) = bounds else { return nil }
        let middle = low + (high - low) / 2
        let want = request.offset + request.limit

        // A bare match needs no `article` join (one b-tree seek per match saved).
        let bare = selection.conditions.isEmpty
        let from = bare ? "FROM article_fts WHERE article_fts MATCH ?" : selection.fromWhere.sql
        let halves = [" AND article_fts.rowid <= ?", " AND article_fts.rowid > ?"]
        let results = Mutex<[Int: Result<Half, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let range = halves[index]
            let result = Result {
                try self.read { db in
                    var arguments: StatementArguments = bare ? [match] : selection.fromWhere.arguments
                    arguments += [middle, want]
                    let rows = try Row.fetchAll(
                        db,
                        sql: "SELECT article_fts.rowid, \(IndexSchema.rankFunction) AS score " + from + range
                            + " ORDER BY score, article_fts.rowid LIMIT ?",
                        arguments: arguments)
                    return Half(generation: try Self.generation(db), ranked: rows.map { (rowid: $0[0], score: $0[1]) })
                }
            }
            results.withLock { $0[index] = result }
        }
        let (first, second) = try results.withLock { (try $0[0]!.get(), try $0[1]!.get()) }
        guard first.generation == generation, second.generation == generation else { return nil }
        let page = (first.ranked + second.ranked)
            .sorted { $0.score < $1.score || ($0.score == $1.score && $0.rowid < $1.rowid) }
            .dropFirst(request.offset).prefix(request.limit)
        return try read { db -> SearchPage? in
            guard try Self.generation(db) == generation else { return nil }
            // bm25() is negative, better is lower; scores on the wire are positive, higher is better.
            let hits = try Self.fetchHits(db, rowids: page.map(\.rowid), match: match, scores: page.map { -$0.score })
            let facets = try Self.articleFacets(db, plan: plan, filters: filters, fields: request.facets, total: total)
            return SearchPage(total: total, hits: hits, facets: facets)
        }
    }

    /// One half's best rows, and the generation it read.
    private struct Half: Sendable {
        var generation: String
        var ranked: [(rowid: Int64, score: Double)]
    }

    /// The index generation, which every `quarry-index` commit bumps.
    static func generation(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") ?? "0"
    }
}
