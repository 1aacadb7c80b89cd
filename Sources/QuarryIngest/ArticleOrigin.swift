/// Where an article whose id comes from its path was read, so the index can keep that id for that
/// file alone: the same file reached another way keeps it, and another file never takes it.
///
/// An article without an origin is named by its input (`"id"` in JSON, or a stdin line's content
/// hash): its id is its identity.
package struct ArticleOrigin: Sendable, Equatable {
    /// The file's real path (every symbolic link resolved), `#LINE` appended for an NDJSON line.
    package var key: String
    /// Ids to try, in order, when `RawArticle.id` belongs to another article: longer and longer parts
    /// of the real path (`tech/199`, `bbc/tech/199`, …), the real path itself last.
    package var longerIDs: [String]

    package init(key: String, longerIDs: [String]) {
        self.key = key
        self.longerIDs = longerIDs
    }

    /// The origin of a walked file whose article would be named `id`.
    package init(file: WalkedFile, id: String) {
        key = file.realPath
        var parts = file.realPath.split(separator: "/").map(String.init)
        if let last = parts.popLast() { parts.append(ArticleReader.stem(ofFileName: last)) }
        let taken = id.split(separator: "/").count
        var longer: [String] = []
        if taken < parts.count {
            for count in (taken + 1)...parts.count {
                let candidate = parts.suffix(count).joined(separator: "/")
                if candidate != id { longer.append(candidate) }
            }
        }
        longer.append(file.realPath)
        longerIDs = longer
    }

    /// The origin of line `line` of an NDJSON file at `realPath`.
    package init(ndjsonFile realPath: String, line: Int) {
        key = "\(realPath)#\(line)"
        longerIDs = [key]
    }
}
