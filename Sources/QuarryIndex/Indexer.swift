import Foundation
import QuarryExtract
import QuarryIngest

/// Loads inputs into the index: read, clean, extract, write in batches, optionally prune.
///
/// Unchanged articles (same content hash and the same cleaning/extraction rules) are skipped
/// without any write, so a re-run over the same input is fast and leaves the file untouched.
package struct Indexer {
    /// What to do and with which rules.
    package struct Options: Sendable {
        package var inputs: [String]
        package var prune: Bool
        package var batchSize: Int
        package var limits: IngestLimits
        package var cleaning: CleaningRules
        package var lexicon: Lexicon
        /// Identifies the rules in force; a change re-processes every article.
        package var rulesHash: String

        package init(inputs: [String], prune: Bool, batchSize: Int, limits: IngestLimits, cleaning: CleaningRules,
                     lexicon: Lexicon, rulesHash: String) {
            self.inputs = inputs
            self.prune = prune
            self.batchSize = batchSize
            self.limits = limits
            self.cleaning = cleaning
            self.lexicon = lexicon
            self.rulesHash = rulesHash
        }
    }

    /// The outcome of a run (CONTRACT `--json` summary).
    package struct Summary: Sendable, Codable, Equatable {
        package var added = 0
        package var updated = 0
        package var unchanged = 0
        package var removed = 0
        package var skipped: [SkippedInput] = []
        package var articles = 0
        package var quotes = 0
        package var seconds = 0.0
    }

    package let writer: IndexWriter
    package let options: Options

    package init(writer: IndexWriter, options: Options) {
        self.writer = writer
        self.options = options
    }

    /// Runs the whole job. `onSkip` reports each skipped input as it happens; `onProgress` gets the
    /// number of articles seen so far.
    package func run(onSkip: (SkippedInput) -> Void = { _ in },
                     onProgress: (Int) -> Void = { _ in }) throws -> Summary {
        let started = Date()
        var summary = Summary()
        let known = try writer.knownArticles()
        let rulesChanged = try writer.meta("rules_hash") != options.rulesHash
        let cleaner = try ArticleCleaner(rules: options.cleaning)
        let extractor = Extractor(lexicon: options.lexicon)
        let reader = ArticleReader(limits: options.limits)
        var seenIDs = Set<String>()
        var readInputFiles = Set<String>()
        var batch: [IndexedArticle] = []
        var batchExisting = Set<String>()
        var seen = 0

        func flush() throws {
            let counts = try writer.write(batch, existing: batchExisting)
            summary.added += counts.added
            summary.updated += counts.updated
            batch.removeAll(keepingCapacity: true)
            batchExisting.removeAll(keepingCapacity: true)
        }

        try reader.read(options.inputs) { outcome in
            switch outcome {
            case .skipped(let skip):
                summary.skipped.append(skip)
                onSkip(skip)
            case .article(let raw):
                seen += 1
                if seen % 100 == 0 { onProgress(seen) }
                readInputFiles.insert(raw.inputFile)
                guard seenIDs.insert(raw.id).inserted else {
                    let skip = SkippedInput(input: raw.path, reason: "duplicate article id \(raw.id) (first seen earlier in this run)")
                    summary.skipped.append(skip)
                    onSkip(skip)
                    return
                }
                let previous = known[raw.id]
                if let previous, previous.contentHash == raw.contentHash, !rulesChanged {
                    summary.unchanged += 1
                    return
                }
                let article = cleaner.clean(raw)
                let extraction = extractor.extract(from: article)
                batch.append(IndexedArticle(article: article, extraction: extraction))
                if previous != nil { batchExisting.insert(raw.id) }
                if batch.count >= options.batchSize { try flush() }
            }
        }
        try flush()
        onProgress(seen)

        if options.prune {
            // Gone: articles whose file no longer exists, and articles of files read in this run
            // that the file no longer holds.
            var gone: [String] = []
            var existence: [String: Bool] = [:]
            for (id, article) in known where !seenIDs.contains(id) {
                if article.inputFile == "-" { continue }
                if readInputFiles.contains(article.inputFile) {
                    gone.append(id)
                    continue
                }
                let exists = existence[article.inputFile] ?? FileManager.default.fileExists(atPath: article.inputFile)
                existence[article.inputFile] = exists
                if !exists { gone.append(id) }
            }
            summary.removed = try writer.remove(ids: gone.sorted())
        }
        if rulesChanged { try writer.setMeta("rules_hash", options.rulesHash) }
        try writer.finish()
        let counts = try writer.counts()
        summary.articles = counts.articles
        summary.quotes = counts.quotes
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
