import Foundation
import QuarryProtocol
import QuarryQuery
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile input: the query parser in-process and through the daemon, and random request lines.
/// Fast by default; `QUARRY_STRESS=1` runs ≥ 100k queries and ≥ 10k requests.
@Suite(.serialized) struct FuzzTests {
    @Test func queryParserOnlyPlansOrRefusesInBoundedTime() throws {
        let count = StressMode.count("QUERIES", fast: 5_000, stress: 100_000)
        var inputs = FuzzInputs(seed: StressMode.seed)
        let clock = ContinuousClock()
        var planned = 0
        var refused = 0
        var slowest = Duration.zero
        var slowestQuery = ""
        for _ in 0..<count {
            let query = inputs.query()
            let quoteLevel = Bool.random(using: &inputs.random)
            // Now and then a prefix expands past the compiler's cap (64 words), as a common prefix does.
            let expansions = Int.random(in: 0..<10, using: &inputs.random) == 0 ? 70 : 3
            let started = clock.now
            do {
                _ = try QueryCompiler.plan(query, quoteLevel: quoteLevel) { prefix in
                    (0..<expansions).map { "\(prefix)x\($0)" }
                }
                planned += 1
            } catch {
                refused += 1
                // Positions are 1-based characters in the query (one past the end for "unclosed").
                #expect((1...query.count + 1).contains(error.position), "position \(error.position) in \(query.debugDescription)")
                #expect(!error.message.isEmpty)
            }
            let took = clock.now - started
            if took > slowest { slowest = took; slowestQuery = query }
        }
        // Compiling is linear in the query (≤ 1,000 terms, ≤ 64 words per prefix): ~0.3 s for the worst
        // in a debug build. The daemon's per-query limit (5 s by default) is the bound that matters.
        #expect(slowest < .seconds(5), "slowest \(slowest): \(slowestQuery.prefix(200).debugDescription)")
        StressMode.report("query_fuzz", ["inputs": count, "planned": planned, "bad_query": refused, "crashes": 0,
                                         "slowest_ms": milliseconds(slowest), "seed": StressMode.seed])
    }

    @Test func fuzzedQueriesThroughTheDaemonGetResultsOrBadQuery() async throws {
        let count = StressMode.count("DAEMON_QUERIES", fast: 400, stress: 20_000)
        try await withTemporaryDirectory { data in
            let database = data.appending("q.sqlite")
            try SyntheticCorpus.write(count: 60, into: data.appending("in"))
            try buildIndex(database, [data.appending("in")], in: data)
            try await withRunningDaemon(databasePath: database, environment: ["QUARRY_DAEMON_QUERY_TIMEOUT_MS": "2000"]) { daemon in
                var inputs = FuzzInputs(seed: StressMode.seed &+ 1)
                var lines: [String] = []
                for n in 0..<count {
                    let op = ["search", "quotes", "facets"][n % 3]
                    var fields: [String: Any] = ["q": inputs.query()]
                    if op == "facets" { fields["field"] = "speaker" }
                    lines.append(requestLine(op, id: n, fields))
                }
                let privatePaths = [data.path, daemon.directory.path]
                let requests = lines
                let outcome = try await withUnixConnection(to: daemon.socketPath, timeout: .seconds(30)) { connection in
                    var tally: [String: Int] = [:]
                    var problems: [String] = []
                    for line in requests {
                        try connection.sendLine(line)
                        let reply = try readAnswer(connection)
                        let code = reply.ok ? "ok" : reply.error?.code.rawValue ?? "?"
                        tally[code, default: 0] += 1
                        if !["ok", "bad_query", "timeout"].contains(code) || reply.id == nil {
                            problems.append("\(code) for \(line.prefix(200)): \(reply.error?.message ?? "")")
                        }
                        if let message = reply.error?.message, let leak = leaks(message, request: line, privatePaths: privatePaths) {
                            problems.append("leak \(leak): \(message)")
                        }
                    }
                    return (tally, problems)
                }
                #expect(outcome.1.isEmpty, "\(outcome.1.prefix(5))")
                #expect(kill(daemon.pid, 0) == 0)
                StressMode.report("daemon_query_fuzz", ["inputs": count, "ok": outcome.0["ok", default: 0],
                                                        "bad_query": outcome.0["bad_query", default: 0],
                                                        "timeout": outcome.0["timeout", default: 0],
                                                        "failures": outcome.1.count])
            }
        }
    }

    @Test func fuzzedRequestLinesNeverCrashOrHangTheDaemon() async throws {
        let count = StressMode.count("REQUESTS", fast: 500, stress: 10_000)
        let maxLine = 65_536
        try await withTemporaryDirectory { data in
            let database = data.appending("q.sqlite")
            try SyntheticCorpus.write(count: 30, into: data.appending("in"))
            try buildIndex(database, [data.appending("in")], in: data)
            try await withRunningDaemon(databasePath: database,
                                        environment: ["QUARRY_DAEMON_MAX_LINE_BYTES": "\(maxLine)",
                                                      "QUARRY_DAEMON_QUERY_TIMEOUT_MS": "2000"]) { daemon in
                let socket = daemon.socketPath
                let privatePaths = [data.path, daemon.directory.path]
                let seed = StressMode.seed &+ 2
                let outcome = try await onDedicatedThread { () -> ([String: Int], [String]) in
                    var inputs = FuzzInputs(seed: seed)
                    var tally: [String: Int] = [:]
                    var problems: [String] = []
                    var connection = try UnixConnection(path: socket, timeout: .seconds(30))
                    for n in 0..<count {
                        var line = inputs.requestLine()
                        // One in 50: over the line limit (answered too_large, then the connection closes).
                        let oversized = n % 50 == 49
                        if oversized { line += [UInt8](repeating: 0x61, count: maxLine + Int.random(in: 1...100_000, using: &inputs.random)) }
                        let sent = try connection.send(line + [0x0A])
                        let reply: Reply
                        do {
                            reply = try readAnswer(connection)
                        } catch let error as TestSupportError {
                            problems.append("no answer (\(error)) to \(String(decoding: line.prefix(120), as: UTF8.self).debugDescription)")
                            connection = try UnixConnection(path: socket, timeout: .seconds(30))
                            continue
                        } catch {
                            // An oversized line may be refused before it is all sent.
                            if !(oversized && !sent) { problems.append("\(error)") }
                            connection = try UnixConnection(path: socket, timeout: .seconds(30))
                            continue
                        }
                        let code = reply.ok ? "ok" : reply.error?.code.rawValue ?? "?"
                        tally[code, default: 0] += 1
                        if code == "internal" || code == "unavailable" || (oversized && code != "too_large") {
                            problems.append("\(code) for \(String(decoding: line.prefix(160), as: UTF8.self).debugDescription): \(reply.error?.message ?? "")")
                        }
                        let text = String(decoding: line, as: UTF8.self)
                        if let message = reply.error?.message, let leak = leaks(message, request: text, privatePaths: privatePaths) {
                            problems.append("leak \(leak): \(message)")
                        }
                        if oversized { connection = try UnixConnection(path: socket, timeout: .seconds(30)) }
                    }
                    return (tally, problems)
                }
                #expect(outcome.1.isEmpty, "\(outcome.1.prefix(5))")
                #expect(kill(daemon.pid, 0) == 0, "the daemon died")
                let ping = try await exchange([requestLine("ping", id: 1)], socket: socket)
                #expect(ping.first?.pong == "pong")
                let crashes = kill(daemon.pid, 0) == 0 ? 0 : 1
                StressMode.report("request_fuzz", ["inputs": count, "ok": outcome.0["ok", default: 0],
                                                   "bad_request": outcome.0["bad_request", default: 0],
                                                   "too_large": outcome.0["too_large", default: 0],
                                                   "other_errors": outcome.0.filter { !["ok", "bad_request", "too_large"].contains($0.key) }.values.reduce(0, +),
                                                   "failures": outcome.1.count, "crashes": crashes,
                                                   "seed": seed])
            }
        }
    }
}

func milliseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
}
