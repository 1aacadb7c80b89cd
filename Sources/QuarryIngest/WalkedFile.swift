/// A regular file a walk found, with everything needed to open it safely and name its article.
package struct WalkedFile: Sendable, Equatable {
    /// The path as reached from the argument (`bbc/sport/199.txt`): shown to users, stored as `path`.
    package var path: String
    /// `path` made absolute, lexically (`Paths.absolute`): what `--prune` compares folders with.
    package var absolutePath: String
    /// The path with every symbolic link resolved: the file's identity across arguments and runs.
    package var realPath: String
    /// The id the article prefers: the path relative to the folder named, without extension
    /// (`sport/199`), or the bare stem of a file named directly.
    package var idStem: String
    /// How the file is read.
    package var format: InputFormat
    /// (device, inode) when walked; the opened descriptor must still be this file.
    package var identity: FileStatus.Identity
    /// Whether opening may follow a symbolic link in the last component (named on the command line,
    /// or reached through a link with `--follow`); otherwise the file is opened with `O_NOFOLLOW`.
    package var followsLink: Bool
}

/// What a walk yields for each input it meets.
package enum WalkEntry: Sendable, Equatable {
    /// A regular file to read.
    case file(WalkedFile)
    /// Something not read, with the reason (a FIFO, a loop, an unreadable folder).
    case skipped(SkippedInput)
}
