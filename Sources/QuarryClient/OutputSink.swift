#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, named apart from `OutputSink.write`.
private func rawWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// Where rendered output goes: a file descriptor in the executable, memory in tests.
package protocol OutputSink: AnyObject {
    func write(_ text: String)
    /// Writes UTF-8 text already encoded (json/ndjson records).
    func write(bytes: [UInt8])
    /// Pushes buffered output out, so streamed records appear as they arrive.
    func flush()
}

/// Buffered output to a file descriptor (stdout, stderr).
package final class FileSink: OutputSink {
    private let fd: Int32
    private var buffer: [UInt8] = []

    package init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(64 * 1024)
    }

    deinit {
        flush()
    }

    package func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 * 1024 { flush() }
    }

    package func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 64 * 1024 { flush() }
    }

    package func flush() {
        var start = 0
        while start < buffer.count {
            let n = buffer.withUnsafeBytes { rawWrite(fd, $0.baseAddress! + start, $0.count - start) }
            if n < 0 {
                if errno == EINTR { continue }
                // The reader went away (`quarry … | head`): drop the rest, like grep.
                break
            }
            start += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Output collected in memory, for tests.
package final class MemorySink: OutputSink {
    package private(set) var text = ""
    package private(set) var flushes = 0

    package init() {}

    package func write(_ text: String) { self.text += text }
    package func write(bytes: [UInt8]) { self.text += String(decoding: bytes, as: UTF8.self) }
    package func flush() { flushes += 1 }
}
