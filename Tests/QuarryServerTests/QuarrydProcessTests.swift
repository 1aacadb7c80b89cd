import QuarryProtocol
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `quarryd` executable: readiness, signals, refusals and exit codes.
@Suite struct QuarrydProcessTests {
    @Test func realDaemonAnswersPingAndStopsCleanlyOnSIGTERM() async throws {
        // withRunningDaemon sends SIGTERM at the end and checks exit 0 and that the socket is gone.
        try await withRunningDaemon { daemon in
            let replies = try await withUnixConnection(to: daemon.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":1,"op":"ping"}"#)
                try connection.sendLine(#"{"v":1,"id":2,"op":"stats"}"#)
                connection.closeWrite()
                return try connection.readAllReplies()
            }
            #expect(replies.first?.pong == "pong")
            #expect(replies.count == 2)
            #expect(daemon.stderr.contains("quarryd: listening on \(daemon.socketPath)"))
        }
    }

    @Test func sigintAlsoStopsTheDaemonCleanly() async throws {
        try await withTemporaryDirectory { directory in
            let daemon = try DaemonProcess(
                in: directory, socketPath: directory.socketPath,
                arguments: ["--socket", directory.socketPath, "--db", directory.appending("q.sqlite")])
            try await daemon.waitUntilReady()
            daemon.send(signal: SIGINT)
            #expect(try await daemon.waitForExit() == 0)
            #expect(access(directory.socketPath, F_OK) != 0)
        }
    }

    @Test func secondDaemonOnTheSameSocketExitsTwoNamingTheFirst() async throws {
        try await withRunningDaemon { first in
            let second = try DaemonProcess(
                in: first.directory, socketPath: first.socketPath,
                arguments: ["--socket", first.socketPath, "--db", first.directory.appending("q.sqlite")])
            #expect(try await second.waitForExit() == 2)
            let message =
                "quarryd: another quarryd is serving \(first.socketPath) (pid \(first.pid)); "
                + "stop it first or pass --socket"
            #expect(second.stderr.contains(message), "\(second.stderr)")
            // The first daemon still answers.
            let reply = try await withUnixConnection(to: first.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"op":"ping"}"#)
                return try connection.readReply()
            }
            #expect(reply?.pong == "pong")
        }
    }

    @Test func staleSocketIsReplacedByTheRealDaemon() async throws {
        try await withTemporaryDirectory { directory in
            try makeStaleSocket(at: directory.socketPath)
            let daemon = try DaemonProcess(
                in: directory, socketPath: directory.socketPath,
                arguments: ["--socket", directory.socketPath, "--db", directory.appending("q.sqlite")])
            try await daemon.waitUntilReady()
            let reply = try await withUnixConnection(to: directory.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"op":"ping"}"#)
                return try connection.readReply()
            }
            #expect(reply?.pong == "pong")
            try await daemon.stop()
        }
    }

    @Test func tooLongSocketPathExitsTwo() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(String(repeating: "s", count: 110))
            let daemon = try DaemonProcess(in: directory, socketPath: path, arguments: ["--socket", path])
            #expect(try await daemon.waitForExit() == 2)
            #expect(daemon.stderr.contains("over the 103-byte limit"), "\(daemon.stderr)")
        }
    }

    @Test func unknownFlagExitsTwo() async throws {
        try await withTemporaryDirectory { directory in
            let daemon = try DaemonProcess(
                in: directory, socketPath: directory.socketPath, arguments: ["--no-such-flag"])
            #expect(try await daemon.waitForExit() == 2)
        }
    }

    @Test func invalidEnvironmentValueExitsTwoNamingTheKey() async throws {
        try await withTemporaryDirectory { directory in
            let daemon = try DaemonProcess(
                in: directory, socketPath: directory.socketPath,
                arguments: ["--socket", directory.socketPath],
                environment: ["QUARRY_DAEMON_MAX_CONNECTIONS": "lots"])
            #expect(try await daemon.waitForExit() == 2)
            #expect(daemon.stderr.contains("daemon.max_connections"), "\(daemon.stderr)")
        }
    }
}
