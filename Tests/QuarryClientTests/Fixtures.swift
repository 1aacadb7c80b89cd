import QuarryProtocol

/// Small records for the formatting tests.
enum Sample {
    static let hit = SearchHit(
        id: "reuters-001", title: "Kremlin\tsays \"no\"", source: "Reuters", author: nil, published: "2025-02-14",
        path: "seeds/reuters-001.txt", score: 7.5,
        snippet: "The \u{2}Kremlin\u{3} said on\nFriday", quotes: 2
    )

    static let quote = QuoteRecord(
        id: "reuters-001:120", article: "reuters-001", path: "seeds/reuters-001.txt",
        text: "We see no grounds\\for talks", speaker: "Dmitry Peskov", mention: "Peskov", cue: "said",
        kind: "quote", start: 120, end: 146, title: "Kremlin says no", source: "Reuters", published: "2025-02-14"
    )

    static let unattributed = QuoteRecord(
        id: "ap-002:10", article: "ap-002", path: "seeds/ap-002.txt", text: "It is over", speaker: nil,
        mention: "he", cue: nil, kind: "fragment", start: 10, end: 20, title: nil, source: nil, published: nil
    )

    static let facets = [FacetCount(value: "Dmitry Peskov", count: 12), FacetCount(value: "Olaf Scholz", count: 3)]

    static let article = ArticleRecord(
        id: "reuters-001", title: "Kremlin says no", source: "Reuters", author: "Jane Doe", published: "2025-02-14",
        url: "https://example.com/a", path: "seeds/reuters-001.txt", text: "First line.\n\nSecond paragraph.",
        entities: [EntityRecord(name: "Dmitry Peskov", type: "person", mentions: 3)], quotes: [quote]
    )

    static let stats = StatsRecord(
        articles: 120, quotes: 450, entities: 80, index: "Index/quarry.sqlite", generation: 7, uptime: 3725,
        version: "0.1.0"
    )

    static func reply(
        hits: [SearchHit]? = nil, quotes: [QuoteRecord]? = nil, total: Int? = nil,
        facets: [String: [FacetCount]]? = nil, next: String? = nil, partial: Bool? = nil
    ) -> Reply {
        var r = Reply(id: .int(1))
        r.hits = hits
        r.quotes = quotes
        r.total = total
        r.facets = facets
        r.next = next
        r.partial = partial
        r.took_ms = 1.5
        return r
    }

    /// `reply` as one wire line.
    static func line(_ reply: Reply) -> String {
        String(decoding: try! WireCoding.encoder().encode(reply), as: UTF8.self)
    }
}
