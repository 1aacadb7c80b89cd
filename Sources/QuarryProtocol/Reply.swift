/// One reply line on the wire. `ok` is true with a result, false with `error`.
///
/// The result fields are the client's `json` format: `format_version`, `total`, `hits` or `quotes`,
/// `facets`, `took_ms`, plus `next` (cursor for the following page), `article` (show), `stats`,
/// and for streamed (`all`) replies `partial: true` on every line but the last.
public struct Reply: Codable, Sendable, Equatable {
    public var id: RequestID?
    public var ok: Bool
    public var error: WireError?
    public var format_version: Int?
    public var total: Int?
    public var hits: [SearchHit]?
    public var quotes: [QuoteRecord]?
    public var facets: [String: [FacetCount]]?
    public var article: ArticleRecord?
    public var stats: StatsRecord?
    /// Opaque cursor: pass it as `after` to get the next page; absent on the last page.
    public var next: String?
    /// True on every line of a streamed reply except the final one.
    public var partial: Bool?
    public var took_ms: Double?
    /// `ping` answers `"pong"`.
    public var pong: String?
    /// Hits already written as JSON (quarryd's exports), sent as `hits` by `line()`; not decoded,
    /// not part of `Codable`.
    public var encodedHits: EncodedHits?

    private enum CodingKeys: String, CodingKey {
        case id, ok, error, format_version, total, hits, quotes, facets, article, stats, next, partial, took_ms, pong
    }

    public init(id: RequestID?, ok: Bool = true) {
        self.id = id
        self.ok = ok
        if ok { self.format_version = formatVersion }
    }

    /// A failure reply.
    public static func failure(id: RequestID?, _ error: WireError) -> Reply {
        var r = Reply(id: id, ok: false)
        r.error = error
        return r
    }
}

/// The error object of a failed reply. Messages say what to do and never leak SQL or private paths.
public struct WireError: Codable, Sendable, Equatable, Error {
    public var code: Code
    public var message: String
    /// 1-based character position in `q` for `bad_query`.
    public var position: Int?

    public init(code: Code, message: String, position: Int? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// Error codes (CONTRACT "Wire protocol").
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// Not JSON, unknown op, or a field of the wrong type or value.
        case bad_request
        /// Query syntax error; `position` says where.
        case bad_query
        /// The request line is over the daemon's size limit; the connection closes.
        case too_large
        /// The index is missing or being replaced; retry shortly.
        case unavailable
        /// The query ran over the per-query time limit.
        case timeout
        /// Too many connections; retry later.
        case busy
        /// The requested article does not exist.
        case not_found
        /// A fault inside the daemon; details are in its log.
        case `internal`
    }
}
