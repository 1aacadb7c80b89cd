// Micro-benchmarks of Quarry's hot paths, run by `scripts/bench-micro` (see its header).
//
// Every benchmark measures ONE operation per sample (scaling factor 1), so the reported wall clock,
// throughput and malloc count are absolute per-operation costs, with their percentiles over samples.
// Inputs are the team's own invented articles in `Index/sample/` and the shipped `Config/` rules.

import Benchmark

/// Entry point the BenchmarkPlugin's generated runner calls.
let benchmarks: @Sendable () -> Void = {
    let fixtures = Fixtures.load()
    registerHarnessFloor()
    registerCleaningBenchmarks(fixtures)
    registerExtractionBenchmarks(fixtures)
    registerQueryBenchmarks()
    registerWireBenchmarks(fixtures)
}

/// The settings every benchmark here uses: per-operation samples, a short run each (at most
/// `seconds`, or `maxIterations` samples) so the whole suite takes well under two minutes on 2 cores.
func microConfiguration(seconds: Int = 2, maxIterations: Int = 1_000_000) -> Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 50,
        scalingFactor: .one,
        maxDuration: .seconds(seconds),
        maxIterations: maxIterations
    )
}

/// An empty sample: what the harness itself costs per measured operation (clock reads, malloc
/// statistics), the floor under every figure of the other benchmarks.
func registerHarnessFloor() {
    Benchmark("harness floor (empty closure)", configuration: microConfiguration(seconds: 1, maxIterations: 200_000)) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(i)
        }
    }
}
