import Foundation
import Testing

/// `quarry --format json|ndjson|tsv|text` against the real daemon: every format parses as documented.
@Suite struct OutputFormatEndToEndTests {
    /// The CONTRACT's tsv columns, in order.
    static let hitColumns = ["id", "title", "source", "author", "published", "path", "score", "snippet", "quotes"]
    static let quoteColumns = [
        "id", "article", "path", "text", "speaker", "mention", "cue", "start", "end", "title", "source", "published",
    ]

    @Test func jsonSearchIsOneObjectWithVersionTotalHitsAndFacets() async throws {
        try await withSampleDaemon { quarry in
            let object = try await quarry.json("search", "strait", "--facet", "source")
            #expect(object.int("format_version") == 1)
            #expect(object.int("total") ?? 0 > 0)
            let hits = object.objects("hits")
            #expect(!hits.isEmpty)
            for hit in hits {
                for key in Self.hitColumns { #expect(hit.keys.contains(key), "hit lacks \(key): \(hit)") }
            }
            let facets = try #require(object["facets"] as? [String: [[String: Any]]])
            #expect(facets["source"]?.isEmpty == false)
        }
    }

    @Test func jsonQuotesIsOneObjectWithVersionTotalAndQuotes() async throws {
        try await withSampleDaemon { quarry in
            let object = try await quarry.json("quotes", "--facet", "speaker")
            #expect(object.int("format_version") == 1)
            let quotes = object.objects("quotes")
            #expect(quotes.count == 10, "the default page is 10 quotes")
            #expect(object.int("total") ?? 0 > 10)
            for quote in quotes {
                for key in Self.quoteColumns { #expect(quote.keys.contains(key), "quote lacks \(key): \(quote)") }
            }
            let facets = try #require(object["facets"] as? [String: [[String: Any]]])
            let counts = facets["speaker"]?.compactMap { $0.int("count") } ?? []
            #expect(!counts.isEmpty)
            #expect(counts == counts.sorted(by: >), "facet values come largest first")
        }
    }

    @Test func ndjsonPrintsOneJSONRecordPerLineWithFormatVersion() async throws {
        try await withSampleDaemon { quarry in
            for command in [["search", "strait"], ["quotes", "fishing"], ["facets", "speaker"]] {
                let output = try await quarry.quarry(command + ["--format", "ndjson"])
                #expect(output.status == 0, "\(output)")
                #expect(!output.lines.isEmpty)
                for line in output.lines {
                    let record = try jsonObject(line, context: output.description)
                    #expect(record.int("format_version") == 1, "\(line)")
                }
            }
        }
    }

    @Test func tsvHasTheContractHeaderAndOneRowPerNdjsonRecord() async throws {
        try await withSampleDaemon { quarry in
            for (command, columns) in [
                (["search", "strait"], Self.hitColumns), (["quotes", "said:anteric"], Self.quoteColumns),
            ] {
                let tsv = try await quarry.quarry(command + ["--format", "tsv", "--limit", "50"])
                let ndjson = try await quarry.quarry(command + ["--format", "ndjson", "--limit", "50"])
                #expect(tsv.status == 0, "\(tsv)")
                let lines = tsv.lines
                #expect(
                    lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) == columns)
                #expect(lines.count - 1 == ndjson.lines.count, "\(tsv)\n\(ndjson)")
                #expect(ndjson.lines.count > 1)
                for row in lines.dropFirst() {
                    #expect(
                        row.split(separator: "\t", omittingEmptySubsequences: false).count == columns.count, "\(row)")
                }
            }
        }
    }

    @Test func textHasNoEscapeSequencesOrSnippetMarkersWhenPiped() async throws {
        try await withSampleDaemon { quarry in
            for command in [["search", "strait"], ["quotes", "fishing"], ["facets", "speaker"], ["stats"]] {
                let output = try await quarry.quarry(command)
                #expect(output.status == 0, "\(output)")
                #expect(!output.stdout.isEmpty)
                #expect(!output.stdout.contains("\u{1B}"), "ANSI escape in piped text: \(output.stdout)")
                #expect(!output.stdout.contains("\u{2}") && !output.stdout.contains("\u{3}"))
            }
            let search = try await quarry.quarry("search", "strait")
            #expect(search.stdout.contains("Selvane and Korvath sign Brennan Strait agreement in Ostrel"))
        }
    }
}
