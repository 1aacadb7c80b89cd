/// Limits that protect ingestion from inputs too large to be articles.
///
/// ## Configuration keys
/// - `index.max_article_bytes` (integer, default 10 MiB): a file, JSON article or NDJSON line larger
///   than this is skipped with a reason that names the key.
package struct IngestLimits: Sendable, Equatable {
    /// Largest accepted article, in bytes of input (a whole `.txt`/`.json` file, or one NDJSON line).
    package var maxArticleBytes: Int

    /// The default article size limit: 10 MiB.
    package static let defaultMaxArticleBytes = 10 * 1024 * 1024

    /// Limits with the given maximum article size.
    package init(maxArticleBytes: Int = IngestLimits.defaultMaxArticleBytes) {
        self.maxArticleBytes = maxArticleBytes
    }

    /// The skip reason for an input over the limit, naming the setting that raises it.
    package var overLimitReason: String {
        "over the \(Self.describe(bytes: maxArticleBytes)) size limit (raise index.max_article_bytes)"
    }

    static func describe(bytes: Int) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes)-byte"
    }
}
