import Dispatch
import Foundation
import Logging
import QuarryIndex
import QuarryProtocol
import Synchronization

/// Answers `search`, `quotes`, `facets`, `show` and `stats` from the index.
///
/// SQLite reads block, so each runs on a dispatch queue rather than a cooperative-pool thread;
/// `all` requests stream pages of 500 records as `partial` replies.
package struct IndexRequestHandler: RequestHandler {
    package let reader: IndexReader
    private let logger: Logger
    private let started = Date()
    private static let queue = DispatchQueue(label: "quarryd.queries", attributes: .concurrent)

    private let cache: ReplyCache

    /// Opens nothing yet: the index is opened on first use, so a missing index answers `unavailable`.
    /// - Parameter cacheEntries: replies kept for repeated `search`/`quotes`/`facets` requests (0: none).
    package init(databasePath: String, queryTimeout: Duration, exportTimeout: Duration = .seconds(60),
                 cacheEntries: Int = 256, logger: Logger) throws {
        // Before the first connection: requests read on several threads at once.
        SQLiteProcessSettings.disableMemoryStatistics()
        SQLiteProcessSettings.mapLargeBuffers()
        self.reader = IndexReader(path: databasePath, queryTimeout: queryTimeout, exportTimeout: exportTimeout)
        self.cache = ReplyCache(capacity: cacheEntries)
        self.logger = logger
        // Speaker, source and month facets are counted from in-memory columns once loaded; load them
        // now rather than on the first facet (a missing index just leaves them for later).
        let reader = self.reader
        Self.queue.async {
            let start = ContinuousClock.now
            do {
                try reader.loadFacetColumns()
                let took = ContinuousClock.now - start
                let ms = took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000
                logger.info("facet columns loaded", metadata: ["ms": "\(ms)"])
            } catch {
                logger.notice("facet columns not loaded yet; SQL counts facets until they are", metadata: ["reason": "\(error)"])
            }
        }
    }

    package func handle(_ request: Request, emit: @Sendable (Reply) async throws -> Void) async throws {
        let clock = ContinuousClock.now
        func took() -> Double {
            let d = ContinuousClock.now - clock
            return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        guard let op = RequestOperation(rawValue: request.op) else {
            throw WireError(code: .bad_request, message: "unknown op \"\(request.op)\"")
        }
        switch op {
        case .ping:
            var reply = Reply(id: request.id)
            reply.pong = "pong"
            try await emit(reply)
        case .stats:
            let figures = try await run { try reader.figures() }
            var reply = Reply(id: request.id)
            reply.stats = StatsRecord(
                articles: figures.articles, quotes: figures.quotes, entities: figures.entities, index: reader.path,
                generation: figures.generation, uptime: Date().timeIntervalSince(started), version: QuarryVersion.current)
            reply.took_ms = took()
            try await emit(reply)
        case .show:
            guard let id = request.article, !id.isEmpty else {
                throw WireError(code: .bad_request, message: "show needs \"article\": the article id")
            }
            guard let article = try await run({ try reader.show(id: id) }) else {
                throw WireError(code: .not_found, message: "no article with id \"\(id)\"")
            }
            var reply = Reply(id: request.id)
            reply.article = article
            reply.total = 1
            reply.took_ms = took()
            try await emit(reply)
        case .search, .quotes:
            let query = try Self.queryRequest(request)
            if request.all == true {
                try await streamAll(op: op, query: query, request: request, emit: emit, took: took)
                return
            }
            let cached = try await cachedReply(for: request, took: took)
            if let hit = cached.reply {
                try await emit(hit)
                return
            }
            var reply = Reply(id: request.id)
            if op == .search {
                let page = try await run { try reader.search(query) }
                reply.total = page.total
                reply.hits = page.hits
                reply.facets = page.facets.isEmpty ? nil : page.facets
                reply.next = Self.cursor(after: query, total: page.total)
            } else {
                let page = try await run { try reader.quotes(query) }
                reply.total = page.total
                reply.quotes = page.quotes
                reply.facets = page.facets.isEmpty ? nil : page.facets
                reply.next = Self.cursor(after: query, total: page.total)
            }
            reply.took_ms = took()
            cached.store(reply)
            try await emit(reply)
        case .facets:
            guard let name = request.field, let field = FacetField(rawValue: name) else {
                throw WireError(code: .bad_request, message: "facets needs \"field\": one of "
                    + FacetField.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let cached = try await cachedReply(for: request, took: took)
            if let hit = cached.reply {
                try await emit(hit)
                return
            }
            var facetQuery = try Self.queryRequest(request)
            if request.limit == nil { facetQuery.limit = 100 }
            let query = facetQuery
            let result = try await run { try reader.facets(field, query) }
            var reply = Reply(id: request.id)
            reply.total = result.total
            reply.facets = [field.rawValue: result.values]
            reply.took_ms = took()
            cached.store(reply)
            try await emit(reply)
        }
    }

    /// A cached reply for `request` (with this request's id and time), or a way to store the fresh one.
    private func cachedReply(for request: Request, took: () -> Double) async throws
        -> (reply: Reply?, store: (Reply) -> Void)
    {
        guard cache.isEnabled, let key = ReplyCache.key(for: request) else { return (nil, { _ in }) }
        let stamp = try await run { try reader.contentStamp() }
        if var hit = cache.lookup(key, stamp: stamp) {
            hit.id = request.id
            hit.took_ms = took()
            return (hit, { _ in })
        }
        let cache = self.cache
        return (nil, { reply in cache.store(reply, for: key, stamp: stamp) })
    }

    /// Streams every record as `partial` replies of up to 500 records, then a final reply with the total.
    private func streamAll(op: RequestOperation, query: QueryRequest, request: Request,
                           emit: @Sendable (Reply) async throws -> Void, took: () -> Double) async throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Reply.self, bufferingPolicy: .bufferingNewest(4))
        let reader = self.reader
        let id = request.id
        // The producer blocks on SQLite; the consumer writes to the socket. A small buffer keeps memory bounded:
        // two pages ahead. The gate starts at 0 and is raised to 2, because libdispatch traps when a
        // semaphore is freed below its initial value, and an export its client abandons ends with the
        // producer having taken permits the consumer never gave back.
        let gate = DispatchSemaphore(value: 0)
        gate.signal()
        gate.signal()
        let stopped = StopFlag()
        Self.queue.async {
            do {
                // Waits for the consumer to take a page before handing it the next one.
                func send(_ fill: (inout Reply) -> Void) throws {
                    gate.wait()
                    if stopped.value.load(ordering: .acquiring) { throw CancellationError() }
                    var reply = Reply(id: id)
                    fill(&reply)
                    reply.partial = true
                    continuation.yield(reply)
                }
                let total: Int
                if op == .search {
                    total = try reader.searchAllEncoded(query) { hits in try send { $0.encodedHits = hits } }
                } else {
                    total = try reader.quotesAll(query) { quotes in try send { $0.quotes = quotes } }
                }
                var last = Reply(id: id)
                last.total = total
                if op == .search { last.hits = [] } else { last.quotes = [] }
                continuation.yield(last)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // Whatever ends the loop (done, a failed write, cancellation), release a waiting producer.
        defer {
            stopped.value.store(true, ordering: .releasing)
            gate.signal()
        }
        do {
            for try await var reply in stream {
                if reply.partial != true { reply.took_ms = took() }
                try await emit(reply)
                gate.signal()
            }
        } catch {
            throw Self.wireError(error)
        }
    }

    /// Runs a blocking index read off the cooperative thread pool, mapping errors to wire errors.
    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                Self.queue.async { continuation.resume(with: Result { try body() }) }
            }
        } catch {
            throw Self.wireError(error)
        }
    }

    /// The one place domain errors become wire errors. Unknown failures stay generic.
    static func wireError(_ error: any Error) -> any Error {
        switch error {
        case let e as WireError: return e
        case let e as QueryError:
            switch e {
            case .syntax(let message, let position): return WireError(code: .bad_query, message: message, position: position)
            case .badValue(let message): return WireError(code: .bad_request, message: message)
            case .timeout: return WireError(code: .timeout, message: e.description)
            case .notFound: return WireError(code: .not_found, message: e.description)
            }
        case let e as IndexError:
            switch e {
            case .missing, .cannotOpen, .notAnIndex, .notARegularFile, .corrupt:
                return WireError(code: .unavailable, message: "the index is not available right now (missing or being replaced); build it with quarry-index or retry shortly")
            case .writeFailed, .buildFailed, .publishConflict, .locked:
                return WireError(code: .internal, message: "internal error; see the daemon log")
            }
        default:
            return error
        }
    }

    /// Turns request fields into a query, validating them.
    static func queryRequest(_ r: Request) throws -> QueryRequest {
        var facets: [FacetField] = []
        for name in r.facets ?? [] {
            guard let f = FacetField(rawValue: name) else {
                throw WireError(code: .bad_request, message: "unknown facet \"\(name)\": use "
                    + FacetField.allCases.map(\.rawValue).joined(separator: ", "))
            }
            facets.append(f)
        }
        var sort = ResultOrder.relevance
        if let s = r.sort {
            guard let parsed = ResultOrder(rawValue: s) else {
                throw WireError(code: .bad_request, message: "unknown sort \"\(s)\": use relevance, newest or oldest")
            }
            sort = parsed
        }
        let limit = r.limit ?? 10
        guard (0...10_000).contains(limit) else {
            throw WireError(code: .bad_request, message: "limit must be between 0 and 10000 (use all for more)")
        }
        var offset = r.offset ?? 0
        if let after = r.after {
            guard let o = decodeCursor(after) else {
                throw WireError(code: .bad_request, message: "after is not a cursor this daemon issued; pass the `next` value of a previous reply")
            }
            offset = o
        }
        guard offset >= 0 else { throw WireError(code: .bad_request, message: "offset must be 0 or more") }
        return QueryRequest(q: r.q ?? "", filters: r.filters ?? Filters(), facets: facets, sort: sort, limit: limit, offset: offset)
    }

    /// Cursor for the page after `query`'s, nil on the last page. Opaque to clients: `o` + offset.
    static func cursor(after query: QueryRequest, total: Int) -> String? {
        let next = query.offset + query.limit
        return query.limit > 0 && next < total ? "o\(next)" : nil
    }

    static func decodeCursor(_ s: String) -> Int? {
        guard s.first == "o", let n = Int(s.dropFirst()), n >= 0 else { return nil }
        return n
    }
}

/// Tells a blocked producer thread that its consumer has gone.
private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
