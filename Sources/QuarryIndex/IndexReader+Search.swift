import GRDB
import GRDBSQLite
import QuarryProtocol
import QuarryQuery

/// What a `search`, `quotes` or `facets` request asks for, independent of the wire.
package struct QueryRequest: Sendable {
    package var q: String
    package var filters: Filters
    package var facets: [FacetField]
    package var sort: ResultOrder
    package var limit: Int
    package var offset: Int

    package init(q: String, filters: Filters, facets: [FacetField], sort: ResultOrder, limit: Int, offset: Int) {
        self.q = q
        self.filters = filters
        self.facets = facets
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// One page of search hits with the exact total and the requested facets.
package struct SearchPage: Sendable {
    package var total: Int
    package var hits: [SearchHit]
    package var facets: [String: [FacetCount]]
}

extension IndexReader {
    /// Ranked (or date-ordered) articles matching the request.
    ///
    /// A relevance-ranked page of a text match uses both cores when no other search runs
    /// (`IndexReader+TwoCoreSearch.swift`); otherwise, and for date orders, one connection answers
    /// from one snapshot.
    package func search(_ request: QueryRequest) throws -> SearchPage {
        let (plan, filters) = try prepare(request)
        let others = runningSearches.add(1, ordering: .relaxed).oldValue
        defer { runningSearches.subtract(1, ordering: .relaxed) }
        let sets = try columnSets(plan, filters)
        defer { sets?.remove() }
        let selection = ArticleSelection(plan: plan, filters: filters, sets: sets)
        if usesTwoCores, request.sort == .relevance, selection.match != nil, request.limit > 0, others == 0,
           let page = try twoCoreSearch(request, plan: plan, filters: filters, selection: selection, sets: sets) {
            return page
        }
        return try read { db in
            // The sets are true at their generation only; after a commit the subqueries answer.
            let setsHold = try sets.map { try Self.snapshot(db) == $0.generation } ?? false
            let chosen = setsHold ? selection : ArticleSelection(plan: plan, filters: filters)
            // A date-ordered page of a text match collects its matches once: their number is the total.
            let matches = request.sort != .relevance && request.limit > 0 && self.newestWalkFraction > 0
                ? try Self.matchSet(db, chosen) : nil
            return try self.page(db, request, plan: plan, filters: filters, selection: chosen,
                                 total: try matches?.count ?? Self.count(db, selection: chosen), sets: setsHold ? sets : nil,
                                 matches: matches)
        }
    }

    /// A page, its total and facets from one connection.
    func page(_ db: Database, _ request: QueryRequest, plan: QueryPlan, filters: ResolvedFilters,
              selection: ArticleSelection, total: Int, sets: ColumnSets? = nil, matches: RowidSet? = nil) throws
        -> SearchPage
    {
        try Self.page(db, request, plan: plan, filters: filters, selection: selection, total: total,
                      newestWalkFraction: newestWalkFraction,
                      columns: try facetColumns(db, for: request.facets), sets: sets, matchSet: matches,
                      lengths: try rankLengths(db))
    }

    /// A page, its total and facets from one connection. A relevance page is ranked by the explicit
    /// `quarry_bm25(…)` and the sorter (`rankedRowids`), then given snippets: FTS5's `ORDER BY rank`
    /// would count the rows of each phrase again (bm25's document frequencies), whatever the page.
    ///
    /// A `newest` page of a text match walks the articles by date and stops at the page when that is
    /// the cheaper plan (`walksByDate`, `newestByDateWalk`); otherwise its matches are sorted.
    static func page(_ db: Database, _ request: QueryRequest, plan: QueryPlan, filters: ResolvedFilters,
                     selection: ArticleSelection, total: Int,
                     newestWalkFraction: Double = 1.0 / 16, columns: FacetColumns? = nil,
                     sets: ColumnSets? = nil, matchSet: RowidSet? = nil, lengths: Int64 = 0) throws -> SearchPage {
        var hits: [SearchHit] = []
        if request.limit > 0 && request.offset < total {
            let matches = try rankInputs(db, selection, total: total, lengths: lengths)
            if request.sort == .relevance, let match = selection.match {
                let ranked = try rankedRowids(db, selection: selection, limit: request.limit, offset: request.offset,
                                              matches: matches)
                hits = try fetchHits(db, rowids: ranked.map(\.rowid), match: match, scores: ranked.map { -$0.score })
            } else if request.sort == .newest, let match = selection.match,
                      try walksByDate(db, total: total, wanted: request.limit + request.offset, matchSet: matchSet,
                                      walkFraction: newestWalkFraction) {
                let rowids = try newestByDateWalk(db, selection: selection, limit: request.limit, offset: request.offset,
                                                  matches: matchSet)
                hits = try fetchHits(db, rowids: rowids, match: match, matches: matches)
            } else if request.sort == .oldest, let match = selection.match, let matchSet,
                      try walksByDate(db, total: total, wanted: request.limit + request.offset, matchSet: matchSet,
                                      walkFraction: newestWalkFraction) {
                let rowids = try dateWalk(db, matches: matchSet, order: .oldest, limit: request.limit, offset: request.offset)
                hits = try fetchHits(db, rowids: rowids, match: match, matches: matches)
            } else {
                hits = try fetchHits(db, selection: selection, sort: request.sort, limit: request.limit,
                                     offset: request.offset, matches: matches)
            }
        }
        let facets = try articleFacets(db, plan: plan, filters: filters, fields: request.facets, total: total,
                                       columns: columns, sets: sets)
        return SearchPage(total: total, hits: hits, facets: facets)
    }

    /// Every hit of `request` in order, delivered `pageSize` at a time without holding them all, as
    /// `SearchHit`s (tests and tools; quarryd sends `searchAllEncoded`'s records as they are).
    package func searchAll(_ request: QueryRequest, pageSize: Int = 500, exportWindow: Int = 50_000,
                           _ deliver: ([SearchHit]) throws -> Void) throws -> Int {
        try searchAllEncoded(request, pageSize: pageSize, exportWindow: exportWindow) { page in
            try deliver(JSONDecoder().decode([SearchHit].self, from: Data([UInt8(ascii: "[")] + page.json + [UInt8(ascii: "]")])))
        }
    }

    /// Every hit of `request` in order as wire records, delivered `pageSize` at a time without
    /// holding them all: the ordered row ids are fetched first, then records `exportWindow` at a time.
    package func searchAllEncoded(_ request: QueryRequest, pageSize: Int = 500, exportWindow: Int = 50_000,
                                  _ deliver: (EncodedHits) throws -> Void) throws -> Int {
        let (plan, filters) = try prepare(request)
        let selection = ArticleSelection(plan: plan, filters: filters)
        let ordered = try exportOrder(request, selection: selection)
        // A window of a text match's records is read in one pass over the match in rowid order
        // (`HitRows.encodeByRowid`): `rowid IN (…)` restarts the match for every rowid (1M articles,
        // "said": ~46 µs a record, more than the snippet). Each pass reads the whole range, so windows
        // are large; records are held as wire JSON (~0.5 kB each). Small windows keep `IN`.
        // The next window is read while the current one is delivered (the client reads meanwhile).
        let windows = Self.exportWindows(count: ordered.count, pageSize: pageSize, largest: exportWindow)
        let match = selection.match
        func startReading(_ window: Range<Int>) -> BackgroundValue<[HitRows.EncodedRecords]> {
            BackgroundValue { try self.exportRecords(window, of: ordered, match: match, pageSize: pageSize) }
        }
        var next = windows.first.map(startReading)
        defer { next?.finish() }
        for (index, window) in windows.enumerated() {
            guard let reading = next else { break }
            let parts = try reading.value()
            next = index + 1 < windows.count ? startReading(windows[index + 1]) : nil
            var page = EncodedHits(capacity: 600 * pageSize)
            for position in window {
                let rowid = ordered[position].rowid
                // A row deleted since the order was read has no record.
                guard let record = parts.lazy.compactMap({ $0.record(rowid) }).first else { continue }
                page.append(record: record)
                if page.count == pageSize {
                    try deliver(page)
                    page = EncodedHits(capacity: 600 * pageSize)
                }
            }
            if page.count > 0 { try deliver(page) }
        }
        return ordered.count
    }

    /// The windows an export of `count` records is read in: the first of `largest / 16` records (at
    /// least a page), each next one twice as large up to `largest`. The first records go out soon
    /// and the reading of later windows overlaps their delivery (100k articles, "said", 70k records:
    /// 1.89 s with windows of 50k).
    package static func exportWindows(count: Int, pageSize: Int, largest: Int) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        var size = min(largest, max(pageSize, largest / 16))
        var start = 0
        while start < count {
            windows.append(start..<min(start + size, count))
            start += size
            size = min(largest, size * 2)
        }
        return windows
    }

    /// Every selected row in the export's order, with its wire score. The scores come with the order:
    /// asking for `rank` again per chunk (`rowid IN (…)`) makes FTS5 restart the query for every row
    /// and costs ~40% of an export (measured: "said", 8.3k hits).
    private func exportOrder(_ request: QueryRequest, selection: ArticleSelection) throws
        -> [(rowid: Int64, score: Double)]
    {
        let ranked = selection.match != nil
        if ranked && request.sort == .relevance {
            // Relevance: every match scored by `scoring`, the query of `rankedRowids` (same scores as pages),
            // then sorted here by score and rowid (as pages order them); the halves of the rowid range
            // at once when no search runs. SQLite's sorter took ~1.5 of the 2.5 s of 700k matches.
            var scored = try scoreInHalves(selection) ?? read(timeLimit: exportTimeout) { db in
                let matches = try Self.rankInputs(db, selection, lengths: try self.rankLengths(db))
                let query = Self.scoring(selection, range: nil, matches: matches, keep: 0)
                return try Self.rowidScores(db, sql: query.sql, arguments: query.arguments)
            }
            scored.sort { $0.score < $1.score || ($0.score == $1.score && $0.rowid < $1.rowid) }
            for i in scored.indices { scored[i].score = -scored[i].score }  // in place: 700k rows are 11 MB
            return scored
        }
        return try read(timeLimit: exportTimeout) { db in
            let matches = try Self.rankInputs(db, selection, lengths: try self.rankLengths(db))
            let (fromWhere, args) = selection.fromWhere
            let score = ranked ? "-" + IndexSchema.rankFunction : "0.0"
            return try Self.rowidScores(
                db, sql: "SELECT a.rowid, \(score) " + fromWhere + " " + Self.orderBy(request.sort),
                arguments: (ranked ? matches.arguments : []) + args)
        }
    }

    /// Every match of `selection` with its bm25 score, unordered, on two connections at once (the
    /// halves of the rowid range); nil when a search is running or the index changed between the reads.
    private func scoreInHalves(_ selection: ArticleSelection) throws -> [(rowid: Int64, score: Double)]? {
        guard let match = selection.match, usesTwoCores, runningSearches.load(ordering: .relaxed) == 0 else { return nil }
        let first = try read(timeLimit: exportTimeout) { db -> (String, ClosedRange<Int64>, Int64)? in
            guard let bounds = try Self.rowidBounds(db) else { return nil }
            return (try Self.snapshot(db), bounds, try self.rankLengths(db))
        }
        guard let (generation, bounds, lengths) = first,
            let count = try matchCountInHalves(match, generation: generation, rowids: bounds)
        else {
            return nil
        }
        let matches = RankInputs(matches: count, lengths: lengths)
        let halves = try inHalves { index in
            try self.read(timeLimit: self.exportTimeout) { db -> [(rowid: Int64, score: Double)]? in
                guard try Self.snapshot(db) == generation else { return nil }
                let query = Self.scoring(selection, range: Self.rowidHalf(index, of: bounds), matches: matches, keep: 0)
                return try Self.rowidScores(db, sql: query.sql, arguments: query.arguments)
            }
        }
        guard var low = halves.0, let high = halves.1 else { return nil }
        low.append(contentsOf: high)
        return low
    }

    /// The records of the rows of `ordered` in `window`: with no search running, the two halves
    /// (by rowid) on two connections at once, each in one pass over its part of the match.
    private func exportRecords(_ window: Range<Int>, of ordered: [(rowid: Int64, score: Double)], match: String?,
                               pageSize: Int) throws -> [HitRows.EncodedRecords] {
        // Snippets are most of an export's work (100k articles, "said", 70k records: 5.75 -> 3.88 s
        // on two connections with FTS5's snippets). Halves by rowid, so that each pass reads its own
        // part of the match (1M, "said", 700k records: 30.2 -> 19.1 s against halves by rank).
        guard usesTwoCores, window.count > 2 * pageSize, runningSearches.load(ordering: .relaxed) == 0 else {
            return [try exportRecords(Array(window), of: ordered, match: match, pageSize: pageSize)]
        }
        let median = window.map { ordered[$0].rowid }.sorted()[window.count / 2]
        let halves = try inHalves { index in
            try self.exportRecords(window.filter { (ordered[$0].rowid < median) == (index == 0) },
                                   of: ordered, match: match, pageSize: pageSize)
        }
        return [halves.0, halves.1]
    }

    /// The records of the rows of `ordered` at `positions`: read in one pass over the match in rowid
    /// order when they are more than a page, else with `rowid IN (…)`.
    private func exportRecords(_ positions: [Int], of ordered: [(rowid: Int64, score: Double)], match: String?,
                               pageSize: Int) throws -> HitRows.EncodedRecords {
        let chunk = positions.map { ordered[$0].rowid }
        let scores = positions.map { ordered[$0].score }
        if let match, positions.count > pageSize, let low = chunk.min(), let high = chunk.max(),
            let bits = PublishedWords.bits(of: chunk)
        {
            let scoreOf = Dictionary(zip(chunk, scores), uniquingKeysWith: { first, _ in first })
            return try read(timeLimit: exportTimeout) { db in
                try HitRows.encodeByRowid(db, sql: """
                    SELECT \(Self.hitColumns), 0.0, \(IndexSchema.snippetFunction), a.rowid
                    FROM article_fts JOIN article a ON a.rowid = article_fts.rowid
                    WHERE article_fts MATCH ? AND article_fts.rowid BETWEEN ? AND ?
                      AND \(PublishedWords.inBitsFunction)(article_fts.rowid, ?)
                    """, arguments: [match, low, high, bits.id], scores: scoreOf)
            }
        }
        let hits = try read(timeLimit: exportTimeout) { db in
            try Self.hitsByRowid(db, rowids: chunk, match: match, scores: scores)
        }
        var records = HitRows.EncodedRecords()
        for (rowid, hit) in hits { try records.append(hit, rowid: rowid) }
        return records
    }

    /// The number of selected articles. A bare text match is counted on `article_fts` alone
    /// (`narrowFromWhere`; measured: "president", 7.4k of 10k articles, 19 ms joined vs 0.5 ms).
    /// With `atMost`, counting stops there: the exact count when smaller, else `atMost`. `range`
    /// limits a text match to a range of `article_fts.rowid` (a condition and its bound value).
    static func count(_ db: Database, selection: ArticleSelection, atMost: Int? = nil,
                      range: (sql: String, bound: Int64)? = nil) throws -> Int {
        // Only a rowid set (e.g. a speaker filter without words): its size, not a pass over every article.
        if selection.match == nil, range == nil, selection.conditions.count == 1, let id = selection.rowidSets.first,
           let set = RowidSetRegistry.set(id) {
            return atMost.map { min($0, set.count) } ?? set.count
        }
        var (sql, arguments) = selection.narrowFromWhere
        if let range, selection.match != nil {
            sql += range.sql
            arguments += [range.bound]
        }
        guard let atMost else {
            return try Int.fetchOne(db, sql: "SELECT count(*) " + sql, arguments: arguments) ?? 0
        }
        arguments += [atMost]
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 " + sql + " LIMIT ?)", arguments: arguments) ?? 0
    }

    /// The inputs of `quarry_bm25` (`IndexSchema.rankFunction`): the number of rows the text match
    /// alone selects — `total` when the selection is that match; -1 without a text match — and the
    /// document lengths `lengths` (`rankLengths`).
    static func rankInputs(_ db: Database, _ selection: ArticleSelection, total: Int? = nil, lengths: Int64) throws
        -> RankInputs
    {
        guard let match = selection.match else { return RankInputs(matches: -1, lengths: lengths) }
        if selection.conditions.isEmpty, let total { return RankInputs(matches: total, lengths: lengths) }
        let matches = try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?",
                                       arguments: [match]) ?? 0
        return RankInputs(matches: matches, lengths: lengths)
    }

    /// The best `limit` matches after `offset`, by an explicit `quarry_bm25(…)` with SQLite's sorter (a third
    /// cheaper than FTS5's `ORDER BY rank` mode on large matches), ties in rowid order. `range` adds
    /// a condition on `article_fts.rowid` (with its bound value) for `rankInHalves`.
    static func rankedRowids(_ db: Database, selection: ArticleSelection, limit: Int, offset: Int,
                             range: (sql: String, bound: Int64)? = nil, matches: RankInputs) throws
        -> [(rowid: Int64, score: Double)]
    {
        guard selection.match != nil else { return [] }
        // A page of a bare text match keeps only rows that can be on it (NULL for the others, dropped).
        // Not with other conditions: SQLite may score a row before testing them, and rows they reject
        // would take places among the best.
        let keep = limit >= 0 && selection.conditions.isEmpty ? limit + max(0, offset) : 0
        var query = scoring(selection, range: range, matches: matches, keep: keep)
        query.arguments += [limit, offset]
        return try rowidScores(db, sql: query.sql + " ORDER BY score, rowid LIMIT ? OFFSET ?", arguments: query.arguments)
    }

    /// `SELECT rowid, score` of every match of `selection` (within `range`) scored by `quarry_bm25`
    /// (`keep` as in `RankInputs`), unordered, rows with a NULL score left out; and its arguments.
    static func scoring(_ selection: ArticleSelection, range: (sql: String, bound: Int64)?, matches: RankInputs,
                        keep: Int) -> (sql: String, arguments: StatementArguments) {
        var (from, fromArguments) = selection.narrowFromWhere
        var inputs = matches
        inputs.keep = keep
        var arguments = inputs.arguments
        arguments += fromArguments
        if let range {
            from += range.sql
            arguments += [range.bound]
        }
        let sql = "SELECT rowid, score FROM (SELECT article_fts.rowid AS rowid, \(IndexSchema.rankFunction) AS score "
            + from + ") WHERE score IS NOT NULL"
        return (sql, arguments)
    }

    /// `(rowid, score)` rows read through a cursor, one reused `Row` at a time: an export orders up to
    /// every match, and 700k `Row`s held at once raised quarryd's peak RSS from ~90 to ~230 MB.
    static func rowidScores(_ db: Database, sql: String, arguments: StatementArguments) throws
        -> [(rowid: Int64, score: Double)]
    {
        var scores: [(rowid: Int64, score: Double)] = []
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        // Raw column values: GRDB's generic `row[i]` looks up type metadata under a lock per value.
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            scores.append((sqlite3_column_int64(raw, 0), sqlite3_column_double(raw, 1)))
        }
        return scores
    }

    /// Whether a newest page walks the articles by date rather than sorting the matches. With the
    /// matches already in a bit set (`matchSet`) the walk only reads the date index, about
    /// `wanted × articles / total` entries: walked up to `maxDateWalk` of them (1M, "economy" + a
    /// speaker, 13k matches: 212 -> 37 ms). Otherwise the SQL walk, from `newestWalkMinimum` matches on.
    static func walksByDate(_ db: Database, total: Int, wanted: Int, matchSet: RowidSet?, walkFraction: Double) throws
        -> Bool
    {
        guard walkFraction > 0, total > 0 else { return false }
        if matchSet != nil, let bounds = try rowidBounds(db) {
            let visits = Double(wanted) * Double(bounds.upperBound - bounds.lowerBound + 1) / Double(total)
            return visits <= Double(maxDateWalk)
        }
        return total >= (try newestWalkMinimum(db, walkFraction: walkFraction))
    }

    /// Most date-index entries a newest page over a bit set of its matches may read (~0.1 µs each).
    static let maxDateWalk = 250_000

    /// The smallest match for which walking the articles by date beats sorting the matches: the walk
    /// visits about `limit / fraction` articles, sorting costs one join and sort entry per match.
    static func newestWalkMinimum(_ db: Database, walkFraction: Double) throws -> Int {
        guard walkFraction > 0, let bounds = try rowidBounds(db) else { return .max }
        return Int((Double(bounds.upperBound - bounds.lowerBound + 1) * walkFraction).rounded(.up))
    }

    /// The newest matches, found by walking `article_published` from the latest date down and stopping
    /// at the page instead of sorting every match (the matching rowids are collected once from FTS5).
    /// Same order as `orderBy(.newest)`: date descending, then rowid descending, undated last.
    static func newestByDateWalk(_ db: Database, selection: ArticleSelection, limit: Int, offset: Int,
                                 matches known: RowidSet? = nil) throws -> [Int64] {
        guard let match = selection.match else { return [] }
        if let matches = try known ?? matchSet(db, selection) {
            return try dateWalk(db, matches: matches, order: .newest, limit: limit, offset: offset)
        }
        var sql = "SELECT a.rowid FROM article a INDEXED BY article_published "
            + "WHERE a.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)"
        for condition in selection.conditions { sql += " AND " + condition }
        sql += " ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?"
        var arguments: [any DatabaseValueConvertible & Sendable] = [match]
        arguments.append(contentsOf: selection.arguments)
        arguments += [limit, offset]
        return try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0 as any DatabaseValueConvertible }))
    }

    /// The selected rowids as a bit set, for a text match with no condition but rowid sets: one pass
    /// over FTS5's doclists (its size is the selection's total). Nil for other selections.
    static func matchSet(_ db: Database, _ selection: ArticleSelection) throws -> RowidSet? {
        guard selection.match != nil, selection.isNarrow, let bounds = try rowidBounds(db), bounds.lowerBound >= 0,
              bounds.upperBound < Int64(Int32.max) else { return nil }
        let maxRowid = bounds.upperBound
        var set = RowidSet.Builder(maxRowid: Int(maxRowid))
        let (fromWhere, arguments) = selection.narrowFromWhere
        let rowids = try Int64.fetchCursor(db, sql: "SELECT article_fts.rowid " + fromWhere, arguments: arguments)
        while let r = try rowids.next() {
            if r >= 0 && r <= maxRowid { set.insert(Int(r)) }
        }
        return RowidSet(set)
    }

    /// A date-ordered page over a bit set of the matches (`matchSet`): `article_published` is walked in
    /// the page's order until the page is full — newest: date then rowid descending (undated last by
    /// themselves); oldest: dated articles ascending, then undated ones by rowid. SQL's
    /// `rowid IN (SELECT … MATCH …)` builds a B-tree of every match first (measured at 100k articles,
    /// "president", 53k matches, newest, through quarryd: 73 -> 28 ms, and 277 -> 27 ms at offset 500).
    static func dateWalk(_ db: Database, matches: RowidSet, order: ResultOrder, limit: Int, offset: Int) throws
        -> [Int64]
    {
        let scans = order == .oldest
            ? ["SELECT rowid FROM article INDEXED BY article_published WHERE published IS NOT NULL ORDER BY published, rowid",
               "SELECT rowid FROM article INDEXED BY article_published WHERE published IS NULL ORDER BY rowid"]
            : ["SELECT rowid FROM article INDEXED BY article_published ORDER BY published DESC, rowid DESC"]
        var page: [Int64] = []
        var skipped = 0
        for sql in scans where page.count < limit {
            let byDate = try Int64.fetchCursor(db, sql: sql)
            while page.count < limit, let r = try byDate.next() {
                guard matches.contains(r) else { continue }
                if skipped < offset { skipped += 1 } else { page.append(r) }
            }
        }
        return page
    }

    /// `SELECT <rowid> …` of the selected articles, without the `article` join when a bare text match
    /// is the whole selection (see `count`).
    static func selectedRowids(_ selection: ArticleSelection) -> (sql: String, arguments: StatementArguments) {
        let (fromWhere, args) = selection.narrowFromWhere
        return ((selection.match == nil ? "SELECT a.rowid " : "SELECT article_fts.rowid ") + fromWhere, args)
    }

    /// Date orders (relevance with a text match is ranked by `rankedRowids`; without one it is newest).
    static func orderBy(_ sort: ResultOrder) -> String {
        switch sort {
        // Descending, NULL sorts last by itself: without a `published IS NULL` term SQLite can walk
        // `article_published` and stop at the page (1M articles, newest 10 of a source filter: 803 ms
        // -> 0.1 ms); ascending needs the term to put undated articles last.
        case .relevance, .newest: return "ORDER BY a.published DESC, a.rowid DESC"
        case .oldest: return "ORDER BY a.published IS NULL, a.published ASC, a.rowid ASC"
        }
    }

    static let hitColumns = "a.id, a.title, a.source, a.author, a.published, a.path, a.quote_count"

    static func snippetColumns(ranked: Bool) -> String {
        ranked
            ? "-\(IndexSchema.rankFunction), \(IndexSchema.snippetFunction)"
            : "0.0, substr(a.body, 1, 200)"
    }

    static func fetchHits(_ db: Database, selection: ArticleSelection, sort: ResultOrder, limit: Int, offset: Int,
                          matches: RankInputs) throws -> [SearchHit] {
        let ranked = selection.match != nil
        let (fromWhere, args) = selection.fromWhere
        if let match = selection.match {
            // Order the rowids first, then score and snippet the page (`fetchHits(rowids:)`), as the
            // other pages of a text match do; `oldest` needs the two reads of `oldestFirst`.
            let select = "SELECT a.rowid " + fromWhere
            var rowids: [Int64]
            if sort == .oldest {
                rowids = try oldestFirst(db, select: select, arguments: args, fromWhere: fromWhere, fromArguments: args,
                                         limit: limit, offset: offset).map { $0[0] }
            } else {
                var arguments = args
                arguments += [limit, offset]
                rowids = try Int64.fetchAll(db, sql: select + " " + orderBy(sort) + " LIMIT ? OFFSET ?", arguments: arguments)
            }
            return try fetchHits(db, rowids: rowids, match: match, matches: matches)
        }
        let select = "SELECT \(hitColumns), \(snippetColumns(ranked: ranked)) \(fromWhere)"
        var arguments: StatementArguments = ranked ? matches.arguments : []
        arguments += args
        if sort == .oldest {
            return try oldestFirst(db, select: select, arguments: arguments, fromWhere: fromWhere, fromArguments: args,
                                   limit: limit, offset: offset).map(hit)
        }
        arguments += [limit, offset]
        return try Row.fetchAll(db, sql: select + " " + orderBy(sort) + " LIMIT ? OFFSET ?", arguments: arguments).map(hit)
    }

    /// A page in `oldest` order — dated articles by date, then undated ones (`published IS NULL`), each
    /// in rowid order — read as two index-ordered scans that stop at the page, where
    /// `ORDER BY published IS NULL, published, rowid` sorts every selected row (1M articles, the oldest 10
    /// of one source: ~1 s). `select` is a `SELECT … WHERE …` over `article a` with `arguments`;
    /// `fromWhere` and `fromArguments` count the dated rows when the page starts past them;
    /// `thenBy` orders rows of one article (quotes: `, q.start ASC`).
    static func oldestFirst(_ db: Database, select: String, arguments: StatementArguments, fromWhere: String,
                            fromArguments: StatementArguments, thenBy: String = "", limit: Int, offset: Int) throws -> [Row] {
        var datedArguments = arguments
        datedArguments += [limit, offset]
        var rows = try Row.fetchAll(
            db, sql: select + " AND a.published IS NOT NULL ORDER BY a.published ASC, a.rowid ASC\(thenBy) LIMIT ? OFFSET ?",
            arguments: datedArguments)
        guard rows.count < limit else { return rows }
        // The dated rows end on this page (undated from the first), or before it (skip the rest of `offset`).
        var undatedOffset = 0
        if rows.isEmpty {
            let dated = try Int.fetchOne(db, sql: "SELECT count(*) " + fromWhere + " AND a.published IS NOT NULL",
                                         arguments: fromArguments) ?? 0
            undatedOffset = max(0, offset - dated)
        }
        var undatedArguments = arguments
        undatedArguments += [limit - rows.count, undatedOffset]
        rows += try Row.fetchAll(
            db, sql: select + " AND a.published IS NULL ORDER BY a.rowid ASC\(thenBy) LIMIT ? OFFSET ?",
            arguments: undatedArguments)
        return rows
    }

    /// Hits for known row ids, in the given order (snippets need the text match again).
    /// `scores`, parallel to `rowids`, are the relevance scores already known (then `rank` is not asked again).
    static func fetchHits(_ db: Database, rowids: [Int64], match: String?, scores: [Double]? = nil,
                          matches: RankInputs = .unknown) throws -> [SearchHit] {
        let hits = try hitsByRowid(db, rowids: rowids, match: match, scores: scores, matches: matches)
        return rowids.compactMap { hits[$0] }
    }

    /// The hits of `rowids` that still exist, by rowid (see `fetchHits`).
    static func hitsByRowid(_ db: Database, rowids: [Int64], match: String?, scores: [Double]? = nil,
                            matches: RankInputs = .unknown) throws -> [Int64: SearchHit] {
        guard !rowids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: rowids.count).joined(separator: ",")
        var hits: [Int64: SearchHit]
        if let match {
            let score = scores == nil ? "-" + IndexSchema.rankFunction : "0.0"
            var arguments: StatementArguments = scores == nil ? matches.arguments : []
            arguments += [match]
            arguments += StatementArguments(rowids)
            hits = try HitRows.fetchByRowid(db, sql: """
                SELECT \(hitColumns), \(score), \(IndexSchema.snippetFunction), a.rowid
                FROM article_fts JOIN article a ON a.rowid = article_fts.rowid
                WHERE article_fts MATCH ? AND article_fts.rowid IN (\(marks))
                """, arguments: arguments)
        } else {
            hits = try HitRows.fetchByRowid(db, sql: """
                SELECT \(hitColumns), 0.0, substr(a.body, 1, 200), a.rowid FROM article a WHERE a.rowid IN (\(marks))
                """, arguments: StatementArguments(rowids))
        }
        if let scores {
            // The first score given for a rowid wins.
            for (rowid, score) in zip(rowids, scores).reversed() where hits[rowid] != nil {
                hits[rowid]?.score = score
            }
        }
        return hits
    }

    static func hit(_ row: Row) -> SearchHit {
        SearchHit(
            id: row[0], title: row[1], source: row[2], author: row[3], published: row[4], path: row[5],
            score: row[7], snippet: row[8] ?? "", quotes: row[6])
    }
}
