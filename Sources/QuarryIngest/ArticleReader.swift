import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads quarry-index INPUTs — files, folders, or `-` for NDJSON on stdin — into raw articles or skips.
///
/// Which files a folder yields is `InputWalker`'s business (`FileWalkPolicy`: no hidden entries, links
/// followed only when asked, only regular files); this type opens and reads what it yields. Inside
/// folders only extensions of `formats` are read; a file named explicitly with another extension is
/// read as text. NDJSON is streamed line by line with a fixed buffer, so its size is unbounded; a
/// broken line costs only that line.
package struct ArticleReader: Sendable {
    /// Size limits applied to every article.
    package var limits: IngestLimits
    /// Which files folder walks yield.
    package var walkPolicy: FileWalkPolicy

    /// A reader with the given limits and walk policy.
    package init(limits: IngestLimits = IngestLimits(), walkPolicy: FileWalkPolicy = FileWalkPolicy()) {
        self.limits = limits
        self.walkPolicy = walkPolicy
    }

    /// Extensions read inside folders, and the format each one implies. A key may hold a dot
    /// (`html.gz`): `format(forFileName:)` tries the longest matching suffix first.
    package static let formats: [String: InputFormat] = [
        "txt": .text, "json": .json, "ndjson": .ndjson, "jsonl": .ndjson,
    ]

    /// The format of a file in a folder by its extension (case-insensitive), or nil when no reader
    /// takes it.
    package static func format(forFileName name: String) -> InputFormat? {
        extensionMatch(name).map { formats[$0]! }
    }

    /// The file name without its known extension (`199.txt` → `199`), else without its last one.
    package static func stem(ofFileName name: String) -> String {
        if let ext = extensionMatch(name) { return String(name.dropLast(ext.count + 1)) }
        return (name as NSString).deletingPathExtension
    }

    /// The longest suffix after a dot (not a leading one) that `formats` knows, lower-cased.
    private static func extensionMatch(_ name: String) -> String? {
        let lower = name.lowercased()
        guard !lower.isEmpty else { return nil }
        var index = lower.index(after: lower.startIndex)
        while let dot = lower[index...].firstIndex(of: ".") {
            let ext = String(lower[lower.index(after: dot)...])
            if formats[ext] != nil { return ext }
            index = lower.index(after: dot)
        }
        return nil
    }

    /// Reads each input in order and hands every article or skip to `body` as soon as it is read;
    /// returns what folder walks passed over on purpose.
    ///
    /// Only `body` throws; problems with inputs become `.skipped` outcomes.
    @discardableResult
    package func read(_ inputs: [String], _ body: (ReadOutcome) throws -> Void) throws -> IgnoredFiles {
        var walker = InputWalker(policy: walkPolicy)
        for input in inputs {
            if input == "-" {
                try readNDJSON(from: FileHandle.standardInput, label: "-", body)
                continue
            }
            try walker.walk(input) { entry in
                switch entry {
                case .skipped(let skip): try body(.skipped(skip))
                case .file(let file): try readFile(file, body)
                }
            }
        }
        return walker.ignored
    }

    /// Reads NDJSON articles from an open handle (stdin, a pipe); `label` stands for the file in paths.
    /// A line without an `id` is named `-#` and a hash of the line, so no other stream's line takes its
    /// id and the same line sent again is the same article.
    package func readNDJSON(from handle: FileHandle, label: String, _ body: (ReadOutcome) throws -> Void) throws {
        try readNDJSON(fd: handle.fileDescriptor, label: label, inputFile: label, realPath: nil, body)
    }

    /// Opens a walked file without blocking and only if it is still the regular file the walk examined:
    /// `O_NONBLOCK` (a FIFO swapped in since then opens at once instead of waiting for a writer),
    /// `O_NOFOLLOW` unless a link may be followed, then `fstat` of the descriptor itself.
    private static func open(_ file: WalkedFile) -> Result<Int32, ReasonError> {
        var flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
        if !file.followsLink { flags |= O_NOFOLLOW }
        let fd = Glibc_open(file.path, flags)
        guard fd >= 0 else {
            let code = errno
            return .failure(ReasonError(code == ELOOP && !file.followsLink
                ? "became a symbolic link while being read: not followed" : Errno(code).reason))
        }
        switch FileStatus.of(descriptor: fd) {
        case .success(let status) where status.kind == .regular && status.identity == file.identity:
            return .success(fd)
        case .success(let status) where status.kind != .regular:
            close(fd)
            return .failure(ReasonError("\(status.kind.described), not a regular file: not read"))
        case .success:
            close(fd)
            return .failure(ReasonError("replaced by another file while being read; re-run to read it"))
        case .failure(let error):
            close(fd)
            return .failure(ReasonError(error.reason))
        }
    }

    private func readFile(_ file: WalkedFile, _ body: (ReadOutcome) throws -> Void) throws {
        let path = file.path
        let id = file.idStem
        let fd: Int32
        switch Self.open(file) {
        case .success(let opened): fd = opened
        case .failure(let error):
            try body(.skipped(SkippedInput(input: path, reason: error.reason)))
            return
        }
        defer { close(fd) }
        let format = file.format
        if format == .ndjson {
            try readNDJSON(fd: fd, label: path, inputFile: file.absolutePath, realPath: file.realPath, body)
            return
        }
        var info = stat()
        if fstat(fd, &info) == 0, Int(info.st_size) > limits.maxArticleBytes {
            try body(.skipped(SkippedInput(input: path, reason: limits.overLimitReason)))
            return
        }
        let bytes: [UInt8]
        switch Self.readAll(fd: fd, limit: limits.maxArticleBytes) {
        case .success(let b): bytes = b
        case .failure(let e):
            try body(.skipped(SkippedInput(input: path, reason: e.reason == "over" ? limits.overLimitReason : e.reason)))
            return
        }
        let inputFile = file.absolutePath
        let outcome: ReadOutcome
        switch format {
        case .json:
            outcome = bytes.withUnsafeBytes { raw in
                article(fromJSON: raw, id: id, path: path, inputFile: inputFile, format: .json, line: nil)
            }
        default:
            outcome = bytes.withUnsafeBytes { raw in
                switch SourceDecoder.decode(raw) {
                case .rejected(let reason):
                    return .skipped(SkippedInput(input: path, reason: reason))
                case .decoded(let text, let map):
                    return .article(RawArticle(
                        id: id, path: path, inputFile: inputFile, format: .text, text: text, byteMap: map,
                        contentHash: ContentHasher.hex(of: raw)))
                }
            }
        }
        // An article named after its file (text, or JSON without an `id`) is that file's.
        if case .article(var raw) = outcome, raw.id == id, raw.origin == nil {
            raw.origin = ArticleOrigin(file: file, id: id)
            try body(.article(raw))
        } else {
            try body(outcome)
        }
    }

    /// Builds an article from one JSON object's bytes; `line` is set for NDJSON.
    private func article(
        fromJSON raw: UnsafeRawBufferPointer, id fallbackID: String, path: String, inputFile: String,
        format: InputFormat, line: Int?
    ) -> ReadOutcome {
        var bytes = raw
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        let at = line.map { " at line \($0)" } ?? ""
        let record: ArticleRecord
        switch ArticleJSONParser.parse(bytes) {
        case .success(let r): record = r
        case .failure(let e):
            let reason = e.reason == "not a JSON object" ? "not a JSON object\(at)" : "not valid JSON\(at): \(e.reason)"
            return .skipped(SkippedInput(input: path, reason: reason))
        }
        guard let text = record.effectiveBody, !SourceDecoder.isBlank(text) else {
            return .skipped(SkippedInput(input: path, reason: "no body"))
        }
        func nonEmpty(_ s: String?) -> String? {
            guard let s else { return nil }
            // Trimming by scalars: Foundation's trimmingCharacters bridges through UTF-16 on Linux.
            let scalars = s.unicodeScalars
            guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
                let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
            else { return nil }
            if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return s }
            return String(scalars[first...last])
        }
        return .article(RawArticle(
            id: nonEmpty(record.id) ?? fallbackID, path: path, inputFile: inputFile, format: format, text: text,
            // JSON bodies: offsets are UTF-8 offsets within the decoded `body` string itself.
            byteMap: .utf8(shift: 0),
            title: nonEmpty(record.title), author: nonEmpty(record.effectiveAuthor), published: nonEmpty(record.published),
            source: nonEmpty(record.source), url: nonEmpty(record.url), contentHash: ContentHasher.hex(of: raw)))
    }

    /// Streams NDJSON from a descriptor: one read buffer, a carry-over for a line split across reads.
    /// `label` names the input in paths (`label#line`); `inputFile` is what `--prune` compares;
    /// `realPath` is the file's (nil for stdin and pipes, whose lines without an `id` are named by content).
    private func readNDJSON(
        fd: Int32, label: String, inputFile: String, realPath: String?, _ body: (ReadOutcome) throws -> Void
    ) throws {
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var carry: [UInt8] = []
        var carryTooLong = false
        var lineNumber = 0

        func handle(_ line: UnsafeRawBufferPointer, tooLong: Bool) throws {
            lineNumber += 1
            let path = "\(label)#\(lineNumber)"
            if tooLong || line.count > limits.maxArticleBytes {
                try body(.skipped(SkippedInput(input: path, reason: limits.overLimitReason)))
                return
            }
            var end = line.count
            while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
            var start = 0
            while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
            if start == end { return }  // blank lines separate nothing and are not articles
            let trimmed = UnsafeRawBufferPointer(rebasing: line[start..<end])
            var outcome = article(
                fromJSON: trimmed, id: path, path: path, inputFile: inputFile, format: .ndjson, line: lineNumber)
            if case .article(var raw) = outcome, raw.id == path {
                if let realPath {
                    raw.origin = ArticleOrigin(ndjsonFile: realPath, line: lineNumber)
                } else {
                    raw.id = "-#" + raw.contentHash
                }
                outcome = .article(raw)
            }
            try body(outcome)
        }

        while true {
            let n = Glibc_read(fd, buffer.baseAddress, capacity)
            if n < 0 {
                if errno == EINTR { continue }
                try body(.skipped(SkippedInput(input: label, reason: Errno(errno).reason)))
                return
            }
            if n == 0 { break }
            var start = 0
            let base = buffer.baseAddress!
            while start < n, let hit = memchr(base + start, 0x0A, n - start) {
                let nl = base.distance(to: UnsafeMutableRawPointer(hit))
                let piece = UnsafeRawBufferPointer(start: base + start, count: nl - start)
                if carry.isEmpty, !carryTooLong {
                    try handle(piece, tooLong: false)
                } else {
                    let tooLong = carryTooLong || carry.count + piece.count > limits.maxArticleBytes
                    if !tooLong { carry.append(contentsOf: piece) }
                    try carry.withUnsafeBytes { try handle($0, tooLong: tooLong) }
                    carry.removeAll(keepingCapacity: true)
                    carryTooLong = false
                }
                start = nl + 1
            }
            if start < n, !carryTooLong {
                if carry.count + (n - start) > limits.maxArticleBytes {
                    carryTooLong = true
                    carry.removeAll()
                } else {
                    carry.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: n - start))
                }
            }
        }
        if !carry.isEmpty || carryTooLong {
            try carry.withUnsafeBytes { try handle($0, tooLong: carryTooLong) }
        }
    }

    /// Reads a whole descriptor, failing with reason "over" past `limit` bytes.
    private static func readAll(fd: Int32, limit: Int) -> Result<[UInt8], ReasonError> {
        var out: [UInt8] = []
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress, chunk) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(ReasonError(Errno(errno).reason))
            }
            if got == 0 { return .success(out) }
            out.append(contentsOf: buffer[0..<got])
            if out.count > limit { return .failure(ReasonError("over")) }
        }
    }
}

/// `read(2)`, named so it does not collide with `ArticleReader.read`.
private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// `open(2)`, named so it does not collide with `ArticleReader.open`.
private func Glibc_open(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags)
    #else
    return Darwin.open(path, flags)
    #endif
}
