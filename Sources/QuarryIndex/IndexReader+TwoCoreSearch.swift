import Dispatch
import GRDB
import QuarryProtocol
import QuarryQuery
import Synchronization

extension IndexReader {
    /// Matches at least this many articles before the ranking is split over two connections; below,
    /// one connection ranks faster than two can be started (measured: a 397-hit phrase, no gain).
    package static let defaultSplitRankingThreshold = 500

    /// A relevance-ranked page of a text match made with two reader connections at once, for a search
    /// that runs alone (the daemon has two cores); nil when the index changed between the reads (the
    /// caller then answers from one snapshot).
    ///
    /// 1. One read counts the matches, stopping at the threshold. A small match is ranked there.
    /// 2. A large match is counted and ranked in two halves of the rowid range at once. bm25's
    ///    statistics (row count, average length, document frequency) are table-wide in FTS5, so the
    ///    halves' scores are the whole's, and the merged top of the halves is the top of the whole.
    ///    Scores come from an explicit `quarry_bm25(…)` with SQLite's sorter, a third cheaper than FTS5's
    ///    `ORDER BY rank` mode (measured: "president", 11 vs 15 ms); ties go in rowid order.
    /// 3. The page's snippets, where FTS5 re-reads and re-tokenizes each article (~0.15 ms each), are
    ///    made for the two halves of the page at once.
    func twoCoreSearch(_ request: QueryRequest, plan: QueryPlan, filters: ResolvedFilters,
                       selection: ArticleSelection, sets: ColumnSets?) throws -> SearchPage? {
        guard let match = selection.match else { return nil }
        let threshold = splitRankingThreshold
        let first = try read { db -> FirstLook? in
            let generation = try Self.snapshot(db)
            // The sets are true at their own generation only (the caller then reads once, by SQL).
            if let sets, sets.generation != generation { return nil }
            let counted = try Self.count(db, selection: selection, atMost: threshold)
            let lengths = try self.rankLengths(db)
            if counted < threshold {
                let ranked = try Self.rankedRowids(
                    db, selection: selection, limit: request.limit, offset: request.offset,
                    matches: try Self.rankInputs(db, selection, total: counted, lengths: lengths))
                return .ranked(generation: generation, total: counted, page: ranked)
            }
            guard let bounds = try Self.rowidBounds(db) else { return .ranked(generation: generation, total: 0, page: []) }
            return .large(generation: generation, rowids: bounds, lengths: lengths)
        }
        guard let first else { return nil }
        let generation: String, total: Int, page: [(rowid: Int64, score: Double)]
        switch first {
        case .ranked(let g, let t, let p):
            (generation, total, page) = (g, t, p)
        case .large(let g, let bounds, let lengths):
            guard let matches = try matchCountInHalves(match, generation: g, rowids: bounds),
                let split = try rankInHalves(request, selection: selection, generation: g, rowids: bounds,
                                             matches: RankInputs(matches: matches, lengths: lengths))
            else {
                return nil
            }
            (generation, total, page) = (g, split.total, split.page)
        }

        let rowids = page.map(\.rowid)
        let scores = page.map { -$0.score }  // bm25() is negative, lower is better; wire scores are positive
        let middle = (rowids.count + 1) / 2
        let parts = try inHalves { index -> PagePart? in
            try self.read { db -> PagePart? in
                guard try Self.snapshot(db) == generation else { return nil }
                let range = index == 0 ? 0..<middle : middle..<rowids.count
                let hits = try Self.fetchHits(db, rowids: Array(rowids[range]), match: match, scores: Array(scores[range]))
                let facets = index == 0
                    ? try Self.articleFacets(db, plan: plan, filters: filters, fields: request.facets, total: total,
                                             columns: try self.facetColumns(db, for: request.facets),
                                             sets: sets)
                    : [:]
                return PagePart(hits: hits, facets: facets)
            }
        }
        guard let head = parts.0, let tail = parts.1 else { return nil }
        splitSearches.add(1, ordering: .relaxed)
        return SearchPage(total: total, hits: head.hits + tail.hits, facets: head.facets)
    }

    /// Counts and ranks a large match in two halves of the rowid range at once and merges them.
    private func rankInHalves(_ request: QueryRequest, selection: ArticleSelection, generation: String,
                              rowids bounds: ClosedRange<Int64>, matches: RankInputs) throws
        -> (total: Int, page: [(rowid: Int64, score: Double)])?
    {
        let want = request.offset + request.limit
        let halves = try inHalves { index -> Half in
            let range = Self.rowidHalf(index, of: bounds)
            return try self.read { db -> Half in
                let generation = try Self.snapshot(db)
                // A bare text match's total is `matches` already; count only what conditions narrow.
                let count = selection.conditions.isEmpty ? 0 : try Self.count(db, selection: selection, range: range)
                let ranked = try Self.rankedRowids(db, selection: selection, limit: want, offset: 0, range: range,
                                                   matches: matches)
                return Half(generation: generation, count: count, ranked: ranked)
            }
        }
        guard halves.0.generation == generation, halves.1.generation == generation else { return nil }
        let page = (halves.0.ranked + halves.1.ranked)
            .sorted { $0.score < $1.score || ($0.score == $1.score && $0.rowid < $1.rowid) }
            .dropFirst(request.offset).prefix(request.limit)
        return (selection.conditions.isEmpty ? matches.matches : halves.0.count + halves.1.count, Array(page))
    }

    /// The number of rows the text match `match` selects (bm25's document frequency of a one-phrase
    /// query, and the total of a bare match), counted in the two halves of `bounds` at once; nil when the
    /// index changed from `generation`. One `count(*)` was most of a phrase's search (1M articles,
    /// "white house": 60 of ~100 ms) and ran on one core before the ranking could start.
    func matchCountInHalves(_ match: String, generation: String, rowids bounds: ClosedRange<Int64>) throws -> Int? {
        let halves = try inHalves { index -> Int? in
            try self.read { db -> Int? in
                guard try Self.snapshot(db) == generation else { return nil }
                let half = Self.rowidHalf(index, of: bounds)
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?" + half.sql,
                                        arguments: [match, half.bound]) ?? 0
            }
        }
        guard let low = halves.0, let high = halves.1 else { return nil }
        return low + high
    }

    /// The condition on `article_fts.rowid` (and its bound value) selecting half `index` (0: lower,
    /// 1: upper) of `bounds`.
    static func rowidHalf(_ index: Int, of bounds: ClosedRange<Int64>) -> (sql: String, bound: Int64) {
        let middle = bounds.lowerBound + (bounds.upperBound - bounds.lowerBound) / 2
        return (index == 0 ? " AND article_fts.rowid <= ?" : " AND article_fts.rowid > ?", middle)
    }

    /// Runs `body(0)` and `body(1)` at once (on two threads when the pool has them) and returns both.
    func inHalves<T: Sendable>(_ body: @Sendable (Int) throws -> T) throws -> (T, T) {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = Result { try body(index) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { (try $0[0]!.get(), try $0[1]!.get()) }
    }

    /// What the first read found: a ranked small match, or a large one to rank in halves.
    private enum FirstLook: Sendable {
        case ranked(generation: String, total: Int, page: [(rowid: Int64, score: Double)])
        case large(generation: String, rowids: ClosedRange<Int64>, lengths: Int64)
    }

    /// One half's count and best rows, and the generation it read.
    private struct Half: Sendable {
        var generation: String
        var count: Int
        var ranked: [(rowid: Int64, score: Double)]
    }

    /// Hits of part of a page (and the facets, with the first part).
    private struct PagePart: Sendable {
        var hits: [SearchHit]
        var facets: [String: [FacetCount]]
    }

    /// The smallest and largest article rowid, where the halves are cut.
    static func rowidBounds(_ db: Database) throws -> ClosedRange<Int64>? {
        // Two subqueries: `min(rowid), max(rowid)` in one SELECT scans the table instead of two seeks.
        let row = try Row.fetchOne(db, sql: "SELECT (SELECT min(rowid) FROM article), (SELECT max(rowid) FROM article)")
        guard let low = row?[0] as Int64?, let high = row?[1] as Int64?, low <= high else { return nil }
        return low...high
    }
}
