import Foundation
import QuarryProtocol
import Testing

@testable import QuarryClient

/// Renders replies in one format and returns (stdout, stderr, status).
func render(
    _ command: ClientCommand, _ format: OutputFormat, colour: Bool = false, query: String? = nil, _ replies: [Reply]
) throws -> (out: String, err: String, status: QuarryExitStatus) {
    let out = MemorySink()
    let err = MemorySink()
    let renderer = Renderer(command: command, format: format, style: TextStyle(colour: colour), out: out, err: err)
    for reply in replies { try renderer.render(reply, query: query) }
    let status = try renderer.finish()
    return (out.text, err.text, status)
}

func jsonObjects(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
        try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}

@Suite struct SnippetStyleTests {
    let snippet = "a \u{2}Kremlin\u{3} b"

    @Test func terminalShowsMatchesInBoldRed() {
        #expect(SnippetStyle.ansi.render(snippet) == "a \u{1B}[1;31mKremlin\u{1B}[0m b")
    }

    @Test func plainTextDropsTheMarkers() {
        #expect(SnippetStyle.plain.render(snippet) == "a Kremlin b")
    }

    @Test func machineFormatsUseMarkdownBold() {
        #expect(SnippetStyle.markdown.render(snippet) == "a **Kremlin** b")
    }

    @Test func textFromTheIndexCannotSmuggleEscapes() {
        let hit = SearchHit(
            id: "x", title: "Evil\u{1B}[2J title", source: nil, author: nil, published: nil, path: "p", score: 0,
            snippet: "s", quotes: 0
        )
        let text = TextFormatter(style: TextStyle(colour: false)).hit(hit)
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasPrefix("Evil [2J title\n"))
    }
}

@Suite struct TextFormatTests {
    let search = ClientCommand.search(QueryOptions(query: "kremlin", facets: [.speaker]))

    @Test func searchHitIsTitleMetaAndSnippet() throws {
        let r = try render(search, .text, [Sample.reply(hits: [Sample.hit], total: 1)])
        #expect(
            r.out == "Kremlin says \"no\"\nReuters · 2025-02-14 · 2 quotes · reuters-001\nThe Kremlin said on Friday\n")
        #expect(r.err == "")
        #expect(r.status == .hits)
    }

    @Test func searchHitOnATerminalIsBoldAndHighlighted() throws {
        let r = try render(search, .text, colour: true, [Sample.reply(hits: [Sample.hit], total: 1)])
        #expect(r.out.hasPrefix("\u{1B}[1mKremlin says \"no\"\u{1B}[0m\n"))
        #expect(r.out.contains("The \u{1B}[1;31mKremlin\u{1B}[0m said on Friday"))
    }

    @Test func hitsAreSeparatedByBlankLinesAcrossStreamedLines() throws {
        let r = try render(
            search, .text,
            [
                Sample.reply(hits: [Sample.hit], partial: true), Sample.reply(hits: [Sample.hit], total: 2),
            ])
        #expect(r.out.components(separatedBy: "\n\n").count == 2)
    }

    @Test func nextCursorBecomesAHintOnStderr() throws {
        let r = try render(search, .text, [Sample.reply(hits: [Sample.hit], total: 30, next: "c1")])
        #expect(r.err == "more: --after c1\n")
    }

    @Test func noHitsSaysSoOnStderr() throws {
        let r = try render(search, .text, [Sample.reply(hits: [], total: 0)])
        #expect(r.out == "")
        #expect(r.err == "no hits\n")
        #expect(r.status == .noHits)
    }

    @Test func quoteIsTextSpeakerCueAndTitle() throws {
        let r = try render(
            .quotes(QueryOptions()), .text, [Sample.reply(quotes: [Sample.quote, Sample.unattributed], total: 2)])
        #expect(
            r.out == """
                “We see no grounds\\for talks” — Dmitry Peskov (said), Kremlin says no
                  Reuters · 2025-02-14 · reuters-001

                “It is over” — he
                  ap-002

                """)
    }

    @Test func facetLinesAlignCountsBarsAndValues() throws {
        let r = try render(
            .facets(field: .speaker, QueryOptions()), .text, [Sample.reply(facets: ["speaker": Sample.facets])])
        let full = String(repeating: "█", count: 24)
        let small = String(repeating: "█", count: 6) + String(repeating: " ", count: 18)
        #expect(r.out == "12  \(full)  Dmitry Peskov\n 3  \(small)  Olaf Scholz\n")
    }

    @Test func searchFacetsFollowTheHitsUnderTheirFieldName() throws {
        let r = try render(
            search, .text, [Sample.reply(hits: [Sample.hit], total: 1, facets: ["speaker": Sample.facets])])
        #expect(r.out.contains("\n\nspeaker\n12  "))
    }

    @Test func statsAreAlignedKeyValueLines() throws {
        var reply = Reply(id: .int(1))
        reply.stats = Sample.stats
        let r = try render(.stats, .text, [reply])
        #expect(
            r.out == """
                articles:   120
                quotes:     450
                entities:   80
                index:      Index/quarry.sqlite
                generation: 7
                uptime:     1h 02m 05s
                version:    0.1.0

                """)
    }

    @Test func showIsAReadableArticle() throws {
        var reply = Reply(id: .int(1))
        reply.article = Sample.article
        let r = try render(.show(article: "reuters-001"), .text, [reply])
        #expect(
            r.out == """
                Kremlin says no
                Reuters · Jane Doe · 2025-02-14
                id:   reuters-001
                url:  https://example.com/a
                path: seeds/reuters-001.txt

                First line.

                Second paragraph.

                Entities
                  person  Dmitry Peskov  ×3

                Quotes
                  “We see no grounds\\for talks” — Dmitry Peskov (said)

                """)
        #expect(r.status == .hits)
    }

    @Test func pingPrintsPong() throws {
        var reply = Reply(id: .int(1))
        reply.pong = "pong"
        #expect(try render(.ping, .text, [reply]).out == "pong\n")
    }
}

@Suite struct JSONFormatTests {
    @Test func searchIsOneVersionedObjectWithExplicitNulls() throws {
        let r = try render(
            .search(QueryOptions(query: "k")), .json,
            [Sample.reply(hits: [Sample.hit], total: 31, facets: ["source": Sample.facets], next: "c2")]
        )
        let objects = try jsonObjects(r.out)
        #expect(objects.count == 1)
        let doc = objects[0]
        #expect(doc["format_version"] as? Int == 1)
        #expect(doc["total"] as? Int == 31)
        #expect(doc["next"] as? String == "c2")
        #expect(doc["took_ms"] as? Double == 1.5)
        let hit = try #require((doc["hits"] as? [[String: Any]])?.first)
        #expect(
            Set(hit.keys) == ["id", "title", "source", "author", "published", "path", "score", "snippet", "quotes"])
        #expect(hit["author"] is NSNull)
        #expect(hit["snippet"] as? String == "The **Kremlin** said on\nFriday")
        let facets = try #require(doc["facets"] as? [String: [[String: Any]]])
        #expect(facets["source"]?.first?["value"] as? String == "Dmitry Peskov")
        #expect(r.err == "", "json carries the cursor itself")
    }

    @Test func streamedAllRepliesAreCollectedIntoOneObject() throws {
        let r = try render(
            .quotes(QueryOptions(all: true)), .json,
            [
                Sample.reply(quotes: [Sample.quote], partial: true),
                Sample.reply(quotes: [Sample.unattributed], total: 2),
            ])
        let doc = try #require(try jsonObjects(r.out).first)
        let quotes = try #require(doc["quotes"] as? [[String: Any]])
        #expect(quotes.map { $0["id"] as? String } == ["reuters-001:120", "ap-002:10"])
        #expect(quotes[1]["speaker"] is NSNull)
        #expect(doc["total"] as? Int == 2)
        #expect(doc["partial"] == nil)
    }

    @Test func showWrapsTheArticle() throws {
        var reply = Reply(id: .int(1))
        reply.article = Sample.article
        let doc = try #require(try jsonObjects(try render(.show(article: "x"), .json, [reply]).out).first)
        #expect(Set(doc.keys) == ["format_version", "article"])
        let article = try #require(doc["article"] as? [String: Any])
        #expect(article["text"] as? String == "First line.\n\nSecond paragraph.")
        #expect((article["quotes"] as? [[String: Any]])?.first?["speaker"] as? String == "Dmitry Peskov")
        #expect((article["entities"] as? [[String: Any]])?.first?["type"] as? String == "person")
    }

    @Test func failedReplyPrintsNothingOnStdout() throws {
        let r = try render(
            .search(QueryOptions(query: "\"x")), .json,
            [.failure(id: .int(1), WireError(code: .bad_query, message: "unbalanced quote", position: 1))])
        #expect(r.out == "")
        #expect(r.err.hasPrefix("quarry: bad query at position 1: unbalanced quote\n  \"x\n  ^\n"))
        #expect(r.status == .usage)
    }
}

@Suite struct NDJSONFormatTests {
    @Test func everyHitAndFacetIsAVersionedRecord() throws {
        let r = try render(
            .search(QueryOptions(query: "k", facets: [.speaker])), .ndjson,
            [Sample.reply(hits: [Sample.hit, Sample.hit], total: 2, facets: ["speaker": Sample.facets])])
        let records = try jsonObjects(r.out)
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0["format_version"] as? Int == 1 })
        #expect(records[0]["id"] as? String == "reuters-001")
        #expect(records[0]["query"] == nil)
        #expect(Set(records[2].keys) == ["field", "value", "count", "format_version"])
        #expect(records[3]["count"] as? Int == 3)
    }

    @Test func quoteRecordsHaveTheContractFields() throws {
        let r = try render(.quotes(QueryOptions()), .ndjson, [Sample.reply(quotes: [Sample.unattributed], total: 1)])
        let record = try #require(try jsonObjects(r.out).first)
        #expect(
            Set(record.keys) == [
                "id", "article", "path", "text", "speaker", "mention", "cue", "kind", "start", "end", "title", "source",
                "published", "format_version",
            ])
        #expect(record["speaker"] is NSNull)
        #expect(record["mention"] as? String == "he")
    }

    @Test func streamedRecordsAreFlushedAsTheyArrive() throws {
        let out = MemorySink()
        let renderer = Renderer(
            command: .search(QueryOptions(all: true)), format: .ndjson, style: TextStyle(colour: false), out: out,
            err: MemorySink())
        try renderer.render(Sample.reply(hits: [Sample.hit], partial: true))
        #expect(out.text.split(separator: "\n").count == 1)
        #expect(out.flushes == 1)
    }

    @Test func queryTagsRecordsUnderStdin() throws {
        let r = try render(
            .facets(field: .source, QueryOptions()), .ndjson, query: "tariffs",
            [Sample.reply(facets: ["source": Sample.facets])])
        #expect(
            try jsonObjects(r.out).allSatisfy {
                $0["query"] as? String == "tariffs" && $0["field"] as? String == "source"
            })
    }

    @Test func statsIsOneFlatRecord() throws {
        var reply = Reply(id: .int(1))
        reply.stats = Sample.stats
        let record = try #require(try jsonObjects(try render(.stats, .ndjson, [reply]).out).first)
        #expect(record["articles"] as? Int == 120)
        #expect(record["format_version"] as? Int == 1)
    }
}

@Suite struct TSVFormatTests {
    @Test func searchHasTheContractHeaderAndEscapedValues() throws {
        let r = try render(.search(QueryOptions(query: "k")), .tsv, [Sample.reply(hits: [Sample.hit], total: 1)])
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "id\ttitle\tsource\tauthor\tpublished\tpath\tscore\tsnippet\tquotes")
        #expect(
            lines[1]
                == "reuters-001\tKremlin\\tsays \"no\"\tReuters\t\t2025-02-14\tseeds/reuters-001.txt\t7.5\tThe **Kremlin** said on\\nFriday\t2"
        )
        #expect(lines.count == 3 && lines[2].isEmpty)
    }

    @Test func quoteColumnsFollowTheContractOrder() throws {
        let r = try render(.quotes(QueryOptions()), .tsv, [Sample.reply(quotes: [Sample.quote], total: 1)])
        let lines = r.out.split(separator: "\n")
        #expect(lines[0] == "id\tarticle\tpath\ttext\tspeaker\tmention\tcue\tstart\tend\ttitle\tsource\tpublished")
        #expect(lines[1].split(separator: "\t", omittingEmptySubsequences: false).count == 12)
        #expect(lines[1].contains("We see no grounds\\\\for talks"))
    }

    @Test func facetRowsAreFieldValueCount() throws {
        let r = try render(
            .facets(field: .speaker, QueryOptions()), .tsv, [Sample.reply(facets: ["speaker": Sample.facets])])
        #expect(r.out == "field\tvalue\tcount\nspeaker\tDmitry Peskov\t12\nspeaker\tOlaf Scholz\t3\n")
    }

    @Test func headerAppearsOnceAndEvenWithoutHits() throws {
        let streamed = try render(
            .search(QueryOptions(all: true)), .tsv,
            [
                Sample.reply(hits: [Sample.hit], partial: true), Sample.reply(hits: [Sample.hit], total: 2),
            ])
        #expect(streamed.out.components(separatedBy: "id\ttitle").count == 2)
        let empty = try render(.search(QueryOptions(query: "k")), .tsv, [Sample.reply(hits: [], total: 0)])
        #expect(empty.out == TSVFormatter.header(for: .search))
        #expect(empty.status == .noHits)
    }

    @Test func escapingCoversBackslashTabNewlineAndCarriageReturn() {
        #expect(TSVFormatter.escape("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re")
        #expect(TSVFormatter.escape("plain") == "plain")
    }
}
