/// One article as a JSON object (a `.json` file or an NDJSON line).
///
/// Keys: `title, body, source, author, published, url, id`; `authors` (a string or a list of strings,
/// joined with ", ") stands in for `author`, and `text` / `content` for `body`. Unknown keys are ignored;
/// a number where a string is expected is taken as written; any other type counts as absent.
struct ArticleRecord {
    var id: String?
    var title: String?
    var body: String?
    var text: String?
    var content: String?
    var source: String?
    var author: String?
    var authors: String?
    var published: String?
    var url: String?

    var effectiveBody: String? { body ?? text ?? content }
    var effectiveAuthor: String? {
        if let a = author, !a.isEmpty { return a }
        return authors
    }
}

/// A short human-readable failure reason.
struct ReasonError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
