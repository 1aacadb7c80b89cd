import Foundation
import QuarryProtocol
import QuarryTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Serving through faults: a re-index under querying clients, the index removed or replaced under the
/// daemon, many connections, slow and idle clients, the connection limit.
@Suite(.serialized) struct ServingTests {
    /// Tallies of the querying clients.
    final class Tally: Sendable {
        let queries = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let stop = Atomic<Bool>(false)
    }

    @Test func queriesDuringAReindexNeverFail() async throws {
        try await withTemporaryDirectory { data in
            // Under scripts/stress: the base and the re-index input come from the corpus.
            let environment = StressMode.environment
            let base = environment["QUARRY_STRESS_BASE"] ?? data.appending("base")
            // QUARRY_STRESS_REINDEX may list several inputs, separated by ":".
            let reindex = environment["QUARRY_STRESS_REINDEX"] ?? data.appending("re")
            if environment["QUARRY_STRESS_BASE"] == nil {
                try SyntheticCorpus.write(count: 150, into: base)
                // The same ids with new text: every article is rewritten, plus new ones.
                try SyntheticCorpus.write(count: 400, into: reindex, variant: 2)
            }
            let database = data.appending("q.sqlite")
            try buildIndex(database, [base], in: data)
            try await withRunningDaemon(databasePath: database) { daemon in
                let tally = Tally()
                let socket = daemon.socketPath
                let queries = [
                    requestLine("search", id: 1, ["q": "treaty OR sanctions", "facets": ["speaker", "place"]]),
                    requestLine("quotes", id: 2, ["q": "agreement", "limit": 20]),
                    requestLine("facets", id: 3, ["field": "person"]),
                    requestLine("search", id: 4, ["q": "fish* -blockade", "sort": "newest"]),
                    requestLine("stats", id: 5),
                    requestLine("search", id: 6, ["q": "\"fishing corridor\"", "all": true]),
                ]
                let clients = (0..<4).map { n in
                    Task {
                        try await withUnixConnection(to: socket, timeout: .seconds(60)) { connection in
                            var i = n
                            while !tally.stop.load(ordering: .relaxed) {
                                let line = queries[i % queries.count]
                                i += 1
                                try connection.sendLine(line)
                                let reply = try readAnswer(connection)
                                tally.queries.add(1, ordering: .relaxed)
                                if !reply.ok {
                                    tally.failures.withLock { $0.append("\(line) → \(reply.error?.message ?? "?")") }
                                }
                            }
                        }
                    }
                }
                let reindexed = try await onDedicatedThread { try buildIndex(database, reindex.split(separator: ":").map(String.init), in: data) }
                // Keep querying a moment after the last commit.
                try await Task.sleep(for: .milliseconds(300))
                tally.stop.store(true, ordering: .relaxed)
                for client in clients { try await client.value }
                let failures = tally.failures.withLock { $0 }
                #expect(failures.isEmpty, "\(failures.prefix(5))")
                #expect(tally.queries.load(ordering: .relaxed) > 20)
                #expect(!daemon.stderr.contains("locked"), "\(daemon.stderr)")
                StressMode.report("reindex", ["clients": 4, "queries": tally.queries.load(ordering: .relaxed),
                                               "failed": failures.count, "index_exit": reindexed.status])
            }
        }
    }

    /// Clients that leave in the middle of a long export, with pages still waiting for them, cost the
    /// daemon nothing: it keeps serving (an abandoned export once left a semaphore below its initial
    /// value, and libdispatch traps when such a semaphore is freed).
    @Test func clientsLeavingAnExportHalfwayLeaveTheDaemonServing() async throws {
        try await withTemporaryDirectory { data in
            let corpus = data.appending("corpus")
            try SyntheticCorpus.write(count: 2_500, into: corpus, paragraphs: 1)
            let database = data.appending("q.sqlite")
            try buildIndex(database, [corpus], in: data)
            try await withRunningDaemon(databasePath: database) { daemon in
                for id in 1...3 {
                    let first = try await withUnixConnection(to: daemon.socketPath, timeout: .seconds(30)) { connection in
                        try connection.sendLine(requestLine("search", id: id, ["q": "report", "all": true]))
                        return try connection.readReply()
                    }  // closed with the rest of the export unread
                    #expect(first?.partial == true && first?.hits?.count == 500)
                }
                try await Task.sleep(for: .milliseconds(300))
                let replies = try await exchange([requestLine("search", id: 9, ["q": "report", "limit": 1])],
                                                 socket: daemon.socketPath)
                #expect(replies.first?.ok == true)
                #expect(replies.first?.total == 2_500)
            }
        }
    }

    @Test func indexRemovedOrReplacedIsUnavailableThenRecovers() async throws {
        try await withTemporaryDirectory { data in
            let first = data.appending("one")
            let second = data.appending("two")
            try SyntheticCorpus.write(count: 5, into: first)
            try SyntheticCorpus.write(count: 9, into: second, variant: 3)
            let database = data.appending("q.sqlite")
            let replacement = data.appending("next.sqlite")
            try buildIndex(database, [first], in: data)
            try buildIndex(replacement, [second], in: data)
            let stats = requestLine("stats", id: 1)
            let search = requestLine("search", id: 2, ["q": "treaty"])
            try await withRunningDaemon(databasePath: database) { daemon in
                #expect(try await exchange([stats], socket: daemon.socketPath)[0].stats?.articles == 5)
                // Deleted under the running daemon.
                for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) }
                let gone = try await exchange([stats, search, requestLine("ping", id: 3)], socket: daemon.socketPath)
                #expect(gone[0].error?.code == .unavailable)
                #expect(gone[1].error?.code == .unavailable)
                #expect(gone[2].pong == "pong")
                #expect(leaks(gone[0].error?.message ?? "", privatePaths: [data.path]) == nil)
                // Rebuilt: served again without a restart.
                try buildIndex(database, [first], in: data)
                #expect(try await exchange([stats], socket: daemon.socketPath)[0].stats?.articles == 5)
                // Replaced by rename (a new file under the same name).
                #expect(rename(replacement, database) == 0)
                unlink(database + "-wal")
                unlink(database + "-shm")
                let replaced = try await exchange([stats, search], socket: daemon.socketPath)
                #expect(replaced[0].stats?.articles == 9, "\(replaced)")
                #expect(replaced[1].ok)
                // Replaced by a file that is not an index: unavailable, not internal.
                for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) }
                try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: database))
                let junk = try await exchange([stats], socket: daemon.socketPath)
                #expect(junk[0].error?.code == .unavailable, "\(junk)")
            }
        }
    }

    @Test func manyConcurrentConnectionsAreHeldAndServed() async throws {
        let count = StressMode.count("CONNECTIONS", fast: 200, stress: 1000)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(count * 2 + 200) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(count * 2 + 200))
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try await withRunningDaemon { daemon in
            let socket = daemon.socketPath
            let held = try await onDedicatedThread { () -> Int in
                var connections: [UnixConnection] = []
                for _ in 0..<count { connections.append(try UnixConnection(path: socket, timeout: .seconds(30))) }
                // Every connection open at once; each answers in turn, then all again.
                var answered = 0
                for round in 0..<2 {
                    for (n, connection) in connections.enumerated() {
                        try connection.sendLine(#"{"v":1,"id":\#(n * 2 + round),"op":"ping"}"#)
                    }
                    for connection in connections where try connection.readReply()?.pong == "pong" { answered += 1 }
                }
                return answered / 2
            }
            #expect(held == count)
            StressMode.report("connections", ["held": held, "target": count])
        }
    }

    @Test func slowAndIdleClientsDoNotStarveOthers() async throws {
        try await withRunningDaemon { daemon in
            let socket = daemon.socketPath
            let stop = Atomic<Bool>(false)
            // 20 idle connections and 20 that send one byte at a time, slowly, never finishing a line.
            let slow = Task {
                try await onDedicatedThread {
                    let idle = try (0..<20).map { _ in try UnixConnection(path: socket) }
                    let connections = try (0..<20).map { _ in try UnixConnection(path: socket) }
                    let line = Array(#"{"v":1,"op":"search","q":"slow loris"}"#.utf8)
                    var i = 0
                    while !stop.load(ordering: .relaxed) {
                        for c in connections { try c.send([line[i % line.count]]) }
                        i += 1
                        usleep(20_000)
                    }
                    return idle.count + connections.count
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let clock = ContinuousClock()
            var worst = Duration.zero
            for n in 0..<20 {
                let started = clock.now
                let reply = try await exchange([requestLine("ping", id: n), requestLine("stats", id: n)],
                                               socket: socket, timeout: .seconds(5))
                worst = max(worst, clock.now - started)
                #expect(reply[0].pong == "pong")
            }
            stop.store(true, ordering: .relaxed)
            _ = try await slow.value
            #expect(worst < .seconds(2), "a normal client waited \(worst)")
            StressMode.report("slowloris", ["slow": 20, "idle": 20, "normal_requests": 40,
                                             "worst_ms": worst.components.seconds * 1000 + worst.components.attoseconds / 1_000_000_000_000_000])
        }
    }

    @Test func idleConnectionsAreClosedAfterTheTimeout() async throws {
        try await withRunningDaemon(environment: ["QUARRY_DAEMON_IDLE_TIMEOUT_SECONDS": "1"]) { daemon in
            let lines = try await withUnixConnection(to: daemon.socketPath, timeout: .seconds(10)) { connection in
                try connection.readAllLines()  // nothing sent: the daemon closes it
            }
            #expect(lines.isEmpty)
        }
    }

    @Test func overTheConnectionLimitIsAClearBusyRefusal() async throws {
        try await withRunningDaemon(environment: ["QUARRY_DAEMON_MAX_CONNECTIONS": "5"]) { daemon in
            let socket = daemon.socketPath
            let (refusal, closed) = try await onDedicatedThread { () -> (Reply?, Bool) in
                let held = try (0..<5).map { _ in try UnixConnection(path: socket, timeout: .seconds(5)) }
                for c in held {
                    try c.sendLine(#"{"v":1,"op":"ping"}"#)
                    _ = try c.readReply()
                }
                let extra = try UnixConnection(path: socket, timeout: .seconds(5))
                let refusal = try extra.readReply()
                let closed = try extra.readLine() == nil
                withExtendedLifetime(held) {}
                return (refusal, closed)
            }
            #expect(refusal?.error?.code == .busy, "\(String(describing: refusal))")
            #expect(refusal?.error?.message.contains("too many connections") == true)
            #expect(closed, "the refused connection is closed")
            // All five closed when the closure returned: new connections are admitted.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await exchange([requestLine("ping", id: 9)], socket: socket)[0].pong == "pong")
        }
    }
}
