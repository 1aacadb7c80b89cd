/// Files a folder walk passed over on purpose, counted for the summary (not skips: nothing went wrong).
package struct IgnoredFiles: Sendable, Equatable, Codable {
    /// Symbolic links inside folders, not followed without `--follow`.
    package var symlinks = 0

    package init() {}

    /// True when nothing was ignored.
    package var isEmpty: Bool { self == IgnoredFiles() }

    /// Adds another walk's counts.
    package mutating func add(_ other: IgnoredFiles) {
        symlinks += other.symlinks
    }

    /// The summary's phrases, e.g. ["2 symbolic links not followed (--follow follows them)"].
    package var phrases: [String] {
        var out: [String] = []
        if symlinks > 0 {
            out.append("\(symlinks) symbolic link\(symlinks == 1 ? "" : "s") not followed (--follow follows them)")
        }
        return out
    }
}
