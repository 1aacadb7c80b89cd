#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of the file at `path`, or nil when it cannot be read.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return readAll(fd)
}

/// Everything readable from `fd` until end of file, or nil on a read error.
func readAll(_ fd: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    let chunk = 64 * 1024
    while true {
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk))
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
        if n < 0 {
            if errno == EINTR {
                bytes.removeLast(chunk)
                continue
            }
            return nil
        }
        bytes.removeLast(chunk - n)
        if n == 0 { return bytes }
    }
}
