import Foundation
import Testing

/// `--stdin` batches, `--all` streams and `--limit/--offset/--after` pages through the real client.
@Suite struct PagingEndToEndTests {
    @Test func stdinBatchTagsEveryHitRecordWithTheQueryItAnswers() async throws {
        try await withSampleDaemon { quarry in
            // Given three queries, one of which matches nothing,
            let input = "corridor\nzqxjvw\n\nbetrayal\r\n"
            // when they are sent as one batch,
            let output = try await quarry.quarry("search", "--stdin", "--limit", "50", stdin: input)
            // then every stdout line is an NDJSON hit tagged with the query it answers.
            #expect(output.status == 0, "\(output)")
            var perQuery: [String: Int] = [:]
            for line in output.lines {
                let record = try jsonObject(line, context: output.description)
                #expect(record.int("format_version") == 1)
                #expect(record.string("id") != nil, "\(line)")
                perQuery[record.string("query") ?? "<none>", default: 0] += 1
            }
            let corridor = try await quarry.page("search", "corridor", "--limit", "50")
            let betrayal = try await quarry.page("search", "betrayal", "--limit", "50")
            #expect(perQuery == ["corridor": corridor.total, "betrayal": betrayal.total])
        }
    }

    @Test func quotesAllReturnsEveryQuoteExactlyOnceAcrossPages() async throws {
        try await withSampleDaemon { quarry in
            let firstPage = try await quarry.page("quotes")
            #expect(firstPage.total > 10, "the sample must have more quotes than one page")
            #expect(firstPage.next != nil)

            let ndjson = try await quarry.quarry("quotes", "--all", "--format", "ndjson")
            #expect(ndjson.status == 0, "\(ndjson)")
            let ids = try ndjson.lines.map { try #require(jsonObject($0).string("id")) }
            #expect(ids.count == firstPage.total)
            #expect(Set(ids).count == ids.count, "a quote came twice")

            let json = try await quarry.page("quotes", "--all")
            #expect(json.total == firstPage.total)
            #expect(json.ids == ids)
            #expect(json.next == nil)
        }
    }

    @Test func searchAllReturnsEveryArticleExactlyOnce() async throws {
        try await withSampleDaemon { quarry in
            let all = try await quarry.page("search", "strait OR Selvane OR Korvath", "--all")
            #expect(all.total == Sample.articles)
            #expect(all.ids.count == Sample.articles)
            #expect(Set(all.ids).count == Sample.articles)
        }
    }

    @Test func offsetPageFollowsTheFirstPageWithoutOverlap() async throws {
        try await withSampleDaemon { quarry in
            let six = try await quarry.page("quotes", "--limit", "6")
            let first = try await quarry.page("quotes", "--limit", "3")
            let second = try await quarry.page("quotes", "--limit", "3", "--offset", "3")
            #expect(first.ids.count == 3 && second.ids.count == 3)
            #expect(first.ids + second.ids == six.ids)
            #expect(Set(first.ids).isDisjoint(with: second.ids))
        }
    }

    @Test func afterCursorFromJSONNextGivesTheFollowingPage() async throws {
        try await withSampleDaemon { quarry in
            for command in [["search", "strait OR Selvane"], ["quotes"]] {
                let six = try await quarry.page(command + ["--limit", "6"])
                let first = try await quarry.page(command + ["--limit", "3"])
                let cursor = try #require(first.next, "a first page of \(first.total) records has a next cursor")
                let second = try await quarry.page(command + ["--limit", "3", "--after", cursor])
                #expect(first.ids + second.ids == six.ids, "\(command)")
                #expect(Set(first.ids).isDisjoint(with: second.ids))
            }
        }
    }

    @Test func pagingHintGoesToStderrNotStdout() async throws {
        try await withSampleDaemon { quarry in
            let output = try await quarry.quarry("quotes", "--limit", "3", "--format", "ndjson")
            #expect(output.lines.count == 3)
            #expect(output.stderr.contains("more: --after "), "\(output.stderr)")
        }
    }
}
