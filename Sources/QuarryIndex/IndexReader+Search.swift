import GRDB
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
    package func search(_ request: QueryRequest) throws -> SearchPage {
        let (plan, filters) = try prepare(request)
        return try read { db in
            let selection = ArticleSelection(plan: plan, filters: filters)
            let (fromWhere, args) = selection.fromWhere
            let total = try Int.fetchOne(db, sql: "SELECT count(*) " + fromWhere, arguments: args) ?? 0
            var hits: [SearchHit] = []
            if request.limit > 0 && request.offset < total {
                hits = try Self.fetchHits(db, selection: selection, sort: request.sort,
                                          limit: request.limit, offset: request.offset)
            }
            let facets = try Self.articleFacets(db, plan: plan, filters: filters, fields: request.facets)
            return SearchPage(total: total, hits: hits, facets: facets)
        }
    }

    /// Every hit of `request` in order, delivered `pageSize` at a time without holding them all:
    /// the ordered row ids are fetched first, then records page by page.
    package func searchAll(_ request: QueryRequest, pageSize: Int = 500,
                           _ deliver: ([SearchHit]) throws -> Void) throws -> Int {
        let (plan, filters) = try prepare(request)
        let selection = ArticleSelection(plan: plan, filters: filters)
        let rowids: [Int64] = try read { db in
            let (fromWhere, args) = selection.fromWhere
            return try Int64.fetchAll(db, sql: "SELECT a.rowid " + fromWhere + " " + Self.orderBy(request.sort, ranked: selection.match != nil),
                                      arguments: args)
        }
        var start = 0
        while start < rowids.count {
            let chunk = Array(rowids[start..<min(start + pageSize, rowids.count)])
            let hits: [SearchHit] = try read { db in
                try Self.fetchHits(db, rowids: chunk, match: selection.match)
            }
            try deliver(hits)
            start += pageSize
        }
        return rowids.count
    }

    static func orderBy(_ sort: ResultOrder, ranked: Bool) -> String {
        switch sort {
        case .relevance where ranked: return "ORDER BY rank"
        case .relevance, .newest: return "ORDER BY a.published IS NULL, a.published DESC, a.rowid DESC"
        case .oldest: return "ORDER BY a.published IS NULL, a.published ASC, a.rowid ASC"
        }
    }

    static let hitColumns = "a.id, a.title, a.source, a.author, a.published, a.path, a.quote_count"

    static func snippetColumns(ranked: Bool) -> String {
        ranked
            ? "-rank, snippet(article_fts, 1, char(2), char(3), '…', 24)"
            : "0.0, substr(a.body, 1, 200)"
    }

    static func fetchHits(_ db: Database, selection: ArticleSelection, sort: ResultOrder, limit: Int, offset: Int) throws
        -> [SearchHit]
    {
        let ranked = selection.match != nil
        let (fromWhere, args) = selection.fromWhere
        let sql = "SELECT \(hitColumns), \(snippetColumns(ranked: ranked)) \(fromWhere) "
            + orderBy(sort, ranked: ranked) + " LIMIT ? OFFSET ?"
        var arguments = args
        arguments += [limit, offset]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(hit)
    }

    /// Hits for known row ids, in the given order (snippets need the text match again).
    static func fetchHits(_ db: Database, rowids: [Int64], match: String?) throws -> [SearchHit] {
        guard !rowids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rowids.count).joined(separator: ",")
        var rows: [Row]
        if let match {
            rows = try Row.fetchAll(db, sql: """
                SELECT \(hitColumns), -rank, snippet(article_fts, 1, char(2), char(3), '…', 24), a.rowid
                FROM article_fts JOIN article a ON a.rowid = article_fts.rowid
                WHERE article_fts MATCH ? AND article_fts.rowid IN (\(marks))
                """, arguments: StatementArguments([match] + rowids.map { $0 as any DatabaseValueConvertible }))
        } else {
            rows = try Row.fetchAll(db, sql: """
                SELECT \(hitColumns), 0.0, substr(a.body, 1, 200), a.rowid FROM article a WHERE a.rowid IN (\(marks))
                """, arguments: StatementArguments(rowids))
        }
        var byRowid: [Int64: Row] = [:]
        for row in rows { byRowid[row[9]] = row }
        return rowids.compactMap { byRowid[$0] }.map(hit)
    }

    static func hit(_ row: Row) -> SearchHit {
        SearchHit(
            id: row[0], title: row[1], source: row[2], author: row[3], published: row[4], path: row[5],
            score: row[7], snippet: row[8] ?? "", quotes: row[6])
    }
}
