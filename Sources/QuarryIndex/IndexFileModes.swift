#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The permissions of what `quarry-index` creates: the index, its WAL and shared-memory files (SQLite
/// gives them the index's mode), its lock and side files, and the folders it makes for them.
///
/// Owner-only by default, whatever the umask: an index holds every article, and any user who can read
/// the file can read it all, whatever the daemon's socket allows.
///
/// ## Configuration keys
/// - `index.file_mode` (string, default `"0600"`): octal mode of the files; it must give the owner
///   read and write and nobody execute (`"0640"` lets the group read). Folders get the same bits plus
///   search (`x`) wherever read is given (`"0640"` → `0750`).
package struct IndexFileModes: Sendable, Equatable {
    /// Mode of the files.
    package let file: mode_t

    /// Owner read and write only (folders 0700).
    package static let ownerOnly = IndexFileModes(uncheckedFile: 0o600)

    /// Mode of the folders: the file's bits, plus search wherever read is given.
    package var folder: mode_t {
        file | ((file & 0o444) >> 2)
    }

    private init(uncheckedFile: mode_t) {
        file = uncheckedFile
    }

    /// Parses an octal `index.file_mode` value ("0640"); nil unless it has owner read and write, no
    /// execute and no special bits.
    package init?(octal text: String) {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ ("0"..."7").contains($0) }),
            let value = mode_t(text, radix: 8), value & ~mode_t(0o666) == 0, value & 0o600 == 0o600
        else { return nil }
        file = value
    }

    /// The value as it is written in the configuration ("0600").
    package var octal: String {
        let digits = String(file, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Creates `folder` and any missing parents with `self.folder`'s mode (set explicitly, so neither
    /// the umask nor a wider setting is lost). Folders that exist are left as they are.
    package func createFolders(_ folder: String) throws {
        var missing: [String] = []
        var current = folder
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            missing.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        for path in missing.reversed() {
            if mkdir(path, self.folder) != 0, errno != EEXIST {
                throw IndexError.cannotOpen(
                    path: folder, reason: "cannot create the folder \(path): \(String(cString: strerror(errno)))")
            }
            chmod(path, self.folder)
        }
    }

    /// Creates an empty file at `path` with this mode; fails if anything is there already (never
    /// follows a link planted at the path).
    package func createFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file)
        guard fd >= 0 else {
            throw IndexError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        fchmod(fd, file)
    }
}
