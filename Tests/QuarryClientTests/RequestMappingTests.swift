import QuarryProtocol
import Testing

@testable import QuarryClient

@Suite struct RequestMappingTests {
    @Test func searchCarriesQueryVerbatimWithDefaultLimit() {
        let request = ClientCommand.search(QueryOptions(query: "peskov \"special op")).request(id: .int(1))
        #expect(request == Request(v: 1, id: .int(1), op: "search", q: "peskov \"special op", limit: 10))
    }

    @Test func searchMapsEveryFilterFacetAndSort() {
        let filters = Filters(
            speaker: ["peskov", "lavrov"], person: ["Scholz"], org: ["NATO"], place: ["Kyiv"], source: ["Reuters"],
            author: ["Jane Doe"], since: "2025-02", until: "2025-03-15"
        )
        let options = QueryOptions(
            query: "sanctions", filters: filters, facets: [.speaker, .month], sort: .newest, limit: 25, offset: 50
        )
        let request = ClientCommand.search(options).request(id: .int(1))
        #expect(request.op == "search")
        #expect(request.filters == filters)
        #expect(request.facets == ["speaker", "month"])
        #expect(request.sort == "newest")
        #expect(request.limit == 25)
        #expect(request.offset == 50)
        #expect(request.all == nil)
        #expect(request.after == nil)
    }

    @Test func emptyFiltersAreLeftOffTheWire() throws {
        let request = ClientCommand.search(QueryOptions(query: "x", filters: Filters(speaker: [], source: ["AP"])))
            .request(id: nil)
        #expect(request.filters == Filters(source: ["AP"]))
        let none = ClientCommand.search(QueryOptions(query: "x")).request(id: nil)
        #expect(none.filters == nil)
        let json = String(decoding: try WireCoding.encoder().encode(none), as: UTF8.self)
        #expect(json == #"{"limit":10,"op":"search","q":"x","v":1}"#)
    }

    @Test func allAsksForEveryHitWithoutALimit() {
        let request = ClientCommand.search(QueryOptions(query: "x", all: true)).request(id: .int(1))
        #expect(request.all == true)
        #expect(request.limit == nil)
    }

    @Test func afterPassesTheCursorThrough() {
        let request = ClientCommand.quotes(QueryOptions(after: "opaque==")).request(id: .int(1))
        #expect(request.op == "quotes")
        #expect(request.q == nil)
        #expect(request.after == "opaque==")
        #expect(request.limit == 10)
    }

    @Test func facetsSendsTheFieldAndLeavesTheLimitToTheDaemon() {
        let request = ClientCommand.facets(
            field: .source, QueryOptions(query: "tariffs", filters: Filters(since: "2025"))
        )
        .request(id: .int(1))
        #expect(
            request
                == Request(id: .int(1), op: "facets", q: "tariffs", filters: Filters(since: "2025"), field: "source"))
        let limited = ClientCommand.facets(field: .month, QueryOptions(limit: 5)).request(id: nil)
        #expect(limited.limit == 5)
    }

    @Test func showStatsAndPingTakeNoQuery() {
        #expect(
            ClientCommand.show(article: "ap-1").request(id: .int(1))
                == Request(id: .int(1), op: "show", article: "ap-1"))
        #expect(ClientCommand.stats.request(id: .int(1)) == Request(id: .int(1), op: "stats"))
        #expect(ClientCommand.ping.request(id: .int(1)) == Request(id: .int(1), op: "ping"))
    }

    @Test(arguments: [
        (QueryOptions(query: "x", limit: 0), "--limit must be at least 1"),
        (QueryOptions(query: "x", offset: -1), "--offset must not be negative"),
        (QueryOptions(query: "x", offset: 10, after: "c"), "use either --offset or --after, not both"),
        (QueryOptions(query: "x", limit: 5, all: true), "--all returns every hit; drop --limit"),
        (QueryOptions(query: "x", all: true, after: "c"), "--all starts at the first hit; drop --offset/--after"),
    ])
    func contradictoryPagingIsAUsageError(options: QueryOptions, message: String) {
        #expect(throws: UsageError(message)) { try Invocation(command: .search(options)).validate() }
    }

    @Test func searchWithoutAQueryNeedsStdin() throws {
        #expect(throws: UsageError.self) { try Invocation(command: .search(QueryOptions())).validate() }
        try Invocation(command: .search(QueryOptions()), stdin: true).validate()
        try Invocation(command: .quotes(QueryOptions())).validate()
    }

    @Test func stdinRejectsAQueryArgumentOtherFormatsAndOtherCommands() {
        #expect(throws: UsageError.self) {
            try Invocation(command: .search(QueryOptions(query: "x")), stdin: true).validate()
        }
        #expect(throws: UsageError.self) {
            try Invocation(command: .search(QueryOptions()), format: .json, stdin: true).validate()
        }
        #expect(throws: UsageError.self) { try Invocation(command: .stats, stdin: true).validate() }
    }

    @Test func tsvCannotCarryFacetsBesideHits() {
        #expect(throws: UsageError.self) {
            try Invocation(command: .search(QueryOptions(query: "x", facets: [.source])), format: .tsv).validate()
        }
    }

    @Test func defaultFormatIsTextOrNDJSONUnderStdin() {
        #expect(Invocation(command: .ping).effectiveFormat == .text)
        #expect(Invocation(command: .search(QueryOptions()), stdin: true).effectiveFormat == .ndjson)
    }

    @Test func stdinQueriesSkipBlankLinesAndKeepTheRest() {
        let input = Array("tariffs\n\n  \r\nsaid:peskov \"war\"\r\nlast".utf8)
        #expect(Client.queries(fromInput: input) == ["tariffs", "said:peskov \"war\"", "last"])
    }

    @Test func stdinBuildsOneRequestPerQueryNumberedInOrder() {
        let invocation = Invocation(command: .quotes(QueryOptions(filters: Filters(source: ["AP"]))), stdin: true)
        let requests = Client.requests(for: invocation, queries: ["a", "b"])
        #expect(requests.map(\.id) == [.int(1), .int(2)])
        #expect(requests.map(\.q) == ["a", "b"])
        #expect(requests.allSatisfy { $0.op == "quotes" && $0.filters == Filters(source: ["AP"]) })
    }
}
