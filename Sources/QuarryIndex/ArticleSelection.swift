import GRDB
import QuarryProtocol
import QuarryQuery

/// The set of articles a request selects, as SQL over `article a` with bound arguments.
///
/// Every user value is a bound parameter; FTS5 MATCH strings come from `QueryCompiler`, which
/// escapes user text. `excluding` drops one filter field, so a facet over that field still shows
/// the counts of its other values.
struct ArticleSelection {
    /// FTS5 MATCH over `article_fts`, used for ranking and snippets when present.
    var match: String?
    var conditions: [String] = []
    var arguments: [any DatabaseValueConvertible & Sendable] = []
    /// Registered rowid sets (`RowidSetRegistry`) among the conditions; when they are all the
    /// conditions, a text match needs no `article` join (`narrowFromWhere`).
    var rowidSets: [Int] = []

    /// `sets`: registered rowid sets made from the facet columns (`IndexReader.columnSets`), read
    /// instead of subqueries over every quote of the filter's speakers.
    init(plan: QueryPlan, filters: ResolvedFilters, excluding facet: FacetField? = nil, sets: ColumnSets? = nil) {
        match = plan.articleMatch
        if let quoteMatch = plan.quoteMatch {
            conditions.append("""
                a.rowid IN (SELECT q.article_rowid FROM quote_fts JOIN quote q ON q.rowid = quote_fts.rowid
                            WHERE quote_fts MATCH ?)
                """)
            arguments.append(quoteMatch)
        }
        if let excluded = plan.excludedArticleMatch {
            conditions.append("a.rowid NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
            arguments.append(excluded)
        }
        if !filters.said.isEmpty, plan.saidMatch == nil, let saidArticles = sets?.saidArticles {
            // said:NAME without words: the articles quoting NAME.
            addRowidSet(saidArticles)
        } else if !filters.said.isEmpty, let saidMatch = plan.saidMatch, let saidQuotes = sets?.saidQuotes {
            // said:NAME words: the quotes matching the words, kept when NAME said them (a bit per quote)
            // before their articles are looked up, instead of a quote-row seek per matching quote.
            conditions.append("""
                a.rowid IN (SELECT q.article_rowid FROM quote q WHERE q.rowid IN (
                    SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? AND \(PublishedWords.inBitsFunction)(rowid, ?)))
                """)
            arguments.append(saidMatch)
            arguments.append(saidQuotes)
        } else if !filters.said.isEmpty {
            var sql = "a.rowid IN (SELECT q.article_rowid FROM quote q "
            if plan.saidMatch != nil { sql += "JOIN quote_fts ON quote_fts.rowid = q.rowid " }
            sql += "WHERE q.speaker_id IN (\(Self.entityIDs(kind: "person", count: filters.said.count)))"
            arguments.append(contentsOf: filters.said as [any DatabaseValueConvertible & Sendable])
            if let saidMatch = plan.saidMatch {
                sql += " AND quote_fts MATCH ?"
                arguments.append(saidMatch)
            }
            conditions.append(sql + ")")
        }
        if facet != .speaker, !filters.speaker.isEmpty, let speakerArticles = sets?.speakerArticles {
            addRowidSet(speakerArticles)
        } else if facet != .speaker, !filters.speaker.isEmpty {
            conditions.append("""
                a.rowid IN (SELECT q.article_rowid FROM quote q
                            WHERE q.speaker_id IN (\(Self.entityIDs(kind: "person", count: filters.speaker.count))))
                """)
            arguments.append(contentsOf: filters.speaker as [any DatabaseValueConvertible & Sendable])
        }
        for (field, kind, names) in [
            (FacetField.person, "person", filters.person), (.org, "org", filters.org), (.place, "place", filters.place),
        ] where facet != field && !names.isEmpty {
            conditions.append("""
                a.rowid IN (SELECT ae.article_rowid FROM article_entity ae
                            WHERE ae.entity_id IN (\(Self.entityIDs(kind: kind, count: names.count))))
                """)
            arguments.append(contentsOf: names as [any DatabaseValueConvertible & Sendable])
        }
        if facet != .source, !filters.source.isEmpty {
            conditions.append("(" + filters.source.map { _ in Self.nameMatch("a.source") }.joined(separator: " OR ") + ")")
            for s in filters.source { arguments.append(contentsOf: Self.nameArguments(s)) }
        }
        if facet != .author, !filters.author.isEmpty {
            conditions.append("(" + filters.author.map { _ in Self.nameMatch("a.author") }.joined(separator: " OR ") + ")")
            for s in filters.author { arguments.append(contentsOf: Self.nameArguments(s)) }
        }
        for (field, names) in filters.excluded.sorted(by: { $0.key < $1.key }) where !names.isEmpty {
            switch field {
            case "speaker":
                conditions.append("""
                    a.rowid NOT IN (SELECT q.article_rowid FROM quote q
                                    WHERE q.speaker_id IN (\(Self.entityIDs(kind: "person", count: names.count))))
                    """)
                arguments.append(contentsOf: names as [any DatabaseValueConvertible & Sendable])
            case "person", "org", "place":
                conditions.append("""
                    a.rowid NOT IN (SELECT ae.article_rowid FROM article_entity ae
                                    WHERE ae.entity_id IN (\(Self.entityIDs(kind: field, count: names.count))))
                    """)
                arguments.append(contentsOf: names as [any DatabaseValueConvertible & Sendable])
            default:
                let column = field == "author" ? "a.author" : "a.source"
                conditions.append("NOT coalesce(" + names.map { _ in Self.nameMatch(column) }.joined(separator: " OR ") + ", 0)")
                for s in names { arguments.append(contentsOf: Self.nameArguments(s)) }
            }
        }
        if facet != .month {
            if let since = filters.since {
                conditions.append("a.published >= ?")
                arguments.append(since)
            }
            if let until = filters.until {
                conditions.append("a.published <= ?")
                arguments.append(until)
            }
        }
    }

    /// The condition that the article is in the registered rowid set `id`.
    private mutating func addRowidSet(_ id: Int) {
        conditions.append("\(PublishedWords.inBitsFunction)(a.rowid, ?)")
        arguments.append(id)
        rowidSets.append(id)
    }

    /// Entity ids whose folded alias is one of `count` bound names, of one kind.
    static func entityIDs(kind: String, count: Int) -> String {
        let marks = Array(repeating: "?", count: count).joined(separator: ", ")
        return "SELECT ea.entity_id FROM entity_alias ea JOIN entity e ON e.rowid = ea.entity_id "
            + "WHERE ea.alias IN (\(marks)) AND e.kind = '\(kind)'"
    }

    /// A source or author name matches case-insensitively, whole or as the start of the stored value
    /// ("new york times" matches "New York Times - News"). Takes two bound copies of the name.
    static func nameMatch(_ column: String) -> String {
        "(\(column) = ? COLLATE NOCASE OR \(column) LIKE (? || '%') ESCAPE '\\')"
    }

    /// The two bound values `nameMatch` takes: the name, and the name with LIKE wildcards escaped.
    static func nameArguments(_ name: String) -> [any DatabaseValueConvertible & Sendable] {
        var escaped = ""
        for c in name {
            if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
            escaped.append(c)
        }
        return [name, escaped]
    }

    /// `FROM … WHERE …` of the selected rows on `article_fts` alone when a bare text match is the whole
    /// selection (every row of the external-content index has its `article` row, and the join would
    /// cost one `article` b-tree seek per match), else `fromWhere`. Selects `article_fts.rowid` either way.
    var narrowFromWhere: (sql: String, arguments: StatementArguments) {
        if let match, isNarrow {
            var sql = "FROM article_fts WHERE article_fts MATCH ?"
            var arguments: StatementArguments = [match]
            for id in rowidSets {
                sql += " AND \(PublishedWords.inBitsFunction)(article_fts.rowid, ?)"
                arguments += [id]
            }
            return (sql, arguments)
        }
        return fromWhere
    }

    /// True when every condition is a rowid set: a text match then needs no `article` join.
    var isNarrow: Bool { conditions.count == rowidSets.count }

    /// `FROM … WHERE …` over `article a`, joined to `article_fts` when there is a text match.
    var fromWhere: (sql: String, arguments: StatementArguments) {
        var sql: String
        var args: [any DatabaseValueConvertible & Sendable] = []
        if let match {
            sql = "FROM article_fts JOIN article a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ?"
            args.append(match)
        } else {
            sql = "FROM article a WHERE 1"
        }
        for c in conditions { sql += " AND " + c }
        args.append(contentsOf: arguments)
        return (sql, StatementArguments(args.map { $0 as any DatabaseValueConvertible }))
    }
}

/// Request filters and inline query filters merged; names folded for alias lookup, dates as
/// inclusive ISO bounds.
struct ResolvedFilters {
    var said: [String] = []
    var speaker: [String] = []
    var person: [String] = []
    var org: [String] = []
    var place: [String] = []
    var source: [String] = []
    var author: [String] = []
    var since: String?
    var until: String?
    /// Negated inline filters (`-source:fox`): field name → values; matching articles are out.
    var excluded: [String: [String]] = [:]
}
