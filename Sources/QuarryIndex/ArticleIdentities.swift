import QuarryIngest

/// Gives every article read an id that no other article holds, and the same id every time its source
/// comes back.
///
/// An article's *key* says what it is: the real path of its file (`#LINE` for an NDJSON line) when its
/// id was derived from the path, else `id:ID` when the input named it (an `"id"` field, a stdin line's
/// content hash). The index stores each article's key (`source_key`), so:
/// - a key seen before keeps its id, however its file was reached (`pr/a/` then `pr/`, a link, another
///   working folder);
/// - a new file whose preferred id (`RawArticle.id`) another article holds takes the first free id of
///   `ArticleOrigin.longerIDs` (`tech/199`, `bbc/tech/199`, …, its real path), never that article's;
/// - an id the input names belongs to whoever names it, unless a file's derived id holds it: that
///   article is skipped with a reason rather than replacing another file's.
///
/// Rows written before keys existed (`source_key` NULL) are matched to a file read in this run when
/// that file's absolute path ends with their recorded `input_file` (which was stored as typed) and, for
/// an NDJSON line, the line number is the same; a stdin row (`-#LINE` then) to a stdin line with its
/// content hash. The row keeps its id whatever folder is named now.
///
/// Memory: one entry per article the index holds or the run reads; an id the input gave is stored
/// once (its key `id:ID` is implied), so a first build of NDJSON with ids adds only the id set.
struct ArticleIdentities {
    private enum Holder {
        /// An article whose id was derived from the file (or line) at this key.
        case path(String)
        /// An article whose id the input gave.
        case given
        /// A row without a key, with the input file it recorded.
        case unkeyed(inputFile: String)
    }

    /// What `assign` decided.
    enum Assignment: Equatable {
        /// Write (or skip as unchanged) the article under this id.
        case id(String)
        /// Do not index it.
        case refused(reason: String)
    }

    /// Keys to ids, except the implied `id:ID` → `ID`.
    private var idByKey: [String: String] = [:]
    private var holders: [String: Holder] = [:]
    /// Rows without a key by their input file's name: (id, input file, `#LINE` or "").
    private var unkeyedByFileName: [Substring: [(id: String, inputFile: String, line: Substring)]] = [:]
    /// Stdin rows without a key (named `-#LINE` then) by content hash: the same line sent again is them.
    private var unkeyedStdinByHash: [String: String] = [:]

    init(known: [String: KnownArticle]) {
        holders.reserveCapacity(known.count)
        for (id, article) in known {
            if let key = article.sourceKey {
                if key.hasPrefix("id:") {
                    holders[id] = .given
                    // An old stdin row adopted by content keeps its `-#LINE` id under `id:-#HASH`.
                    if key != "id:" + id { idByKey[key] = id }
                } else {
                    holders[id] = .path(key)
                    idByKey[key] = id
                }
            } else if article.inputFile == "-" {
                holders[id] = .unkeyed(inputFile: article.inputFile)
                unkeyedStdinByHash[article.contentHash] = id
            } else {
                holders[id] = .unkeyed(inputFile: article.inputFile)
                unkeyedByFileName[Self.fileName(article.inputFile), default: []].append(
                    (id, article.inputFile, Self.lineSuffix(article.unkeyedPath ?? "")))
            }
        }
    }

    /// The key of an article as read in this run (before `assign` gives it its id).
    static func key(of raw: RawArticle) -> String {
        raw.origin?.key ?? "id:" + raw.id
    }

    /// The id `raw` is written under, claiming it for this run.
    mutating func assign(_ raw: RawArticle) -> Assignment {
        let key = Self.key(of: raw)
        if let id = idByKey[key] { return .id(id) }
        guard let origin = raw.origin else {
            switch holders[raw.id] {
            case .path(let other)?:
                return .refused(reason: "id \(raw.id) already belongs to \(Self.describe(key: other)); give this article another id")
            case .given?:
                return .id(raw.id)
            case .unkeyed?:
                holders[raw.id] = .given
                return .id(raw.id)
            case nil:
                if raw.inputFile == "-", let old = unkeyedStdinByHash[raw.contentHash], case .unkeyed? = holders[old] {
                    holders[old] = .given
                    idByKey[key] = old
                    return .id(old)
                }
                holders[raw.id] = .given
                return .id(raw.id)
            }
        }
        let line = Self.lineSuffix(raw.path)
        for row in unkeyedByFileName[Self.fileName(raw.inputFile)] ?? []
        where row.line == line && Self.matches(row.inputFile, raw.inputFile) {
            guard case .unkeyed? = holders[row.id] else { continue }
            claim(row.id, path: key)
            return .id(row.id)
        }
        for candidate in [raw.id] + origin.longerIDs where holders[candidate] == nil {
            claim(candidate, path: key)
            return .id(candidate)
        }
        return .refused(reason: "every id derived from its path is taken (\(raw.id), \(origin.longerIDs.joined(separator: ", ")))")
    }

    private mutating func claim(_ id: String, path key: String) {
        holders[id] = .path(key)
        idByKey[key] = id
    }

    /// True when a row's recorded input file (as typed then, maybe relative) is this absolute path.
    private static func matches(_ recorded: String, _ absolute: String) -> Bool {
        if recorded.hasPrefix("/") { return Paths.absolute(recorded) == absolute }
        let relative = Paths.absolute(recorded, from: "/").dropFirst()
        return absolute.hasSuffix("/" + relative)
    }

    /// The last path component.
    private static func fileName(_ path: String) -> Substring {
        path.split(separator: "/").last ?? ""
    }

    /// `#LINE` at the end of an NDJSON line's path, else "".
    private static func lineSuffix(_ path: String) -> Substring {
        guard let hash = path.lastIndex(of: "#"), Int(path[path.index(after: hash)...]) != nil else { return "" }
        return path[hash...]
    }

    /// "the file /x/y.txt", "line 3 of /x/y.ndjson".
    private static func describe(key: String) -> String {
        if let hash = key.lastIndex(of: "#"), let line = Int(key[key.index(after: hash)...]) {
            return "line \(line) of \(key[..<hash])"
        }
        return "the file \(key)"
    }
}
