/// One request line on the wire: `{"v":1,"id":ANY,"op":OP,...}`.
///
/// Every field but `op` is optional; which ones an op reads is documented in `docs/PROTOCOL.md`.
public struct Request: Codable, Sendable, Equatable {
    /// Protocol version the client speaks; the daemon accepts 1.
    public var v: Int?
    /// Opaque correlation id, echoed in the reply.
    public var id: RequestID?
    public var op: String
    /// Query text in the CONTRACT query language.
    public var q: String?
    public var filters: Filters?
    /// Facet fields to count alongside `search`/`quotes` results.
    public var facets: [String]?
    /// The facet field, for `op: "facets"`.
    public var field: String?
    /// `relevance`, `newest` or `oldest`.
    public var sort: String?
    public var limit: Int?
    public var offset: Int?
    /// Opaque cursor from a previous reply's `next`.
    public var after: String?
    /// Stream every record (the reply arrives as several lines; see `docs/PROTOCOL.md`).
    public var all: Bool?
    /// Article id, for `op: "show"`.
    public var article: String?

    public init(
        v: Int? = 1, id: RequestID? = nil, op: String, q: String? = nil, filters: Filters? = nil,
        facets: [String]? = nil, field: String? = nil, sort: String? = nil, limit: Int? = nil,
        offset: Int? = nil, after: String? = nil, all: Bool? = nil, article: String? = nil
    ) {
        self.v = v
        self.id = id
        self.op = op
        self.q = q
        self.filters = filters
        self.facets = facets
        self.field = field
        self.sort = sort
        self.limit = limit
        self.offset = offset
        self.after = after
        self.all = all
        self.article = article
    }
}

/// The filters of a request; every list is OR within itself and AND across fields.
public struct Filters: Codable, Sendable, Equatable {
    public var speaker: [String]?
    public var person: [String]?
    public var org: [String]?
    public var place: [String]?
    public var source: [String]?
    public var author: [String]?
    /// Inclusive lower date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var since: String?
    /// Inclusive upper date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var until: String?

    public init(
        speaker: [String]? = nil, person: [String]? = nil, org: [String]? = nil, place: [String]? = nil,
        source: [String]? = nil, author: [String]? = nil, since: String? = nil, until: String? = nil
    ) {
        self.speaker = speaker
        self.person = person
        self.org = org
        self.place = place
        self.source = source
        self.author = author
        self.since = since
        self.until = until
    }

    /// True when no filter is set.
    public var isEmpty: Bool {
        [speaker, person, org, place, source, author].allSatisfy { ($0 ?? []).isEmpty } && since == nil
            && until == nil
    }
}

/// A request id as the client sent it: any JSON scalar, echoed back unchanged.
public enum RequestID: Codable, Sendable, Equatable, Hashable {
    case int(Int)
    case string(String)
    case double(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "id must be a JSON scalar")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }
}

/// The operations the daemon answers.
public enum RequestOperation: String, Sendable, CaseIterable {
    case search, quotes, facets, show, stats, ping
}

/// Facet fields a request may ask for.
public enum FacetField: String, Sendable, CaseIterable, Codable {
    case speaker, person, org, place, source, author, month
}

/// Result orderings for `search` and `quotes`.
public enum ResultOrder: String, Sendable, CaseIterable, Codable {
    case relevance, newest, oldest
}
