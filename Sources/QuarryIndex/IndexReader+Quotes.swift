import GRDB
import QuarryProtocol
import QuarryQuery

/// One page of quotes with the exact total and quote-level facets.
package struct QuotePage: Sendable {
    package var total: Int
    package var quotes: [QuoteRecord]
    package var facets: [String: [FacetCount]]
}

/// The quotes a request selects: quote-level conditions over `quote q` joined to its article.
struct QuoteSelection {
    var textMatch: String?
    var articles: ArticleSelection
    var speakerNames: [String]

    init(plan: QueryPlan, filters: ResolvedFilters, excluding facet: FacetField? = nil) {
        // Free text matches inside the quote; speaker and said: restrict the quote's own speaker.
        textMatch = plan.saidMatch
        var articleFilters = filters
        speakerNames = facet == .speaker ? [] : filters.speaker + filters.said
        articleFilters.speaker = []
        articleFilters.said = []
        var articlePlan = plan
        articlePlan.articleMatch = nil
        articlePlan.saidMatch = nil
        articles = ArticleSelection(plan: articlePlan, filters: articleFilters, excluding: facet)
    }

    var fromWhere: (sql: String, arguments: StatementArguments) {
        var sql: String
        var args: [any DatabaseValueConvertible] = []
        if let textMatch {
            sql = "FROM quote_fts JOIN quote q ON q.rowid = quote_fts.rowid JOIN article a ON a.rowid = q.article_rowid "
                + "WHERE quote_fts MATCH ?"
            args.append(textMatch)
        } else {
            sql = "FROM quote q JOIN article a ON a.rowid = q.article_rowid WHERE 1"
        }
        if !speakerNames.isEmpty {
            sql += " AND q.speaker_id IN (\(ArticleSelection.entityIDs(kind: "person", count: speakerNames.count)))"
            args.append(contentsOf: speakerNames as [any DatabaseValueConvertible])
        }
        for c in articles.conditions { sql += " AND " + c }
        args.append(contentsOf: articles.arguments.map { $0 as any DatabaseValueConvertible })
        return (sql, StatementArguments(args))
    }
}

extension IndexReader {
    static let quoteColumns = """
        q.rowid, a.id, a.path, q.text, e.name, q.mention, q.cue, q.kind, q.start, q.end, a.title, a.source, a.published
        """

    /// Quotes matching the request, newest articles first (or by relevance within quote text).
    package func quotes(_ request: QueryRequest) throws -> QuotePage {
        let (plan, filters) = try prepare(request, quoteLevel: true)
        return try read { db in
            let selection = QuoteSelection(plan: plan, filters: filters)
            let (fromWhere, args) = selection.fromWhere
            let total = try Int.fetchOne(db, sql: "SELECT count(*) " + fromWhere, arguments: args) ?? 0
            var quotes: [QuoteRecord] = []
            if request.limit > 0 && request.offset < total {
                var arguments = args
                arguments += [request.limit, request.offset]
                quotes = try Row.fetchAll(db, sql: Self.quoteQuery(selection, sort: request.sort) + " LIMIT ? OFFSET ?",
                                          arguments: arguments).map(Self.quote)
            }
            var facets: [String: [FacetCount]] = [:]
            for field in request.facets {
                let s = QuoteSelection(plan: plan, filters: filters, excluding: field)
                facets[field.rawValue] = try Self.quoteFacet(db, field: field, selection: s)
            }
            return QuotePage(total: total, quotes: quotes, facets: facets)
        }
    }

    /// Every quote of `request` in order, `pageSize` at a time.
    package func quotesAll(_ request: QueryRequest, pageSize: Int = 500,
                           _ deliver: ([QuoteRecord]) throws -> Void) throws -> Int {
        let (plan, filters) = try prepare(request, quoteLevel: true)
        let selection = QuoteSelection(plan: plan, filters: filters)
        let rowids: [Int64] = try read(timeLimit: exportTimeout) { db in
            let (fromWhere, args) = selection.fromWhere
            return try Int64.fetchAll(db, sql: "SELECT q.rowid " + fromWhere + " " + Self.quoteOrder(selection, request.sort),
                                      arguments: args)
        }
        var start = 0
        while start < rowids.count {
            let chunk = Array(rowids[start..<min(start + pageSize, rowids.count)])
            let quotes: [QuoteRecord] = try read { db in
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(Self.quoteColumns) FROM quote q JOIN article a ON a.rowid = q.article_rowid
                    LEFT JOIN entity e ON e.rowid = q.speaker_id WHERE q.rowid IN (\(marks))
                    """, arguments: StatementArguments(chunk))
                var byRowid: [Int64: Row] = [:]
                for row in rows { byRowid[row[0]] = row }
                return chunk.compactMap { byRowid[$0] }.map(Self.quote)
            }
            try deliver(quotes)
            start += pageSize
        }
        return rowids.count
    }

    static func quoteOrder(_ selection: QuoteSelection, _ sort: ResultOrder) -> String {
        switch sort {
        case .relevance where selection.textMatch != nil: return "ORDER BY rank"
        case .oldest: return "ORDER BY a.published IS NULL, a.published ASC, a.rowid ASC, q.start ASC"
        default: return "ORDER BY a.published IS NULL, a.published DESC, a.rowid DESC, q.start ASC"
        }
    }

    static func quoteQuery(_ selection: QuoteSelection, sort: ResultOrder) -> String {
        let (fromWhere, _) = selection.fromWhere
        // The speaker join goes after the filters' joins; rewrite FROM to add it.
        let joined = fromWhere.replacingOccurrences(
            of: "JOIN article a ON a.rowid = q.article_rowid",
            with: "JOIN article a ON a.rowid = q.article_rowid LEFT JOIN entity e ON e.rowid = q.speaker_id")
        return "SELECT \(quoteColumns) \(joined) " + quoteOrder(selection, sort)
    }

    static func quote(_ row: Row) -> QuoteRecord {
        let article: String = row[1]
        let start: Int = row[8]
        return QuoteRecord(
            id: "\(article):\(start)", article: article, path: row[2], text: row[3], speaker: row[4], mention: row[5],
            cue: row[6], kind: row[7], start: start, end: row[9], title: row[10], source: row[11], published: row[12])
    }

    /// Counts quotes per value of `field` among the selected quotes.
    static func quoteFacet(_ db: Database, field: FacetField, selection: QuoteSelection) throws -> [FacetCount] {
        let (fromWhere, args) = selection.fromWhere
        let sql: String
        switch field {
        case .speaker:
            sql = """
                SELECT e.name, count(*) AS n \(fromWhere.replacingOccurrences(of: "WHERE", with: "JOIN entity e ON e.rowid = q.speaker_id WHERE", options: [], range: fromWhere.range(of: "WHERE")))
                GROUP BY e.rowid ORDER BY n DESC, e.name LIMIT \(maxFacetValues)
                """
        case .person, .org, .place:
            sql = """
                SELECT e.name, count(*) AS n FROM article_entity ae JOIN entity e ON e.rowid = ae.entity_id
                JOIN (SELECT q.article_rowid AS r, count(*) AS c \(fromWhere) GROUP BY q.article_rowid) sel ON sel.r = ae.article_rowid
                WHERE e.kind = '\(field.rawValue)' GROUP BY e.rowid ORDER BY sum(sel.c) DESC, e.name LIMIT \(maxFacetValues)
                """
        case .source, .author:
            sql = """
                SELECT a.\(field.rawValue) AS v, count(*) AS n \(fromWhere) AND a.\(field.rawValue) IS NOT NULL
                GROUP BY v ORDER BY n DESC, v LIMIT \(maxFacetValues)
                """
        case .month:
            sql = """
                SELECT substr(a.published, 1, 7) AS v, count(*) AS n \(fromWhere) AND a.published IS NOT NULL
                GROUP BY v ORDER BY v DESC LIMIT \(maxFacetValues)
                """
        }
        return try Row.fetchAll(db, sql: sql, arguments: args).map { FacetCount(value: $0[0], count: $0[1]) }
    }
}
