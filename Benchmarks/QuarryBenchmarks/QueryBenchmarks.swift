import Benchmark
import QuarryQuery

/// QuarryQuery: `QueryCompiler.plan(_:)` (lexing, parsing and lowering to FTS5 MATCH strings) for one
/// query of each shape the language has. No prefix expansion (that needs the index's vocabulary).
func registerQueryBenchmarks() {
    let queries: [(label: String, query: String)] = [
        ("words", "fishing corridor talks"),
        ("phrase", "\"fishing corridor\""),
        ("prefix", "harbour*"),
        ("boolean + negation", "(blockade OR survey) -Korvath"),
        ("field scope", "title:blockade body:\"Lantry Bay\""),
        ("said:NAME", "said:Calloway agreement"),
        ("inline filters", "strait speaker:Vask source:\"Strait Dispatch\" date:2026-01..2026-03"),
    ]
    for (label, query) in queries {
        // Fail before measuring if a query stopped compiling: a benchmark of an error path would mislead.
        do {
            _ = try QueryCompiler.plan(query)
        } catch {
            fatalError("bench: query \(query) no longer compiles: \(error)")
        }
        Benchmark("query plan: \(label) `\(query)`", configuration: microConfiguration()) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? QueryCompiler.plan(query))
            }
        }
    }
}
