import QuarryProtocol

/// Answers decoded requests for the socket server; the index-backed implementation is
/// `IndexRequestHandler`. The server validates framing, JSON, `v` and `op` before calling it, and
/// answers `ping` itself.
package protocol RequestHandler: Sendable {
    /// Answers `request`, emitting one reply, or several for a streamed (`all`) request: every
    /// reply but the last carries `partial: true`. Throw `WireError` for client-facing failures;
    /// any other error is logged and answered as `internal` with a generic message.
    func handle(_ request: Request, emit: @Sendable (Reply) async throws -> Void) async throws
}
