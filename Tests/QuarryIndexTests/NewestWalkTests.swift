import Foundation
import QuarryIndex
import QuarryProtocol
import Testing

/// Walking the articles by date for a `newest` page gives exactly what sorting the matches gives: the
/// same hits in the same order (undated articles last), on every page, with filters.
@Suite struct NewestWalkTests {
    static let shared: (fixture: IndexFixture, walk: IndexReader, sort: IndexReader) = {
        let fixture = try! IndexFixture()
        try! fixture.index([IndexFixture.sampleFolder])
        return (fixture, IndexReader(path: fixture.databasePath, newestWalkFraction: 1e-9),
                IndexReader(path: fixture.databasePath, newestWalkFraction: 0))
    }()

    static let requests: [QueryRequest] = [
        QueryRequest(q: "the", filters: Filters(), facets: [], sort: .newest, limit: 10, offset: 0),
        QueryRequest(q: "the", filters: Filters(), facets: [], sort: .newest, limit: 3, offset: 4),
        QueryRequest(q: "Lantry", filters: Filters(), facets: [.source], sort: .newest, limit: 5, offset: 0),
        QueryRequest(q: "the", filters: Filters(since: "2025-01"), facets: [], sort: .newest, limit: 10, offset: 0),
        QueryRequest(q: "harbour OR talks -blockade", filters: Filters(), facets: [], sort: .newest, limit: 10, offset: 0),
        QueryRequest(q: "the", filters: Filters(), facets: [], sort: .newest, limit: 10, offset: 40),
    ]

    @Test(arguments: requests)
    func walkingByDateEqualsSorting(request: QueryRequest) throws {
        let walked = try Self.shared.walk.search(request)
        let sorted = try Self.shared.sort.search(request)
        #expect(walked.total == sorted.total)
        #expect(walked.hits.map(\.id) == sorted.hits.map(\.id))
        #expect(walked.hits == sorted.hits)
        #expect(walked.facets == sorted.facets)
        if request.offset == 0 { #expect(!walked.hits.isEmpty) }
    }

    /// The walk over a bit set of a bare match's rowids, on 1,500 articles two per day with every tenth
    /// undated (QuoteDateWalkTests' index): pages at the start, across date ties and into the undated.
    @Test(arguments: [0, 1, 995, 1330, 1480])
    func walkingABareMatchEqualsSortingAcrossTiesAndUndatedArticles(offset: Int) throws {
        let path = QuoteDateWalkTests.shared.fixture.databasePath
        let walk = IndexReader(path: path, newestWalkFraction: 1e-9)
        let sort = IndexReader(path: path, newestWalkFraction: 0)
        for q in ["harbour", "boats"] {
          for order in [ResultOrder.newest, .oldest] {
            let request = QueryRequest(q: q, filters: Filters(), facets: [], sort: order, limit: 30, offset: offset)
            let walked = try walk.search(request)
            let sorted = try sort.search(request)
            #expect(walked.total == sorted.total)
            #expect(walked.hits.map(\.id) == sorted.hits.map(\.id), "\(q) from \(offset)")
            #expect(walked.hits == sorted.hits)
            if offset + 30 <= walked.total { #expect(walked.hits.count == 30) }
          }
        }
    }
}
