import QuarryProtocol

/// The `text` format: records laid out for people.
package struct TextFormatter: Sendable {
    package var style: TextStyle
    /// The widest facet bar, in cells.
    package static let barWidth = 24

    package init(style: TextStyle) {
        self.style = style
    }

    /// Title (bold), `source · published · N quotes · id` (dim), the snippet with matches highlighted.
    package func hit(_ hit: SearchHit) -> String {
        let title = oneLine(sanitized(hit.title ?? "")).nonEmpty ?? "(untitled)"
        let quotes = hit.quotes == 1 ? "1 quote" : hit.quotes > 1 ? "\(hit.quotes) quotes" : nil
        let meta = [hit.source, hit.published, quotes, hit.id].compactMap { $0.flatMap(clean) }
        var out = style.bold(title) + "\n" + style.dim(meta.joined(separator: " · ")) + "\n"
        let snippet = oneLine(sanitized(hit.snippet))
        if !snippet.isEmpty { out += style.snippets.render(snippet) + "\n" }
        return out
    }

    /// `“…” — Speaker (cue), Article title`, then `source · published · article id` (dim).
    package func quote(_ quote: QuoteRecord) -> String {
        "\(quoteLine(quote, withTitle: true))\n  \(style.dim(quoteMeta(quote)))\n"
    }

    func quoteLine(_ quote: QuoteRecord, withTitle: Bool) -> String {
        var line = "“" + oneLine(sanitized(quote.text)) + "” — "
        line += (quote.speaker.flatMap(clean) ?? quote.mention.flatMap(clean) ?? "unattributed")
        if let cue = quote.cue.flatMap(clean) { line += " (\(cue))" }
        if withTitle, let title = quote.title.flatMap(clean) { line += ", " + title }
        return line
    }

    func quoteMeta(_ quote: QuoteRecord) -> String {
        [quote.source, quote.published, quote.article].compactMap { $0.flatMap(clean) }
            .joined(separator: " · ")
    }

    /// Aligned `count  bar  value` lines, the bar proportional to the largest count.
    package func facetLines(_ counts: [FacetCount]) -> String {
        guard let largest = counts.map(\.count).max() else { return "" }
        let width = String(largest).count
        var out = ""
        for facet in counts {
            let number = String(facet.count)
            var cells = largest > 0 ? (facet.count * Self.barWidth + largest - 1) / largest : 0
            if facet.count > 0 { cells = max(cells, 1) }
            let bar = String(repeating: "█", count: cells) + String(repeating: " ", count: Self.barWidth - cells)
            out +=
                String(repeating: " ", count: width - number.count) + number + "  " + bar + "  "
                + (clean(facet.value) ?? "(none)") + "\n"
        }
        return out
    }

    /// A facet section after search or quotes results: the field name (bold), then its lines.
    package func facetSection(field: String, counts: [FacetCount]) -> String {
        style.bold(field) + "\n" + facetLines(counts)
    }

    /// `key: value` lines, the values aligned.
    package func stats(_ stats: StatsRecord) -> String {
        keyValues([
            ("articles", String(stats.articles)),
            ("quotes", String(stats.quotes)),
            ("entities", String(stats.entities)),
            ("index", stats.index),
            ("generation", String(stats.generation)),
            ("uptime", Self.duration(stats.uptime)),
            ("version", stats.version),
        ])
    }

    /// A readable article: title, metadata, text, entities, quotes.
    package func article(_ a: ArticleRecord) -> String {
        var out = style.bold(oneLine(sanitized(a.title ?? "")).nonEmpty ?? "(untitled)") + "\n"
        let byline = [a.source, a.author, a.published].compactMap { $0.flatMap(clean) }
        if !byline.isEmpty { out += byline.joined(separator: " · ") + "\n" }
        var ids: [(String, String)] = [("id", a.id)]
        if let url = a.url.flatMap(clean) { ids.append(("url", url)) }
        ids.append(("path", a.path))
        out += style.dim(String(keyValues(ids).dropLast())) + "\n\n"
        out += sanitized(a.text, keepNewlines: true).trimmingTrailingNewlines() + "\n"
        if !a.entities.isEmpty {
            out += "\n" + style.bold("Entities") + "\n"
            let width = a.entities.map(\.type.count).max() ?? 0
            for e in a.entities {
                let type = e.type + String(repeating: " ", count: width - e.type.count)
                out += "  \(type)  \(clean(e.name) ?? "?")  ×\(e.mentions)\n"
            }
        }
        if !a.quotes.isEmpty {
            out += "\n" + style.bold("Quotes") + "\n"
            for q in a.quotes { out += "  " + quoteLine(q, withTitle: false) + "\n" }
        }
        return out
    }

    func keyValues(_ pairs: [(String, String)]) -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { key, value in
            key + ":" + String(repeating: " ", count: width - key.count + 1) + (clean(value) ?? "")
        }.joined(separator: "\n") + "\n"
    }

    /// `3h 04m 05s`, `4m 05s`, `5.2s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return String(seconds) }
        if seconds < 60 { return String((seconds * 10).rounded() / 10) + "s" }
        let s = Int(seconds)
        let two = { (n: Int) in n < 10 ? "0\(n)" : String(n) }
        if s < 3600 { return "\(s / 60)m \(two(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h \(two(s / 60 % 60))m \(two(s % 60))s" }
        return "\(s / 86400)d \(two(s / 3600 % 24))h \(two(s / 60 % 60))m"
    }

    private func clean(_ s: String) -> String? {
        oneLine(sanitized(s)).nonEmpty
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }

    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last?.isNewline == true || s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
