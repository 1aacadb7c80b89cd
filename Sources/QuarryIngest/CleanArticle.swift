import Foundation

/// An article after cleaning: the text that is indexed, its metadata, and the map back to the source.
///
/// `text` holds only article prose: paragraphs joined by `"\n\n"`, no title line, no furniture.
/// Every character of `text` was copied from the source text unchanged (cleaning only deletes spans
/// and inserts paragraph breaks), so `sourceRange(forTextRange:)` maps any span back to source bytes.
package struct CleanArticle: Sendable, Equatable {
    /// Stable id: the one `ArticleIdentities` gave (README "Article ids").
    package var id: String
    /// The input path as given (`path#line` for an NDJSON line, `-#line` for stdin).
    package var path: String
    /// The file the article came from as an absolute path, for `--prune` (`-` for stdin).
    package var inputFile: String
    package var title: String?
    package var author: String?
    /// ISO date `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when only that much is known).
    package var published: String?
    package var source: String?
    package var url: String?
    /// The dateline place ("WASHINGTON"), when the text opens with one.
    package var dateline: String?
    package var text: String
    /// UTF-8 byte ranges of each paragraph in `text`.
    package var paragraphs: [Range<Int>]
    /// Hash of the raw input (bytes plus provided metadata): unchanged hash means nothing to do.
    package var contentHash: String
    /// Maps UTF-8 offsets in `text` to byte offsets in the source.
    package var offsets: CleanOffsetMap
    /// A published date the input gave that is not a date (`2020-13-45`, `03/04/2020`, `yesterday`):
    /// dropped rather than stored as written, and reported in the summary.
    package var droppedDate: String?

    package init(
        id: String, path: String, inputFile: String, title: String?, author: String?, published: String?,
        source: String?, url: String?, dateline: String?, text: String, paragraphs: [Range<Int>],
        contentHash: String, offsets: CleanOffsetMap
    ) {
        self.id = id
        self.path = path
        self.inputFile = inputFile
        self.title = title
        self.author = author
        self.published = published
        self.source = source
        self.url = url
        self.dateline = dateline
        self.text = text
        self.paragraphs = paragraphs
        self.contentHash = contentHash
        self.offsets = offsets
    }

    /// Source byte range of a UTF-8 byte range of `text`.
    package func sourceRange(forTextRange range: Range<Int>) -> Range<Int> {
        let start = offsets.sourceOffset(forCleanOffset: range.lowerBound)
        let end = range.isEmpty ? start : offsets.sourceOffset(forCleanOffset: range.upperBound - 1, atEnd: true)
        return start..<max(start, end)
    }
}

/// Maps UTF-8 offsets of clean text to byte offsets of the source file (or JSON body).
///
/// Clean text is a sequence of segments copied from the decoded source text; `segments` records,
/// for each, where it starts in the clean text and in the decoded text. `decoded` then maps decoded
/// UTF-8 offsets to source bytes (identity plus a BOM shift for UTF-8; a table for legacy encodings).
package struct CleanOffsetMap: Sendable, Equatable {
    package struct Segment: Sendable, Equatable {
        package var cleanStart: Int
        package var decodedStart: Int
        package var length: Int
        package init(cleanStart: Int, decodedStart: Int, length: Int) {
            self.cleanStart = cleanStart
            self.decodedStart = decodedStart
            self.length = length
        }
    }

    package var segments: [Segment]
    package var decoded: SourceByteMap

    package init(segments: [Segment], decoded: SourceByteMap) {
        self.segments = segments
        self.decoded = decoded
    }

    /// Source byte offset of the clean UTF-8 offset `offset`. With `atEnd`, returns the offset just
    /// past the source bytes of the character at `offset` (use it for exclusive range ends).
    package func sourceOffset(forCleanOffset offset: Int, atEnd: Bool = false) -> Int {
        // Last segment starting at or before offset (binary search).
        var lo = 0
        var hi = segments.count - 1
        var found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if segments[mid].cleanStart <= offset {
                found = mid
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        guard found >= 0 else { return decoded.sourceOffset(forDecodedOffset: 0) }
        let s = segments[found]
        let within = min(offset - s.cleanStart, max(0, s.length - 1))
        let decodedOffset = s.decodedStart + within
        return atEnd
            ? decoded.sourceEnd(forDecodedOffset: decodedOffset)
            : decoded.sourceOffset(forDecodedOffset: decodedOffset)
    }
}

/// Maps UTF-8 offsets of the decoded source text to byte offsets in the source.
package enum SourceByteMap: Sendable, Equatable {
    /// UTF-8 source: decoded offset plus `shift` (3 when a byte-order mark was dropped).
    case utf8(shift: Int, decodedUTF8: [UInt8]? = nil)
    /// Single-byte legacy encoding: every scalar was one source byte. `scalarStarts[i]` is the UTF-8
    /// offset of scalar `i` in the decoded text.
    case singleByte(scalarStarts: [Int])

    /// Source byte offset of the character starting at decoded UTF-8 offset `offset`.
    package func sourceOffset(forDecodedOffset offset: Int) -> Int {
        switch self {
        case .utf8(let shift, _):
            return offset + shift
        case .singleByte(let starts):
            return Self.scalarIndex(containing: offset, in: starts)
        }
    }

    /// Source byte offset just past the character that contains decoded UTF-8 offset `offset`.
    package func sourceEnd(forDecodedOffset offset: Int) -> Int {
        switch self {
        case .utf8(let shift, let bytes):
            // Move past the rest of a multi-byte UTF-8 character.
            var end = offset + 1
            if let bytes {
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            return end + shift
        case .singleByte(let starts):
            return Self.scalarIndex(containing: offset, in: starts) + 1
        }
    }

    static func scalarIndex(containing offset: Int, in starts: [Int]) -> Int {
        var lo = 0
        var hi = starts.count - 1
        var found = 0
        while lo <= hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset {
                found = mid
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        return found
    }
}
