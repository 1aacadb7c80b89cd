import Foundation
import Testing

/// Filters, facets, `show`, `stats` and `ping` through the real client, checked against the sample's
/// ground truth (`Index/sample/EXPECTED.md`).
@Suite struct FilterAndCommandEndToEndTests {
    /// A query every sample article matches.
    static let everything = "strait OR Selvane OR Korvath"

    @Test func speakerFilterMatchesAnAliasIgnoringCaseAndAccents() async throws {
        try await withSampleDaemon { quarry in
            let canonical = try await quarry.page("quotes", "--speaker", "Lev Anteric", "--all")
            #expect(canonical.total > 0)
            #expect(canonical.quotes?.allSatisfy { $0.speaker == "Lev Anteric" } == true)
            for name in ["anteric", "ANTÉRIC", "lev antéric"] {
                let page = try await quarry.page("quotes", "--speaker", name, "--all")
                #expect(page.ids == canonical.ids, "--speaker \(name)")
            }
            // The filter narrows searches to articles where he speaks.
            let articles = Set(canonical.quotes?.map(\.article) ?? [])
            let search = try await quarry.page("search", Self.everything, "--speaker", "anteric", "--all")
            #expect(Set(search.ids) == articles)
        }
    }

    @Test func sourceFilterKeepsOnlyThatOutletIgnoringCase() async throws {
        try await withSampleDaemon { quarry in
            let page = try await quarry.page("search", Self.everything, "--source", "islander REVIEW")
            #expect(page.total == 1)
            #expect(page.hits?.first?.title == "Selvane and Korvath sign Brennan Strait agreement in Ostrel")
            #expect(page.hits?.allSatisfy { $0.source == "Islander Review" } == true)
        }
    }

    @Test func sinceAndUntilAreInclusiveDates() async throws {
        try await withSampleDaemon { quarry in
            let page = try await quarry.page(
                "search", Self.everything, "--since", "2026-03-14", "--until", "2026-03-16", "--all")
            // 09 (2026-03-14) and 10#1 (2026-03-16); 10#2 is dated 2026-03-17, 08 2026-03-03.
            #expect(Set(page.hits?.compactMap(\.published) ?? []) == ["2026-03-14", "2026-03-16"])
            #expect(page.total == 2)
        }
    }

    @Test func inlineDateFilterSelectsAMonthOrARange() async throws {
        try await withSampleDaemon { quarry in
            let march = try await quarry.page("search", "\(Self.everything) date:2026-03", "--all")
            #expect(
                march.hits?.compactMap(\.published).sorted() == [
                    "2026-03-03", "2026-03-14", "2026-03-16", "2026-03-17",
                ])
            let range = try await quarry.page("search", "(\(Self.everything)) date:2026-03-01..2026-03-14", "--all")
            #expect(range.hits?.compactMap(\.published).sorted() == ["2026-03-03", "2026-03-14"])
        }
    }

    @Test func sourceFacetCountsArticlesOverTheWholeResultSet() async throws {
        try await withSampleDaemon { quarry in
            // A one-hit page still counts every matching article.
            let page = try await quarry.page("search", Self.everything, "--facet", "source", "--limit", "1")
            #expect(page.hits?.count == 1)
            let counts = Dictionary(uniqueKeysWithValues: (page.facets?["source"] ?? []).map { ($0.value, $0.count) })
            #expect(
                counts == [
                    "Strait Dispatch": 1, "Islander Review": 1, "Harbourton Ledger": 1, "Korvath Morning Post": 1,
                ])
        }
    }

    @Test func facetsCommandCountsArticlesPerSpeaker() async throws {
        try await withSampleDaemon { quarry in
            let page = try await quarry.page("facets", "speaker")
            #expect(page.total == Sample.articles)
            let values = page.facets?["speaker"] ?? []
            #expect(values.map(\.count) == values.map(\.count).sorted(by: >))
            let anteric = try #require(values.first { $0.value == "Lev Anteric" })
            let quotes = try await quarry.page("quotes", "--speaker", "Lev Anteric", "--all")
            #expect(anteric.count == Set(quotes.quotes?.map(\.article) ?? []).count)

            let text = try await quarry.quarry("facets", "speaker")
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.contains("Lev Anteric"))
            let tsv = try await quarry.quarry("facets", "speaker", "--format", "tsv")
            #expect(tsv.lines.first == "field\tvalue\tcount")
            #expect(tsv.lines.contains("speaker\tLev Anteric\t\(anteric.count)"))
        }
    }

    @Test func showPrintsOneArticleAsTextAndJSON() async throws {
        try await withSampleDaemon { quarry in
            let text = try await quarry.quarry("show", "07-ostrel-view")
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.contains("In Ostrel, strait deal is sold as a win for Korvath's fleets"))
            #expect(text.stdout.contains("not the business of Ostrel to settle arguments in Harbourton"))

            let json = try await quarry.json("show", "07-ostrel-view")
            #expect(json.int("format_version") == 1)
            let article = try #require(json["article"] as? [String: Any])
            #expect(article.string("id") == "07-ostrel-view")
            #expect(article.string("author") == "Imke Solano")
            #expect(article.string("text")?.contains("OSTREL") == true)
            #expect(article.objects("entities").contains { $0.string("name") == "Lev Anteric" })
            let quotes = article.objects("quotes")
            #expect(
                quotes.contains { $0.string("text") == "answered in the text" && $0.string("speaker") == "Lev Anteric" }
            )
        }
    }

    @Test func showOfAnUnknownIdExitsOneNamingIt() async throws {
        try await withSampleDaemon { quarry in
            for format in ["text", "json"] {
                let output = try await quarry.quarry("show", "no-such-article", "--format", format)
                #expect(output.status == 1, "\(output)")
                #expect(output.stdout.isEmpty, "\(output)")
                #expect(output.stderr.contains("no-such-article"), "\(output.stderr)")
            }
        }
    }

    @Test func statsCountsTheElevenSampleArticles() async throws {
        try await withSampleDaemon { quarry in
            let text = try await quarry.quarry("stats")
            #expect(text.status == 0, "\(text)")
            #expect(text.lines.contains { $0.hasPrefix("articles:") && $0.hasSuffix(" \(Sample.articles)") }, "\(text)")

            let json = try await quarry.json("stats")
            let stats = try #require(json["stats"] as? [String: Any])
            #expect(stats.int("articles") == Sample.articles)
            let quotes = try await quarry.page("quotes")
            #expect(stats.int("quotes") == quotes.total)
            #expect(stats.string("index") == quarry.database)
        }
    }

    @Test func pingAnswersPong() async throws {
        try await withSampleDaemon { quarry in
            let text = try await quarry.quarry("ping")
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout == "pong\n")
            let json = try await quarry.json("ping")
            #expect(json.string("pong") == "pong")
            #expect(json.int("format_version") == 1)
        }
    }
}
