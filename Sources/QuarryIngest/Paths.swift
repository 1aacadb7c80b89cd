import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Path arithmetic the walk and the index agree on: absolute paths written the same way whatever the
/// working folder or the spelling of an argument (`pr/`, `./pr`, `/abs/pr/`), and real paths.
package enum Paths {
    /// `folder/name`, without doubling a trailing slash.
    package static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The working folder, for absolute paths.
    package static func currentFolder() -> String {
        FileManager.default.currentDirectoryPath
    }

    /// `path` made absolute against `folder` and cleaned lexically: no `.`, no `..`, no doubled or
    /// trailing slash. Symbolic links are not resolved (that is `real(_:)`).
    package static func absolute(_ path: String, from folder: String = currentFolder()) -> String {
        let full = path.hasPrefix("/") ? path : join(folder, path)
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The real path of an existing file or folder (every symbolic link resolved), or nil.
    package static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `path` is `folder` or lies inside it (both absolute and clean).
    package static func isInside(_ path: String, _ folder: String) -> Bool {
        if folder == "/" { return path.hasPrefix("/") }
        return path == folder || path.hasPrefix(folder + "/")
    }
}
