import Foundation
import GRDB
import QuarryIndex
import QuarryProtocol
import QuarryTestSupport
import Testing

/// An index written before article source keys (schema migrations `v1` and `v2` only, ids relative to
/// the folder named, input files as typed) opens, migrates, keeps answering, and its articles are
/// matched to their files again by the real `quarry-index`: no article is added twice.
@Suite(.serialized) struct IndexMigrationTests {
    /// The schema as quarry-index wrote it before `v3 article source key`, verbatim.
    static let oldSchema = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1'), ('v2 fts write buffer');
        CREATE TABLE article (
            rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, input_file TEXT NOT NULL,
            content_hash TEXT NOT NULL, title TEXT, author TEXT, published TEXT, source TEXT, url TEXT,
            dateline TEXT, body TEXT NOT NULL, quote_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX article_input_file ON article(input_file);
        CREATE INDEX article_published ON article(published);
        CREATE INDEX article_source ON article(source COLLATE NOCASE);
        CREATE VIRTUAL TABLE article_fts USING fts5(
            title, body, content='article', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
        );
        INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
        CREATE TABLE entity (
            rowid INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT, UNIQUE(name, kind)
        );
        CREATE TABLE entity_alias (
            alias TEXT NOT NULL, entity_id INTEGER NOT NULL REFERENCES entity(rowid) ON DELETE CASCADE,
            PRIMARY KEY (alias, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX entity_alias_entity ON entity_alias(entity_id);
        CREATE TABLE article_entity (
            article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entity(rowid) ON DELETE CASCADE,
            mentions INTEGER NOT NULL, PRIMARY KEY (article_rowid, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX article_entity_entity ON article_entity(entity_id, article_rowid);
        CREATE TABLE quote (
            rowid INTEGER PRIMARY KEY,
            article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
            text TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            speaker_id INTEGER REFERENCES entity(rowid) ON DELETE SET NULL, mention TEXT, cue TEXT
        );
        CREATE INDEX quote_article ON quote(article_rowid);
        CREATE INDEX quote_speaker ON quote(speaker_id, article_rowid);
        CREATE VIRTUAL TABLE quote_fts USING fts5(
            text, content='quote', content_rowid='rowid', columnsize=0,
            tokenize='porter unicode61 remove_diacritics 2'
        );
        INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', 16777216);
        INSERT INTO quote_fts(quote_fts, rank) VALUES ('hashsize', 16777216);
        CREATE TABLE vocab (word TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta(key, value) VALUES ('generation', '1');
        PRAGMA journal_mode = WAL;
        """

    /// `corpus/sport/001.txt` and `corpus/tech/001.txt` in `workspace`.
    static func writeCorpus(_ workspace: TemporaryDirectory) throws {
        for section in ["sport", "tech"] {
            let folder = workspace.appending("corpus/\(section)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "Harbour \(section) report\n\nBy Ada Quill\n\nThe \(section) desk covered the harbour on Monday.\n"
                .write(toFile: folder + "/001.txt", atomically: false, encoding: .utf8)
        }
    }

    /// Runs the built quarry-index with `arguments` in `folder`; returns its exit status and output.
    /// Waits by polling, not `waitUntilExit`, so no thread of the concurrency pool is held meanwhile.
    static func quarryIndex(_ arguments: [String], in folder: String, stdin: String = "") async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutables.path(of: "quarry-index"))
        process.arguments = ["--config", IndexFixture.repository.appendingPathComponent("Config/quarry.json").path,
                             "--json"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outPath = directory.appending("out")
        let errPath = directory.appending("err")
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let inPath = directory.appending("in")
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin.utf8))
        process.standardInput = FileHandle(forReadingAtPath: inPath)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return (process.terminationStatus, try String(contentsOfFile: outPath, encoding: .utf8),
                try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// Writes the old-format index at `database`: the two articles with the ids, relative input files,
    /// content hashes and rules hash an old quarry-index run from `workspace` over `corpus/` stored.
    static func writeOldIndex(_ database: String, like current: String) throws {
        let reference = try DatabaseQueue(path: current)
        let (rows, rulesHash) = try reference.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, path, content_hash, title, body FROM article ORDER BY id"),
             try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rules_hash'") ?? "")
        }
        try reference.close()
        let old = try DatabaseQueue(path: database)
        try old.write { db in
            try db.execute(sql: Self.oldSchema)
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('rules_hash', ?)", arguments: [rulesHash])
            for row in rows {
                let path: String = row["path"]
                // Old ids: the path relative to the folder named (`corpus/`), without extension.
                let oldID = String(path.dropFirst("corpus/".count).dropLast(".txt".count))
                try db.execute(sql: """
                    INSERT INTO article(id, path, input_file, content_hash, title, body) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [oldID, path, path, row["content_hash"], row["title"], row["body"]])
            }
            try db.execute(sql: "INSERT INTO article_fts(rowid, title, body) SELECT rowid, title, body FROM article")
        }
        try old.close()
    }

    static func articles(_ database: String) throws -> [(id: String, key: String?)] {
        let queue = try DatabaseQueue(path: database)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, source_key FROM article ORDER BY id").map { ($0[0], $0[1]) }
        }
    }

    @Test func anOldIndexMigratesKeepsItsIdsAndAddsNoneTwice() async throws {
        try await withTemporaryDirectory { workspace in
            try Self.writeCorpus(workspace)
            // Given an index in the old format, as quarry-index corpus/ left it,
            let current = workspace.appending("current.sqlite")
            #expect(try await Self.quarryIndex(["--db", current, "corpus/"], in: workspace.path).status == 0)
            let database = workspace.appending("old.sqlite")
            try Self.writeOldIndex(database, like: current)

            // it opens and answers before anything rewrites it,
            let before = try IndexReader(path: database).search(.init(
                q: "harbour", filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 0))
            #expect(Set(before.hits.map(\.id)) == ["sport/001", "tech/001"])

            // and the same run again migrates it, matches both rows to their files, and writes no article.
            let run = try await Self.quarryIndex(["--db", database, "corpus/"], in: workspace.path)
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(summary["added"] as? Int == 0, "\(run.stdout)")
            #expect(summary["unchanged"] as? Int == 2, "\(run.stdout)")
            #expect(summary["articles"] as? Int == 2, "\(run.stdout)")
            let rows = try Self.articles(database)
            #expect(rows.map(\.id) == ["sport/001", "tech/001"])
            let real = try #require(realpath(workspace.path, nil).map { String(cString: $0) })
            #expect(rows.map(\.key) == [real + "/corpus/sport/001.txt", real + "/corpus/tech/001.txt"])
            let writer = try IndexWriter(path: database, lexicon: try IndexFixture.options([]).lexicon)
            try writer.integrityCheck()
        }
    }

    @Test func anOldIndexReadFromAnotherWorkingFolderIsMatchedAndNotPruned() async throws {
        try await withTemporaryDirectory { workspace in
            try Self.writeCorpus(workspace)
            let current = workspace.appending("current.sqlite")
            #expect(try await Self.quarryIndex(["--db", current, "corpus/"], in: workspace.path).status == 0)
            let database = workspace.appending("old.sqlite")
            try Self.writeOldIndex(database, like: current)
            // Its input files were stored relative to a working folder this run is not in; the run prunes
            // one section, and must neither take the other's relative path for a missing file nor add twice.
            let run = try await Self.quarryIndex(["--db", database, "--prune", workspace.appending("corpus/sport")], in: "/")
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(summary["removed"] as? Int == 0, "\(run.stdout)")
            #expect(summary["added"] as? Int == 0, "\(run.stdout)")
            #expect(summary["articles"] as? Int == 2, "\(run.stdout)")
            #expect(try Self.articles(database).map(\.id) == ["sport/001", "tech/001"])
        }
    }

    @Test func anOldStdinArticleIsTheSameLineSentAgain() async throws {
        try await withTemporaryDirectory { workspace in
            let line = #"{"title": "Kelp farms", "body": "The kelp farms expanded along the harbour."}"# + "\n"
            let current = workspace.appending("current.sqlite")
            #expect(try await Self.quarryIndex(["--db", current, "-"], in: workspace.path, stdin: line).status == 0)
            // Given the old format's row for that line: id and path -#1, input file -,
            let reference = try DatabaseQueue(path: current)
            let (hash, rulesHash) = try await reference.read { db in
                (try String.fetchOne(db, sql: "SELECT content_hash FROM article") ?? "",
                 try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rules_hash'") ?? "")
            }
            try reference.close()
            let database = workspace.appending("old.sqlite")
            let old = try DatabaseQueue(path: database)
            try await old.write { db in
                try db.execute(sql: Self.oldSchema)
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('rules_hash', ?)", arguments: [rulesHash])
                try db.execute(sql: """
                    INSERT INTO article(id, path, input_file, content_hash, title, body)
                    VALUES ('-#1', '-#1', '-', ?, 'Kelp farms', 'The kelp farms expanded along the harbour.')
                    """, arguments: [hash])
                try db.execute(sql: "INSERT INTO article_fts(rowid, title, body) SELECT rowid, title, body FROM article")
            }
            try old.close()
            // the same line on stdin again is that article, not a second one, and keeps its id.
            let run = try await Self.quarryIndex(["--db", database, "-"], in: workspace.path, stdin: line)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(summary["unchanged"] as? Int == 1, "\(run.stdout) \(run.stderr)")
            #expect(summary["articles"] as? Int == 1, "\(run.stdout)")
            let rows = try Self.articles(database)
            #expect(rows.map(\.id) == ["-#1"])
            #expect(rows.first?.key == "id:-#" + hash)
            let again = try await Self.quarryIndex(["--db", database, "-"], in: workspace.path, stdin: line)
            #expect(again.stdout.contains(#""unchanged":1"#), "\(again.stdout)")
            #expect(try Self.articles(database).count == 1)
        }
    }
}
