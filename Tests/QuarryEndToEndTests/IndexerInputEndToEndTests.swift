import Foundation
import QuarryTestSupport
import Testing

/// What `quarry-index` does with bad published dates and a missing INPUT (issue 18, item 9).
@Suite(.serialized) struct IndexerInputEndToEndTests {
    @Test func unreadablePublishedDatesAreDroppedCountedAndNamed() async throws {
        try await withTemporaryDirectory { workspace in
            // Given NDJSON whose dates are impossible, ambiguous or not dates, and one good one,
            let dates = ["2020-13-45", "03/04/2020", "yesterday", "2020-02-30", "2025-02-14"]
            let lines = dates.enumerated().map { n, date in
                #"{"id": "d\#(n)", "title": "Tide report \#(n)", "body": "The council read the tide tables.", "published": "\#(date)"}"#
            }
            let database = workspace.appending("q.sqlite")
            let output = try await run(
                "quarry-index", ["--db", database, "--config", Repository.config, "--json", "-"],
                stdin: lines.joined(separator: "\n") + "\n", in: workspace)
            // then every article is indexed, and the four dates are dropped and named;
            #expect(output.status == 0, "\(output)")
            let summary = try jsonObject(output.stdout, context: output.description)
            #expect(summary.int("articles") == 5)
            let dropped = summary.objects("dropped_dates")
            #expect(dropped.compactMap { $0.string("value") } == Array(dates.prefix(4)), "\(output)")
            #expect(dropped.compactMap { $0.string("input") } == ["-#1", "-#2", "-#3", "-#4"], "\(output)")
            // they are stored as no date, never as written.
            try await withRunningDaemon(databasePath: database) { daemon in
                let hits = try await run(
                    "quarry", ["search", "tide", "--all", "--format", "ndjson"], in: workspace,
                    environment: ["QUARRY_SOCKET": daemon.socketPath])
                let published = try hits.lines.map { try jsonObject($0) }
                    .map { ($0.string("id") ?? "", $0["published"] as? String) }
                    .sorted { $0.0 < $1.0 }
                #expect(published.map(\.1) == [nil, nil, nil, nil, "2025-02-14"], "\(hits)")
            }
            // The text summary names them too.
            let text = try await run(
                "quarry-index", ["--db", workspace.appending("t.sqlite"), "--config", Repository.config, "-"],
                stdin: lines.joined(separator: "\n") + "\n", in: workspace)
            #expect(text.stderr.contains("4 published dates could not be read"), "\(text)")
            #expect(text.stderr.contains(#"-#1 ("2020-13-45")"#), "\(text)")
        }
    }

    @Test func noInputIsAUsageErrorExitingTwo() async throws {
        try await withTemporaryDirectory { workspace in
            let none = try await run("quarry-index", ["--db", workspace.appending("q.sqlite")], in: workspace)
            #expect(none.status == 2, "\(none)")
            #expect(none.stderr.contains("give at least one INPUT"), "\(none)")
            let unknown = try await run("quarry-index", ["--frobnicate", "x"], in: workspace)
            #expect(unknown.status == 2, "\(unknown)")
            #expect(!FileManager.default.fileExists(atPath: workspace.appending("q.sqlite")))
        }
    }
}
