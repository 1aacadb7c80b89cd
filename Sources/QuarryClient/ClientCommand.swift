import QuarryProtocol

/// What one `quarry` invocation asks the daemon, independent of how the arguments were spelled.
///
/// The executable fills it from the command line; `request(id:query:)` turns it into the wire
/// `Request`. The query text goes to the daemon verbatim: the client never parses it, the daemon
/// answers `bad_query` with a position.
package enum ClientCommand: Sendable, Equatable {
    case search(QueryOptions)
    case quotes(QueryOptions)
    case facets(field: FacetField, QueryOptions)
    case show(article: String)
    case stats
    case ping

    /// The wire operation.
    package var operation: RequestOperation {
        switch self {
        case .search: .search
        case .quotes: .quotes
        case .facets: .facets
        case .show: .show
        case .stats: .stats
        case .ping: .ping
        }
    }

    /// The query options, for the commands that take a query.
    package var queryOptions: QueryOptions? {
        switch self {
        case .search(let o), .quotes(let o), .facets(_, let o): o
        case .show, .stats, .ping: nil
        }
    }

    /// The request for this command; `query`, when given, replaces the options' query (`--stdin`).
    package func request(id: RequestID?, query: String? = nil) -> Request {
        switch self {
        case .search(let o), .quotes(let o):
            var r = o.request(op: operation, id: id, query: query, defaultLimit: QueryOptions.defaultLimit)
            r.sort = o.sort?.rawValue
            r.facets = o.facets.isEmpty ? nil : o.facets.map(\.rawValue)
            return r
        case .facets(let field, let o):
            // The number of facet values is the daemon's default unless --limit or --all asks.
            var r = o.request(op: .facets, id: id, query: query, defaultLimit: nil)
            r.field = field.rawValue
            return r
        case .show(let article):
            return Request(id: id, op: RequestOperation.show.rawValue, article: article)
        case .stats, .ping:
            return Request(id: id, op: operation.rawValue)
        }
    }
}

/// The query, filters and paging shared by `search`, `quotes` and `facets`.
package struct QueryOptions: Sendable, Equatable {
    /// `--limit` when not given, for `search` and `quotes`.
    package static let defaultLimit = 10

    /// The query text; nil for `quotes`/`facets` without one, and under `--stdin`.
    package var query: String?
    package var filters: Filters
    /// `--facet FIELD`, in the order given (search and quotes only).
    package var facets: [FacetField]
    /// `--sort` (search and quotes only).
    package var sort: ResultOrder?
    /// `--limit N`; nil means the default.
    package var limit: Int?
    /// `--all`: every hit, streamed.
    package var all: Bool
    package var offset: Int?
    /// `--after CURSOR`, an opaque cursor from a previous reply's `next`.
    package var after: String?

    package init(
        query: String? = nil, filters: Filters = Filters(), facets: [FacetField] = [], sort: ResultOrder? = nil,
        limit: Int? = nil, all: Bool = false, offset: Int? = nil, after: String? = nil
    ) {
        self.query = query
        self.filters = filters
        self.facets = facets
        self.sort = sort
        self.limit = limit
        self.all = all
        self.offset = offset
        self.after = after
    }

    func request(op: RequestOperation, id: RequestID?, query override: String?, defaultLimit: Int?) -> Request {
        Request(
            id: id,
            op: op.rawValue,
            q: override ?? query,
            filters: filters.isEmpty ? nil : filters.compacted(),
            limit: all ? nil : (limit ?? defaultLimit),
            offset: offset,
            after: after,
            all: all ? true : nil
        )
    }

    /// Rejects combinations the daemon could only answer by guessing.
    package func validate() throws(UsageError) {
        if let limit, limit < 1 { throw UsageError("--limit must be at least 1") }
        if let offset, offset < 0 { throw UsageError("--offset must not be negative") }
        if offset != nil, after != nil { throw UsageError("use either --offset or --after, not both") }
        if all, limit != nil { throw UsageError("--all returns every hit; drop --limit") }
        if all, offset != nil || after != nil {
            throw UsageError("--all starts at the first hit; drop --offset/--after")
        }
    }
}

extension Filters {
    /// The same filters with empty lists dropped, so the wire carries only what was asked.
    func compacted() -> Filters {
        func list(_ l: [String]?) -> [String]? { (l ?? []).isEmpty ? nil : l }
        return Filters(
            speaker: list(speaker), person: list(person), org: list(org), place: list(place),
            source: list(source), author: list(author), since: since, until: until
        )
    }
}
