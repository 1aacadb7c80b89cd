import QuarryProtocol
import QuarryTestSupport
import ServiceLifecycle
import Testing

@testable import QuarryServer

#if canImport(Glibc)
    import Glibc
#endif

/// Connections, limits, the socket file and shutdown, with the server running in-process.
@Suite struct SocketServerTests {
    @Test func thirtyTwoConcurrentClientsEachGetFiftyPongs() async throws {
        try await withInProcessServer { server in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<32 {
                    group.addTask {
                        try await withUnixConnection(to: server.socketPath) { connection in
                            var answered = 0
                            for n in 0..<50 {
                                let id = client * 1000 + n
                                try connection.sendLine(ping(id))
                                let reply = try connection.readReply()
                                if reply?.id == .int(id), reply?.pong == "pong" { answered += 1 }
                            }
                            return answered
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 50, count: 32))
        }
    }

    @Test func connectionOverTheLimitIsAnsweredBusyAndClosed() async throws {
        try await withInProcessServer(configure: { $0.maxConnections = 2 }) { server in
            let path = server.socketPath
            // Given two connections the server has answered (so both are counted in)…
            let (busy, stillServed) = try await onDedicatedThread {
                let first = try UnixConnection(path: path)
                let second = try UnixConnection(path: path)
                try first.sendLine(ping(1))
                try second.sendLine(ping(2))
                _ = try first.readReply()
                _ = try second.readReply()
                // …when a third connects, then it gets `busy` and the server closes it.
                let third = try UnixConnection(path: path)
                let replies = try third.readAllReplies()
                // The first two are still served.
                try first.sendLine(ping(3))
                return (replies, try first.readReply()?.id)
            }
            #expect(stillServed == .int(3))
            #expect(busy.count == 1)
            #expect(busy.first?.error?.code == .busy)
            #expect(busy.first?.error?.message == "too many connections (limit 2); retry later")
        }
    }

    @Test func socketIsOwnerOnlyByDefault() async throws {
        try await withInProcessServer { server in
            var info = stat()
            #expect(lstat(server.socketPath, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
        }
    }

    @Test func socketModeCanOpenToTheGroup() async throws {
        try await withInProcessServer(configure: { $0.socketMode = 0o660 }) { server in
            var info = stat()
            #expect(lstat(server.socketPath, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)
        }
    }

    @Test func noStagingLeftoversBesideTheSocket() async throws {
        try await withInProcessServer { server in
            let entries = try FileManager.default.contentsOfDirectory(atPath: server.directory.path)
            #expect(entries == ["s.sock"])
        }
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() async throws {
        try await withInProcessServer(configure: { $0.idleTimeout = .seconds(2) }) { server in
            let lines = try await withUnixConnection(to: server.socketPath, timeout: .seconds(20)) { connection in
                try connection.sendLine(ping(1))
                // The server closes the connection by itself: reading reaches the end, no timeout.
                return try connection.readAllLines()
            }
            #expect(lines.count == 1)
        }
    }

    @Test func idleTimeoutDoesNotCloseAConnectionWhoseRequestIsStillBeingAnswered() async throws {
        let handler = TestRequestHandler()
        try await withInProcessServer(handler: handler, configure: { $0.idleTimeout = .milliseconds(200) }) { server in
            // Given a request the handler holds for several idle periods,
            let reply = Task {
                try await withUnixConnection(to: server.socketPath, timeout: .seconds(20)) { connection in
                    try connection.sendLine(#"{"v":1,"id":"slow","op":"show","article":"a"}"#)
                    return try connection.readAllReplies()
                }
            }
            await handler.gate.untilEntered()
            try await Task.sleep(for: .milliseconds(700))
            // when it finally answers, the reply still arrives; then the idle connection closes.
            await handler.gate.open()
            let replies = try await reply.value
            #expect(replies.count == 1)
            #expect(replies.first?.ok == true)
        }
    }

    @Test func gracefulShutdownAnswersTheRequestInFlightThenRemovesTheSocket() async throws {
        let handler = TestRequestHandler()
        try await withTemporaryDirectory { directory in
            let socket = directory.socketPath
            let (listening, continuation) = AsyncStream.makeStream(of: String.self)
            let server = SocketServer(
                configuration: QuarrydConfiguration(socketPath: socket, databasePath: "unused"),
                handler: handler, logger: quietLogger, onListening: { continuation.yield($0) })
            let group = ServiceGroup(services: [server], logger: quietLogger)
            let running = Task { try await group.run() }
            _ = await listening.first { _ in true }

            // Given a request held inside the handler…
            let reply = Task {
                try await withUnixConnection(to: socket) { connection in
                    try connection.sendLine(#"{"v":1,"id":"slow","op":"show","article":"a"}"#)
                    return try connection.readAllReplies()
                }
            }
            await handler.gate.untilEntered()
            // …when shutdown begins, then the request in flight is still answered and its connection closes.
            await group.triggerGracefulShutdown()
            await handler.gate.open()
            let replies = try await reply.value
            #expect(replies.map(\.id) == [.string("slow")])
            #expect(replies.first?.total == 1)
            try await running.value
            #expect(access(socket, F_OK) != 0)
        }
    }

    @Test func staleSocketFileIsReplaced() async throws {
        try await withTemporaryDirectory { directory in
            try makeStaleSocket(at: directory.socketPath)
            let outcome = UnixSocketProbe.connect(to: directory.socketPath)
            #expect(outcome == .refused)
            let configurationPath = directory.socketPath
            try await withInProcessServer(configure: { $0.socketPath = configurationPath }) { server in
                let reply = try await withUnixConnection(to: server.socketPath) { connection in
                    try connection.sendLine(ping(1))
                    return try connection.readReply()
                }
                #expect(reply?.pong == "pong")
            }
        }
    }

    @Test func secondServerOnALiveSocketIsRefused() async throws {
        try await withInProcessServer { server in
            let second = SocketServer(
                configuration: QuarrydConfiguration(socketPath: server.socketPath, databasePath: "unused"),
                handler: TestRequestHandler(), logger: quietLogger)
            await #expect(throws: ServerError.socketInUse(path: server.socketPath, pid: getpid())) {
                try await second.run()
            }
            // The first is untouched.
            let reply = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(ping(1))
                return try connection.readReply()
            }
            #expect(reply?.pong == "pong")
        }
    }

    @Test func socketPathOverTheLimitIsRefused() async throws {
        let path = "/tmp/" + String(repeating: "x", count: 120) + ".sock"
        let server = SocketServer(
            configuration: QuarrydConfiguration(socketPath: path, databasePath: "unused"),
            handler: TestRequestHandler(), logger: quietLogger)
        await #expect(throws: ServerError.socketPathTooLong(path: path, limit: 103)) {
            try await server.run()
        }
    }

    @Test func nonSocketFileAtThePathIsNotReplaced() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.socketPath
            _ = FileManager.default.createFile(atPath: path, contents: Data("keep me".utf8))
            let server = SocketServer(
                configuration: QuarrydConfiguration(socketPath: path, databasePath: "unused"),
                handler: TestRequestHandler(), logger: quietLogger)
            await #expect(throws: ServerError.socketPathOccupied(path: path)) {
                try await server.run()
            }
            #expect(FileManager.default.contents(atPath: path) == Data("keep me".utf8))
        }
    }

    @Test func missingSocketFolderIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending("no/such/s.sock")
            let server = SocketServer(
                configuration: QuarrydConfiguration(socketPath: path, databasePath: "unused"),
                handler: TestRequestHandler(), logger: quietLogger)
            await #expect(throws: ServerError.socketFolderMissing(path: directory.appending("no/such"))) {
                try await server.run()
            }
        }
    }
}

/// Leaves a socket file nobody listens on, as a crashed daemon would.
func makeStaleSocket(at path: String) throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    close(fd)
    guard result == 0 else { throw TestSupportError.socket(call: "bind", errno: errno) }
}

/// The grace period bounds a graceful shutdown.
@Suite struct ShutdownGraceTests {
    @Test func requestStillBusyAfterTheGracePeriodIsCutOff() async throws {
        let handler = TestRequestHandler()
        try await withTemporaryDirectory { directory in
            let socket = directory.socketPath
            let (listening, continuation) = AsyncStream.makeStream(of: String.self)
            var configuration = QuarrydConfiguration(socketPath: socket, databasePath: "unused")
            configuration.shutdownGracePeriod = .milliseconds(200)
            let server = SocketServer(
                configuration: configuration, handler: handler, logger: quietLogger,
                onListening: { continuation.yield($0) })
            let group = ServiceGroup(services: [server], logger: quietLogger)
            let running = Task { try await group.run() }
            _ = await listening.first { _ in true }

            // Given a request held in the handler (its gate only opens after 10 s)…
            let replies = Task {
                try await withUnixConnection(to: socket) { connection in
                    try connection.sendLine(#"{"v":1,"id":"stuck","op":"show","article":"a"}"#)
                    return try connection.readAllLines()
                }
            }
            await handler.gate.untilEntered()
            // …when the daemon shuts down, then after the grace period the connection is closed unanswered
            // and the server stops, long before the handler would have answered.
            let start = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(ContinuousClock.now - start < .seconds(8))
            #expect(try await replies.value == [])
            #expect(access(socket, F_OK) != 0)
        }
    }
}
