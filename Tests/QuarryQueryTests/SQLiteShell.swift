import Foundation
import Testing

@testable import QuarryQuery

/// Runs SQL through the `sqlite3` command-line shell, to check compiled MATCH expressions against a
/// real FTS5 (the test target has no SQLite library). Every batch is one process and one script file.
enum SQLiteShell {
    static let path = "/usr/bin/sqlite3"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// The index's two FTS5 tables, as the lead's schema declares them, with a few rows.
    static let schema = """
        CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2', prefix='2 3');
        CREATE VIRTUAL TABLE quote_fts USING fts5(text, tokenize='porter unicode61 remove_diacritics 2', prefix='2 3');

        """

    /// A statement `SELECT` that prints `tag|value`; a statement SQLite rejects prints nothing.
    struct Probe {
        var tag: String
        var sql: String
    }

    /// `'text'` as an SQL literal. Scalar by scalar: a `'` followed by a combining mark is one
    /// `Character`, which a Character-level replace would miss.
    static func literal(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        output.append("'")
        for scalar in text.unicodeScalars {
            output.append(scalar)
            if scalar == "'" { output.append("'") }
        }
        output.append("'")
        return String(output)
    }

    /// Runs `setup` then every probe; returns each probe's printed value (nil when SQLite rejected it)
    /// and the shell's error output.
    static func run(setup: String, probes: [Probe]) throws -> (values: [String: String], errors: String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("script.sql")
        let output = directory.appendingPathComponent("out.txt")
        let errors = directory.appendingPathComponent("err.txt")
        var text = schema + setup + "\n"
        for probe in probes {
            text += "SELECT \(literal(probe.tag)), (\(probe.sql));\n"
        }
        try text.write(to: script, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [":memory:"]
        process.standardInput = try FileHandle(forReadingFrom: script)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()

        var values: [String: String] = [:]
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            guard let bar = line.firstIndex(of: "|") else { continue }
            values[String(line[..<bar])] = String(line[line.index(after: bar)...])
        }
        return (values, try String(contentsOf: errors, encoding: .utf8))
    }

    /// The MATCH expressions of `plans` that FTS5 rejects, followed by SQLite's complaints.
    static func rejectedMatches(in plans: [QueryPlan]) throws -> [String] {
        var probes: [Probe] = []
        var expressions: [String: String] = [:]
        for (index, plan) in plans.enumerated() {
            for (offset, (table, match)) in plan.matches.enumerated() {
                let tag = "p\(index).\(offset)"
                expressions[tag] = match
                probes.append(
                    Probe(tag: tag, sql: "SELECT count(*) FROM \(table) WHERE \(table) MATCH \(literal(match))"))
            }
        }
        let (values, errors) = try run(setup: fixtureRows, probes: probes)
        let rejected = probes.filter { values[$0.tag] == nil }.compactMap { expressions[$0.tag] }
        return rejected.isEmpty ? [] : rejected + [errors]
    }

    /// Sorted rowids of the fixture articles each plan selects (text conditions only), by query.
    static func articles(for plans: [(query: String, plan: QueryPlan)]) throws -> [String: [Int]] {
        let probes = plans.enumerated().map { index, entry in
            Probe(
                tag: "q\(index)",
                sql: "SELECT '[' || coalesce(group_concat(rowid), '') || ']' FROM "
                    + "(SELECT rowid FROM article_fts WHERE \(entry.plan.articleCondition) ORDER BY rowid)"
            )
        }
        let (values, errors) = try run(setup: fixtureRows, probes: probes)
        var result: [String: [Int]] = [:]
        for (index, entry) in plans.enumerated() {
            guard let value = values["q\(index)"] else {
                Issue.record("sqlite3 rejected the plan of \(entry.query): \(errors)")
                continue
            }
            result[entry.query] = value.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
        }
        return result
    }

    /// Fixture rows; a quote's rowid is its article's.
    static let fixtureRows = """
        INSERT INTO article_fts(rowid, title, body) VALUES
          (1, 'Immigration reform', 'Immigrants and immigration in the U.S. economy, don''t panic.'),
          (2, 'Uranium deal', 'Manturov spoke about uranium enrichment at AT&T.'),
          (3, 'Peace talks', 'Peskov said the foreign partners must listen. Sanctions hurt.'),
          (4, 'Sanctions news', 'Nothing about peace here.');
        INSERT INTO quote_fts(rowid, text) VALUES (3, 'the foreign partners must listen'), (4, 'sanctions hurt');
        """
}

extension QueryPlan {
    /// Every MATCH expression of the plan with its table.
    var matches: [(table: String, match: String)] {
        [
            articleMatch.map { ("article_fts", $0) }, excludedArticleMatch.map { ("article_fts", $0) },
            quoteMatch.map { ("quote_fts", $0) }, saidMatch.map { ("quote_fts", $0) },
        ].compactMap { $0 }
    }

    /// An SQL condition on `article_fts` rows for the plan's text conditions (quotes by rowid).
    var articleCondition: String {
        var conditions = ["1"]
        if let articleMatch { conditions.append("article_fts MATCH \(SQLiteShell.literal(articleMatch))") }
        if let excludedArticleMatch {
            conditions.append(
                "rowid NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH \(SQLiteShell.literal(excludedArticleMatch)))"
            )
        }
        for match in [quoteMatch, saidMatch].compactMap({ $0 }) {
            conditions.append(
                "rowid IN (SELECT rowid FROM quote_fts WHERE quote_fts MATCH \(SQLiteShell.literal(match)))")
        }
        return conditions.joined(separator: " AND ")
    }
}
