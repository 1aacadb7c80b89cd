import Dispatch
import GRDB
import QuarryProtocol
import QuarryQuery
import Synchronization

extension IndexReader {
    /// Matches at least this many articles before the ranking is split over two connections; below,
    /// one connection is cheaper than the extra reads (measured: a 22-hit word, 1.7 vs 2.1 ms; a
    /// 397-hit phrase, no gain).
    package static let defaultSplitRankingThreshold = 500

    /// A relevance-ranked page of a large text match, counted and ranked in two halves of the rowid
    /// range on two reader connections at once, then merged, with the page's snippets also made two
    /// at a time; nil when the index changed between the reads (the
    /// caller then runs the ordinary path, which reads one snapshot).
    ///
    /// Why: bm25 is computed for every match before `LIMIT`, so a common word over 10k articles costs
    /// ~15 ms of one core, and the daemon has two. Each half ranks half the matches; bm25's statistics
    /// (row count, average length, document frequency) are table-wide in FTS5, so the halves' scores are
    /// the scores of the whole and the merged top of the two halves is the top of the whole. Scores come
    /// from an explicit `bm25(…)` with SQLite's sorter, a third cheaper than FTS5's `ORDER BY rank` mode
    /// (measured: "president", 11 vs 15 ms); ties go in rowid order. Snippets are made for the page only.
    func splitRankedSearch(_ request: QueryRequest, plan: QueryPlan, filters: ResolvedFilters,
                           selection: ArticleSelection, generation: String, rowids bounds: ClosedRange<Int64>) throws -> SearchPage?
    {
        guard let match = selection.match else { return nil }
        let middle = bounds.lowerBound + (bounds.upperBound - bounds.lowerBound) / 2
        let want = request.offset + request.limit

        let results = Mutex<[Int: Result<Half, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let range = index == 0 ? (sql: " AND article_fts.rowid <= ?", bound: middle)
                : (sql: " AND article_fts.rowid > ?", bound: middle)
            let result = Result {
                try self.read { db in
                    let count = try Self.count(db, selection: selection, rowids: range)
                    let ranked = try Self.rankedRowids(db, selection: selection, limit: want, offset: 0, range: range)
                    return Half(generation: try Self.generation(db), count: count, ranked: ranked)
                }
            }
            results.withLock { $0[index] = result }
        }
        let (first, second) = try results.withLock { (try $0[0]!.get(), try $0[1]!.get()) }
        guard first.generation == generation, second.generation == generation else { return nil }
        let page = (first.ranked + second.ranked)
            .sorted { $0.score < $1.score || ($0.score == $1.score && $0.rowid < $1.rowid) }
            .dropFirst(request.offset).prefix(request.limit)
        let total = first.count + second.count
        // Snippets (FTS5 re-reads each article's text) are made for the two halves of the page at once too.
        let rowids = page.map(\.rowid)
        let scores = page.map { -$0.score }  // bm25() is negative, lower is better; wire scores are positive
        let split = (rowids.count + 1) / 2
        let parts = Mutex<[Int: Result<PagePart?, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let range = index == 0 ? 0..<split : split..<rowids.count
            let result = Result {
                try self.read { db -> PagePart? in
                    guard try Self.generation(db) == generation else { return nil }
                    let hits = try Self.fetchHits(db, rowids: Array(rowids[range]), match: match,
                                                  scores: Array(scores[range]))
                    let facets = index == 0
                        ? try Self.articleFacets(db, plan: plan, filters: filters, fields: request.facets, total: total)
                        : [:]
                    return PagePart(hits: hits, facets: facets)
                }
            }
            parts.withLock { $0[index] = result }
        }
        let (head, tail) = try parts.withLock { (try $0[0]!.get(), try $0[1]!.get()) }
        guard let head, let tail else { return nil }
        splitSearches.add(1, ordering: .relaxed)
        return SearchPage(total: total, hits: head.hits + tail.hits, facets: head.facets)
    }

    /// Hits of part of a page (and the facets, with the first part).
    private struct PagePart: Sendable {
        var hits: [SearchHit]
        var facets: [String: [FacetCount]]
    }

    /// One half's count and best rows, and the generation it read.
    private struct Half: Sendable {
        var generation: String
        var count: Int
        var ranked: [(rowid: Int64, score: Double)]
    }

    /// The smallest and largest article rowid, where the halves are cut.
    static func rowidBounds(_ db: Database) throws -> ClosedRange<Int64>? {
        // Two subqueries: `min(rowid), max(rowid)` in one SELECT scans the table instead of two seeks.
        let row = try Row.fetchOne(db, sql: "SELECT (SELECT min(rowid) FROM article), (SELECT max(rowid) FROM article)")
        guard let low = row?[0] as Int64?, let high = row?[1] as Int64?, low <= high else { return nil }
        return low...high
    }

    /// The index generation, which every `quarry-index` commit bumps.
    static func generation(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") ?? "0"
    }
}
