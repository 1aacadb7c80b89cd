import Benchmark
import QuarryIngest

/// QuarryIngest: `ArticleCleaner.clean(_:)` with the rules of `Config/furniture.json`: furniture,
/// bylines, datelines and spam cut out of one decoded scrape.
func registerCleaningBenchmarks(_ fixtures: Fixtures) {
    let cleaner = fixtures.cleaner
    let featured = fixtures.featuredRaw
    let all = fixtures.rawArticles

    Benchmark("clean: one article (01-corridor-protest, \(featured.text.utf8.count) B)", configuration: microConfiguration()) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(cleaner.clean(featured))
        }
    }

    Benchmark("clean: whole sample (\(all.count) articles)", configuration: microConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations {
            for article in all {
                blackHole(cleaner.clean(article))
            }
        }
    }
}
