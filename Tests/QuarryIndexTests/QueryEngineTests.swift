import Foundation
import QuarryIndex
import QuarryProtocol
import Testing

/// The query engine over an index of the sample articles, built once for the suite.
@Suite struct QueryEngineTests {
    static let shared: (fixture: IndexFixture, reader: IndexReader) = {
        let fixture = try! IndexFixture()
        try! fixture.index([IndexFixture.sampleFolder])
        return (fixture, IndexReader(path: fixture.databasePath))
    }()

    var reader: IndexReader { Self.shared.reader }

    func search(_ q: String, filters: Filters = Filters(), facets: [FacetField] = [], sort: ResultOrder = .relevance,
                limit: Int = 20, offset: Int = 0) throws -> SearchPage {
        try reader.search(QueryRequest(q: q, filters: filters, facets: facets, sort: sort, limit: limit, offset: offset))
    }

    func ids(_ q: String, filters: Filters = Filters()) throws -> Set<String> {
        Set(try search(q, filters: filters).hits.map(\.id))
    }

    @Test func keywordFindsArticlesAndCountsExactly() throws {
        let page = try search("Lantry", limit: 2)
        #expect(page.total == 7)
        #expect(page.hits.count == 2)
        #expect(page.hits.allSatisfy { $0.snippet.contains(SnippetMarkers.open) })
    }

    @Test func titleMatchesRankAboveBodyMatches() throws {
        let page = try search("blockade")
        #expect(page.hits.first?.id == "04-lantry-blockade")
    }

    @Test func prefixMatchesWordsAsWrittenDespiteStemming() throws {
        // "negotiat*" must find "negotiating"/"negotiations" though the index holds Porter stems ("negoti").
        let plain = try ids("negotiating")
        #expect(!plain.isEmpty)
        #expect(try ids("negotiat*").isSuperset(of: plain))
    }

    @Test func phraseNegationAndOrCombine() throws {
        let corridor = try ids("\"fishing corridor\"")
        #expect(corridor.contains("01-corridor-protest"))
        let without = try ids("\"fishing corridor\" -Calloway")
        #expect(without.isSubset(of: corridor))
        #expect(!without.contains("01-corridor-protest"))
        let either = try ids("zeppelin OR blockade")
        #expect(either == (try ids("blockade")))
        #expect(try ids("-blockade").count == 11 - (try ids("blockade")).count)
    }

    @Test func ordinaryPunctuationIsNeverAnError() throws {
        for q in ["U.S.", "al-Assad", "don't", "20.04", "C++", "note: this", "*", "-", "AT&T"] {
            _ = try search(q)
        }
    }

    @Test func unbalancedQuoteIsASyntaxErrorWithPosition() throws {
        #expect(throws: QueryError.self) { try search("rare \"earth") }
        do {
            _ = try search("rare \"earth")
        } catch let QueryError.syntax(_, position) {
            #expect(position == 6)
        }
    }

    @Test func speakerFilterMatchesAliasesCaseAndAccentInsensitively() throws {
        let page = try reader.quotes(QueryRequest(
            q: "", filters: Filters(speaker: ["VASK"]), facets: [], sort: .oldest, limit: 100, offset: 0))
        #expect(page.total >= 3)
        #expect(page.quotes.allSatisfy { $0.speaker == "Teodor Vask" })
        #expect(page.quotes.contains { $0.text.hasPrefix("there is no corridor until Selvane agrees") })
    }

    @Test func quoteOffsetsPointAtTheQuoteInTheSourceFile() throws {
        let page = try reader.quotes(QueryRequest(
            q: "", filters: Filters(), facets: [], sort: .oldest, limit: 1000, offset: 0))
        #expect(page.total > 20)
        for quote in page.quotes where quote.path.hasSuffix(".txt") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: quote.path))
            let slice = String(decoding: bytes[quote.start..<quote.end], as: UTF8.self)
            // A multi-paragraph quote spans its paragraph breaks and repeated opening marks.
            #expect(slice.hasPrefix(quote.text.prefix(20)) && slice.hasSuffix(quote.text.suffix(10)), "\(quote.id)")
        }
    }

    @Test func saidMatchesOnlyInsideThatSpeakersQuotes() throws {
        let said = try ids("said:vask corridor")
        #expect(said.contains("02-harbour-talks"))
        // Articles that mention a corridor but where Vask says nothing about it are out.
        #expect(said.isSubset(of: try ids("corridor")))
        #expect(said.count < (try ids("corridor")).count)
    }

    @Test func dateFiltersBoundPublication() throws {
        #expect(try ids("", filters: Filters(since: "2026-03-15")) == ["hl-20260316-0412", "kmp-77120"])
        #expect(try ids("date:2026-03") == ["08-parliament-debate", "ir-2026-0314-strait", "hl-20260316-0412", "kmp-77120"])
        #expect(try ids("date:2026-03-14..2026-03-16") == ["ir-2026-0314-strait", "hl-20260316-0412"])
    }

    @Test func facetsCountTheWholeResultSetAndIgnoreTheirOwnFilter() throws {
        let all = try search("", facets: [.source, .month], limit: 1)
        #expect(all.total == 11)
        #expect(all.facets["source"]?.contains(FacetCount(value: "Strait Dispatch", count: 1)) == true)
        let filtered = try search("", filters: Filters(source: ["islander review"]), facets: [.source], limit: 1)
        #expect(filtered.total == 1)
        // The value filtered on still shows the other values' counts.
        #expect((filtered.facets["source"]?.count ?? 0) >= 4)
    }

    @Test func speakerFacetCountsArticles() throws {
        let result = try reader.facets(.speaker, QueryRequest(
            q: "", filters: Filters(), facets: [], sort: .relevance, limit: 100, offset: 0))
        #expect(result.total == 11)
        let names = Set(result.values.map(\.value))
        for person in ["Maren Calloway", "Teodor Vask", "Lev Anteric", "Rhea Castellan"] {
            #expect(names.contains(person), "\(person)")
        }
        #expect(result.values.allSatisfy { $0.count <= 11 })
    }

    @Test func showReturnsTextEntitiesAndQuotes() throws {
        let article = try #require(try reader.show(id: "02-harbour-talks"))
        #expect(article.title == "Harbourton talks on Brennan Strait end without agreement")
        #expect(!article.text.contains("Comments are closed"))
        #expect(!article.quotes.isEmpty)
        #expect(article.entities.contains { $0.name == "Teodor Vask" && $0.type == "person" })
        #expect(try reader.show(id: "no-such-article") == nil)
    }

    @Test func streamingAllDeliversEveryHitInPages() throws {
        var seen: [String] = []
        let total = try reader.searchAll(QueryRequest(
            q: "", filters: Filters(), facets: [], sort: .newest, limit: 0, offset: 0), pageSize: 4) { hits in
            #expect(hits.count <= 4)
            seen += hits.map(\.id)
        }
        #expect(total == 11)
        #expect(Set(seen).count == 11)
        #expect(seen.first == "kmp-77120")
    }

    @Test func missingIndexIsReportedNotCrashed() throws {
        let reader = IndexReader(path: "/nonexistent/quarry.sqlite")
        #expect(throws: IndexError.missing(path: "/nonexistent/quarry.sqlite")) { try reader.figures() }
    }
}
