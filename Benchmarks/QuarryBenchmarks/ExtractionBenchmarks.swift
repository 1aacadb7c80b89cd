import Benchmark
import QuarryExtract
import QuarryIngest

/// QuarryExtract: `Extractor.extract(from:)` with `Config/lexicon.json`: quotes, their speakers and the
/// people, organisations and places of one cleaned article.
func registerExtractionBenchmarks(_ fixtures: Fixtures) {
    let extractor = fixtures.extractor
    let featured = fixtures.featuredClean
    let all = fixtures.cleanArticles

    Benchmark("extract: one article (01-corridor-protest, \(featured.text.utf8.count) B clean)", configuration: microConfiguration()) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(extractor.extract(from: featured))
        }
    }

    Benchmark("extract: whole sample (\(all.count) articles)", configuration: microConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations {
            for article in all {
                blackHole(extractor.extract(from: article))
            }
        }
    }
}
