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

    /// Adds the condition that the quote's speaker is one of `speakerNames`, if any.
    func appendSpeakerCondition(to sql: inout String, _ arguments: inout [any DatabaseValueConvertible]) {
        guard !speakerNames.isEmpty else { return }
        sql += " AND q.speaker_id IN (\(ArticleSelection.entityIDs(kind: "person", count: speakerNames.count)))"
        arguments.append(contentsOf: speakerNames as [any DatabaseValueConvertible])
    }

    /// `FROM … WHERE …` of the selected quotes for counting, without the `article` join: with no
    /// article condition a count walks the covering `quote_speaker` index alone (100k articles, a
    /// speaker's 31.5k quotes: 21.7 ms joined vs 2.8 ms); article conditions select the articles once in
    /// a subquery instead of one article seek per quote (1M articles, the 340k quotes of one source:
    /// 1,440 ms joined vs 252 ms). Every quote has exactly one article, so the counts are equal.
    var narrowFromWhere: (sql: String, arguments: StatementArguments) {
        var sql = textMatch == nil
            ? "FROM quote q WHERE 1"
            : "FROM quote_fts JOIN quote q ON q.rowid = quote_fts.rowid WHERE quote_fts MATCH ?"
        var args: [any DatabaseValueConvertible] = textMatch.map { [$0] } ?? []
        appendSpeakerCondition(to: &sql, &args)
        if !articles.conditions.isEmpty {
            sql += " AND q.article_rowid IN (SELECT a.rowid FROM article a WHERE 1"
            for c in articles.conditions { sql += " AND " + c }
            sql += ")"
            args.append(contentsOf: articles.arguments.map { $0 as any DatabaseValueConvertible })
        }
        return (sql, StatementArguments(args))
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
        appendSpeakerCondition(to: &sql, &args)
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
            let args = selection.fromWhere.arguments
            let (countFromWhere, countArgs) = selection.narrowFromWhere
            let total = try Int.fetchOne(db, sql: "SELECT count(*) " + countFromWhere, arguments: countArgs) ?? 0
            var quotes: [QuoteRecord] = []
            if request.limit > 0 && request.offset < total {
                if self.newestWalkFraction > 0,
                   let rowids = try Self.newestQuotesByDateWalk(db, selection: selection, sort: request.sort,
                                                                limit: request.limit, offset: request.offset, total: total) {
                    self.quoteDateWalks.add(1, ordering: .relaxed)
                    quotes = try Self.quotes(db, rowids: rowids)
                } else if request.sort == .oldest {
                    let (fromWhere, _) = selection.fromWhere
                    quotes = try Self.oldestFirst(
                        db, select: "SELECT \(Self.quoteColumns) " + Self.withSpeakerJoin(fromWhere), arguments: args,
                        fromWhere: fromWhere, fromArguments: args, thenBy: ", q.start ASC",
                        limit: request.limit, offset: request.offset
                    ).map(Self.quote)
                } else {
                    var arguments = args
                    arguments += [request.limit, request.offset]
                    quotes = try Row.fetchAll(db, sql: Self.quoteQuery(selection, sort: request.sort) + " LIMIT ? OFFSET ?",
                                              arguments: arguments).map(Self.quote)
                }
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
            let quotes: [QuoteRecord] = try read { db in try Self.quotes(db, rowids: chunk) }
            try deliver(quotes)
            start += pageSize
        }
        return rowids.count
    }

    /// The records of the quotes `rowids`, in that order.
    static func quotes(_ db: Database, rowids: [Int64]) throws -> [QuoteRecord] {
        guard !rowids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rowids.count).joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(quoteColumns) FROM quote q JOIN article a ON a.rowid = q.article_rowid
            LEFT JOIN entity e ON e.rowid = q.speaker_id WHERE q.rowid IN (\(marks))
            """, arguments: StatementArguments(rowids))
        var byRowid: [Int64: Row] = [:]
        for row in rows { byRowid[row[0]] = row }
        return rowids.compactMap { byRowid[$0] }.map(quote)
    }

    /// A date-ordered page of many quotes found by walking the articles by date (`article_published`,
    /// then each article's quotes by `quote_article`) and stopping at the page, instead of joining every
    /// selected quote to its article and sorting them all (measured at 100k articles, a speaker's 31.5k
    /// quotes, newest first: 0.3 ms vs 45 ms). Nil when sorting is the better plan: a quote-text match
    /// (its order is relevance) or a selection too small for the walk to find the page soon.
    ///
    /// The walk is bounded: it covers the first `bound` articles in the page's order (whole dates),
    /// where `bound` is four times the articles a walk over evenly spread quotes would visit. A page
    /// found inside the bound is exact (every quote of those articles was seen, in order); when the
    /// selection's quotes lie beyond the bound (a speaker of other years), nil, and the caller sorts.
    /// Oldest first walks dated articles only (undated ones come last): a page that reaches past them
    /// is nil too.
    static func newestQuotesByDateWalk(_ db: Database, selection: QuoteSelection, sort: ResultOrder, limit: Int,
                                       offset: Int, total: Int) throws -> [Int64]? {
        guard selection.textMatch == nil else { return nil }
        let oldest = sort == .oldest
        // The rowid range stands for the article count (exact without deletions; count(*) would read the
        // whole date index, ~15 ms at 1M): it only chooses the plan and the bound, never the answer.
        guard let range = try rowidBounds(db) else { return nil }
        let articles = Int(range.upperBound - range.lowerBound + 1)
        let wanted = limit + offset
        // Sorting costs about one article join per selected quote, the walk about one quote lookup per
        // visited article: walk when total * total >= 2 * wanted * articles (total >= 1.4k at 100k, limit 10).
        guard total.multipliedReportingOverflow(by: total).partialValue >= 2 * wanted * articles else { return nil }
        let visits = Double(wanted) * Double(articles) / Double(max(total, 1))
        let bound = Int(min(Double(articles), max(1_000, 4 * visits)))
        var sql = "SELECT q.rowid FROM article a INDEXED BY article_published "
            + "JOIN quote q INDEXED BY quote_article ON q.article_rowid = a.rowid WHERE 1"
        var arguments: [any DatabaseValueConvertible] = []
        var bounded = false
        if oldest { sql += " AND a.published IS NOT NULL" }
        if bound < articles, let edge = try String.fetchOne(db, sql: oldest
            ? "SELECT published FROM article INDEXED BY article_published WHERE published IS NOT NULL "
                + "ORDER BY published ASC, rowid ASC LIMIT 1 OFFSET ?"
            : "SELECT published FROM article INDEXED BY article_published ORDER BY published DESC, rowid DESC LIMIT 1 OFFSET ?",
            arguments: [bound - 1]) {
            sql += oldest ? " AND a.published <= ?" : " AND a.published >= ?"
            arguments.append(edge)
            bounded = true
        }
        selection.appendSpeakerCondition(to: &sql, &arguments)
        for c in selection.articles.conditions { sql += " AND " + c }
        arguments.append(contentsOf: selection.articles.arguments.map { $0 as any DatabaseValueConvertible })
        sql += oldest ? " ORDER BY a.published ASC, a.rowid ASC, q.start ASC LIMIT ? OFFSET ?"
            : " ORDER BY a.published DESC, a.rowid DESC, q.start ASC LIMIT ? OFFSET ?"
        arguments += [limit, offset]
        let rowids = try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        if (bounded || oldest) && rowids.count < min(limit, total - offset) { return nil }
        return rowids
    }

    static func quoteOrder(_ selection: QuoteSelection, _ sort: ResultOrder) -> String {
        switch sort {
        case .relevance where selection.textMatch != nil: return "ORDER BY rank"
        case .oldest: return "ORDER BY a.published IS NULL, a.published ASC, a.rowid ASC, q.start ASC"
        // Descending, NULL sorts last by itself: no `published IS NULL` term, so `article_published` serves.
        default: return "ORDER BY a.published DESC, a.rowid DESC, q.start ASC"
        }
    }

    static func quoteQuery(_ selection: QuoteSelection, sort: ResultOrder) -> String {
        "SELECT \(quoteColumns) \(withSpeakerJoin(selection.fromWhere.sql)) " + quoteOrder(selection, sort)
    }

    /// `fromWhere` with the speaker's entity joined (after the article join, before the filters).
    static func withSpeakerJoin(_ fromWhere: String) -> String {
        fromWhere.replacingOccurrences(
            of: "JOIN article a ON a.rowid = q.article_rowid",
            with: "JOIN article a ON a.rowid = q.article_rowid LEFT JOIN entity e ON e.rowid = q.speaker_id")
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
