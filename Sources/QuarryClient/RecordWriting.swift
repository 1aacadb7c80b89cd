import QuarryProtocol

/// A json/ndjson record the client writes by hand, byte for byte what its `Encodable` conformance
/// gives through `WireCoding.encoder()`; that conformance stays the reference and the fallback.
/// Keys are listed in sorted (UTF-8) order, as `.sortedKeys` prints them.
protocol HandWrittenRecord: Encodable {
    /// Writes the record; throws `JSONWriter.Unwritable` where only `JSONEncoder` will do.
    func write(to w: inout JSONWriter) throws
}

extension RecordTags {
    fileprivate func writeFormatVersion(to w: inout JSONWriter) {
        if formatVersion { w.field("format_version", QuarryProtocol.formatVersion) }
    }

    fileprivate func writeQuery(to w: inout JSONWriter) {
        if let query { w.field("query", query) }
    }
}

extension HitOutput: HandWrittenRecord {
    func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.field("author", hit.author)
        tags.writeFormatVersion(to: &w)
        w.field("id", hit.id)
        w.field("path", hit.path)
        w.field("published", hit.published)
        tags.writeQuery(to: &w)
        w.field("quotes", hit.quotes)
        try w.field("score", hit.score)
        w.key("snippet")
        w.value(hit.snippet, markers: SnippetStyle.markdownMarkers)
        w.field("source", hit.source)
        w.field("title", hit.title)
        w.endObject()
    }
}

extension QuoteOutput: HandWrittenRecord {
    func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.field("article", quote.article)
        w.field("cue", quote.cue)
        w.field("end", quote.end)
        tags.writeFormatVersion(to: &w)
        w.field("id", quote.id)
        w.field("kind", quote.kind)
        w.field("mention", quote.mention)
        w.field("path", quote.path)
        w.field("published", quote.published)
        tags.writeQuery(to: &w)
        w.field("source", quote.source)
        w.field("speaker", quote.speaker)
        w.field("start", quote.start)
        w.field("text", quote.text)
        w.field("title", quote.title)
        w.endObject()
    }
}

extension FacetOutput: HandWrittenRecord {
    func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.field("count", facet.count)
        w.field("field", field)
        tags.writeFormatVersion(to: &w)
        tags.writeQuery(to: &w)
        w.field("value", facet.value)
        w.endObject()
    }
}

extension ReplyDocument: HandWrittenRecord {
    /// Everything but `article` and `stats` (`show`, `stats`), which stay on `JSONEncoder`.
    func write(to w: inout JSONWriter) throws {
        guard article == nil, stats == nil else { throw JSONWriter.Unwritable() }
        w.beginObject()
        if let facets {
            w.key("facets")
            w.facets(facets)
        }
        w.field("format_version", formatVersion)
        if let hits {
            w.key("hits")
            try w.array(hits) { try HitOutput(hit: $1).write(to: &$0) }
        }
        if let next { w.field("next", next) }
        if let pong { w.field("pong", pong) }
        if let quotes {
            w.key("quotes")
            try w.array(quotes) { try QuoteOutput(quote: $1).write(to: &$0) }
        }
        if let tookMs { try w.field("took_ms", tookMs) }
        if let total { w.field("total", total) }
        w.endObject()
    }
}
