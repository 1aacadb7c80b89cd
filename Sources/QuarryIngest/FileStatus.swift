#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `lstat`/`stat`/`fstat` say about a file: its kind and its identity (device, inode).
package struct FileStatus: Sendable, Equatable {
    /// The kinds of file a walk meets.
    package enum Kind: Sendable, Equatable {
        case regular, directory, symlink, fifo, socket, characterDevice, blockDevice, unknown

        /// How a skip reason names this kind ("a FIFO (named pipe)").
        package var described: String {
            switch self {
            case .regular: return "a regular file"
            case .directory: return "a folder"
            case .symlink: return "a symbolic link"
            case .fifo: return "a FIFO (named pipe)"
            case .socket: return "a socket"
            case .characterDevice: return "a character device"
            case .blockDevice: return "a block device"
            case .unknown: return "a special file"
            }
        }
    }

    /// A file's identity: two paths with the same one are the same file (hard links, symlinks, bind mounts).
    package struct Identity: Sendable, Hashable {
        package var device: UInt64
        package var inode: UInt64
    }

    package var kind: Kind
    package var identity: Identity
    /// Size in bytes (regular files).
    package var size: Int

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        default: kind = .unknown
        }
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        size = Int(info.st_size)
    }

    /// The status of `path` itself (a symbolic link is reported as one); on failure the errno.
    package static func of(link path: String) -> Result<FileStatus, Errno> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    /// The status of what `path` leads to, symbolic links followed.
    package static func of(target path: String) -> Result<FileStatus, Errno> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    /// The status of an open descriptor.
    package static func of(descriptor fd: Int32) -> Result<FileStatus, Errno> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }
}

/// An `errno` value with the wording a skip reason uses.
package struct Errno: Error, Sendable, Equatable {
    package var code: Int32

    package init(_ code: Int32) { self.code = code }

    /// "no such file or directory", "permission denied", …
    package var reason: String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        case ELOOP: return "too many levels of symbolic links"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
