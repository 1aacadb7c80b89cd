import Foundation
import QuarryProtocol
import QuarryTestSupport

/// What a finished child process left behind.
struct Finished: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs an executable to its end, capturing stdout and stderr through files (no pipe can fill up).
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    in directory: TemporaryDirectory
) throws -> Finished {
    let child = try startProcess(executable, arguments, environment: environment, in: directory)
    child.process.waitUntilExit()
    return child.finish()
}

/// A child started by `startProcess`, its output going to files in the test's folder.
final class Child: @unchecked Sendable {
    let process: Process
    let stdoutPath: String
    let stderrPath: String

    init(process: Process, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    var pid: Int32 { process.processIdentifier }

    /// Its status (or signal number) and output, once it has exited.
    func finish() -> Finished {
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }
}

private let childCounter = Counter()

/// A thread-safe counter for unique file names.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Starts an executable without waiting for it.
func startProcess(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    in directory: TemporaryDirectory
) throws -> Child {
    let n = childCounter.next()
    let out = directory.appending("child-\(n).out")
    let err = directory.appending("child-\(n).err")
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") }
    env["XDG_CONFIG_HOME"] = directory.path
    env.merge(environment) { _, new in new }
    process.environment = env
    process.standardOutput = FileHandle(forWritingAtPath: out)
    process.standardError = FileHandle(forWritingAtPath: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return Child(process: process, stdoutPath: out, stderrPath: err)
}

/// The `sqlite3` shell, used to check an index from outside the product's own code.
enum SQLiteShell {
    static var path: String? {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `sql` on `database` and returns its output lines; throws on a non-zero exit.
    static func run(_ sql: String, on database: String, readOnly: Bool = false,
                    in directory: TemporaryDirectory) throws -> [String] {
        guard let shell = path else { throw CheckFailure("sqlite3 is not installed") }
        let result = try runProcess(
            shell, (readOnly ? ["-readonly"] : []) + ["-batch", database, sql], in: directory)
        guard result.status == 0 else {
            throw CheckFailure("sqlite3 failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The article count, read-only (nil when the file does not exist yet or cannot be read).
    static func articleCount(_ database: String, in directory: TemporaryDirectory) -> Int? {
        guard FileManager.default.fileExists(atPath: database),
              let lines = try? run("SELECT count(*) FROM article;", on: database, readOnly: true, in: directory)
        else { return nil }
        return lines.first.flatMap { Int($0) }
    }

    /// SQLite's and FTS5's integrity checks on both text indexes, plus completeness against a
    /// reference index built without interruption: every article present has all its quotes (as many
    /// quote rows as its `quote_count`, and the same as the reference). Returns the article count.
    /// An index killed before its schema was committed holds no tables: that counts as 0 articles.
    static func check(_ database: String, reference: String?, in directory: TemporaryDirectory) throws -> Int {
        let schema = try run("SELECT count(*) FROM sqlite_master WHERE name IN ('article', 'article_fts', 'quote_fts');",
                             on: database, in: directory)
        if schema == ["0"] {
            guard try run("PRAGMA integrity_check;", on: database, in: directory) == ["ok"] else {
                throw CheckFailure("integrity_check failed on an index without tables")
            }
            return 0
        }
        var sql = """
            PRAGMA integrity_check;
            INSERT INTO article_fts(article_fts, rank) VALUES('integrity-check', 1);
            INSERT INTO quote_fts(quote_fts, rank) VALUES('integrity-check', 1);
            SELECT 'articles=' || count(*) FROM article;
            SELECT 'incomplete=' || count(*) FROM article a
              WHERE a.quote_count != (SELECT count(*) FROM quote q WHERE q.article_rowid = a.rowid);
            """
        if let reference {
            sql += """

                ATTACH '\(reference)' AS ref;
                SELECT 'differ=' || count(*) FROM article a JOIN ref.article r ON r.id = a.id
                  WHERE a.quote_count != r.quote_count OR a.content_hash != r.content_hash;
                SELECT 'unknown=' || count(*) FROM article a WHERE a.id NOT IN (SELECT id FROM ref.article);
                """
        }
        let lines = try run(sql, on: database, in: directory)
        guard lines.first == "ok" else { throw CheckFailure("integrity_check: \(lines.prefix(3))") }
        func value(_ key: String) -> Int? {
            lines.first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard let articles = value("articles") else { throw CheckFailure("no article count: \(lines)") }
        for key in ["incomplete"] + (reference == nil ? [] : ["differ", "unknown"]) {
            guard value(key) == 0 else { throw CheckFailure("\(key) articles: \(lines)") }
        }
        return articles
    }
}

/// A failed check, with what was found.
struct CheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Generated articles in the scraped plain-text form, with quotes, speakers and places, so indexing
/// exercises every table. Deterministic for a given `variant`.
enum SyntheticCorpus {
    static let people = ["Maren Calloway", "Teodor Vask", "Lev Anteric", "Dmitry Peskov", "Ana Lindqvist"]
    static let places = ["Harbourton", "Ostrel", "Brennan Strait", "Castle Quay", "Selvane"]
    static let words = """
        fishing corridor protest treaty boundary ministry talks sanctions harbour trawler agreement
        coast embassy minister statement cabinet island federation plan waters council election
        budget strike inquiry tariff pipeline survey blockade draft opposition betrayal ceasefire
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    /// Writes `count` articles into `folder` (created), `variant` changing every body.
    /// Files are `PREFIX-N.txt`, so the article ids are `PREFIX-N`.
    static func write(count: Int, into folder: String, variant: Int = 0, paragraphs: Int = 6,
                      prefix: String = "article") throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededGenerator(seed: UInt64(count * 7919 + variant))
        for n in 0..<count {
            var text = "\(words[n % words.count].capitalized) \(words[(n / 7) % words.count]) report \(n) v\(variant)\n\n"
            text += "By \(people[n % people.count])\n\n"
            for p in 0..<paragraphs {
                let sentence = (0..<18).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                text += "\(places.randomElement(using: &random)!) – The \(sentence) on day \(p).\n\n"
                if p % 2 == 0 {
                    let quote = (0..<12).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                    let person = people.randomElement(using: &random)!
                    text += "“We will \(quote),” \(person) said on Tuesday.\n\n"
                }
            }
            try text.write(toFile: folder + "/\(prefix)-\(n).txt", atomically: false, encoding: .utf8)
        }
    }
}

/// The built executables this suite drives.
enum Binaries {
    static func index() throws -> String { try BuiltExecutables.path(of: "quarry-index") }
    static func client() throws -> String { try BuiltExecutables.path(of: "quarry") }
}

/// Builds an index at `database` from `inputs` with the real `quarry-index`; throws unless it exits 0 or 1.
@discardableResult
func buildIndex(_ database: String, _ inputs: [String], in directory: TemporaryDirectory) throws -> Finished {
    let result = try runProcess(try Binaries.index(), ["--db", database, "--json"] + inputs, in: directory)
    guard result.status == 0 || result.status == 1 else {
        throw CheckFailure("quarry-index exited \(result.status): \(result.stderr)")
    }
    return result
}

/// Sends every line of `lines` on one connection and reads the whole answer of each (all lines of a
/// streamed reply), returning the final reply line of each request.
func exchange(_ lines: [String], socket: String, timeout: Duration = .seconds(30)) async throws -> [Reply] {
    try await withUnixConnection(to: socket, timeout: timeout) { connection in
        var replies: [Reply] = []
        for line in lines {
            try connection.sendLine(line)
            replies.append(try readAnswer(connection))
        }
        return replies
    }
}

/// Reads one request's answer: lines until one without `"partial":true`. Throws at end of stream.
func readAnswer(_ connection: UnixConnection) throws -> Reply {
    while true {
        guard let reply = try connection.readReply() else { throw CheckFailure("connection closed before a reply") }
        if reply.partial != true { return reply }
    }
}

/// The JSON of a request line, with `fields` added to `op`.
func requestLine(_ op: String, id: Int, _ fields: [String: Any] = [:]) -> String {
    var object: [String: Any] = ["v": 1, "id": id, "op": op]
    object.merge(fields) { _, new in new }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// Phrases an error reply must never contain: SQL, SQLite's own messages, stacks, source files.
/// Phrases the request itself holds (an echoed `op` name, say) do not count.
func leaks(_ message: String, request: String = "", privatePaths: [String]) -> String? {
    let banned = ["SELECT ", "INSERT ", " FROM ", " WHERE ", "MATCH ", "sqlite", "SQLITE", "GRDB", "fts5:",
                  ".swift", "Fatal error", "0x0000", "Backtrace", "DatabaseError"]
    for phrase in banned + privatePaths where message.contains(phrase) && !request.contains(phrase) {
        return phrase
    }
    return nil
}
