import QuarryProtocol

/// The `tsv` format: a header with the CONTRACT columns in CONTRACT order, then one row per record.
///
/// Inside a value `\` is written `\\`, tab `\t`, newline `\n`, carriage return `\r`; a missing value
/// is empty; snippet matches are wrapped in `**` (see `SnippetStyle.markdown`).
package enum TSVFormatter {
    package static let hitColumns = [
        "id", "title", "source", "author", "published", "path", "score", "snippet", "quotes",
    ]
    package static let quoteColumns = [
        "id", "article", "path", "text", "speaker", "mention", "cue", "start", "end", "title", "source", "published",
    ]
    package static let facetColumns = ["field", "value", "count"]
    package static let articleColumns = ["id", "title", "source", "author", "published", "url", "path", "text"]
    package static let statsColumns = ["articles", "quotes", "entities", "index", "generation", "uptime", "version"]

    /// The header line for the records `operation` prints.
    package static func header(for operation: RequestOperation) -> String {
        let columns: [String] =
            switch operation {
            case .search: hitColumns
            case .quotes: quoteColumns
            case .facets: facetColumns
            case .show: articleColumns
            case .stats: statsColumns
            case .ping: ["pong"]
            }
        return columns.joined(separator: "\t") + "\n"
    }

    package static func row(_ h: SearchHit) -> String {
        line([
            h.id, h.title, h.source, h.author, h.published, h.path, String(h.score),
            SnippetStyle.markdown.render(h.snippet), String(h.quotes),
        ])
    }

    package static func row(_ q: QuoteRecord) -> String {
        line([
            q.id, q.article, q.path, q.text, q.speaker, q.mention, q.cue, String(q.start), String(q.end), q.title,
            q.source, q.published,
        ])
    }

    package static func row(field: String, _ f: FacetCount) -> String {
        line([field, f.value, String(f.count)])
    }

    package static func row(_ a: ArticleRecord) -> String {
        line([a.id, a.title, a.source, a.author, a.published, a.url, a.path, a.text])
    }

    package static func row(_ s: StatsRecord) -> String {
        line([
            String(s.articles), String(s.quotes), String(s.entities), s.index, String(s.generation),
            String(s.uptime), s.version,
        ])
    }

    static func line(_ values: [String?]) -> String {
        values.map { escape($0 ?? "") }.joined(separator: "\t") + "\n"
    }

    /// One value made safe for a TSV cell.
    package static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            return value
        }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
