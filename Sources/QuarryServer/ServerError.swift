/// Why `quarryd` cannot start or keep serving: bad configuration, or the socket cannot be taken.
///
/// Every case but `bindFailed` is a refusal the user can act on (`quarryd` exits 2 for those, see
/// `isStartupRefusal`); its `description` is the one line `quarryd` prints.
package enum ServerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A configuration value is out of range or of the wrong type.
    case invalidConfiguration(key: String, value: String, expected: String)
    /// The configuration file cannot be read or is not valid JSON.
    case unreadableConfiguration(path: String, reason: String)
    /// The socket path is longer than a Unix socket address holds.
    case socketPathTooLong(path: String, limit: Int)
    /// The socket's folder does not exist (only the default folder is created).
    case socketFolderMissing(path: String)
    /// The socket's folder is not a folder owned by this user, so a socket in it could be hijacked.
    case socketFolderUnsafe(path: String, reason: String)
    /// A live daemon answers on the socket; `pid` is the peer's process id when the kernel told it.
    case socketInUse(path: String, pid: Int32?)
    /// Something that is not a socket sits at the socket path.
    case socketPathOccupied(path: String)
    /// The socket path exists but cannot be probed (for example another user's socket).
    case socketInaccessible(path: String, reason: String)
    /// Binding or listening failed for a reason outside the above.
    case bindFailed(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidConfiguration(let key, let value, let expected):
            return "invalid configuration value \(value) for \(key): expected \(expected)"
        case .unreadableConfiguration(let path, let reason):
            return "cannot read configuration file \(path): \(reason)"
        case .socketPathTooLong(let path, let limit):
            return "socket path is \(path.utf8.count) bytes, over the \(limit)-byte limit of Unix sockets: "
                + "\(path); pass a shorter --socket"
        case .socketFolderMissing(let path):
            return "the socket's folder \(path) does not exist; create it or pass another --socket"
        case .socketFolderUnsafe(let path, let reason):
            return "refusing to use socket folder \(path): \(reason)"
        case .socketInUse(let path, let pid):
            let who = pid.map { "pid \($0)" } ?? "pid unknown"
            return "another quarryd is serving \(path) (\(who)); stop it first or pass --socket"
        case .socketPathOccupied(let path):
            return "\(path) exists and is not a socket; remove it or pass another --socket"
        case .socketInaccessible(let path, let reason):
            return "cannot check the socket \(path): \(reason); remove it or pass another --socket"
        case .bindFailed(let path, let reason):
            return "cannot listen on \(path): \(reason)"
        }
    }

    /// True for refusals that `quarryd` reports with exit status 2 (usage or startup refusal).
    package var isStartupRefusal: Bool {
        if case .bindFailed = self { return false }
        return true
    }
}
