import Foundation
import QuarryTestSupport
import Testing

/// Folder noise (issue 16, item 4): `README`, `LICENSE` and the like are not articles, and files of
/// types no reader takes are counted in the summary instead of passed over in silence.
@Suite(.serialized) struct FolderNoiseEndToEndTests {
    static let article = "Harbour lamps dimmed\n\nBy Ada Quill\n\nThe harbour lamps were dimmed on Monday.\n"

    static func noisyFolder(_ workspace: TemporaryDirectory) throws -> String {
        let folder = workspace.appending("corpus")
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        for name in ["a.txt", "sub/b.txt"] {
            try article.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        for name in ["README.TXT", "LICENSE", "sub/CHANGELOG.md", "license.txt"] {
            try "Not an article.\n".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        for name in ["notes.md", "photo.jpg", "sub/data.csv"] {
            try "other\n".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        return folder
    }

    @Test func readmeAndLicenseAreSkippedAndOtherTypesCounted() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.noisyFolder(workspace)
            let database = workspace.appending("q.sqlite")
            let json = try await run(
                "quarry-index", ["--db", database, "--config", Repository.config, "--json", folder], in: workspace)
            #expect(json.status == 0, "\(json)")
            let summary = try jsonObject(json.stdout, context: json.description)
            #expect(summary.int("articles") == 2)
            let ignored = try #require(summary["ignored"] as? [String: Any], "\(json)")
            #expect(ignored.int("non_articles") == 4, "\(ignored)")
            #expect(ignored.int("other_types") == 3, "\(ignored)")
            #expect(ignored.int("symlinks") == 0, "\(ignored)")

            let text = try await run(
                "quarry-index", ["--db", database, "--config", Repository.config, folder], in: workspace)
            #expect(text.stderr.contains("3 files of other types"), "\(text)")
            #expect(text.stderr.contains("4 non-article files (README, LICENSE"), "\(text)")
        }
    }

    @Test func aReadmeNamedDirectlyIsRead() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.noisyFolder(workspace)
            let output = try await run(
                "quarry-index", ["--db", workspace.appending("q.sqlite"), "--config", Repository.config, "--json",
                                 folder + "/README.TXT"], in: workspace)
            #expect(try jsonObject(output.stdout, context: output.description).int("articles") == 1)
        }
    }
}
