import QuarryProtocol

/// A JSON object key spelled as a string, so each record lists its fields in one place.
struct JSONKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { self.stringValue = value }
}

/// Keys a record carries in ndjson beside its own fields.
struct RecordTags: Sendable {
    /// Adds `"format_version":1` (ndjson records; json carries it once, on the wrapping object).
    var formatVersion: Bool = false
    /// Adds `"query"`: the input line the record answers (`--stdin`).
    var query: String?

    func encode(into c: inout KeyedEncodingContainer<JSONKey>) throws {
        if formatVersion { try c.encode(QuarryProtocol.formatVersion, forKey: "format_version") }
        if let query { try c.encode(query, forKey: "query") }
    }
}

// The client writes records field by field rather than through the synthesized `Codable`: a missing
// value is an explicit `null` (scripts see the same keys on every record, as CONTRACT lists them),
// and snippets get their markers rendered. `kind` on quotes is kept: the protocol carries it.

/// A search hit as json/ndjson output.
struct HitOutput: Encodable {
    var hit: SearchHit
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(hit.id, forKey: "id")
        try c.encode(hit.title, forKey: "title")
        try c.encode(hit.source, forKey: "source")
        try c.encode(hit.author, forKey: "author")
        try c.encode(hit.published, forKey: "published")
        try c.encode(hit.path, forKey: "path")
        try c.encode(hit.score, forKey: "score")
        try c.encode(SnippetStyle.markdown.render(hit.snippet), forKey: "snippet")
        try c.encode(hit.quotes, forKey: "quotes")
        try tags.encode(into: &c)
    }
}

/// A quote as json/ndjson output.
struct QuoteOutput: Encodable {
    var quote: QuoteRecord
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(quote.id, forKey: "id")
        try c.encode(quote.article, forKey: "article")
        try c.encode(quote.path, forKey: "path")
        try c.encode(quote.text, forKey: "text")
        try c.encode(quote.speaker, forKey: "speaker")
        try c.encode(quote.mention, forKey: "mention")
        try c.encode(quote.cue, forKey: "cue")
        try c.encode(quote.kind, forKey: "kind")
        try c.encode(quote.start, forKey: "start")
        try c.encode(quote.end, forKey: "end")
        try c.encode(quote.title, forKey: "title")
        try c.encode(quote.source, forKey: "source")
        try c.encode(quote.published, forKey: "published")
        try tags.encode(into: &c)
    }
}

/// A facet value as an ndjson record: `{field, value, count}`.
struct FacetOutput: Encodable {
    var field: String
    var facet: FacetCount
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(field, forKey: "field")
        try c.encode(facet.value, forKey: "value")
        try c.encode(facet.count, forKey: "count")
        try tags.encode(into: &c)
    }
}

/// An article (`show`) as json/ndjson output.
struct ArticleOutput: Encodable {
    var article: ArticleRecord
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(article.id, forKey: "id")
        try c.encode(article.title, forKey: "title")
        try c.encode(article.source, forKey: "source")
        try c.encode(article.author, forKey: "author")
        try c.encode(article.published, forKey: "published")
        try c.encode(article.url, forKey: "url")
        try c.encode(article.path, forKey: "path")
        try c.encode(article.text, forKey: "text")
        try c.encode(article.entities, forKey: "entities")
        try c.encode(article.quotes.map { QuoteOutput(quote: $0) }, forKey: "quotes")
        try tags.encode(into: &c)
    }
}

/// Daemon figures (`stats`) as json/ndjson output.
struct StatsOutput: Encodable {
    var stats: StatsRecord
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        try stats.encode(to: encoder)
        var c = encoder.container(keyedBy: JSONKey.self)
        try tags.encode(into: &c)
    }
}

/// A failed `--stdin` line as an ndjson record, so every input line has an answer on stdout:
/// `{"query":…,"error":{"code","message","position"?},"format_version":1}`.
struct ErrorOutput: Encodable {
    var error: WireError
    var tags = RecordTags()

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(error, forKey: "error")
        try tags.encode(into: &c)
    }
}

/// The `json` format: one object per invocation, CONTRACT "Records":
/// `{"format_version":1,"total":N,"hits"|"quotes":[…],"facets":{…},"next":…,"took_ms":…}`, or
/// `{"format_version":1,"article":{…}}` for `show`, `{"format_version":1,"stats":{…}}` for `stats`,
/// `{"format_version":1,"pong":"pong"}` for `ping`. Absent parts are left out.
struct ReplyDocument: Encodable {
    var total: Int?
    var hits: [SearchHit]?
    var quotes: [QuoteRecord]?
    var facets: [String: [FacetCount]]?
    var article: ArticleRecord?
    var stats: StatsRecord?
    var next: String?
    var tookMs: Double?
    var pong: String?

    init() {}

    /// Adds one reply line; streamed (`--all`) lines append their records, the last line's totals win.
    mutating func absorb(_ reply: Reply) {
        if let t = reply.total { total = t }
        if let h = reply.hits { hits = (hits ?? []) + h }
        if let q = reply.quotes { quotes = (quotes ?? []) + q }
        if let f = reply.facets { facets = (facets ?? [:]).merging(f) { _, new in new } }
        if let a = reply.article { article = a }
        if let s = reply.stats { stats = s }
        next = reply.next
        if let t = reply.took_ms { tookMs = t }
        if let p = reply.pong { pong = p }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(formatVersion, forKey: "format_version")
        try c.encodeIfPresent(total, forKey: "total")
        if let hits { try c.encode(hits.map { HitOutput(hit: $0) }, forKey: "hits") }
        if let quotes { try c.encode(quotes.map { QuoteOutput(quote: $0) }, forKey: "quotes") }
        try c.encodeIfPresent(facets, forKey: "facets")
        if let article { try c.encode(ArticleOutput(article: article), forKey: "article") }
        try c.encodeIfPresent(stats, forKey: "stats")
        try c.encodeIfPresent(next, forKey: "next")
        try c.encodeIfPresent(tookMs, forKey: "took_ms")
        try c.encodeIfPresent(pong, forKey: "pong")
    }
}
