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
        /// Which files folder walks read (`--follow`).
        package var walkPolicy: FileWalkPolicy

        package init(inputs: [String], prune: Bool, batchSize: Int, limits: IngestLimits, cleaning: CleaningRules,
                     lexicon: Lexicon, rulesHash: String, walkPolicy: FileWalkPolicy = FileWalkPolicy()) {
            self.walkPolicy = walkPolicy
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
        /// Files folder walks passed over on purpose (links not followed, …); an addition to CONTRACT's fields.
        package var ignored = IgnoredFiles()
        /// Published dates that were not dates, dropped from their articles; an addition to CONTRACT's fields.
        package var droppedDates: [DroppedDate] = []
        package var articles = 0
        package var quotes = 0
        package var seconds = 0.0
        /// Set when the run stopped on an error (`IndexRunFailure`); the counts are what it had committed.
        package var error: String?
        /// Seconds spent per phase (read+hash, clean, extract, write), for benchmarks; not in `--json`.
        package var phases: [String: Double] = [:]

        enum CodingKeys: String, CodingKey {
            case added, updated, unchanged, removed, skipped, ignored, articles, quotes, seconds, error
            case droppedDates = "dropped_dates"
        }
    }

    package let writer: IndexWriter
    package let options: Options

    package init(writer: IndexWriter, options: Options) {
        self.writer = writer
        self.options = options
    }

    /// What the preparing thread hands the writing thread, in input order.
    fileprivate enum Step: Sendable {
        case skipped(SkippedInput)
        case droppedDate(DroppedDate)
        case batch(IndexBatch)
        case progress(Int)
    }

    /// What the preparing thread knows at the end.
    fileprivate struct Prepared {
        var seenIDs = Set<String>()
        var readInputFiles = Set<String>()
        /// Unchanged rows written before source keys existed, matched to their file in this run.
        var sourceKeyUpdates: [SourceKeyUpdate] = []
        var unchanged = 0
        var seen = 0
        var ignored = IgnoredFiles()
        var phases: [String: Duration] = [:]
        var error: (any Error)?
    }

    /// Runs the whole job. `onSkip` reports each skipped input as it happens; `onProgress` gets the
    /// number of articles read so far. Both are called on the calling thread.
    ///
    /// Two threads share the work: one reads, cleans and extracts (CPU), the calling thread writes
    /// batches to SQLite (I/O and FTS5), so on two cores extraction mostly hides behind the writes.
    ///
    /// - Throws: `IndexRunFailure`, saying what was committed before the error.
    package func run(onSkip: (SkippedInput) -> Void = { _ in },
                     onProgress: (Int) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        do {
            try runWriting(&summary, onSkip: onSkip, onProgress: onProgress)
            return summary
        } catch {
            // A first build's batches are in a side file that is not published: none of them counts.
            let wroteNothing = writer.isFirstBuild || summary.added + summary.updated + summary.removed == 0
            writer.discardUnpublishedBuild()
            summary.error = "\(error)"
            throw IndexRunFailure(reason: "\(error)", committed: summary, wroteNothing: wroteNothing)
        }
    }

    /// The run; `summary` holds what is committed at any moment, for `run` to report on failure.
    private func runWriting(_ summary: inout Summary, onSkip: (SkippedInput) -> Void,
                            onProgress: (Int) -> Void) throws {
        let started = Date()
        let clock = ContinuousClock()
        let runStart = clock.now
        let known = try writer.knownArticles()
        let registry = try writer.entityRegistry()
        let rulesChanged = try writer.meta("rules_hash") != options.rulesHash
        let cleaner = try ArticleCleaner(rules: options.cleaning)
        let options = self.options
        let channel = BatchChannel<Step>(capacity: 2)
        let result = PreparedBox()

        let producer = Thread {
            result.value = Self.prepare(options: options, known: known, rulesChanged: rulesChanged,
                                        cleaner: cleaner, registry: registry, channel: channel)
            channel.close()
        }
        producer.stackSize = 8 << 20
        producer.start()

        var writing = Duration.zero
        var firstBatch: Duration?
        do {
            while let step = channel.take() {
                switch step {
                case .skipped(let skip):
                    summary.skipped.append(skip)
                    onSkip(skip)
                case .droppedDate(let dropped):
                    summary.droppedDates.append(dropped)
                case .progress(let n):
                    onProgress(n)
                case .batch(let batch):
                    let t0 = clock.now
                    if firstBatch == nil { firstBatch = t0 - runStart }
                    let counts = try writer.write(batch)
                    writing += clock.now - t0
                    summary.added += counts.added
                    summary.updated += counts.updated
                }
            }
        } catch {
            channel.cancel()
            while channel.take() != nil {}
            throw error
        }
        let prepared = result.value
        if let error = prepared.error { throw error }
        summary.unchanged = prepared.unchanged
        summary.ignored = prepared.ignored
        let seenIDs = prepared.seenIDs
        let readInputFiles = prepared.readInputFiles

        try writer.setSourceKeys(prepared.sourceKeyUpdates)
        if options.prune {
            summary.removed = try writer.remove(ids: Self.gone(
                known: known, seen: seenIDs, readInputFiles: readInputFiles, inputs: options.inputs))
        }
        if rulesChanged { try writer.setMeta("rules_hash", options.rulesHash) }
        let finishing = clock.now
        try writer.finish()
        let finished = clock.now - finishing
        let counts = try writer.counts()
        summary.articles = counts.articles
        summary.quotes = counts.quotes
        summary.seconds = Date().timeIntervalSince(started)
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        summary.phases = prepared.phases.mapValues(seconds)
        summary.phases["write"] = seconds(writing)
        summary.phases["finish"] = seconds(finished)
        summary.phases["until first batch"] = seconds(firstBatch ?? .zero)
    }
}

extension Indexer {
    /// What `--prune` removes, among articles of files under the run's inputs only (a file or folder
    /// named, as an absolute path): those whose file no longer exists, and those of files read in this
    /// run that the file no longer holds. Articles of other folders, and stdin's, are never touched.
    static func gone(known: [String: KnownArticle], seen: Set<String>, readInputFiles: Set<String>,
                     inputs: [String]) -> [String] {
        let roots = inputs.filter { $0 != "-" }.map { Paths.absolute($0) }
        var gone: [String] = []
        var existence: [String: Bool] = [:]
        for (id, article) in known where !seen.contains(id) && article.inputFile != "-" {
            // Rows written before input files were stored absolute hold the path as typed then.
            let file = Paths.absolute(article.inputFile)
            guard roots.contains(where: { Paths.isInside(file, $0) }) else { continue }
            if readInputFiles.contains(file) {
                gone.append(id)
                continue
            }
            let exists = existence[file] ?? (access(file, F_OK) == 0)
            existence[file] = exists
            if !exists { gone.append(id) }
        }
        return gone.sorted()
    }

    /// The preparing thread: read, skip unchanged, clean, extract, batch. Runs off the caller's thread.
    fileprivate static func prepare(options: Options, known: [String: KnownArticle], rulesChanged: Bool,
                                cleaner: ArticleCleaner, registry: EntityRegistry,
                                channel: BatchChannel<Step>) -> Prepared {
        var registry = registry
        var prepared = Prepared()
        var identities = ArticleIdentities(known: known)
        let extractor = Extractor(lexicon: options.lexicon)
        let reader = ArticleReader(limits: options.limits, walkPolicy: options.walkPolicy)
        let clock = ContinuousClock()
        var cleaning = Duration.zero
        var extracting = Duration.zero
        var batch = IndexBatch()
        var seenAliases = Set<String>()
        var seenWords = Set<String>()
        var resolving = Duration.zero
        var batchesSent = 0
        func send(_ batch: inout IndexBatch) throws {
            let t0 = clock.now
            batch.prepareForWriting(with: &registry)
            resolving += clock.now - t0
            try channel.put(.batch(batch))
            batch = IndexBatch()
        }
        let readStart = clock.now
        do {
            prepared.ignored = try reader.read(options.inputs) { outcome in
                switch outcome {
                case .skipped(let skip):
                    try channel.put(.skipped(skip))
                case .article(var raw):
                    prepared.seen += 1
                    if prepared.seen % 500 == 0 { try channel.put(.progress(prepared.seen)) }
                    prepared.readInputFiles.insert(raw.inputFile)
                    let key = ArticleIdentities.key(of: raw)
                    switch identities.assign(raw) {
                    case .id(let id): raw.id = id
                    case .refused(let reason):
                        try channel.put(.skipped(SkippedInput(input: raw.path, reason: reason)))
                        return
                    }
                    guard prepared.seenIDs.insert(raw.id).inserted else {
                        try channel.put(.skipped(SkippedInput(
                            input: raw.path, reason: "duplicate article id \(raw.id) (first seen earlier in this run)")))
                        return
                    }
                    let previous = known[raw.id]
                    if let previous, previous.contentHash == raw.contentHash, !rulesChanged {
                        prepared.unchanged += 1
                        if previous.sourceKey != key {
                            prepared.sourceKeyUpdates.append(
                                SourceKeyUpdate(id: raw.id, sourceKey: key, inputFile: raw.inputFile))
                        }
                        return
                    }
                    let t0 = clock.now
                    let article = cleaner.clean(raw)
                    if let value = article.droppedDate {
                        try channel.put(.droppedDate(DroppedDate(input: raw.path, value: value)))
                    }
                    let t1 = clock.now
                    let extraction = extractor.extract(from: article)
                    cleaning += t1 - t0
                    extracting += clock.now - t1
                    var item = IndexedArticle(article: article, extraction: extraction, seenAliases: &seenAliases)
                    item.sourceKey = key
                    batch.append(item, isUpdate: previous != nil, seenWords: &seenWords)
                    // The first batch is small so the writing thread starts early (pipeline fill).
                    let limit = batchesSent == 0 ? min(options.batchSize, 64) : options.batchSize
                    if batch.articles.count >= limit {
                        try send(&batch)
                        batchesSent += 1
                    }
                }
            }
            if !batch.articles.isEmpty { try send(&batch) }
            try channel.put(.progress(prepared.seen))
        } catch {
            prepared.error = error is CancellationError ? nil : error
        }
        prepared.phases = [
            "clean": cleaning, "extract": extracting, "resolve": resolving,
            "read+batch": clock.now - readStart - cleaning - extracting - resolving,
        ]
        return prepared
    }
}

/// The preparing thread's result, read by the writing thread after the channel closes.
private final class PreparedBox: @unchecked Sendable {
    var value = Indexer.Prepared()
}
