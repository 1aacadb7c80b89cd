/// Which files `quarry-index` reads when it walks a folder, in the manner of `rg`.
///
/// - Hidden entries (names starting with `.`) are passed over.
/// - Symbolic links inside a folder are not followed unless `followSymlinks` is set (`--follow`); then
///   each real folder is walked once (a link back into its own ancestry is a loop, reported) and each
///   real file read once, by its (device, inode) identity. A path named on the command line is always
///   followed: naming it is asking for it.
/// - Only regular files are opened. FIFOs, sockets and devices are skipped with a reason and never
///   opened, so no file can block the walk.
/// - Files of other types (an extension with no reader) are counted, not read.
package struct FileWalkPolicy: Sendable, Equatable {
    /// Follow symbolic links found inside folders.
    package var followSymlinks: Bool

    /// The default policy: links inside folders are not followed.
    package init(followSymlinks: Bool = false) {
        self.followSymlinks = followSymlinks
    }
}
