import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads quarry-index INPUTs — files, folders, or `-` for NDJSON on stdin — into raw articles or skips.
///
/// Folders are walked recursively in sorted order, skipping hidden entries and files whose extension
/// is not `.txt`, `.json`, `.ndjson` or `.jsonl`; a file named explicitly with another extension is read
/// as text. NDJSON is streamed line by line with a fixed buffer, so its size is unbounded; a broken line
/// costs only that line.
package struct ArticleReader: Sendable {
    /// Size limits applied to every article.
    package var limits: IngestLimits

    /// A reader with the given limits.
    package init(limits: IngestLimits = IngestLimits()) {
        self.limits = limits
    }

    /// Extensions read inside folders, and the format each one implies.
    package static let formats: [String: InputFormat] = [
        "txt": .text, "json": .json, "ndjson": .ndjson, "jsonl": .ndjson,
    ]

    /// Reads each input in order and hands every article or skip to `body` as soon as it is read.
    ///
    /// Only `body` throws; problems with inputs become `.skipped` outcomes.
    package func read(_ inputs: [String], _ body: (ReadOutcome) throws -> Void) throws {
        for input in inputs {
            if input == "-" {
                try readNDJSON(from: FileHandle.standardInput, label: "-", body)
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                try readFolder(input, root: input, body)
            } else {
                let ext = (input as NSString).pathExtension.lowercased()
                let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
                try readFile(input, format: Self.formats[ext] ?? .text, idStem: stem, body)
            }
        }
    }

    /// Reads NDJSON articles from an open handle (stdin, a pipe); `label` stands for the file in paths.
    package func readNDJSON(from handle: FileHandle, label: String, _ body: (ReadOutcome) throws -> Void) throws {
        try readNDJSON(fd: handle.fileDescriptor, label: label, body)
    }

    /// Reads a folder recursively. Articles of a file inside it get the file's path relative to `root`
    /// without extension as id (`sport/199`), so same-named files in sibling folders stay distinct.
    private func readFolder(_ folder: String, root: String, _ body: (ReadOutcome) throws -> Void) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            try body(.skipped(SkippedInput(input: folder, reason: "cannot list folder (permission denied?)")))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try readFolder(path, root: root, body)
            } else if let format = Self.formats[(name as NSString).pathExtension.lowercased()] {
                var relative = String(path.dropFirst(root.count))
                while relative.hasPrefix("/") { relative.removeFirst() }
                try readFile(path, format: format, idStem: (relative as NSString).deletingPathExtension, body)
            }
        }
    }

    private func readFile(
        _ path: String, format: InputFormat, idStem id: String, _ body: (ReadOutcome) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            try body(.skipped(SkippedInput(input: path, reason: Self.describe(errno: errno))))
            return
        }
        defer { close(fd) }
        if format == .ndjson {
            try readNDJSON(fd: fd, label: path, body)
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
        let outcome: ReadOutcome
        switch format {
        case .json:
            outcome = bytes.withUnsafeBytes { raw in
                article(fromJSON: raw, id: id, path: path, inputFile: path, format: .json, line: nil)
            }
        default:
            outcome = bytes.withUnsafeBytes { raw in
                switch SourceDecoder.decode(raw) {
                case .rejected(let reason):
                    return .skipped(SkippedInput(input: path, reason: reason))
                case .decoded(let text, let map):
                    return .article(RawArticle(
                        id: id, path: path, inputFile: path, format: .text, text: text, byteMap: map,
                        contentHash: ContentHasher.hex(of: raw)))
                }
            }
        }
        try body(outcome)
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
    private func readNDJSON(fd: Int32, label: String, _ body: (ReadOutcome) throws -> Void) throws {
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
            try body(article(fromJSON: trimmed, id: path, path: path, inputFile: label, format: .ndjson, line: lineNumber))
        }

        while true {
            let n = Glibc_read(fd, buffer.baseAddress, capacity)
            if n < 0 {
                if errno == EINTR { continue }
                try body(.skipped(SkippedInput(input: label, reason: Self.describe(errno: errno))))
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
                return .failure(ReasonError(describe(errno: errno)))
            }
            if got == 0 { return .success(out) }
            out.append(contentsOf: buffer[0..<got])
            if out.count > limit { return .failure(ReasonError("over")) }
        }
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        default: return String(cString: strerror(code)).lowercased()
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
