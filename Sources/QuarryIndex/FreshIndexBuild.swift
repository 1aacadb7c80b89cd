import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new index built in a side file next to its final path and published in one step.
///
/// When no index exists yet, the writer builds it in `<path>.building-<pid>-<random>` without a rollback
/// journal on disk (nothing needs protecting in a file no one else sees), then switches it to WAL,
/// syncs it and links it to `path`. The index therefore appears whole or not at all: a reader never
/// sees half a first build, and a crash leaves only a side file, which the next run removes.
struct FreshIndexBuild {
    /// The final path of the index.
    let path: String
    /// The side file the build writes.
    let buildPath: String

    init(path: String) {
        self.path = path
        // The pid lets a later run tell an abandoned build from a live one; the random part keeps two
        // writers of one process apart.
        self.buildPath = "\(path).building-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// Side files of earlier builds whose process is gone (killed, crashed), with their journals.
    static func removeAbandonedBuilds(of path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".building-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let pidText = rest.prefix { $0.isNumber }
            guard let pid = pid_t(pidText), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }

    /// Makes the built file durable and gives it its final name. Fails, leaving `path` alone, when
    /// another process created `path` meanwhile.
    func publish() throws {
        try sync(buildPath)
        // A WAL or shared-memory file left by an index deleted earlier must not be read as this one's.
        if !FileManager.default.fileExists(atPath: path) {
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        }
        // link() fails with EEXIST rather than replacing: a concurrent first build is never lost.
        if link(buildPath, path) != 0 {
            let code = errno
            if code == EEXIST {
                throw IndexError.publishConflict(path: path)
            }
            throw IndexError.writeFailed(path: path, reason: String(cString: strerror(code)))
        }
        unlink(buildPath)
        try? sync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Removes the side file of a build that will not be published.
    func discard() {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            unlink(buildPath + suffix)
        }
    }

    private func sync(_ file: String) throws {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else {
            throw IndexError.writeFailed(path: path, reason: "cannot open \(file) to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        if fsync(fd) != 0 {
            throw IndexError.writeFailed(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
    }
}
