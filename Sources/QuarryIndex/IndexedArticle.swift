import QuarryExtract
import QuarryIngest
import QuarryProtocol

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
    /// What the article's id belongs to (`ArticleIdentities.key`), stored as `source_key`.
    package var sourceKey: String?

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

/// A batch of articles for one write transaction, with everything the writer needs besides SQL:
/// entity ids already resolved, the new entity rows, and the words new to the prefix vocabulary.
package struct IndexBatch: Sendable {
    package var articles: [IndexedArticle] = []
    /// Entity ids of each article of `articles`, in the same order (see `prepareForWriting`).
    package var resolved: [ResolvedEntities] = []
    /// Entities and aliases the batch introduces.
    package var newEntities = EntityRegistry.Pending()
    /// Ids of `articles` the index already holds (updates rather than inserts).
    package var existing: Set<String> = []
    /// Words of the batch's titles and texts not seen earlier in this run, for the prefix vocabulary.
    package var words: [String] = []
    /// `words` as a JSON array, which the writer inserts with one statement.
    package var wordsJSON = "[]"

    package init() {}

    /// Adds an article; `seenWords` holds the words earlier batches of the run already carried.
    package mutating func append(_ item: IndexedArticle, isUpdate: Bool, seenWords: inout Set<String>) {
        if isUpdate { existing.insert(item.article.id) }
        func note(_ word: String) {
            if seenWords.insert(word).inserted { words.append(word) }
        }
        if let title = item.article.title { WordSplitter.forEachWord(in: title, note) }
        WordSplitter.forEachWord(in: item.article.text, note)
        articles.append(item)
    }

    /// Does the writer's non-SQL work ahead of time, on the preparing thread: gives every entity and
    /// speaker of the batch its id (numbering new ones in `registry`) and encodes the new words.
    package mutating func prepareForWriting(with registry: inout EntityRegistry) {
        resolved = articles.map { ResolvedEntities($0, registry: &registry) }
        newEntities = registry.takePending()
        wordsJSON = JSONWriter.array(words)
    }
}

/// The entity ids an article needs: its entities with mention counts, and each quote's speaker.
package struct ResolvedEntities: Sendable {
    var mentions: [(id: Int64, count: Int)] = []
    /// The speaker of each quote of the article's extraction, in order (nil: unattributed).
    var speakers: [Int64?] = []

    init(_ item: IndexedArticle, registry: inout EntityRegistry) {
        var mentionCounts: [Int64: Int] = [:]
        var personIDs: [String: Int64] = [:]
        for (entity, keys) in zip(item.extraction.entities, item.entityAliasKeys) {
            let id = registry.id(name: entity.name, kind: entity.kind.rawValue, role: entity.role, aliasKeys: keys)
            mentionCounts[id, default: 0] += max(1, entity.mentions)
            if entity.kind == .person { personIDs[entity.name] = id }
        }
        mentions = mentionCounts.map { ($0.key, $0.value) }
        for quote in item.extraction.quotes {
            guard let speaker = quote.speaker else {
                speakers.append(nil)
                continue
            }
            if let known = personIDs[speaker] {
                speakers.append(known)
            } else {
                let id = registry.id(name: speaker, kind: EntityKind.person.rawValue, role: nil)
                personIDs[speaker] = id
                speakers.append(id)
            }
        }
    }
}

/// What the index knows about an article already, to decide whether a re-run must write it and
/// whom its id belongs to.
package struct KnownArticle: Sendable, Equatable {
    package var contentHash: String
    package var inputFile: String
    /// `source_key`; nil for rows written before it existed (matched again by `inputFile`).
    package var sourceKey: String?
    /// The stored `path` of a row without a source key (`file#LINE` for an NDJSON line); else nil.
    package var unkeyedPath: String?

    package init(contentHash: String, inputFile: String, sourceKey: String? = nil, unkeyedPath: String? = nil) {
        self.contentHash = contentHash
        self.inputFile = inputFile
        self.sourceKey = sourceKey
        self.unkeyedPath = unkeyedPath
    }
}

/// A row written before `source_key` existed, matched to its file in this run and unchanged: only its
/// key and absolute input file are written.
package struct SourceKeyUpdate: Sendable, Equatable {
    package var id: String
    package var sourceKey: String
    package var inputFile: String
}

/// Counts of one write session, for the indexer's summary.
package struct WriteCounts: Sendable, Equatable {
    package var added = 0
    package var updated = 0
    package init() {}
}
