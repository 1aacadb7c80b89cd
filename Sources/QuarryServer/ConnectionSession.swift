import Logging
import NIOCore
import NIOExtras
import QuarryProtocol

/// One connection's conversation: read a line, answer it (one reply, or several for a streamed request),
/// read the next. Replies go out in request order, each flushed as it is written; the writer waits when
/// the client reads slowly.
struct ConnectionSession {
    let number: Int
    let handler: any RequestHandler
    let maxLineBytes: Int
    let logger: Logger
    /// Tells the idle-connection closer that a request is being answered.
    var activity = RequestActivity()

    /// The client stopped reading (the connection broke) while a reply was being written.
    private struct ClientGone: Error {
        var underlying: any Error
    }

    func run(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        var lines = inbound.makeAsyncIterator()
        var sequence = 0
        while true {
            let line: ByteBuffer
            var isLast = false
            do {
                guard let next = try await lines.next() else { return }
                line = next
            } catch is ByteToMessageDecoderError.PayloadTooLargeError {
                try await refuseTooLarge(outbound)
                return
            } catch let leftover as NIOExtrasErrors.LeftOverBytesError {
                // The client half-closed after a last line without its newline: answer it all the same.
                line = leftover.leftOverBytes
                isLast = true
            }
            // The handler's cap applies to bytes buffered without a newline: a line slightly over the
            // limit that arrives in one read, newline included, is framed all the same. Same answer.
            if line.readableBytes > maxLineBytes {
                try await refuseTooLarge(outbound)
                return
            }
            // The idle-connection closer counted this line on arrival; uncount it once answered.
            defer { activity.inFlight.subtract(1, ordering: .relaxed) }
            if !Self.isBlank(line) {
                sequence += 1
                try await answer(line, tag: "\(number).\(sequence)", outbound: outbound)
            }
            if isLast { return }
        }
    }

    /// Answers a line over `maxLineBytes` with `too_large`; the caller then closes the connection.
    private func refuseTooLarge(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        logger.notice("request line over \(maxLineBytes) bytes; closing the connection")
        let error = WireError(
            code: .too_large,
            message: "request line over the daemon's limit of \(maxLineBytes) bytes; the connection closes")
        try await outbound.write(Self.encode(Reply.failure(id: .null, error)))
    }

    /// Answers one line. Throws only when the connection is over (the client went away, or cancellation).
    private func answer(_ line: ByteBuffer, tag: String, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>)
        async throws
    {
        var logger = self.logger
        logger[metadataKey: "request"] = "\(tag)"
        let request: Request
        switch RequestDecoder.decode(line.readableBytesView) {
        case .invalid(let id, let error):
            logger.debug("bad request: \(error.message)")
            try await outbound.write(Self.encode(Reply.failure(id: id ?? .null, error)))
            return
        case .request(let decoded):
            request = decoded
        }
        let id = request.id ?? .null
        if request.op == RequestOperation.ping.rawValue {
            var reply = Reply(id: id)
            reply.pong = "pong"
            try await outbound.write(Self.encode(reply))
            logger.trace("ping")
            return
        }

        let start = ContinuousClock.now
        do {
            try await handler.handle(request) { reply in
                var reply = reply
                reply.id = id
                let buffer = try Self.encode(reply)
                do {
                    try await outbound.write(buffer)
                } catch {
                    throw ClientGone(underlying: error)
                }
            }
            logger.debug("answered \(request.op) in \(ContinuousClock.now - start)")
        } catch let gone as ClientGone {
            logger.debug("client went away during \(request.op): \(gone.underlying)")
            throw gone.underlying
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as WireError {
            logger.debug("\(request.op) failed: \(error.code.rawValue): \(error.message)")
            try await outbound.write(Self.encode(Reply.failure(id: id, error)))
        } catch {
            // Logged in full here; the client gets a generic message: no SQL, stack or private paths.
            logger.error("\(request.op) failed: \(String(reflecting: error))")
            let wire = WireError(
                code: .internal, message: "internal error; the daemon's log has the details (request \(tag))")
            try await outbound.write(Self.encode(Reply.failure(id: id, wire)))
        }
    }

    /// One reply as a line.
    static func encode(_ reply: Reply) throws -> ByteBuffer {
        ByteBuffer(bytes: try reply.line())
    }

    private static func isBlank(_ line: ByteBuffer) -> Bool {
        line.readableBytesView.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
