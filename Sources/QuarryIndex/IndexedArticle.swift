import QuarryExtract
import QuarryIngest

/// One article ready to be written: clean text and metadata plus what extraction found.
package struct IndexedArticle: Sendable {
    package var article: CleanArticle
    package var extraction: ExtractionResult

    package init(article: CleanArticle, extraction: ExtractionResult) {
        self.article = article
        self.extraction = extraction
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
    package var removed = 0
    package init() {}
}
