/// The request line written by hand: the thin client's hot path skips `JSONEncoder`.
///
/// Same bytes as `WireCoding.line(request)`: only the fields that are set, keys sorted.
extension Request {
    /// The request as one JSON line terminated by `\n`; falls back to `WireCoding.line` for a value
    /// `JSONWriter` refuses (a non-finite `double` id), which then throws as before.
    public func line() throws -> [UInt8] {
        try JSONWriter.line(self) { try write(to: &$0) }
    }

    private func write(to w: inout JSONWriter) throws {
        w.beginObject()
        if let after { w.field("after", after) }
        if let all { w.field("all", all) }
        if let article { w.field("article", article) }
        if let facets { w.field("facets", facets) }
        if let field { w.field("field", field) }
        if let filters {
            w.key("filters")
            filters.write(to: &w)
        }
        if let id {
            w.key("id")
            try id.write(to: &w)
        }
        if let limit { w.field("limit", limit) }
        if let offset { w.field("offset", offset) }
        w.field("op", op)
        if let q { w.field("q", q) }
        if let sort { w.field("sort", sort) }
        if let v { w.field("v", v) }
        w.endObject()
    }
}

extension Filters {
    fileprivate func write(to w: inout JSONWriter) {
        w.beginObject()
        if let author { w.field("author", author) }
        if let org { w.field("org", org) }
        if let person { w.field("person", person) }
        if let place { w.field("place", place) }
        if let since { w.field("since", since) }
        if let source { w.field("source", source) }
        if let speaker { w.field("speaker", speaker) }
        if let until { w.field("until", until) }
        w.endObject()
    }
}

extension RequestID {
    func write(to w: inout JSONWriter) throws {
        switch self {
        case .int(let i): w.value(i)
        case .string(let s): w.value(s)
        case .double(let d): try w.value(d)
        case .bool(let b): w.value(b)
        case .null: w.value(nil as String?)
        }
    }
}
