import Foundation

/// An article as read from one input, decoded but not yet cleaned.
package struct RawArticle: Sendable, Equatable {
    /// The id it asks for: the input's `id`, else one derived from the path (`origin` says which file),
    /// or for stdin lines without one `-#` and a hash of the line. The index may give a longer one.
    package var id: String
    /// The input path as given (`path#line` for NDJSON lines, `-#line` for stdin).
    package var path: String
    /// The file it came from as an absolute path (not resolving links), for `--prune`; `-` for stdin.
    package var inputFile: String
    package var format: InputFormat
    /// Decoded text: the whole file for `.txt`, the `body` field for JSON.
    package var text: String
    /// Maps UTF-8 offsets of `text` to source byte offsets.
    package var byteMap: SourceByteMap
    /// Metadata the input provided (JSON keys); nil for plain text, where cleaning recovers it.
    package var title: String?
    package var author: String?
    package var published: String?
    package var source: String?
    package var url: String?
    /// Hash of the input bytes and provided metadata.
    package var contentHash: String
    /// Where the article was read when its id comes from the path (nil when the input named it).
    package var origin: ArticleOrigin?

    package init(
        id: String, path: String, inputFile: String, format: InputFormat, text: String, byteMap: SourceByteMap,
        title: String? = nil, author: String? = nil, published: String? = nil, source: String? = nil,
        url: String? = nil, contentHash: String
    ) {
        self.id = id
        self.path = path
        self.inputFile = inputFile
        self.format = format
        self.text = text
        self.byteMap = byteMap
        self.title = title
        self.author = author
        self.published = published
        self.source = source
        self.url = url
        self.contentHash = contentHash
    }
}

/// How an input is read.
package enum InputFormat: String, Sendable, Equatable {
    /// A scraped plain-text article (`.txt`).
    case text
    /// One JSON article (`.json`).
    case json
    /// One JSON article per line (`.ndjson`, `.jsonl`, or `-` on stdin).
    case ndjson
}

/// An input that was not indexed, with the reason, for the one-line report and the `--json` summary.
package struct SkippedInput: Sendable, Equatable, Codable {
    package var input: String
    package var reason: String
    package init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }
}

/// What reading one input yields: an article, or a skip.
package enum ReadOutcome: Sendable, Equatable {
    case article(RawArticle)
    case skipped(SkippedInput)
}
