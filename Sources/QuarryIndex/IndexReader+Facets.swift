import GRDB
import QuarryProtocol
import QuarryQuery

extension IndexReader {
    /// Exact counts of one field's values over every article the query selects (largest first).
    package func facets(_ field: FacetField, _ request: QueryRequest) throws -> (total: Int, values: [FacetCount]) {
        let (plan, filters) = try prepare(request)
        return try read { db in
            let selection = ArticleSelection(plan: plan, filters: filters, excluding: field)
            let (fromWhere, args) = selection.fromWhere
            let total = try Int.fetchOne(db, sql: "SELECT count(*) " + fromWhere, arguments: args) ?? 0
            let values = try Self.articleFacet(db, field: field, selection: selection, limit: request.limit)
            return (total, values)
        }
    }

    static let maxFacetValues = 100

    /// Facets for `search`: each field counted over the selection without that field's own filter.
    static func articleFacets(_ db: Database, plan: QueryPlan, filters: ResolvedFilters, fields: [FacetField]) throws
        -> [String: [FacetCount]]
    {
        var out: [String: [FacetCount]] = [:]
        for field in fields {
            let selection = ArticleSelection(plan: plan, filters: filters, excluding: field)
            out[field.rawValue] = try articleFacet(db, field: field, selection: selection, limit: maxFacetValues)
        }
        return out
    }

    /// Counts articles per value of `field` among the selected articles.
    static func articleFacet(_ db: Database, field: FacetField, selection: ArticleSelection, limit: Int) throws
        -> [FacetCount]
    {
        let (fromWhere, args) = selection.fromWhere
        let selected = "SELECT a.rowid " + fromWhere
        let sql: String
        switch field {
        case .speaker:
            sql = """
                SELECT e.name, count(DISTINCT q.article_rowid) AS n FROM quote q JOIN entity e ON e.rowid = q.speaker_id
                WHERE q.article_rowid IN (\(selected)) GROUP BY e.rowid ORDER BY n DESC, e.name LIMIT ?
                """
        case .person, .org, .place:
            sql = """
                SELECT e.name, count(*) AS n FROM article_entity ae JOIN entity e ON e.rowid = ae.entity_id
                WHERE e.kind = '\(field.rawValue)' AND ae.article_rowid IN (\(selected))
                GROUP BY e.rowid ORDER BY n DESC, e.name LIMIT ?
                """
        case .source, .author:
            sql = """
                SELECT a.\(field.rawValue) AS v, count(*) AS n \(fromWhere) AND a.\(field.rawValue) IS NOT NULL
                GROUP BY v ORDER BY n DESC, v LIMIT ?
                """
        case .month:
            sql = """
                SELECT substr(a.published, 1, 7) AS v, count(*) AS n \(fromWhere) AND a.published IS NOT NULL
                GROUP BY v ORDER BY v DESC LIMIT ?
                """
        }
        var arguments = args
        arguments += [max(1, min(limit, 10_000))]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { FacetCount(value: $0[0], count: $0[1]) }
    }
}
