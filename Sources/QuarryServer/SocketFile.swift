import Logging
import QuarryProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The socket file's life: checks before binding, a private place to bind, installing it with its
/// mode, and removing it at exit.
///
/// The socket is bound inside a fresh 0700 staging folder next to the final path, given its mode there
/// and then renamed into place, so it is never reachable with a looser mode (no process-wide umask
/// change, which would race with other threads), and a stale socket is replaced atomically.
struct SocketFile {
    /// Longest socket path accepted: `sun_path` is 104 bytes on macOS, 108 on Linux, both with a NUL.
    static let maximumPathBytes = 103

    /// The final socket path.
    let path: String
    /// Where NIO binds; the final path when the staging path would not fit in `sun_path`.
    let bindPath: String
    private let mode: UInt32
    private let stagingFolder: String?
    private var installed: (device: UInt64, inode: UInt64)?

    /// Checks the path and its folder, refuses a live daemon's socket, and picks the bind path.
    static func prepare(path: String, mode: UInt32, logger: Logger) throws -> SocketFile {
        guard !path.isEmpty else {
            throw ServerError.invalidConfiguration(key: "socket", value: "\"\"", expected: "a socket path")
        }
        guard path.utf8.count <= maximumPathBytes else {
            throw ServerError.socketPathTooLong(path: path, limit: maximumPathBytes)
        }
        let folder = Self.folder(of: path)
        try Self.checkFolder(folder, isDefault: folder == Self.folder(of: Self.fallbackDefaultSocket))
        try Self.probe(path, logger: logger)

        var template = Array("\(folder)/.qXXXXXX".utf8CString)
        let staging: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let staging else {
            throw ServerError.bindFailed(path: path, reason: "cannot create a file in \(folder): \(Self.errnoText())")
        }
        let stagedPath = staging + "/s"
        if stagedPath.utf8.count <= Self.sunPathCapacity {
            return SocketFile(path: path, bindPath: stagedPath, mode: mode, stagingFolder: staging)
        }
        // The staging path would not fit: bind in place; the mode is set right after binding and
        // SO_PEERCRED still turns away other users in between.
        rmdir(staging)
        unlink(path)
        return SocketFile(path: path, bindPath: path, mode: mode, stagingFolder: nil)
    }

    /// Gives the bound socket its mode and moves it to the final path.
    mutating func install() throws {
        guard chmod(bindPath, mode_t(mode)) == 0 else {
            throw ServerError.bindFailed(path: path, reason: "cannot set the socket's mode: \(Self.errnoText())")
        }
        if let stagingFolder {
            guard rename(bindPath, path) == 0 else {
                let reason = Self.errnoText()
                unlink(bindPath)
                rmdir(stagingFolder)
                throw ServerError.bindFailed(path: path, reason: "cannot move the socket into place: \(reason)")
            }
            rmdir(stagingFolder)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            installed = (UInt64(info.st_dev), UInt64(info.st_ino))
        }
    }

    /// Removes the socket if it is still the one this daemon installed (a newer daemon's is left alone),
    /// and the staging folder if binding never got that far.
    func remove() {
        if let stagingFolder {
            unlink(stagingFolder + "/s")
            rmdir(stagingFolder)
        }
        guard let installed else { return }
        var info = stat()
        if lstat(path, &info) == 0, UInt64(info.st_dev) == installed.device, UInt64(info.st_ino) == installed.inode {
            unlink(path)
        }
    }

    // MARK: Checks

    /// `/tmp/quarry-$UID/quarry.sock`: the default socket when `XDG_RUNTIME_DIR` is unset.
    static var fallbackDefaultSocket: String { "/tmp/quarry-\(getuid())/quarry.sock" }

    private static func checkFolder(_ folder: String, isDefault: Bool) throws {
        if isDefault {
            // The default folder sits in world-writable /tmp: create it private, and make sure a
            // folder someone else planted there is not used.
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                throw ServerError.socketFolderUnsafe(path: folder, reason: "cannot create it: \(errnoText())")
            }
            var info = stat()
            guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw ServerError.socketFolderUnsafe(path: folder, reason: "it is not a folder")
            }
            guard info.st_uid == geteuid() else {
                throw ServerError.socketFolderUnsafe(path: folder, reason: "it belongs to user \(info.st_uid)")
            }
            if info.st_mode & 0o077 != 0 { chmod(folder, 0o700) }
            return
        }
        var info = stat()
        guard stat(folder, &info) == 0 else { throw ServerError.socketFolderMissing(path: folder) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ServerError.socketFolderUnsafe(path: folder, reason: "it is not a folder")
        }
    }

    /// Refuses a socket a live daemon answers on; a stale one (connection refused) is left to be replaced.
    private static func probe(_ path: String, logger: Logger) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { throw ServerError.socketPathOccupied(path: path) }
        switch UnixSocketProbe.connect(to: path) {
        case .accepted(let pid):
            throw ServerError.socketInUse(path: path, pid: pid)
        case .refused, .missing:
            logger.notice("replacing stale socket", metadata: ["socket": "\(path)"])
        case .failed(let reason):
            throw ServerError.socketInaccessible(path: path, reason: reason)
        }
    }

    // MARK: Helpers

    private static var sunPathCapacity: Int {
        MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    private init(path: String, bindPath: String, mode: UInt32, stagingFolder: String?) {
        self.path = path
        self.bindPath = bindPath
        self.mode = mode
        self.stagingFolder = stagingFolder
    }
}

/// A blocking connect to a Unix socket, to tell a live daemon from a stale socket file.
enum UnixSocketProbe {
    enum Outcome: Equatable {
        /// Someone accepted; `pid` is the listener's process id when the kernel reports it.
        case accepted(pid: Int32?)
        /// Nobody listens: a stale socket file.
        case refused
        /// No socket file.
        case missing
        /// Anything else, such as permission denied.
        case failed(String)
    }

    static func connect(to path: String) -> Outcome {
        #if os(Linux)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return .failed(SocketFile.errnoText()) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { return .failed("path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                posixConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return .accepted(pid: PeerCredentials.of(descriptor: fd)?.pid) }
        switch errno {
        case ECONNREFUSED: return .refused
        case ENOENT: return .missing
        case let code: return .failed(SocketFile.errnoText(code))
        }
    }
}

/// `connect(2)`, named apart from `UnixSocketProbe.connect(to:)`.
private func posixConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
        Glibc.connect(fd, address, length)
    #else
        Darwin.connect(fd, address, length)
    #endif
}
