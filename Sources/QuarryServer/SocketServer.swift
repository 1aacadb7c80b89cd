import Logging
import NIOCore
import NIOExtras
import NIOPosix
import QuarryProtocol
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's Unix socket server: one JSON request per line in, one or more JSON replies per line out.
///
/// Framing lives in channel handlers (`LineBasedFrameDecoder` under a size limit, idle timeout); decoding,
/// dispatch and replies live in async code over `NIOAsyncChannel`, one task per connection, so a bad line
/// costs one error reply and a slow connection holds up nobody else. Requests on one connection are
/// answered in order. Run it in a `ServiceGroup`: graceful shutdown stops accepting, lets requests in
/// flight answer (for `shutdownGracePeriod` at most) and removes the socket file.
package struct SocketServer: Service, CustomStringConvertible {
    private let configuration: QuarrydConfiguration
    private let handler: any RequestHandler
    private let logger: Logger
    private let eventLoopGroup: MultiThreadedEventLoopGroup
    private let onListening: @Sendable (String) -> Void

    /// Creates a server; nothing happens until `run()`.
    ///
    /// - Parameters:
    ///   - configuration: Socket, limits and access rules.
    ///   - handler: Answers every op but `ping`, which the server answers itself.
    ///   - logger: Gets one line per connection problem and, at `debug`, one per request.
    ///   - eventLoopGroup: The NIO threads for socket I/O.
    ///   - onListening: Called with the socket path once the socket accepts connections.
    package init(
        configuration: QuarrydConfiguration,
        handler: any RequestHandler,
        logger: Logger,
        eventLoopGroup: MultiThreadedEventLoopGroup = .singleton,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onListening = onListening
    }

    /// Names the server in ServiceLifecycle's logs without dumping its configuration.
    package var description: String { "SocketServer(\(configuration.socketPath))" }

    /// A connection as the accept loop receives it: its channel and who is on the other end.
    struct AcceptedConnection: Sendable {
        var channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        var peer: PeerCredentials?
        var activity: RequestActivity
    }

    /// Listens until a graceful shutdown (or cancellation), then removes the socket file.
    ///
    /// - Throws: `ServerError` when the socket cannot be taken: too long a path, a live daemon on it,
    ///   an unusable folder, or a failed bind.
    package func run() async throws {
        var socketFile = try SocketFile.prepare(
            path: configuration.socketPath, mode: configuration.socketMode, logger: logger)
        let serverChannel: NIOAsyncChannel<AcceptedConnection, Never>
        do {
            serverChannel = try await bind(socketFile.bindPath)
        } catch {
            socketFile.remove()
            throw ServerError.bindFailed(path: configuration.socketPath, reason: "\(error)")
        }
        do {
            try socketFile.install()
        } catch {
            try? await serverChannel.channel.close()
            socketFile.remove()
            throw error
        }
        let installedSocket = socketFile
        defer { installedSocket.remove() }

        logger.notice("quarryd: listening on \(configuration.socketPath)")
        onListening(configuration.socketPath)

        let registry = ConnectionRegistry(limit: configuration.maxConnections)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await acceptConnections(on: serverChannel, registry: registry, socket: installedSocket)
            }
            tasks.addTask { await enforceGracePeriod(registry: registry) }
            // Whichever ends first decides: every connection ended (stop the watch), or the grace period
            // ran out (cancel what is left; its errors no longer matter).
            try await tasks.next()
            tasks.cancelAll()
        }
        logger.notice("quarryd: stopped")
    }

    /// Accepts connections until the server channel closes, serving each in its own task; returns when
    /// every connection has ended.
    private func acceptConnections(
        on serverChannel: NIOAsyncChannel<AcceptedConnection, Never>,
        registry: ConnectionRegistry,
        socket: SocketFile
    ) async throws {
        try await withGracefulShutdownHandler {
            // A discarding group: finished connections are dropped at once instead of piling up.
            try await withThrowingDiscardingTaskGroup { group in
                try await serverChannel.executeThenClose { connections in
                    var number = 0
                    for try await accepted in connections {
                        number += 1
                        let number = number
                        group.addTask { await serve(accepted, number: number, registry: registry) }
                    }
                }
            }
        } onGracefulShutdown: { [logger] in
            logger.notice("quarryd: shutting down; answering requests in flight")
            serverChannel.channel.close(promise: nil)
            // Gone at once, so clients see "not running" and a new daemon may start right away.
            socket.remove()
            // Closing the input ends each connection once the lines already read are answered;
            // an idle connection ends at once.
            for channel in registry.beginShutdown() {
                channel.close(mode: .input, promise: nil)
            }
        }
    }

    /// Once a graceful shutdown has begun and `shutdownGracePeriod` has passed, closes the connections
    /// still open, so a stuck request cannot hold the daemon up. Returns early when cancelled.
    private func enforceGracePeriod(registry: ConnectionRegistry) async {
        do {
            try await gracefulShutdown()
            try await Task.sleep(for: configuration.shutdownGracePeriod)
        } catch {
            return
        }
        let remaining = registry.channels
        logger.warning("quarryd: grace period over; closing \(remaining.count) connection(s)")
        for channel in remaining { channel.close(promise: nil) }
    }

    private func bind(_ path: String) async throws -> NIOAsyncChannel<AcceptedConnection, Never> {
        let maxLineBytes = configuration.maxLineBytes
        let idleTimeout = configuration.idleTimeout.map { TimeAmount.nanoseconds(Int64($0 / .nanoseconds(1))) }
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            // Without it a client that sends its requests and then shuts down its write side loses the replies.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                PeerCredentials.of(channel).flatMapThrowing { peer in
                    let pipeline = channel.pipeline.syncOperations
                    let activity = RequestActivity()
                    if let idleTimeout {
                        try pipeline.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    }
                    // The decoder alone buffers a line without limit; the handler caps it.
                    try pipeline.addHandler(
                        ByteToMessageHandler(LineBasedFrameDecoder(), maximumBufferSize: maxLineBytes))
                    if idleTimeout != nil {
                        try pipeline.addHandler(IdleConnectionCloser(activity: activity))
                    }
                    let connection = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel)
                    return AcceptedConnection(channel: connection, peer: peer, activity: activity)
                }
            }
    }

    /// Serves one connection to its end. It never throws: one connection's failure must not stop the server.
    private func serve(_ accepted: AcceptedConnection, number: Int, registry: ConnectionRegistry) async {
        var logger = self.logger
        logger[metadataKey: "connection"] = "\(number)"
        if let peer = accepted.peer {
            logger.debug("connection opened", metadata: ["uid": "\(peer.uid)", "pid": "\(peer.pid)"])
            guard isAllowed(peer) else {
                logger.warning("refused connection from uid \(peer.uid) (pid \(peer.pid)): not in daemon.allowed_uids")
                await refuse(
                    accepted.channel,
                    WireError(
                        code: .bad_request,
                        message: "permission denied: user \(peer.uid) may not use this daemon "
                            + "(the daemon's config lists allowed users in daemon.allowed_uids)"),
                    logger: logger)
                return
            }
        }
        switch registry.admit(number, channel: accepted.channel.channel) {
        case .admitted:
            break
        case .overLimit:
            logger.warning("refused connection: \(registry.limit) connections already open")
            await refuse(
                accepted.channel,
                WireError(code: .busy, message: "too many connections (limit \(registry.limit)); retry later"),
                logger: logger)
            return
        case .shuttingDown:
            await refuse(
                accepted.channel, WireError(code: .unavailable, message: "the daemon is shutting down; retry later"),
                logger: logger)
            return
        }
        defer { registry.remove(number) }
        do {
            try await accepted.channel.executeThenClose { inbound, outbound in
                try await ConnectionSession(
                    number: number, handler: handler, maxLineBytes: configuration.maxLineBytes, logger: logger,
                    activity: accepted.activity
                ).run(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("connection ended: \(error)")
        }
        logger.debug("connection closed")
    }

    private func isAllowed(_ peer: PeerCredentials) -> Bool {
        peer.isAllowed(daemonUID: geteuid(), allowedUIDs: configuration.allowedUIDs)
    }

    /// Answers a connection that will not be served with one error line, then closes it.
    private func refuse(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ error: WireError, logger: Logger) async {
        do {
            try await channel.executeThenClose { _, outbound in
                try await outbound.write(ConnectionSession.encode(Reply.failure(id: .null, error)))
            }
        } catch {
            logger.debug("could not send the refusal: \(error)")
        }
    }
}
