/// Files a folder walk passed over on purpose, counted for the summary (not skips: nothing went wrong).
package struct IgnoredFiles: Sendable, Equatable, Codable {
    /// Regular files whose extension no reader takes (`.md`, `.jpg`, no extension).
    package var otherTypes = 0
    /// `README`, `LICENSE` and the like (`FileWalkPolicy.nonArticleNames`).
    package var nonArticles = 0
    /// Symbolic links inside folders, not followed without `--follow`.
    package var symlinks = 0

    enum CodingKeys: String, CodingKey {
        case otherTypes = "other_types", nonArticles = "non_articles", symlinks
    }

    package init() {}

    /// True when nothing was ignored.
    package var isEmpty: Bool { self == IgnoredFiles() }

    /// Adds another walk's counts.
    package mutating func add(_ other: IgnoredFiles) {
        otherTypes += other.otherTypes
        nonArticles += other.nonArticles
        symlinks += other.symlinks
    }

    /// The summary's phrases, e.g. ["12 files of other types", "2 symbolic links not followed (…)"].
    package var phrases: [String] {
        var out: [String] = []
        if otherTypes > 0 {
            out.append("\(otherTypes) file\(otherTypes == 1 ? "" : "s") of other types")
        }
        if nonArticles > 0 {
            out.append("\(nonArticles) non-article file\(nonArticles == 1 ? "" : "s") (README, LICENSE and the like)")
        }
        if symlinks > 0 {
            out.append("\(symlinks) symbolic link\(symlinks == 1 ? "" : "s") not followed (--follow follows them)")
        }
        return out
    }
}
