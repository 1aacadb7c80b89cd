import Foundation
import QuarryProtocol
import QuarryTestSupport

/// Paths in the checkout, found from this file's location.
enum Repository {
    /// The repository root: `Tests/QuarryEndToEndTests/EndToEndSupport.swift` → `../../..`.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The invented sample articles whose ground truth is `Index/sample/EXPECTED.md`.
    static var sample: String { root + "/Index/sample" }
    /// The repository's configuration (furniture and lexicon rules the indexer uses).
    static var config: String { root + "/Config/quarry.json" }
}

/// Ground truth from `Index/sample/EXPECTED.md`.
///
/// Quote counts are not asserted against its 58: extraction finds 56 today (see the team's quote
/// evaluation, `scripts/eval-quotes`); the suite checks that every found quote is served exactly once.
enum Sample {
    static let articles = 11
}

/// How a finished process exited and what it printed.
struct ProcessOutput: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Non-empty stdout lines.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    var description: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
}

/// Runs the built executable `name` to completion, with `stdin` as its standard input.
///
/// Output goes to files in `directory` (no pipe to drain, so no deadlock however much is printed); the
/// working folder and `XDG_CONFIG_HOME` are `directory` and Quarry's variables and `NO_COLOR` are removed
/// from the environment, so only the flags a test passes take effect.
func run(
    _ name: String, _ arguments: [String], stdin: String? = nil, in directory: TemporaryDirectory,
    environment: [String: String] = [:], timeout: Duration = .seconds(60)
) async throws -> ProcessOutput {
    try await run(
        executable: try BuiltExecutables.path(of: name), arguments, stdin: stdin, in: directory,
        environment: environment, timeout: timeout)
}

/// Runs the program at `executable` to completion; see `run(_:_:stdin:in:environment:timeout:)`.
func run(
    executable: String, _ arguments: [String], stdin: String? = nil, in directory: TemporaryDirectory,
    environment: [String: String] = [:], timeout: Duration = .seconds(60)
) async throws -> ProcessOutput {
    let name = (executable as NSString).lastPathComponent
    let tag = UUID().uuidString
    let outPath = directory.appending("\(tag).out")
    let errPath = directory.appending("\(tag).err")
    let inPath = directory.appending("\(tag).in")
    defer { for path in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: path) } }
    for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") && $0.key != "NO_COLOR" }
    env["XDG_CONFIG_HOME"] = directory.path
    env.merge(environment) { _, new in new }
    process.environment = env
    let output = FileHandle(forWritingAtPath: outPath)
    let errors = FileHandle(forWritingAtPath: errPath)
    let input = FileHandle(forReadingAtPath: inPath)
    defer { try? output?.close(); try? errors?.close(); try? input?.close() }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input

    let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
    process.terminationHandler = { finished in
        continuation.yield(finished.terminationStatus)
        continuation.finish()
    }
    try process.run()
    guard let status = await exits.first(within: timeout) else {
        kill(process.processIdentifier, SIGKILL)
        throw TestSupportError.timedOut("\(name) \(arguments.joined(separator: " ")) ran over \(timeout)")
    }
    return ProcessOutput(
        status: status,
        stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
}

/// A running `quarryd` serving an index of `Index/sample/`, with the tools to talk to it.
struct SampleDaemon: Sendable {
    /// The real daemon process.
    let daemon: DaemonProcess
    /// The index the daemon serves.
    let database: String
    /// A folder for the test's own files (outside the daemon's folder).
    let workspace: TemporaryDirectory

    var socket: String { daemon.socketPath }

    /// Runs `quarry ARGUMENTS…` with `QUARRY_SOCKET` set to the daemon's socket.
    func quarry(_ arguments: String..., stdin: String? = nil) async throws -> ProcessOutput {
        try await quarry(arguments, stdin: stdin)
    }

    /// Runs `quarry ARGUMENTS…` with `QUARRY_SOCKET` set to the daemon's socket.
    ///
    /// The socket goes through the environment because `--socket` belongs to each subcommand (it must
    /// come after `search`, `ping`…), which would tie every call site to argument order.
    func quarry(_ arguments: [String], stdin: String? = nil) async throws -> ProcessOutput {
        try await run("quarry", arguments, stdin: stdin, in: workspace, environment: ["QUARRY_SOCKET": socket])
    }

    /// Runs `quarry … --format json` and decodes its one object; records a failure if it is not JSON.
    func json(_ arguments: String...) async throws -> [String: Any] {
        let output = try await quarry(arguments + ["--format", "json"])
        return try jsonObject(output.stdout, context: output.description)
    }

    /// Runs `quarry-index --json` over `inputs` into the daemon's index.
    func index(_ inputs: [String]) async throws -> ProcessOutput {
        try await indexArticles(inputs, into: database, in: workspace)
    }

    /// Sends raw request lines on one connection, half-closes, and returns every reply.
    func exchange(_ lines: [String]) async throws -> [Reply] {
        try await withUnixConnection(to: socket) { connection in
            for line in lines { try connection.sendLine(line) }
            connection.closeWrite()
            return try connection.readAllReplies()
        }
    }
}

/// Runs `quarry-index --json` with the repository's rules over `inputs`, writing `database`.
func indexArticles(_ inputs: [String], into database: String, in directory: TemporaryDirectory) async throws
    -> ProcessOutput
{
    try await run(
        "quarry-index", ["--db", database, "--config", Repository.config, "--json"] + inputs, in: directory)
}

/// Indexes `Index/sample/` into a fresh index, starts the real `quarryd` on it (short temporary socket,
/// readiness signal), runs `body`, then stops the daemon and checks it exited cleanly.
func withSampleDaemon<T>(_ body: (SampleDaemon) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { workspace in
        let database = workspace.appending("quarry.sqlite")
        let indexed = try await indexArticles([Repository.sample], into: database, in: workspace)
        guard indexed.status == 0 else {
            throw EndToEndError.setup("quarry-index failed on the sample\n\(indexed)")
        }
        return try await withRunningDaemon(databasePath: database) { daemon in
            try await body(SampleDaemon(daemon: daemon, database: database, workspace: workspace))
        }
    }
}

/// A test's own setup went wrong (as opposed to an expectation about the product).
enum EndToEndError: Error, CustomStringConvertible {
    case setup(String)
    case notJSON(String)

    var description: String {
        switch self {
        case .setup(let what): "setup failed: \(what)"
        case .notJSON(let what): "not a JSON object: \(what)"
        }
    }
}

/// Decodes `text` as one JSON object.
func jsonObject(_ text: some StringProtocol, context: String = "") throws -> [String: Any] {
    let value = try? JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let object = value as? [String: Any] else {
        throw EndToEndError.notJSON("\(text.prefix(500))\n\(context)")
    }
    return object
}

extension Dictionary where Key == String, Value == Any {
    /// The list of objects under `key` (empty when absent).
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    /// The integer under `key`.
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    /// The string under `key`.
    func string(_ key: String) -> String? { self[key] as? String }
}

/// What `quarry search|quotes|facets --format json` prints: one object wrapping a reply.
struct ClientPage: Decodable {
    var format_version: Int
    var total: Int
    var hits: [SearchHit]?
    var quotes: [QuoteRecord]?
    var facets: [String: [FacetCount]]?
    var next: String?

    /// The ids of the hits or quotes, in order.
    var ids: [String] { (hits?.map(\.id) ?? []) + (quotes?.map(\.id) ?? []) }
}

extension SampleDaemon {
    /// Runs `quarry … --format json` and decodes the page it prints.
    func page(_ arguments: String...) async throws -> ClientPage {
        try await page(arguments)
    }

    /// Runs `quarry … --format json` and decodes the page it prints.
    func page(_ arguments: [String]) async throws -> ClientPage {
        let output = try await quarry(arguments + ["--format", "json"])
        do {
            return try JSONDecoder().decode(ClientPage.self, from: Data(output.stdout.utf8))
        } catch {
            throw EndToEndError.notJSON("\(error)\n\(output)")
        }
    }
}
