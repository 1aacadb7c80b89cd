#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking-free, single-threaded connection to quarryd over a Unix socket: plain POSIX, no NIO.
///
/// `exchange` writes request lines and reads reply lines in one `poll` loop, so pipelined requests
/// (`--stdin`) never deadlock against a daemon that stops reading while its replies wait to be read.
/// The client never half-closes: it knows how many final replies to expect and closes after the last.
package final class UnixSocketConnection {
    /// The longest path `sockaddr_un` holds, without the terminating NUL.
    package static var maxPathLength: Int {
        MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    }

    package let path: String
    private let fd: Int32
    private var input: [UInt8] = []
    private var inputStart = 0
    /// Where the search for the next newline resumes: the bytes before it (from `inputStart`) have none.
    private var scanned = 0
    private var eof = false

    /// Connects to the socket at `path`.
    package init(path: String) throws(ClientError) {
        self.path = path
        guard path.utf8.count <= Self.maxPathLength else {
            throw .socketPathTooLong(socket: path, limit: Self.maxPathLength)
        }
        #if canImport(Darwin)
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard fd >= 0 else { throw .connectFailed(socket: path, reason: Self.errorText(errno)) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc != 0 {
            let err = errno
            close(fd)
            switch err {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notListening(socket: path)
            default: throw .connectFailed(socket: path, reason: Self.errorText(err))
            }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends `requests` (each one complete line) and calls `onLine` with every reply line, until
    /// `isDone` says the exchange is complete after a line. Throws `closedEarly` when the daemon
    /// closes first.
    package func exchange(
        requests: [UInt8], onLine: ([UInt8]) throws -> Void, isDone: () -> Bool
    ) throws {
        var pending = requests[...]
        while true {
            // Hand over every complete line already buffered before waiting for more.
            while let line = nextBufferedLine() {
                try onLine(line)
                if isDone() { return }
            }
            if eof { throw ClientError.closedEarly(socket: path) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if !pending.isEmpty { p.events |= Int16(POLLOUT) }
            let n = poll(&p, 1, -1)
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError.io(socket: path, reason: Self.errorText(errno))
            }
            if p.revents & Int16(POLLOUT) != 0, !pending.isEmpty {
                let written = pending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Self.sendFlags) }
                if written > 0 {
                    pending = pending.dropFirst(written)
                } else if written < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
                    // The daemon closed while we wrote (EPIPE); its last words may still be readable.
                    if errno != EPIPE { throw ClientError.io(socket: path, reason: Self.errorText(errno)) }
                    pending = []
                }
            }
            if p.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                try fill()
            }
        }
    }

    private static var sendFlags: Int32 {
        #if canImport(Darwin)
            0
        #else
            Int32(MSG_NOSIGNAL)
        #endif
    }

    /// Reads what is available into the buffer; sets `eof` at end of stream.
    private func fill() throws {
        if inputStart > 0, inputStart >= input.count / 2 {
            input.removeFirst(inputStart)
            scanned -= inputStart
            inputStart = 0
        }
        let chunk = 64 * 1024
        let old = input.count
        input.append(contentsOf: repeatElement(0, count: chunk))
        let n = input.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
        input.removeLast(chunk - max(n, 0))
        if n == 0 {
            eof = true
        } else if n < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
            if errno == ECONNRESET { eof = true; return }
            throw ClientError.io(socket: path, reason: Self.errorText(errno))
        }
    }

    private func nextBufferedLine() -> [UInt8]? {
        // A reply line of an export is ~250 kB, read 64 kB at a time: the search resumes where the
        // last one stopped instead of rescanning the line from its start after each read.
        let from = max(scanned, inputStart)
        let found = input.withUnsafeBytes { buffer -> Int? in
            guard from < buffer.count, let hit = memchr(buffer.baseAddress! + from, 0x0A, buffer.count - from) else {
                return nil
            }
            return buffer.baseAddress!.distance(to: UnsafeRawPointer(hit))
        }
        guard let newline = found else {
            scanned = input.count
            // A final line without a newline still counts once the daemon has closed.
            if eof, inputStart < input.count {
                let line = Array(input[inputStart...])
                inputStart = input.count
                return line
            }
            return nil
        }
        let line = Array(input[inputStart..<newline])
        inputStart = newline + 1
        scanned = inputStart
        return line
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
