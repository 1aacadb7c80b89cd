import Logging
import QuarryProtocol
import QuarryTestSupport
import ServiceLifecycle
import Testing

@testable import QuarryServer

#if canImport(Glibc)
    import Glibc
#endif

/// The test double of the query engine: the server is real, the answers are canned.
///
/// - `search`: one reply, `total` = the length of `q`; with `all: true`, `limit` (default 3) partial
///   replies then a final one, each carrying its page number in `total`.
/// - `quotes`: a `bad_query` at position 3.
/// - `stats`: an internal failure whose description holds a private path and SQL.
/// - `show`: waits for `gate` to open (or 10 s, or cancellation), then answers: a request still in flight.
/// - `facets`: one reply echoing `field` as a facet.
struct TestRequestHandler: RequestHandler {
    let gate = Gate()

    struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "SELECT * FROM articles failed in /home/secret/quarry.sqlite" }
    }

    func handle(_ request: Request, emit: @Sendable (Reply) async throws -> Void) async throws {
        switch request.op {
        case "search":
            if request.all == true {
                let pages = request.limit ?? 3
                for page in 0..<pages {
                    var reply = Reply(id: nil)
                    reply.total = page
                    reply.partial = true
                    try await emit(reply)
                }
                var last = Reply(id: nil)
                last.total = pages
                try await emit(last)
            } else {
                var reply = Reply(id: nil)
                reply.total = request.q?.count ?? 0
                try await emit(reply)
            }
        case "quotes":
            throw WireError(code: .bad_query, message: "unbalanced quote", position: 3)
        case "stats":
            throw SecretFailure()
        case "show":
            await gate.wait(timeout: .seconds(10))
            var reply = Reply(id: nil)
            reply.total = 1
            try await emit(reply)
        default:
            var reply = Reply(id: nil)
            reply.facets = [request.field ?? "": [FacetCount(value: "x", count: 1)]]
            try await emit(reply)
        }
    }
}

/// A one-shot latch a test opens to let a held request finish; `entered` tells that one is held.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var enteredWaiters: [CheckedContinuation<Void, Never>] = []
    private var enteredCount = 0

    /// Waits until the gate opens, the timeout passes or the task is cancelled.
    func wait(timeout: Duration) async {
        if isOpen { return }
        enteredCount += 1
        for waiter in enteredWaiters { waiter.resume() }
        enteredWaiters.removeAll()
        let opener = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.open()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiters.append($0) }
        } onCancel: {
            Task { await self.open() }
        }
        opener.cancel()
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    /// Returns once some request waits at the gate.
    func untilEntered() async {
        if enteredCount > 0 { return }
        await withCheckedContinuation { enteredWaiters.append($0) }
    }
}

/// A logger that prints nothing, so test output stays readable.
let quietLogger = Logger(label: "quarryd-test") { _ in SwiftLogNoOpLogHandler() }

/// The handle a test gets on an in-process server.
struct InProcessServer: Sendable {
    let socketPath: String
    let group: ServiceGroup
    let directory: TemporaryDirectory
}

/// Runs the real `SocketServer` in-process on a short temporary socket, waits until it listens (no
/// sleeping: the server calls back), runs `body`, shuts it down gracefully and checks the socket is gone.
func withInProcessServer<T>(
    handler: any RequestHandler = TestRequestHandler(),
    configure: (inout QuarrydConfiguration) -> Void = { _ in },
    _ body: (InProcessServer) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        var configuration = QuarrydConfiguration(
            socketPath: directory.socketPath, databasePath: directory.appending("quarry.sqlite"))
        configure(&configuration)
        let (listening, listeningContinuation) = AsyncStream.makeStream(of: String.self)
        let server = SocketServer(
            configuration: configuration, handler: handler, logger: quietLogger,
            onListening: { path in
                listeningContinuation.yield(path)
                listeningContinuation.finish()
            })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                logger: quietLogger))
        let running = Task {
            defer { listeningContinuation.finish() }
            try await group.run()
        }
        guard await listening.first(where: { _ in true }) != nil else {
            // The server stopped before listening: surface its error.
            try await running.value
            throw TestSupportError.daemonNotReady(reason: "server returned before listening", stderr: "")
        }
        let handle = InProcessServer(socketPath: configuration.socketPath, group: group, directory: directory)
        let result: T
        do {
            result = try await body(handle)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(access(configuration.socketPath, F_OK) != 0, "the socket file is removed at shutdown")
        return result
    }
}

/// A ping line with `id`.
func ping(_ id: Int) -> String { #"{"v":1,"op":"ping","id":\#(id)}"# }
