import QuarryProtocol
import Testing

@testable import QuarryClient

/// The direct reading of everyday command lines gives what the argument parser would, and leaves
/// everything else to the parser (nil), so help, errors and rare spellings keep one definition.
@Suite struct FastArgumentsTests {
    /// What the argument parser's commands build: every filter list present, empty when not given.
    static func filters(speaker: [String] = [], source: [String] = [], since: String? = nil) -> Filters {
        Filters(speaker: speaker, person: [], org: [], place: [], source: source, author: [], since: since, until: nil)
    }

    static let everyday: [([String], Invocation)] = [
        (["search", "rare", "earth"],
         Invocation(command: .search(QueryOptions(query: "rare earth", filters: filters())))),
        (["search", "hydroxychloroquine", "--limit", "10", "--format", "ndjson"],
         Invocation(command: .search(QueryOptions(query: "hydroxychloroquine", filters: filters(), limit: 10)),
                    format: .ndjson)),
        (["search", "--limit=3", "said:putin \"foreign partners\"", "--sort", "newest", "--facet", "source",
          "--facet=month", "--socket", "/tmp/q.sock"],
         Invocation(command: .search(QueryOptions(
            query: "said:putin \"foreign partners\"", filters: filters(), facets: [.source, .month], sort: .newest,
            limit: 3)), socket: "/tmp/q.sock")),
        (["quotes", "--speaker", "peskov", "--speaker", "putin", "--source=TASS", "--since", "2025-02", "--all"],
         Invocation(command: .quotes(QueryOptions(
            filters: filters(speaker: ["peskov", "putin"], source: ["TASS"], since: "2025-02"), all: true)))),
        (["search", "--stdin", "--format", "ndjson", "--config", "q.json"],
         Invocation(command: .search(QueryOptions(filters: filters())), format: .ndjson, stdin: true, config: "q.json")),
        (["search", "sanctions", "--after", "abc"],
         Invocation(command: .search(QueryOptions(query: "sanctions", filters: filters(), after: "abc")))),
        (["search", "sanctions", "--offset", "20"],
         Invocation(command: .search(QueryOptions(query: "sanctions", filters: filters(), offset: 20)))),
        (["ping"], Invocation(command: .ping)),
        (["stats", "--format", "json", "--socket=/s"], Invocation(command: .stats, format: .json, socket: "/s")),
    ]

    @Test(arguments: everyday)
    func everydayLinesAreReadAsTheParserReadsThem(arguments: [String], expected: Invocation) {
        #expect(FastArguments.invocation(arguments) == expected)
    }

    static let leftToTheParser: [[String]] = [
        [], ["--help"], ["search", "--help"], ["search", "-h"], ["help", "search"], ["--version"],
        ["search", "--", "-sports"], ["search", "-sports"], ["search", "-"],
        ["search", "x", "--colour"], ["ping", "extra"], ["stats", "--limit", "3"],
        ["search", "x", "--limit", "3", "--limit", "4"], ["search", "x", "--limit", "ten"],
        ["search", "x", "--limit"], ["search", "x", "--speaker", "--all"], ["search", "x", "--format", "xml"],
        ["search", "x", "--facet", "colour"], ["search", "x", "--sort", "sideways"], ["search", "x", "--all=yes"],
        ["search", "x", "--all", "--limit", "5"], ["search", "x", "--limit", "0"],
        ["search", "x", "--offset", "3", "--after", "c"], ["search", "--stdin", "--format", "tsv"],
        ["facets", "speaker", "x"], ["show", "some-id"], ["--generate-completion-script", "bash"],
    ]

    @Test(arguments: leftToTheParser)
    func everythingElseGoesToTheParser(arguments: [String]) {
        #expect(FastArguments.invocation(arguments) == nil)
    }
}
