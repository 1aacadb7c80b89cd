import Foundation
import QuarryIndex
import QuarryProtocol
import QuarryTestSupport
import Testing

/// A newest-first page of quotes found by walking the articles by date equals the page the sort
/// gives — same quotes, same order, same total — with speaker, source and date filters and deep
/// offsets; a speaker whose quotes all lie beyond the walk's bound is answered by the sort.
@Suite(.serialized) struct QuoteDateWalkTests {
    static let speakers = ["Jonas Tarrow", "Mira Castell", "Anton Vey"]
    static let sources = ["Harbour Post", "Ostrel Daily", "Brennan Times"]

    /// 1,500 generated articles, two per day from 2020 on (every tenth undated): most carry one or two
    /// quotes by the current speakers; only the oldest 300 quote Ilse Brandt, three times each.
    static let shared: (fixture: IndexFixture, walking: IndexReader, sorting: IndexReader) = {
        let fixture = try! IndexFixture()
        var random = SeededGenerator(seed: 21)
        var lines: [String] = []
        let start = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01
        let day = DateFormatter()
        day.dateFormat = "yyyy-MM-dd"
        day.timeZone = TimeZone(identifier: "UTC")
        for i in 0..<1_500 {
            var body = "The harbour talks went on for a day.\n\n"
            if i < 300 {
                for n in 0..<3 { body += "\"The quota is number \(n) of ours,\" said Ilse Brandt.\n\n" }
            } else {
                for _ in 0..<Int.random(in: 0...2, using: &random) {
                    let speaker = speakers[Int.random(in: 0..<speakers.count, using: &random)]
                    body += "\"We will talk about the boats again,\" said \(speaker).\n\n"
                }
            }
            var record = ["id": "walk-\(i)", "title": "Harbour day \(i)", "body": body + "The end.",
                          "source": sources[i % sources.count]]
            if i % 10 != 7 { record["published"] = day.string(from: start.addingTimeInterval(Double(i / 2) * 86_400)) }
            lines.append(String(decoding: try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]),
                                as: UTF8.self))
        }
        let file = fixture.folder.appendingPathComponent("walk.ndjson")
        try! (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        try! fixture.index([file.path])
        return (fixture, IndexReader(path: fixture.databasePath),
                IndexReader(path: fixture.databasePath, newestWalkFraction: 0))
    }()

    static let requests: [QueryRequest] = {
        func quotes(_ filters: Filters, limit: Int = 10, offset: Int = 0, sort: ResultOrder = .newest) -> QueryRequest {
            QueryRequest(q: "", filters: filters, facets: [], sort: sort, limit: limit, offset: offset)
        }
        return [
            quotes(Filters()),
            quotes(Filters(), limit: 50, offset: 37),
            quotes(Filters(speaker: ["Tarrow"])),
            quotes(Filters(speaker: ["Tarrow", "Castell"]), limit: 1, offset: 5),
            quotes(Filters(speaker: ["Vey"]), sort: .relevance),
            quotes(Filters(speaker: ["Castell"], source: ["Ostrel Daily"])),
            quotes(Filters(speaker: ["Tarrow"], since: "2022-01-01", until: "2022-12-31"), limit: 20),
            quotes(Filters(source: ["Brennan Times"]), limit: 10, offset: 200),
            quotes(Filters(speaker: ["Tarrow"]), sort: .oldest),
            quotes(Filters(), limit: 30, offset: 1_990, sort: .oldest),
            quotes(Filters(speaker: ["Brandt"]), limit: 20, offset: 880, sort: .oldest),
        ]
    }()

    @Test(arguments: requests)
    func walkedPageEqualsSortedPage(request: QueryRequest) throws {
        let walked = try Self.shared.walking.quotes(request)
        let sorted = try Self.shared.sorting.quotes(request)
        #expect(Self.shared.sorting.quoteDateWalkCount == 0)
        #expect(walked.total == sorted.total)
        #expect(!walked.quotes.isEmpty)
        #expect(walked.quotes == sorted.quotes)
    }

    @Test func largeSelectionsAreWalked() throws {
        for request in Self.requests.prefix(5) + [Self.requests[8]] {
            let before = Self.shared.walking.quoteDateWalkCount
            _ = try Self.shared.walking.quotes(request)
            #expect(Self.shared.walking.quoteDateWalkCount == before + 1, "not walked: \(request.filters)")
        }
    }

    @Test func quotesOlderThanTheWalksBoundAreSorted() throws {
        let request = QueryRequest(q: "", filters: Filters(speaker: ["Brandt"]), facets: [], sort: .newest, limit: 10, offset: 0)
        let before = Self.shared.walking.quoteDateWalkCount
        let page = try Self.shared.walking.quotes(request)
        #expect(Self.shared.walking.quoteDateWalkCount == before, "a walk that found too few quotes was used")
        #expect(page.total == 900)
        #expect(page.quotes == (try Self.shared.sorting.quotes(request)).quotes)
        #expect(page.quotes.first?.published == "2020-05-29")
    }

    @Test func quoteTextMatchesAreSorted() throws {
        let before = Self.shared.walking.quoteDateWalkCount
        for request in [
            QueryRequest(q: "said:tarrow boats", filters: Filters(), facets: [], sort: .newest, limit: 10, offset: 0),
            QueryRequest(q: "said:vey boats", filters: Filters(), facets: [], sort: .oldest, limit: 10, offset: 0),
        ] {
            let page = try Self.shared.walking.quotes(request)
            #expect(page.quotes == (try Self.shared.sorting.quotes(request)).quotes)
            #expect(!page.quotes.isEmpty)
        }
        #expect(Self.shared.walking.quoteDateWalkCount == before)
    }

    /// The total (counted over `quote` with the article conditions in one subquery) is the number of
    /// quotes an export of the same request streams (which joins every quote to its article).
    @Test(arguments: requests + [
        QueryRequest(q: "said:tarrow boats", filters: Filters(source: ["Ostrel Daily"]), facets: [], sort: .newest,
                     limit: 10, offset: 0),
        QueryRequest(q: "", filters: Filters(since: "2021-06-01", until: "2021-12-31"), facets: [], sort: .oldest,
                     limit: 10, offset: 0),
    ])
    func totalsEqualTheQuotesAnExportStreams(request: QueryRequest) throws {
        let page = try Self.shared.walking.quotes(request)
        var streamed = 0
        let exported = try Self.shared.walking.quotesAll(request) { streamed += $0.count }
        #expect(page.total == exported && exported == streamed)
        #expect(page.total > 0)
    }

    /// Oldest-first pages (dated articles by date, then undated ones), read as two index-ordered scans,
    /// equal the same slice of an export, which sorts everything in one statement — on both sides of the
    /// boundary between dated and undated articles, for searches and quotes.
    @Test(arguments: [Filters(), Filters(source: ["Ostrel Daily"]), Filters(speaker: ["Tarrow"])])
    func oldestPagesEqualTheSortedExport(filters: Filters) throws {
        let reader = Self.shared.walking
        for q in ["", "harbour"] {
            let all = QueryRequest(q: q, filters: filters, facets: [], sort: .oldest, limit: 10, offset: 0)
            var exported: [SearchHit] = []
            _ = try reader.searchAll(all) { exported += $0 }
            var quotesExported: [QuoteRecord] = []
            if q.isEmpty { _ = try reader.quotesAll(all) { quotesExported += $0 } }
            #expect(exported.count > 100)
            #expect(exported.last?.published == nil, "no undated article at the end")
            for offset in [0, exported.count / 2, exported.count - 60, exported.count - 7, exported.count + 3] {
                var page = all
                page.limit = 30
                page.offset = offset
                let hits = try reader.search(page).hits
                let end = min(exported.count, offset + 30)
                #expect(hits == (offset < end ? Array(exported[offset..<end]) : []), "\(q) \(filters) from \(offset)")
            }
            for offset in [0, quotesExported.count - 80, quotesExported.count - 5] where q.isEmpty {
                var page = all
                page.limit = 40
                page.offset = offset
                let quotes = try reader.quotes(page).quotes
                let end = min(quotesExported.count, offset + 40)
                #expect(quotes == Array(quotesExported[offset..<end]), "quotes \(filters) from \(offset)")
            }
        }
    }
}
