import Foundation
import QuarryTestSupport
import Testing

/// Ids that never collide (issue 16, item 3), with the real `quarry-index`: `bbc/sport/` then
/// `bbc/tech/` replaced 401 of 912 articles; `pr/a/` then `pr/` held each file twice; two id-less
/// stdin streams were both `-#1`; a `--prune` of one folder deleted another folder's article.
@Suite(.serialized) struct ArticleIdEndToEndTests {
    /// A folder tree of articles whose bodies differ; returns the tree's root.
    static func corpus(_ workspace: TemporaryDirectory, _ files: [String]) throws -> String {
        let root = workspace.appending("corpus")
        for file in files {
            let path = root + "/" + file
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let word = file.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: ".txt", with: "")
            try "Report on \(word)\n\nBy Ada Quill\n\nThe council discussed \(word) at length on Monday.\n"
                .write(toFile: path, atomically: false, encoding: .utf8)
        }
        return root
    }

    static func index(_ arguments: [String], database: String, in workspace: TemporaryDirectory,
                      stdin: String? = nil) async throws -> [String: Any] {
        let output = try await run(
            "quarry-index", ["--db", database, "--config", Repository.config, "--json"] + arguments, stdin: stdin,
            in: workspace, timeout: .seconds(60))
        #expect(output.status == 0, "\(arguments): \(output)")
        return try jsonObject(output.stdout, context: output.description)
    }

    /// Every id the index holds (each test article mentions "council"), through the real daemon and client.
    static func ids(_ database: String, in workspace: TemporaryDirectory) async throws -> [String] {
        try await withRunningDaemon(databasePath: database) { daemon in
            let output = try await run(
                "quarry", ["search", "council", "--all", "--format", "ndjson"], in: workspace,
                environment: ["QUARRY_SOCKET": daemon.socketPath])
            return try output.lines.compactMap { try jsonObject($0).string("id") }.sorted()
        }
    }

    /// added, updated, unchanged, articles of a `--json` summary.
    static func counts(_ summary: [String: Any]) -> (added: Int?, updated: Int?, unchanged: Int?, articles: Int?) {
        (summary.int("added"), summary.int("updated"), summary.int("unchanged"), summary.int("articles"))
    }

    @Test func siblingFoldersOneAfterTheOtherKeepEveryArticleAndTheirParentAddsNone() async throws {
        try await withTemporaryDirectory { workspace in
            let root = try Self.corpus(workspace, ["sport/001.txt", "sport/002.txt", "tech/001.txt", "tech/002.txt"])
            let database = workspace.appending("q.sqlite")
            let sport = try await Self.index([root + "/sport/"], database: database, in: workspace)
            #expect(Self.counts(sport) == (2, 0, 0, 2))
            let tech = try await Self.index([root + "/tech/"], database: database, in: workspace)
            #expect(Self.counts(tech) == (2, 0, 0, 4), "tech replaced sport: \(tech)")
            let whole = try await Self.index([root], database: database, in: workspace)
            #expect(Self.counts(whole) == (0, 0, 4, 4), "\(whole)")
            // The first folder's files keep their short ids; the second's clash and take a longer part of their path.
            #expect(try await Self.ids(database, in: workspace) == ["001", "002", "tech/001", "tech/002"])
        }
    }

    @Test func aFolderAfterItsSubfolderHoldsEachFileOnce() async throws {
        try await withTemporaryDirectory { workspace in
            let root = try Self.corpus(workspace, ["a/001.txt", "b.txt"])
            let database = workspace.appending("q.sqlite")
            let part = try await Self.index([root + "/a/"], database: database, in: workspace)
            #expect(Self.counts(part) == (1, 0, 0, 1))
            let whole = try await Self.index([root + "/"], database: database, in: workspace)
            #expect(Self.counts(whole) == (1, 0, 1, 2), "\(whole)")
            // and the same from another spelling of the path: ./corpus, from the workspace
            let relative = try await Self.index(["./corpus"], database: database, in: workspace)
            #expect(Self.counts(relative) == (0, 0, 2, 2), "\(relative)")
            #expect(try await Self.ids(database, in: workspace) == ["001", "b"])
        }
    }

    @Test func twoStdinStreamsWithoutIdsHoldTwoArticlesAndARepeatedStreamNone() async throws {
        try await withTemporaryDirectory { workspace in
            let database = workspace.appending("q.sqlite")
            let first = #"{"title": "Kelp farms", "body": "The kelp farms expanded along the coast."}"#
            let second = #"{"title": "Tide tables", "body": "New tide tables were printed for the harbour."}"#
            _ = try await Self.index(["-"], database: database, in: workspace, stdin: first + "\n")
            let other = try await Self.index(["-"], database: database, in: workspace, stdin: second + "\n")
            #expect(Self.counts(other) == (1, 0, 0, 2), "\(other)")
            let again = try await Self.index(["-"], database: database, in: workspace, stdin: first + "\n")
            #expect(Self.counts(again) == (0, 0, 1, 2), "\(again)")
        }
    }

    @Test func pruneRemovesOnlyArticlesUnderTheFoldersItWasGiven() async throws {
        try await withTemporaryDirectory { workspace in
            let root = try Self.corpus(workspace, ["one/001.txt", "one/002.txt", "two/001.txt", "two/003.txt"])
            let database = workspace.appending("q.sqlite")
            _ = try await Self.index([root + "/one"], database: database, in: workspace)
            _ = try await Self.index([root + "/two"], database: database, in: workspace)
            try FileManager.default.removeItem(atPath: root + "/two/003.txt")
            let other = try await Self.index(["--prune", root + "/one"], database: database, in: workspace)
            #expect(other.int("removed") == 0, "\(other)")
            #expect(other.int("articles") == 4)
            let own = try await Self.index(["--prune", root + "/two"], database: database, in: workspace)
            #expect(own.int("removed") == 1, "\(own)")
            #expect(own.int("articles") == 3)
        }
    }

    @Test func pruneFromAnotherWorkingFolderKeepsFilesThatExist() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { return }
        try await withTemporaryDirectory { workspace in
            _ = try Self.corpus(workspace, ["in/001.txt", "in/002.txt"])
            let database = workspace.appending("q.sqlite")
            _ = try await Self.index(["corpus/in"], database: database, in: workspace)
            let elsewhere = try await run(
                executable: "/bin/sh",
                ["-c", "cd / && exec \"$0\" \"$@\"", try BuiltExecutables.path(of: "quarry-index"), "--db", database,
                 "--config", Repository.config, "--json", "--prune", workspace.appending("corpus/in")],
                in: workspace)
            let summary = try jsonObject(elsewhere.stdout, context: elsewhere.description)
            #expect(Self.counts(summary) == (0, 0, 2, 2), "\(elsewhere)")
            #expect(summary.int("removed") == 0)
        }
    }

    @Test func theSameFileThroughADirectLinkIsOneArticle() async throws {
        try await withTemporaryDirectory { workspace in
            let root = try Self.corpus(workspace, ["in/001.txt"])
            #expect(symlink(root + "/in/001.txt", workspace.appending("alias.txt")) == 0)
            let database = workspace.appending("q.sqlite")
            _ = try await Self.index([root + "/in"], database: database, in: workspace)
            let linked = try await Self.index([workspace.appending("alias.txt")], database: database, in: workspace)
            #expect(Self.counts(linked) == (0, 0, 1, 1), "\(linked)")
        }
    }
}
