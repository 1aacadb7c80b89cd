import Foundation
import QuarryExtract
import QuarryIngest

/// Inputs shared by the benchmarks, read once before any measurement: the shipped rules and lexicon,
/// and the sample articles under `Index/sample/` (invented by the Quarry team, see its README).
struct Fixtures: Sendable {
    /// The article the single-article benchmarks use: a plain-text scrape with a byline, a dateline,
    /// curly quotes and several attributed quotes (`Index/sample/01-corridor-protest.txt`).
    static let featuredID = "01-corridor-protest"

    let cleaner: ArticleCleaner
    let extractor: Extractor
    /// Every article of the sample folder, as read (`.txt`, `.json`, `.ndjson`): 11 articles.
    let rawArticles: [RawArticle]
    /// The same articles, cleaned once, as extraction takes them.
    let cleanArticles: [CleanArticle]
    let featuredRaw: RawArticle
    let featuredClean: CleanArticle

    /// The package root, found from this file's location (`Benchmarks/QuarryBenchmarks/Fixtures.swift`),
    /// so the benchmark works whatever directory the harness starts it in.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load() -> Fixtures {
        do {
            let rules = try CleaningRules.load(from: root.appendingPathComponent("Config/furniture.json"))
            let lexicon = try Lexicon.load(from: root.appendingPathComponent("Config/lexicon.json"))
            let cleaner = try ArticleCleaner(rules: rules)
            let extractor = Extractor(lexicon: lexicon)

            var raw: [RawArticle] = []
            try ArticleReader().read([root.appendingPathComponent("Index/sample").path]) { outcome in
                if case .article(let article) = outcome { raw.append(article) }
            }
            guard raw.count >= 10, let featured = raw.first(where: { $0.id == featuredID }) else {
                fatalError("bench: expected the sample articles (with \(featuredID)) in Index/sample, read \(raw.count)")
            }
            let clean = raw.map { cleaner.clean($0) }
            return Fixtures(
                cleaner: cleaner, extractor: extractor, rawArticles: raw, cleanArticles: clean,
                featuredRaw: featured, featuredClean: cleaner.clean(featured))
        } catch {
            fatalError("bench: cannot load fixtures under \(root.path): \(error)")
        }
    }
}
