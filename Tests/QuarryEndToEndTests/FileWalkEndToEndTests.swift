import Foundation
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How the real `quarry-index` walks hostile folders (issue 14, items 5 and 6): FIFOs, devices and
/// symlink loops never block or multiply it, symlinks are followed only with `--follow`, and what it
/// creates is readable by its owner only.
@Suite(.serialized) struct FileWalkEndToEndTests {
    static let article = "Harbour lamps dimmed\n\nBy Ada Quill\n\nThe harbour lamps were dimmed on Monday to save money.\n"

    /// Runs `quarry-index --json ARGUMENTS` with the repository's rules; fails the test after `timeout`
    /// instead of hanging (the FIFO reproduction blocked forever).
    static func index(_ arguments: [String], in workspace: TemporaryDirectory,
                      environment: [String: String] = [:]) async throws -> ProcessOutput {
        try await run(
            "quarry-index", ["--config", Repository.config, "--json"] + arguments, in: workspace,
            environment: environment, timeout: .seconds(30))
    }

    static func folder(_ workspace: TemporaryDirectory, _ name: String = "in") throws -> String {
        let folder = workspace.appending(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try article.write(toFile: folder + "/a.txt", atomically: false, encoding: .utf8)
        return folder
    }

    /// A configuration file in `workspace` naming the repository's rules by absolute path and no `db`
    /// (the repository's own file points `db` at `Index/quarry.sqlite`), plus `index` settings.
    static func configuration(_ workspace: TemporaryDirectory, index: String = "{}") throws -> String {
        let config = workspace.appending("quarry.json")
        let rules = Repository.root + "/Config"
        try """
            {"furniture": "\(rules)/furniture.json", "lexicon": "\(rules)/lexicon.json", "index": \(index)}
            """.write(toFile: config, atomically: false, encoding: .utf8)
        return config
    }

    static func summary(_ output: ProcessOutput) throws -> [String: Any] {
        try jsonObject(output.stdout, context: output.description)
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    @Test func fifoNamedLikeAnArticleIsSkippedWithAReasonAndBlocksNothing() async throws {
        try await withTemporaryDirectory { workspace in
            // Given a folder holding an article and a FIFO named x.txt that no one writes to,
            let folder = try Self.folder(workspace)
            #expect(mkfifo(folder + "/x.txt", 0o644) == 0)
            let database = workspace.appending("q.sqlite")
            // when it is indexed,
            let output = try await Self.index(["--db", database, folder], in: workspace)
            // then the run ends, skips the FIFO with a reason, indexes the article and leaves no side file.
            #expect(output.status == 1, "\(output)")
            let summary = try Self.summary(output)
            #expect(summary.int("articles") == 1)
            let skipped = summary.objects("skipped")
            #expect(skipped.count == 1)
            #expect(skipped.first?.string("input")?.hasSuffix("/x.txt") == true)
            #expect(skipped.first?.string("reason")?.contains("FIFO") == true, "\(skipped)")
            let names = try FileManager.default.contentsOfDirectory(atPath: workspace.path)
            #expect(!names.contains { $0.contains(".building-") }, "\(names)")
        }
    }

    @Test func aFIFONamedDirectlyIsSkippedToo() async throws {
        try await withTemporaryDirectory { workspace in
            let fifo = workspace.appending("named.txt")
            #expect(mkfifo(fifo, 0o644) == 0)
            let output = try await Self.index(["--db", workspace.appending("q.sqlite"), fifo], in: workspace)
            #expect(output.status == 1, "\(output)")
            #expect(output.stderr.contains("FIFO"), "\(output)")
        }
    }

    @Test func devicesReachedThroughAFollowedLinkAreSkippedUnread() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            #expect(symlink("/dev/zero", folder + "/zero.txt") == 0)
            let output = try await Self.index(
                ["--db", workspace.appending("q.sqlite"), "--follow", folder], in: workspace)
            #expect(output.status == 1, "\(output)")
            let skipped = try Self.summary(output).objects("skipped")
            #expect(skipped.first?.string("reason")?.contains("character device") == true, "\(skipped)")
        }
    }

    @Test func aSocketInAFolderIsSkippedWithAReason() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            // A listening Unix socket named like an article (short path: sun_path holds ~108 bytes).
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array((folder + "/s.txt").utf8CString)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: path.map { UInt8(bitPattern: $0) })
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            #expect(bound == 0)
            let output = try await Self.index(["--db", workspace.appending("q.sqlite"), folder], in: workspace)
            #expect(output.status == 1, "\(output)")
            let skipped = try Self.summary(output).objects("skipped")
            #expect(skipped.first?.string("reason")?.contains("a socket, not a regular file") == true, "\(skipped)")
        }
    }

    @Test func twoLinksToTheirOwnFolderNeitherRecurseNorCopy() async throws {
        try await withTemporaryDirectory { workspace in
            // Given s1 -> . and s2 -> . next to one article,
            let folder = try Self.folder(workspace)
            #expect(symlink(".", folder + "/s1") == 0)
            #expect(symlink(".", folder + "/s2") == 0)
            // by default links are not followed: one article, and the summary says two links were ignored;
            let plain = try await Self.index(["--db", workspace.appending("plain.sqlite"), folder], in: workspace)
            #expect(plain.status == 0, "\(plain)")
            let summary = try Self.summary(plain)
            #expect(summary.int("articles") == 1)
            #expect((summary["ignored"] as? [String: Any])?.int("symlinks") == 2, "\(plain)")
            // with --follow each real file is still read once, and the loops are named.
            let followed = try await Self.index(
                ["--db", workspace.appending("follow.sqlite"), "--follow", folder], in: workspace)
            #expect(try Self.summary(followed).int("articles") == 1, "\(followed)")
            #expect(try Self.summary(followed).int("added") == 1, "\(followed)")
            #expect(followed.stderr.contains("loop"), "\(followed)")
        }
    }

    @Test func aSelfLinkIndexesNoCopies() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
            try Self.article.write(toFile: folder + "/sub/b.txt", atomically: false, encoding: .utf8)
            #expect(symlink(".", folder + "/self") == 0)
            #expect(symlink("..", folder + "/sub/up") == 0)
            for follow in [false, true] {
                let database = workspace.appending("q-\(follow).sqlite")
                let output = try await Self.index(
                    ["--db", database] + (follow ? ["--follow"] : []) + [folder], in: workspace)
                #expect(try Self.summary(output).int("articles") == 2, "follow \(follow): \(output)")
            }
        }
    }

    @Test func aLinkOutOfTheFolderIsNotFollowedUnlessAsked() async throws {
        try await withTemporaryDirectory { workspace in
            // Given a folder with a link to a private file outside it,
            let folder = try Self.folder(workspace)
            let secret = workspace.appending("secret.txt")
            try "Private notes\n\nThe vault code is zanzibarite.\n".write(toFile: secret, atomically: false, encoding: .utf8)
            #expect(symlink(secret, folder + "/x.txt") == 0)
            let database = workspace.appending("q.sqlite")
            // when the folder is indexed, the private file stays out of the index;
            let plain = try await Self.index(["--db", database, folder], in: workspace)
            #expect(plain.status == 0, "\(plain)")
            #expect(try Self.summary(plain).int("articles") == 1)
            let dump = try await run("quarry-index", ["--db", database, "--dump-entities"], in: workspace)
            #expect(!dump.stdout.contains("secret"), "\(dump)")
            // only --follow reads it, because the user asked.
            let followed = try await Self.index(["--db", database, "--follow", folder], in: workspace)
            #expect(try Self.summary(followed).int("articles") == 2, "\(followed)")
        }
    }

    @Test func aLinkNamedOnTheCommandLineIsFollowed() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            #expect(symlink(folder + "/a.txt", workspace.appending("link.txt")) == 0)
            #expect(symlink(folder, workspace.appending("linked-folder")) == 0)
            let file = try await Self.index(
                ["--db", workspace.appending("f.sqlite"), workspace.appending("link.txt")], in: workspace)
            #expect(try Self.summary(file).int("articles") == 1, "\(file)")
            let tree = try await Self.index(
                ["--db", workspace.appending("t.sqlite"), workspace.appending("linked-folder")], in: workspace)
            #expect(try Self.summary(tree).int("articles") == 1, "\(tree)")
        }
    }

    @Test func theSameFileNamedTwiceInOneRunIsOneArticle() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            #expect(link(folder + "/a.txt", folder + "/hard.txt") == 0)
            let output = try await Self.index(
                ["--db", workspace.appending("q.sqlite"), folder, folder + "/a.txt"], in: workspace)
            #expect(output.status == 0, "\(output)")
            let summary = try Self.summary(output)
            #expect(summary.int("articles") == 1)
            #expect(summary.objects("skipped").isEmpty)
        }
    }

    @Test func theIndexItsWALAndSharedMemoryAndItsFolderAreOwnerOnly() async throws {
        try await withTemporaryDirectory { workspace in
            // Given the default location under XDG_DATA_HOME, which does not exist yet,
            let folder = try Self.folder(workspace)
            let data = workspace.appending("data")
            let config = try Self.configuration(workspace)
            let output = try await run(
                "quarry-index", ["--config", config, folder], in: workspace,
                environment: ["XDG_DATA_HOME": data], timeout: .seconds(30))
            #expect(output.status == 0, "\(output)")
            // the folders it created are 0700 and the index 0600;
            let database = data + "/quarry/quarry.sqlite"
            #expect(Self.mode(data) == 0o700)
            #expect(Self.mode(data + "/quarry") == 0o700)
            #expect(Self.mode(database) == 0o600)
            // while a daemon reads it and another run writes, the WAL and shared memory are 0600 too.
            try await withRunningDaemon(databasePath: database) { _ in
                try Self.article.write(toFile: folder + "/b.txt", atomically: false, encoding: .utf8)
                let again = try await run(
                    "quarry-index", ["--config", config, folder], in: workspace,
                    environment: ["XDG_DATA_HOME": data], timeout: .seconds(30))
                #expect(again.status == 0, "\(again)")
                for suffix in ["", "-wal", "-shm", ".lock"] where FileManager.default.fileExists(atPath: database + suffix) {
                    #expect(Self.mode(database + suffix) == 0o600, "\(suffix)")
                }
                #expect(FileManager.default.fileExists(atPath: database + "-shm"))
            }
        }
    }

    @Test func aFileModeSettingWidensTheIndexExplicitly() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            let config = try Self.configuration(workspace, index: #"{"file_mode": "0640"}"#)
            let database = workspace.appending("shared/q.sqlite")
            let output = try await run(
                "quarry-index", ["--config", config, "--db", database, folder], in: workspace, timeout: .seconds(30))
            #expect(output.status == 0, "\(output)")
            #expect(Self.mode(database) == 0o640)
            #expect(Self.mode(workspace.appending("shared")) == 0o750)

            _ = try Self.configuration(workspace, index: #"{"file_mode": "0666x"}"#)
            let bad = try await run(
                "quarry-index", ["--config", config, "--db", database, folder], in: workspace, timeout: .seconds(30))
            #expect(bad.status == 2, "\(bad)")
            #expect(bad.stderr.contains("index.file_mode"), "\(bad)")
        }
    }

    @Test func aDatabasePathThatIsAFIFOIsRefusedAtOnce() async throws {
        try await withTemporaryDirectory { workspace in
            let folder = try Self.folder(workspace)
            let database = workspace.appending("q.sqlite")
            #expect(mkfifo(database, 0o644) == 0)
            let output = try await Self.index(["--db", database, folder], in: workspace)
            #expect(output.status == 2, "\(output)")
            #expect(output.stderr.contains("not a regular file"), "\(output)")
            // nor is a folder, and neither leaves a lock file beside it.
            let folderDB = try await Self.index(["--db", folder, folder], in: workspace)
            #expect(folderDB.status == 2, "\(folderDB)")
            #expect(folderDB.stderr.contains("is a folder, not a regular file"), "\(folderDB)")
            #expect(!FileManager.default.fileExists(atPath: database + ".lock"))
            #expect(!FileManager.default.fileExists(atPath: folder + ".lock"))
        }
    }
}
