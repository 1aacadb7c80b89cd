import Foundation
import QuarryIndex
import QuarryProtocol
import Testing

/// A search made with two connections at once — a large match ranked in two halves, or a small one
/// ranked at once, then snippets two at a time — gives exactly what one connection gives: the same
/// total, the same hits in the same order with the same scores and snippets, on every page, with filters.
/// Serialized: a search uses two connections only when no other search runs on the same reader.
@Suite(.serialized) struct SplitRankingTests {
    static let shared: (fixture: IndexFixture, split: IndexReader, small: IndexReader, single: IndexReader) = {
        let fixture = try! IndexFixture()
        try! fixture.index([IndexFixture.sampleFolder])
        return (fixture, IndexReader(path: fixture.databasePath, splitRankingThreshold: 1),
                IndexReader(path: fixture.databasePath, splitRankingThreshold: .max),
                IndexReader(path: fixture.databasePath, usesTwoCores: false))
    }()

    static let requests: [QueryRequest] = [
        QueryRequest(q: "Lantry", filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 0),
        QueryRequest(q: "Lantry", filters: Filters(), facets: [.source, .speaker], sort: .relevance, limit: 3, offset: 2),
        QueryRequest(q: "the", filters: Filters(), facets: [], sort: .relevance, limit: 4, offset: 5),
        QueryRequest(q: "harbour OR talks", filters: Filters(), facets: [.month], sort: .relevance, limit: 20, offset: 0),
        QueryRequest(q: "\"the commission\" -blockade", filters: Filters(), facets: [], sort: .relevance, limit: 5, offset: 0),
        QueryRequest(q: "the", filters: Filters(since: "2025-01"), facets: [], sort: .relevance, limit: 10, offset: 0),
        QueryRequest(q: "the", filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 50),
    ]

    @Test(arguments: requests)
    func splitRankingEqualsOneConnection(request: QueryRequest) throws {
        let before = Self.shared.split.splitSearchCount
        let split = try Self.shared.split.search(request)
        #expect(Self.shared.split.splitSearchCount == before + 1, "the two-connection path did not run")
        let single = try Self.shared.single.search(request)
        #expect(Self.shared.single.splitSearchCount == 0)
        let small = try Self.shared.small.search(request)
        #expect(small.hits == single.hits && small.total == single.total && small.facets == single.facets)
        #expect(split.total == single.total)
        #expect(split.total > 0)
        #expect(split.hits.map(\.id) == single.hits.map(\.id))
        #expect(split.hits.map(\.snippet) == single.hits.map(\.snippet))
        for (a, b) in zip(split.hits, single.hits) {
            #expect(abs(a.score - b.score) <= 1e-9 * max(1, abs(b.score)), "\(a.id): \(a.score) vs \(b.score)")
        }
        #expect(split.facets == single.facets)
    }

    @Test func aSearchUsesOneConnectionWhileAnotherRuns() throws {
        let reader = Self.shared.split
        let before = reader.splitSearchCount
        reader.runningSearches.add(1, ordering: .relaxed)  // another search in progress
        let busy = try reader.search(Self.requests[0])
        reader.runningSearches.subtract(1, ordering: .relaxed)
        #expect(reader.splitSearchCount == before)
        #expect(busy.hits == (try Self.shared.single.search(Self.requests[0])).hits)
        _ = try reader.search(Self.requests[0])
        #expect(reader.splitSearchCount == before + 1)
    }
}
