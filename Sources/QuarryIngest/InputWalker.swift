import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks quarry-index's file and folder arguments by one `FileWalkPolicy`, yielding regular files to
/// read and skips with reasons, and counting what it passes over on purpose.
///
/// Every entry is examined with `lstat` before anything is opened, so a FIFO or a device is reported,
/// never opened. Folders are walked in sorted order; each real folder and each real file is visited once
/// per run, whichever argument or link reaches it first, so overlapping arguments (`pr/a/ pr/`) and
/// links (`self -> .`) add nothing twice.
package struct InputWalker {
    package let policy: FileWalkPolicy
    /// What was passed over on purpose so far.
    package private(set) var ignored = IgnoredFiles()
    private var seenFiles = Set<FileStatus.Identity>()
    private var walkedFolders = Set<FileStatus.Identity>()
    private let workingFolder = Paths.currentFolder()

    package init(policy: FileWalkPolicy) {
        self.policy = policy
    }

    /// Walks one argument (a file or a folder; not `-`). A symbolic link named here is followed.
    package mutating func walk(_ input: String, _ body: (WalkEntry) throws -> Void) throws {
        let status: FileStatus
        switch FileStatus.of(target: input) {
        case .failure(let error):
            try body(.skipped(SkippedInput(input: input, reason: error.reason)))
            return
        case .success(let s): status = s
        }
        switch status.kind {
        case .directory:
            guard walkedFolders.insert(status.identity).inserted else { return }
            let absolute = Paths.absolute(input, from: workingFolder)
            try walkFolder(
                path: input, absolute: absolute, real: Paths.real(input) ?? absolute, relative: "",
                ancestors: [status.identity], body)
        case .regular:
            guard seenFiles.insert(status.identity).inserted else { return }
            let name = (input as NSString).lastPathComponent
            let absolute = Paths.absolute(input, from: workingFolder)
            try body(.file(WalkedFile(
                path: input, absolutePath: absolute, realPath: Paths.real(input) ?? absolute,
                idStem: ArticleReader.stem(ofFileName: name), format: ArticleReader.format(forFileName: name) ?? .text,
                identity: status.identity, followsLink: true)))
        default:
            let hint = status.kind == .fifo ? " (pipe NDJSON into `quarry-index -` instead)" : ""
            try body(.skipped(SkippedInput(
                input: input, reason: "\(status.kind.described), not a regular file: not read\(hint)")))
        }
    }

    /// Walks a folder whose identity is the last of `ancestors` (already marked as walked).
    /// `relative` is its path below the folder named on the command line (`""` or `sport/`).
    private mutating func walkFolder(
        path: String, absolute: String, real: String, relative: String, ancestors: [FileStatus.Identity],
        _ body: (WalkEntry) throws -> Void
    ) throws {
        let names: [String]
        switch Self.list(path) {
        case .success(let n): names = n
        case .failure(let error):
            try body(.skipped(SkippedInput(input: path, reason: "cannot list folder: \(error.reason)")))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let child = Paths.join(path, name)
            var status: FileStatus
            switch FileStatus.of(link: child) {
            case .failure(let error):
                try body(.skipped(SkippedInput(input: child, reason: error.reason)))
                continue
            case .success(let s): status = s
            }
            var childReal = Paths.join(real, name)
            let isLink = status.kind == .symlink
            if isLink {
                guard policy.followSymlinks else {
                    ignored.symlinks += 1
                    continue
                }
                switch FileStatus.of(target: child) {
                case .failure(let error):
                    try body(.skipped(SkippedInput(input: child, reason: "broken symbolic link: \(error.reason)")))
                    continue
                case .success(let s): status = s
                }
                childReal = Paths.real(child) ?? childReal
            }
            let childAbsolute = Paths.join(absolute, name)
            switch status.kind {
            case .directory:
                if ancestors.contains(status.identity) {
                    try body(.skipped(SkippedInput(
                        input: child, reason: "symbolic link loop: leads back to \(childReal), which contains it")))
                    continue
                }
                // Reached before through another argument or link: its files are read already.
                guard walkedFolders.insert(status.identity).inserted else { continue }
                try walkFolder(
                    path: child, absolute: childAbsolute, real: childReal, relative: relative + name + "/",
                    ancestors: ancestors + [status.identity], body)
            case .regular:
                if policy.isNonArticle(name) {
                    ignored.nonArticles += 1
                    continue
                }
                guard let format = ArticleReader.format(forFileName: name) else {
                    ignored.otherTypes += 1
                    continue
                }
                guard seenFiles.insert(status.identity).inserted else { continue }
                try body(.file(WalkedFile(
                    path: child, absolutePath: childAbsolute, realPath: childReal,
                    idStem: relative + ArticleReader.stem(ofFileName: name), format: format,
                    identity: status.identity, followsLink: isLink)))
            default:
                try body(.skipped(SkippedInput(
                    input: child, reason: "\(status.kind.described), not a regular file: not read")))
            }
        }
    }

    /// A folder's entry names, sorted, without `.` and `..`. `opendir` opens with `O_DIRECTORY`, so a
    /// folder swapped for a FIFO since it was examined fails instead of blocking.
    private static func list(_ path: String) -> Result<[String], Errno> {
        guard let folder = opendir(path) else { return .failure(Errno(errno)) }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { field in
                field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names.sorted())
    }
}
