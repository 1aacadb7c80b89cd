import QuarryProtocol

/// Failures of the client itself; each prints one line to stderr and exits with `status`.
package enum ClientError: Error, Equatable, CustomStringConvertible {
    /// Nothing accepts connections on the socket (missing file, refused connection).
    case notListening(socket: String)
    /// The socket exists but connecting failed for another reason (permissions, not a socket).
    case connectFailed(socket: String, reason: String)
    /// The socket path does not fit in `sockaddr_un`.
    case socketPathTooLong(socket: String, limit: Int)
    /// The daemon closed the connection before the final reply line.
    case closedEarly(socket: String)
    /// Reading from or writing to the socket failed.
    case io(socket: String, reason: String)
    /// A reply line that is not a reply.
    case badReply(String)
    /// `--config FILE` names a file that cannot be read.
    case configUnreadable(path: String)
    /// Standard input could not be read (`--stdin`).
    case stdinUnreadable(reason: String)

    package var status: QuarryExitStatus {
        switch self {
        case .configUnreadable, .stdinUnreadable: .usage
        default: .unanswered
        }
    }

    package var description: String {
        switch self {
        case .notListening(let socket):
            "no quarryd is listening on \(socket) (start it with: quarryd --db PATH &, or pass --socket)"
        case .connectFailed(let socket, let reason):
            "cannot connect to quarryd on \(socket): \(reason)"
        case .socketPathTooLong(let socket, let limit):
            "socket path is too long (\(socket.utf8.count) bytes, the limit is \(limit)): \(socket)"
        case .closedEarly(let socket):
            "quarryd on \(socket) closed the connection before answering"
        case .io(let socket, let reason):
            "lost the connection to quarryd on \(socket): \(reason)"
        case .badReply(let detail):
            "quarryd sent a reply this client cannot read (\(detail)); are quarry and quarryd the same version?"
        case .configUnreadable(let path):
            "cannot read the configuration file \(path)"
        case .stdinUnreadable(let reason):
            "cannot read standard input: \(reason)"
        }
    }
}

/// The stderr text for a failed reply: one `quarry: ...` line, and for `bad_query` the query with a
/// caret under the reported position.
package func errorReport(_ error: WireError, query: String?) -> String {
    switch error.code {
    case .bad_query:
        guard let position = error.position else { return "quarry: bad query: \(error.message)\n" }
        var out = "quarry: bad query at position \(position): \(error.message)\n"
        if let query { out += caretLines(query: query, position: position) }
        return out
    case .bad_request: return "quarry: bad request: \(error.message)\n"
    case .too_large: return "quarry: request too large: \(error.message)\n"
    case .unavailable: return "quarry: index unavailable: \(error.message)\n"
    case .timeout: return "quarry: query timed out: \(error.message)\n"
    case .busy: return "quarry: quarryd is busy: \(error.message)\n"
    case .internal: return "quarry: quarryd failed: \(error.message)\n"
    case .not_found: return "quarry: \(error.message)\n"
    }
}

/// The query indented by two spaces and a caret under the 1-based character `position`.
///
/// Positions count Swift `Character`s (what a terminal shows as one cell for most text); a tab
/// before the position is copied into the caret line so the caret stays aligned.
package func caretLines(query: String, position: Int) -> String {
    let shown = String(query.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    let before = shown.prefix(max(0, min(position - 1, shown.count)))
    let pad = String(before.map { $0 == "\t" ? "\t" : " " })
    return "  \(shown)\n  \(pad)^\n"
}
