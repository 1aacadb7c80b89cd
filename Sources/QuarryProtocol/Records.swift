/// Version of the record formats (json/ndjson/tsv) and of the wire replies.
public let formatVersion = 1

/// One article matching a `search` (CONTRACT "Records": search hit).
public struct SearchHit: Codable, Sendable, Equatable {
    public var id: String
    public var title: String?
    public var source: String?
    public var author: String?
    public var published: String?
    public var path: String
    /// bm25 relevance, larger is better (FTS5's rank negated); 0 for date sorts.
    public var score: Double
    /// Body excerpt with matches wrapped in `[` and `]`... markers (see `SnippetMarkers`).
    public var snippet: String
    /// Number of quotes the article holds.
    public var quotes: Int

    public init(
        id: String, title: String?, source: String?, author: String?, published: String?, path: String,
        score: Double, snippet: String, quotes: Int
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.author = author
        self.published = published
        self.path = path
        self.score = score
        self.snippet = snippet
        self.quotes = quotes
    }
}

/// The markers a snippet wraps around matched text; clients turn them into colour or drop them.
public enum SnippetMarkers {
    public static let open = "\u{2}"
    public static let close = "\u{3}"
}

/// One quote (CONTRACT "Records": quote).
public struct QuoteRecord: Codable, Sendable, Equatable {
    /// Stable quote id: `ARTICLE:START`.
    public var id: String
    public var article: String
    public var path: String
    public var text: String
    /// Canonical speaker name, nil when unresolved.
    public var speaker: String?
    /// The speaker as the text names them ("he", "the Kremlin leader").
    public var mention: String?
    /// The cue verb or phrase ("said", "according to").
    public var cue: String?
    /// `quote` or `fragment`.
    public var kind: String
    /// Byte offsets of the quote text in the source (file bytes for `.txt`, body UTF-8 bytes for JSON).
    public var start: Int
    public var end: Int
    public var title: String?
    public var source: String?
    public var published: String?

    public init(
        id: String, article: String, path: String, text: String, speaker: String?, mention: String?,
        cue: String?, kind: String, start: Int, end: Int, title: String?, source: String?, published: String?
    ) {
        self.id = id
        self.article = article
        self.path = path
        self.text = text
        self.speaker = speaker
        self.mention = mention
        self.cue = cue
        self.kind = kind
        self.start = start
        self.end = end
        self.title = title
        self.source = source
        self.published = published
    }
}

/// One facet value with its exact count over the whole result set.
public struct FacetCount: Codable, Sendable, Equatable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// An entity mentioned in an article, for `show`.
public struct EntityRecord: Codable, Sendable, Equatable {
    public var name: String
    /// `person`, `org` or `place`.
    public var type: String
    public var mentions: Int

    public init(name: String, type: String, mentions: Int) {
        self.name = name
        self.type = type
        self.mentions = mentions
    }
}

/// One whole article, for `show`.
public struct ArticleRecord: Codable, Sendable, Equatable {
    public var id: String
    public var title: String?
    public var source: String?
    public var author: String?
    public var published: String?
    public var url: String?
    public var path: String
    public var text: String
    public var entities: [EntityRecord]
    public var quotes: [QuoteRecord]

    public init(
        id: String, title: String?, source: String?, author: String?, published: String?, url: String?,
        path: String, text: String, entities: [EntityRecord], quotes: [QuoteRecord]
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.author = author
        self.published = published
        self.url = url
        self.path = path
        self.text = text
        self.entities = entities
        self.quotes = quotes
    }
}

/// Index and daemon figures, for `stats`.
public struct StatsRecord: Codable, Sendable, Equatable {
    public var articles: Int
    public var quotes: Int
    public var entities: Int
    public var index: String
    /// Changes whenever `quarry-index` commits (SQLite's data version plus the file identity).
    public var generation: Int
    public var uptime: Double
    public var version: String

    public init(
        articles: Int, quotes: Int, entities: Int, index: String, generation: Int, uptime: Double,
        version: String
    ) {
        self.articles = articles
        self.quotes = quotes
        self.entities = entities
        self.index = index
        self.generation = generation
        self.uptime = uptime
        self.version = version
    }
}
