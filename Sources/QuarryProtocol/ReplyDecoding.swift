/// Reply lines decoded by hand: the thin client's hot path skips `JSONDecoder`.
///
/// Covers what `search`, `quotes`, `facets`, `ping` and failures carry. A line with anything else
/// (`article`, `stats`, an unknown key, a type or syntax surprise) yields nil, and the caller
/// decodes it with `JSONDecoder` — the reference, whose result this always equals.
extension Reply {
    /// The reply on `line`, or nil when `JSONDecoder` must decide.
    public init?(fastDecoding line: [UInt8]) {
        var s = JSONScanner(line)
        guard let reply = try? Reply(&s), (try? s.end()) != nil else { return nil }
        self = reply
    }

    private init(_ s: inout JSONScanner) throws {
        var seen = SeenKeys()
        var ok: Bool?
        var reply = Reply(id: nil)
        reply.format_version = nil
        try s.beginObject()
        while let key = try s.nextKey(&seen) {
            if key == "ok" {
                ok = try s.bool()
                continue
            }
            if s.null() { continue }  // an optional field present as null stays nil
            switch key {
            case "id": reply.id = try RequestID(&s)
            case "error": reply.error = try WireError(&s)
            case "format_version": reply.format_version = try s.int()
            case "total": reply.total = try s.int()
            case "hits": reply.hits = try s.array(SearchHit.init)
            case "quotes": reply.quotes = try s.array(QuoteRecord.init)
            case "facets": reply.facets = try Self.facets(&s)
            case "next": reply.next = try s.string()
            case "partial": reply.partial = try s.bool()
            case "took_ms": reply.took_ms = try s.double()
            case "pong": reply.pong = try s.string()
            default: throw JSONScanner.Mismatch()
            }
        }
        guard let ok else { throw JSONScanner.Mismatch() }
        reply.ok = ok
        self = reply
    }

    private static func facets(_ s: inout JSONScanner) throws -> [String: [FacetCount]] {
        var seen = SeenKeys()
        var facets: [String: [FacetCount]] = [:]
        try s.beginObject()
        while let field = try s.nextKey(&seen) { facets[field] = try s.array(FacetCount.init) }
        return facets
    }
}

extension JSONScanner {
    /// A JSON array of records read by `element`.
    fileprivate mutating func array<T>(_ element: (inout JSONScanner) throws -> T) throws -> [T] {
        var items: [T] = []
        try beginArray()
        while try nextElement() { items.append(try element(&self)) }
        return items
    }

    fileprivate mutating func optionalString() throws -> String? {
        null() ? nil : try string()
    }

    fileprivate mutating func optionalInt() throws -> Int? {
        null() ? nil : try int()
    }
}

extension RequestID {
    /// Integers and strings, as the client sends them; other scalars are left to `JSONDecoder`.
    fileprivate init(_ s: inout JSONScanner) throws {
        var probe = s
        if let i = try? probe.int() {
            s = probe
            self = .int(i)
        } else {
            self = .string(try s.string())
        }
    }
}

extension WireError {
    fileprivate init(_ s: inout JSONScanner) throws {
        var seen = SeenKeys()
        var code: Code?
        var message: String?
        var position: Int?
        try s.beginObject()
        while let key = try s.nextKey(&seen) {
            switch key {
            case "code": code = Code(rawValue: try s.string())
            case "message": message = try s.string()
            case "position": position = try s.optionalInt()
            default: throw JSONScanner.Mismatch()
            }
        }
        guard let code, let message else { throw JSONScanner.Mismatch() }
        self.init(code: code, message: message, position: position)
    }
}

extension SearchHit {
    fileprivate init(_ s: inout JSONScanner) throws {
        var seen = SeenKeys()
        var id: String?
        var title: String?
        var source: String?
        var author: String?
        var published: String?
        var path: String?
        var score: Double?
        var snippet: String?
        var quotes: Int?
        try s.beginObject()
        while let key = try s.nextKey(&seen) {
            switch key {
            case "id": id = try s.string()
            case "title": title = try s.optionalString()
            case "source": source = try s.optionalString()
            case "author": author = try s.optionalString()
            case "published": published = try s.optionalString()
            case "path": path = try s.string()
            case "score": score = try s.double()
            case "snippet": snippet = try s.string()
            case "quotes": quotes = try s.int()
            default: throw JSONScanner.Mismatch()
            }
        }
        guard let id, let path, let score, let snippet, let quotes else { throw JSONScanner.Mismatch() }
        self.init(
            id: id, title: title, source: source, author: author, published: published, path: path, score: score,
            snippet: snippet, quotes: quotes)
    }
}

extension QuoteRecord {
    fileprivate init(_ s: inout JSONScanner) throws {
        var seen = SeenKeys()
        var id: String?
        var article: String?
        var path: String?
        var text: String?
        var speaker: String?
        var mention: String?
        var cue: String?
        var kind: String?
        var start: Int?
        var end: Int?
        var title: String?
        var source: String?
        var published: String?
        try s.beginObject()
        while let key = try s.nextKey(&seen) {
            switch key {
            case "id": id = try s.string()
            case "article": article = try s.string()
            case "path": path = try s.string()
            case "text": text = try s.string()
            case "speaker": speaker = try s.optionalString()
            case "mention": mention = try s.optionalString()
            case "cue": cue = try s.optionalString()
            case "kind": kind = try s.string()
            case "start": start = try s.int()
            case "end": end = try s.int()
            case "title": title = try s.optionalString()
            case "source": source = try s.optionalString()
            case "published": published = try s.optionalString()
            default: throw JSONScanner.Mismatch()
            }
        }
        guard let id, let article, let path, let text, let kind, let start, let end else {
            throw JSONScanner.Mismatch()
        }
        self.init(
            id: id, article: article, path: path, text: text, speaker: speaker, mention: mention, cue: cue,
            kind: kind, start: start, end: end, title: title, source: source, published: published)
    }
}

extension FacetCount {
    fileprivate init(_ s: inout JSONScanner) throws {
        var seen = SeenKeys()
        var value: String?
        var count: Int?
        try s.beginObject()
        while let key = try s.nextKey(&seen) {
            switch key {
            case "value": value = try s.string()
            case "count": count = try s.int()
            default: throw JSONScanner.Mismatch()
            }
        }
        guard let value, let count else { throw JSONScanner.Mismatch() }
        self.init(value: value, count: count)
    }
}
