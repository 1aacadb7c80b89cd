#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells whoever started `quarryd` that it is listening: when `QUARRY_READY_FD` names an open file
/// descriptor, writes `ready\n` to it and closes it. Tests pass a pipe there and never sleep-poll.
package enum ReadinessSignal {
    /// The environment variable naming the descriptor.
    package static let environmentKey = "QUARRY_READY_FD"

    /// Writes `ready\n` to the descriptor `QUARRY_READY_FD` names, if any, and closes it.
    package static func notify(environment: [String: String]) {
        guard let text = environment[environmentKey], let fd = Int32(text), fd >= 0 else { return }
        let message: [UInt8] = Array("ready\n".utf8)
        _ = message.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
