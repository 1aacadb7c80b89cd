import GRDB

/// What `quarry_bm25` (`IndexSchema.rankFunction`) is given besides the column weights: the number of
/// rows the text match alone selects (-1: FTS5 counts them) and the published document lengths to
/// read row lengths from (`DocumentLengths.id`; 0: FTS5 reads each row's from `article_fts_docsize`),
/// and how many of the best rows are wanted (`keep`; 0: every row's score).
struct RankInputs: Sendable, Equatable {
    var matches: Int
    var lengths: Int64 = 0
    /// With `keep` > 0 the function gives NULL for a row that cannot be among the best `keep` (it is
    /// not among the best `keep` scored before it), so the sorter sees a few rows, not every match
    /// (1M articles, a word in 528k: ~20 ms of ~110 on one core). Only for `ORDER BY score … LIMIT`
    /// queries that drop NULL scores and have no condition but the match and a rowid range: SQLite may
    /// call the function before testing other conditions (`IndexReader.rankedRowids`).
    var keep = 0

    /// Nothing known: `quarry_bm25` then computes exactly what bm25() does, the same way.
    static let unknown = RankInputs(matches: -1)

    /// The bound values of `IndexSchema.rankFunction`, in order.
    var arguments: StatementArguments { [matches, lengths, keep] }
}
