/// Which files `quarry-index` reads when it walks a folder, in the manner of `rg`.
///
/// - Hidden entries (names starting with `.`) are passed over.
/// - Symbolic links inside a folder are not followed unless `followSymlinks` is set (`--follow`); then
///   each real folder is walked once (a link back into its own ancestry is a loop, reported) and each
///   real file read once, by its (device, inode) identity. A path named on the command line is always
///   followed: naming it is asking for it.
/// - Only regular files are opened. FIFOs, sockets and devices are skipped with a reason and never
///   opened, so no file can block the walk.
/// - Files that come with a corpus but are not articles (`README.TXT`, `LICENSE`, …: `nonArticleNames`)
///   and files of other types (an extension with no reader) are counted, not read.
package struct FileWalkPolicy: Sendable, Equatable {
    /// Follow symbolic links found inside folders.
    package var followSymlinks: Bool
    /// Names of files that are never articles inside a folder, upper-case, compared with the part of a
    /// file name before its first dot, ignoring case (`README`, `readme.txt`, `README.en.md`).
    package var nonArticleNames: Set<String>

    /// What accompanies a corpus or a repository rather than being one of its articles. Words that
    /// could be an article's slug in a news folder (`news`, `history`, `security`) are left out.
    package static let defaultNonArticleNames: Set<String> = [
        "README", "LICENSE", "LICENCE", "COPYING", "COPYRIGHT", "NOTICE", "AUTHORS", "CONTRIBUTORS",
        "CONTRIBUTING", "CHANGELOG", "CHANGES", "CODE_OF_CONDUCT", "CITATION", "MANIFEST",
    ]

    /// The default policy: links inside folders are not followed.
    package init(followSymlinks: Bool = false, nonArticleNames: Set<String> = FileWalkPolicy.defaultNonArticleNames) {
        self.followSymlinks = followSymlinks
        self.nonArticleNames = nonArticleNames
    }

    /// True when a file of this name, met inside a folder, is not an article.
    package func isNonArticle(_ name: String) -> Bool {
        let base = name.prefix { $0 != "." }
        return nonArticleNames.contains(base.uppercased())
    }
}
