/// The reply line written by hand: quarryd's hot path (an `--all` export is hundreds of thousands of
/// records) skips `JSONEncoder`, which cost a fifth of the daemon's time on a 1M-article export.
///
/// Same bytes as `WireCoding.line(reply)`: only the fields that are set, keys sorted.
extension Reply {
    /// The reply as one JSON line terminated by `\n`. `show` and `stats` replies, and values
    /// `JSONWriter` refuses (a non-finite number), go through `WireCoding.line`. `encodedHits` are
    /// written as `hits` when `hits` is nil.
    public func line() throws -> [UInt8] {
        let capacity = 512 * ((hits?.count ?? 0) + (quotes?.count ?? 0) + 1) + (encodedHits?.json.count ?? 0)
        return try JSONWriter.line(self, capacity: capacity) { try write(to: &$0) }
    }

    private func write(to w: inout JSONWriter) throws {
        guard article == nil, stats == nil else { throw JSONWriter.Unwritable() }
        w.beginObject()
        if let error {
            w.key("error")
            w.beginObject()
            w.field("code", error.code.rawValue)
            w.field("message", error.message)
            if let position = error.position { w.field("position", position) }
            w.endObject()
        }
        if let facets {
            w.key("facets")
            w.facets(facets)
        }
        if let format_version { w.field("format_version", format_version) }
        if let hits {
            w.key("hits")
            try w.array(hits) { try $1.write(to: &$0) }
        } else if let encodedHits {
            w.key("hits")
            w.beginArray()
            w.raw(encodedHits.json)
            w.endArray()
        }
        if let id {
            w.key("id")
            try id.write(to: &w)
        }
        if let next { w.field("next", next) }
        w.field("ok", ok)
        if let partial { w.field("partial", partial) }
        if let pong { w.field("pong", pong) }
        if let quotes {
            w.key("quotes")
            w.array(quotes) { $1.write(to: &$0) }
        }
        if let took_ms { try w.field("took_ms", took_ms) }
        if let total { w.field("total", total) }
        w.endObject()
    }
}

extension SearchHit {
    /// The hit as a wire record (`write(to:)`) on its own.
    public func wireRecord() throws -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        try write(to: &w)
        return w.bytes
    }

    /// The hit as a wire record: the fields that are set, keys sorted.
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        if let author { w.field("author", author) }
        w.field("id", id)
        w.field("path", path)
        if let published { w.field("published", published) }
        w.field("quotes", quotes)
        try w.field("score", score)
        w.field("snippet", snippet)
        if let source { w.field("source", source) }
        if let title { w.field("title", title) }
        w.endObject()
    }
}

extension QuoteRecord {
    fileprivate func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("article", article)
        if let cue { w.field("cue", cue) }
        w.field("end", end)
        w.field("id", id)
        w.field("kind", kind)
        if let mention { w.field("mention", mention) }
        w.field("path", path)
        if let published { w.field("published", published) }
        if let source { w.field("source", source) }
        if let speaker { w.field("speaker", speaker) }
        w.field("start", start)
        w.field("text", text)
        if let title { w.field("title", title) }
        w.endObject()
    }
}
