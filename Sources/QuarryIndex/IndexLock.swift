import Foundation
import QuarryIngest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `quarry-index` writes an index at a time: an exclusive `flock` on `<index>.lock`, a file beside
/// the index holding the writer's pid, taken before anything else is opened and held until the writer
/// goes away (the kernel drops it when the process exits, however it exits).
///
/// SQLite's own write lock is per transaction: two runs interleaved their batches, each with entity ids
/// from its own snapshot ("UNIQUE constraint failed: entity.rowid"), or raced to publish a first build.
/// The lock file stays after the run; removing it would let a waiting run and a new one lock two
/// different files.
package final class IndexLock {
    /// What to do when another writer holds the lock.
    package enum Contention {
        /// Fail with `IndexError.locked`.
        case refuse
        /// Call `notice` with the holder's pid (nil if unknown), then wait for the lock.
        case wait(notice: (_ holder: Int32?) -> Void)
    }

    /// The lock file's path.
    package let path: String
    private let fd: Int32

    /// Takes the lock of the index at `index`.
    package init(index: String, modes: IndexFileModes, contention: Contention) throws {
        path = index + ".lock"
        // O_NONBLOCK and O_NOFOLLOW: something planted at the path (a FIFO, a link) neither blocks nor redirects.
        var fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, modes.file)
        if fd >= 0 {
            fchmod(fd, modes.file)
        } else if errno == EEXIST {
            fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        }
        guard fd >= 0 else {
            throw IndexError.cannotOpen(path: index, reason: "cannot open its lock file \(path): \(Errno(errno).reason)")
        }
        if case .success(let status) = FileStatus.of(descriptor: fd), status.kind != .regular {
            close(fd)
            throw IndexError.cannotOpen(path: index, reason: "its lock file \(path) is \(status.kind.described)")
        }
        self.fd = fd
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = Errno(errno).reason
                close(fd)
                throw IndexError.cannotOpen(path: index, reason: "cannot lock \(path): \(reason)")
            }
            let holder = Self.holder(fd)
            switch contention {
            case .refuse:
                close(fd)
                throw IndexError.locked(path: index, pid: holder)
            case .wait(let notice):
                notice(holder)
                while flock(fd, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = Errno(errno).reason
                        close(fd)
                        throw IndexError.cannotOpen(path: index, reason: "cannot lock \(path): \(reason)")
                    }
                }
            }
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        close(fd)
    }

    /// The pid the holder wrote into the lock file, if it wrote one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
