import QuarryExtract
import QuarryIngest

/// One article ready to be written: clean text and metadata, what extraction found, and the work
/// derived from them ahead of the write (quote source offsets), so the writer only writes.
package struct IndexedArticle: Sendable {
    package var article: CleanArticle
    package var extraction: ExtractionResult
    /// Source byte range of each quote of `extraction.quotes`, in the same order.
    package var quoteRanges: [Range<Int>]
    /// Folded alias keys of each entity of `extraction.entities`, in the same order, leaving out
    /// keys an earlier article of the same run already produced for the same name.
    package var entityAliasKeys: [[String]]

    /// - Parameter seenAliases: alias keys produced so far in this run (`kind`, name, key), updated.
    package init(article: CleanArticle, extraction: ExtractionResult, seenAliases: inout Set<String>) {
        self.article = article
        self.extraction = extraction
        self.quoteRanges = extraction.quotes.map { article.sourceRange(forTextRange: $0.textRange) }
        self.entityAliasKeys = extraction.entities.map { entity in
            let keys = EntityNames.aliasKeys(canonical: entity.name, kind: entity.kind.rawValue, written: entity.aliases)
            return keys.filter { seenAliases.insert(entity.kind.rawValue + "\u{1}" + entity.name + "\u{1}" + $0).inserted }
        }
    }
}

/// A batch of articles for one write transaction, with the words of their text.
package struct IndexBatch: Sendable {
    package var articles: [IndexedArticle] = []
    /// Ids of `articles` the index already holds (updates rather than inserts).
    package var existing: Set<String> = []
    /// Distinct words of the batch's titles and texts, for the prefix vocabulary.
    package var words: Set<String> = []

    package init() {}

    package mutating func append(_ item: IndexedArticle, isUpdate: Bool) {
        if isUpdate { existing.insert(item.article.id) }
        if let title = item.article.title { WordSplitter.collect(title, into: &words) }
        WordSplitter.collect(item.article.text, into: &words)
        articles.append(item)
    }
}

/// What the index knows about an article already, to decide whether a re-run must write it.
package struct KnownArticle: Sendable, Equatable {
    package var contentHash: String
    package var inputFile: String
}

/// Counts of one write session, for the indexer's summary.
package struct WriteCounts: Sendable, Equatable {
    package var added = 0
    package var updated = 0
    package init() {}
}
