import Foundation
import Testing

/// A running daemon follows its index: new commits, a deleted index, a re-created one — no restart.
@Suite struct LiveIndexEndToEndTests {
    static let newArticle = """
        Zephyrine lamps go dark along the Harbourton quay

        By Ada Quill

        HARBOURTON – The zephyrine lamps along the quay were switched off on Monday to save money.

        "We will turn them back on in the spring," said Teodor Vask.

        """

    @Test func articlesIndexedWhileTheDaemonRunsAreSeenByTheNextQuery() async throws {
        try await withSampleDaemon { quarry in
            // Given a daemon serving the sample,
            let before = try #require(try await quarry.json("stats")["stats"] as? [String: Any])
            #expect(before.int("articles") == Sample.articles)
            let missing = try await quarry.quarry("search", "zephyrine")
            #expect(missing.status == 1, "\(missing)")

            // when quarry-index adds an article to the same database,
            let folder = quarry.workspace.appending("new")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.newArticle.write(toFile: folder + "/11-lamps.txt", atomically: true, encoding: .utf8)
            let indexed = try await quarry.index([folder])
            #expect(indexed.status == 0, "\(indexed)")

            // then the next queries see it, and the generation has moved on.
            let after = try #require(try await quarry.json("stats")["stats"] as? [String: Any])
            #expect(after.int("articles") == Sample.articles + 1)
            #expect(after.int("generation") != before.int("generation"))
            let found = try await quarry.page("search", "zephyrine")
            #expect(found.ids == ["11-lamps"])
            let quotes = try await quarry.page("quotes", "--speaker", "vask", "--all")
            #expect(quotes.quotes?.contains { $0.text == "We will turn them back on in the spring," } == true)
            #expect(quarry.daemon.stderr.contains("quarryd: listening"), "the same daemon still runs")
        }
    }

    @Test func deletedIndexAnswersUnavailableAndRecoversWhenRecreated() async throws {
        try await withSampleDaemon { quarry in
            let working = try await quarry.quarry("search", "strait")
            #expect(working.status == 0, "\(working)")

            // Given the index is deleted under the running daemon,
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: quarry.database + suffix)
            }

            // queries are answered `unavailable` (client exit 3) while the daemon keeps serving.
            let search = try await quarry.quarry("search", "strait")
            #expect(search.status == 3, "\(search)")
            #expect(search.stderr.contains("unavailable"), "\(search.stderr)")
            let raw = try await quarry.exchange([#"{"v":1,"id":1,"op":"stats"}"#, #"{"v":1,"id":2,"op":"ping"}"#])
            #expect(raw.first?.error?.code == .unavailable)
            #expect(raw.last?.pong == "pong")
            let ping = try await quarry.quarry("ping")
            #expect(ping.status == 0, "\(ping)")

            // When the index is built again at the same path, queries work without a restart.
            let rebuilt = try await quarry.index([Repository.sample])
            #expect(rebuilt.status == 0, "\(rebuilt)")
            let again = try await quarry.page("search", "strait OR Selvane OR Korvath", "--all")
            #expect(again.total == Sample.articles)
            let stats = try #require(try await quarry.json("stats")["stats"] as? [String: Any])
            #expect(stats.int("articles") == Sample.articles)
        }
    }
}
