import Foundation
import QuarryProtocol

/// A plain blocking Unix-socket client for tests: raw bytes out, lines in.
///
/// Its calls block, so it is only used through `withUnixConnection(to:timeout:_:)`, which runs the whole
/// conversation on a thread of its own: blocking a Swift concurrency thread could starve the in-process
/// server under test. Every read has a deadline (`SO_RCVTIMEO`), so a hung server fails a test instead
/// of hanging it.
package final class UnixConnection {
    private let fd: Int32
    private var pending: [UInt8] = []
    private var sawEnd = false

    /// Connects; throws `TestSupportError.socket` with the errno (ENOENT, ECONNREFUSED…) on failure.
    package init(path: String, timeout: Duration = .seconds(30)) throws {
        #if os(Linux)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw TestSupportError.socket(call: "socket", errno: errno) }
        var tv = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
            raw[min(bytes.count, raw.count - 1)] = 0
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw TestSupportError.socket(call: "connect", errno: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends raw bytes. A broken pipe (the server closed) is reported as `false`, not thrown, so a test
    /// can go on to read what the server said before closing.
    @discardableResult
    package func send(_ bytes: [UInt8]) throws -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                Foundation.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { return false }
                throw TestSupportError.socket(call: "send", errno: errno)
            }
            offset += sent
        }
        return true
    }

    /// Sends `text` and a newline.
    @discardableResult
    package func sendLine(_ text: String) throws -> Bool { try send(Array((text + "\n").utf8)) }

    /// Sends a request as one wire line.
    @discardableResult
    package func send(_ request: Request) throws -> Bool { try send(Array(try WireCoding.line(request))) }

    /// Shuts down the write side: the server sees end of input but can still answer.
    package func closeWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// The next line without its newline, or nil at end of stream (a reset after the last reply counts
    /// as the end). Throws `timedOut` when nothing arrives before the deadline.
    package func readLine() throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if sawEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                sawEnd = true
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw TestSupportError.timedOut("no reply line within the read deadline")
            } else if errno == ECONNRESET {
                sawEnd = true
            } else {
                throw TestSupportError.socket(call: "recv", errno: errno)
            }
        }
    }

    /// The next line decoded as a reply, or nil at end of stream.
    package func readReply() throws -> Reply? {
        guard let line = try readLine() else { return nil }
        return try WireCoding.decoder().decode(Reply.self, from: Data(line.utf8))
    }

    /// Every remaining line until the server closes.
    package func readAllLines() throws -> [String] {
        var lines: [String] = []
        while let line = try readLine() { lines.append(line) }
        return lines
    }

    /// Every remaining reply until the server closes.
    package func readAllReplies() throws -> [Reply] {
        try readAllLines().map { try WireCoding.decoder().decode(Reply.self, from: Data($0.utf8)) }
    }
}

/// Connects to `path` and runs `body` with the connection on a dedicated thread (see `UnixConnection`).
package func withUnixConnection<T: Sendable>(
    to path: String,
    timeout: Duration = .seconds(30),
    _ body: @escaping @Sendable (UnixConnection) throws -> T
) async throws -> T {
    try await onDedicatedThread {
        let connection = try UnixConnection(path: path, timeout: timeout)
        return try body(connection)
    }
}

/// Runs blocking work on a new thread and awaits its result, keeping Swift concurrency's threads free.
package func onDedicatedThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
