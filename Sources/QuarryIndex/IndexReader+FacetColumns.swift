import Dispatch
import GRDB
import QuarryProtocol
import QuarryQuery
import Synchronization

/// Registered rowid sets (`RowidSetRegistry`) a query reads instead of subqueries over quotes, true
/// at `generation` only.
struct ColumnSets: Sendable {
    var generation: String
    /// Articles quoting the speaker filter's people.
    var speakerArticles: Int? = nil
    /// Articles quoting the `said:` people (`said:NAME` without words).
    var saidArticles: Int? = nil
    /// Quotes by the `said:` people (`said:NAME words`).
    var saidQuotes: Int? = nil

    func remove() {
        for id in [speakerArticles, saidArticles, saidQuotes].compactMap({ $0 }) { RowidSetRegistry.remove(id) }
    }
}

/// What `IndexReader` knows about its in-memory facet columns: the loaded ones and the load in flight.
struct FacetColumnsState {
    var columns: FacetColumns?
    var loading = false
    /// When the last load started and how long it took, to keep reloads of a busy index to about
    /// half of one core (see `facetColumns(_:for:)`).
    var lastLoadStart: ContinuousClock.Instant?
    var lastLoadDuration: Duration = .zero
    /// Loads finished, for tests and diagnostics.
    var loads = 0
}

extension IndexReader {
    /// The facet columns for the snapshot `db` reads, when loaded at its generation and `fields` asks
    /// for one they count. Otherwise nil, and (unless one runs, or the last started too recently) a
    /// load starts in the background so later facets of this generation are counted in memory; the
    /// caller counts with SQL meanwhile. An index that changes constantly (a running `quarry-index`)
    /// is reloaded at most every twice the load's own duration.
    func facetColumns(_ db: Database, for fields: some Sequence<FacetField>) throws -> FacetColumns? {
        guard fields.contains(where: FacetColumns.fields.contains) else { return nil }
        return try loadedColumns(db)
    }

    /// The published document lengths (`DocumentLengths.id`) of the snapshot `db` reads, for
    /// `quarry_bm25`; 0 while they are not loaded at its generation (a load then starts as in
    /// `facetColumns(_:for:)`, and FTS5 gives each row's length meanwhile).
    func rankLengths(_ db: Database) throws -> Int64 {
        try loadedColumns(db)?.lengths?.id ?? 0
    }

    /// The columns loaded at the snapshot `db` reads, or nil (starting a load; see `facetColumns(_:for:)`).
    private func loadedColumns(_ db: Database) throws -> FacetColumns? {
        guard usesFacetColumns else { return nil }
        let generation = try Self.snapshot(db)
        let now = ContinuousClock.now
        let (columns, startLoad) = state.withLock { state -> (FacetColumns?, Bool) in
            if let columns = state.facetColumns.columns, columns.generation == generation { return (columns, false) }
            guard !state.facetColumns.loading, state.pool != nil else { return (nil, false) }
            if let last = state.facetColumns.lastLoadStart, now - last < state.facetColumns.lastLoadDuration * 2 {
                return (nil, false)
            }
            state.facetColumns.loading = true
            return (nil, true)
        }
        if startLoad {
            DispatchQueue.global(qos: .utility).async { [self] in
                try? self.loadFacetColumns(claimed: true)
            }
        }
        return columns
    }

    /// Loads the facet columns of the current index now (a no-op while another load runs, unless
    /// `claimed` says the caller started this one). Tests call it to use the columns deterministically.
    package func loadFacetColumns(claimed: Bool = false) throws {
        guard usesFacetColumns else { return }
        let pool: DatabasePool
        do {
            pool = try currentPool()
        } catch {
            if claimed { state.withLock { $0.facetColumns.loading = false } }
            throw error
        }
        if !claimed {
            let claimedNow = state.withLock { state -> Bool in
                guard !state.facetColumns.loading else { return false }
                state.facetColumns.loading = true
                return true
            }
            guard claimedNow else { return }
        }
        let start = ContinuousClock.now
        let loaded: Result<FacetColumns?, any Error> = Result {
            try read(timeLimit: exportTimeout) { db in try FacetColumns.load(db) }
        }
        let duration = ContinuousClock.now - start
        state.withLock { state in
            state.facetColumns.loading = false
            state.facetColumns.lastLoadStart = start
            state.facetColumns.lastLoadDuration = duration
            // Columns of a pool that has since been replaced (a new index file) are dropped.
            if state.pool === pool, case .success(let columns) = loaded {
                state.facetColumns.columns = columns
                state.facetColumns.loads += 1
            }
        }
        _ = try loaded.get()
    }

    /// Rowid sets for the request's speaker filter and `said:` made from the facet columns and
    /// registered for SQL (`RowidSetRegistry`), with the generation they are true at; nil when the
    /// request has neither or the columns are not loaded at the current generation (SQL then answers
    /// with subqueries over the quotes). The caller removes them (`ColumnSets.remove`) when done.
    func columnSets(_ plan: QueryPlan, _ filters: ResolvedFilters) throws -> ColumnSets? {
        guard usesFacetColumns, !filters.speaker.isEmpty || !filters.said.isEmpty else { return nil }
        let found = try read { db -> (String, speakers: RowidSet?, saidArticles: RowidSet?, saidQuotes: RowidSet?)? in
            guard let columns = try self.facetColumns(db, for: [.speaker]) else { return nil }
            func ids(_ names: [String]) throws -> [Int64] {
                try Int64.fetchAll(db, sql: ArticleSelection.entityIDs(kind: "person", count: names.count),
                                   arguments: StatementArguments(names))
            }
            let speakers = filters.speaker.isEmpty ? nil : columns.articles(quoting: try ids(filters.speaker))
            let said = filters.said.isEmpty ? nil : try ids(filters.said)
            return (columns.generation, speakers,
                    plan.saidMatch == nil ? said.map { columns.articles(quoting: $0) } : nil,
                    plan.saidMatch == nil ? nil : said.map { columns.quotes(by: $0) })
        }
        guard let found else { return nil }
        // A set that cannot be published (out of memory) leaves the request to SQL's subqueries.
        var sets = ColumnSets(generation: found.0)
        for (set, slot) in [(found.speakers, \ColumnSets.speakerArticles), (found.saidArticles, \.saidArticles),
                            (found.saidQuotes, \.saidQuotes)] {
            guard let set else { continue }
            guard let id = RowidSetRegistry.register(set) else {
                sets.remove()
                return nil
            }
            sets[keyPath: slot] = id
        }
        speakerSetUses.add(1, ordering: .relaxed)
        return sets
    }

    /// Whether ranking reads in-memory document lengths now (tests and diagnostics).
    package var ranksWithDocumentLengths: Bool {
        state.withLock { $0.facetColumns.columns?.lengths != nil }
    }

    /// Facet column loads finished (tests and diagnostics).
    package var facetColumnLoads: Int { state.withLock { $0.facetColumns.loads } }

    /// Facets counted from the currently loaded columns (tests and diagnostics).
    package var facetColumnUses: Int { state.withLock { $0.facetColumns.columns?.uses.load(ordering: .relaxed) ?? 0 } }
}
