import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny stand-in for quarryd: a Unix socket on a short temp path, served by a plain POSIX thread,
/// answering each request line with canned reply lines.
///
/// `respond` gets each request line and returns the reply lines to send (each without `\n`), or nil
/// to close the connection at once. After `halfCloseAfter` requests the server shuts its write side
/// (`SHUT_WR`) and keeps reading until the client closes.
final class FakeDaemon: Sendable {
    let directory: String
    let path: String
    private let listener: Int32
    private let received = Received()

    init(
        halfCloseAfter: Int? = nil, trailingNewline: Bool = true,
        respond: @escaping @Sendable (String) -> [String]?
    ) throws {
        var template = Array("/tmp/qct-XXXXXX".utf8CString)
        guard let dir = mkdtemp(&template) else { throw POSIXError(.EIO) }
        let directory = String(cString: dir)
        let path = directory + "/d.sock"
        self.directory = directory
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        listener = fd
        let received = self.received
        Thread.detachNewThread {
            let conn = accept(fd, nil, nil)
            guard conn >= 0 else { return }
            defer { close(conn) }
            var buffer: [UInt8] = []
            var start = 0
            var handled = 0
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(conn, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                buffer.removeFirst(start)
                start = 0
                buffer += chunk[..<n]
                while let nl = buffer[start...].firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[start..<nl], as: UTF8.self)
                    start = nl + 1
                    received.lines.withLock { $0.append(line) }
                    guard let replies = respond(line) else { return }
                    var out = replies.joined(separator: "\n")
                    if trailingNewline, !replies.isEmpty { out += "\n" }
                    let bytes = Array(out.utf8)
                    var sent = 0
                    while sent < bytes.count {
                        let w = bytes.withUnsafeBytes { write(conn, $0.baseAddress! + sent, $0.count - sent) }
                        if w <= 0 { return }
                        sent += w
                    }
                    handled += 1
                    if let halfCloseAfter, handled == halfCloseAfter { shutdown(conn, Int32(SHUT_WR)) }
                }
            }
        }
    }

    /// The request lines the server has read so far.
    var requests: [String] { received.lines.withLock { $0 } }

    deinit {
        close(listener)
        unlink(path)
        rmdir(directory)
    }
}

/// The request lines read so far, shared with the server thread.
private final class Received: Sendable {
    let lines = Mutex<[String]>([])
}

/// A socket path in a fresh temp folder where nothing listens.
func deadSocketPath() -> String {
    var template = Array("/tmp/qct-XXXXXX".utf8CString)
    let dir = String(cString: mkdtemp(&template)!)
    return dir + "/none.sock"
}
