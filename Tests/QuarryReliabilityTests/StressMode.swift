import Foundation

/// How hard the reliability suites push.
///
/// By default (CI) every suite runs its fast version in seconds. `QUARRY_STRESS=1` (set by
/// `scripts/stress`) runs the long version: 100k fuzzed queries, 10k fuzzed requests, 1,000 connections.
/// With `QUARRY_STRESS_REPORT=FILE` each suite appends one line `name key=value…` with its counts, which
/// `scripts/stress` turns into `docs/RELIABILITY.md`.
enum StressMode {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// True under `scripts/stress`.
    static var isOn: Bool { environment["QUARRY_STRESS"] == "1" }

    /// `fast` normally, `stress` under `QUARRY_STRESS=1`; `QUARRY_STRESS_<NAME>` overrides either.
    static func count(_ name: String, fast: Int, stress: Int) -> Int {
        if let text = environment["QUARRY_STRESS_" + name], let value = Int(text) { return value }
        return isOn ? stress : fast
    }

    /// The seed of this run's random inputs: `QUARRY_FUZZ_SEED`, else the clock (printed, so a
    /// failure can be replayed).
    static let seed: UInt64 = {
        if let text = environment["QUARRY_FUZZ_SEED"], let value = UInt64(text) { return value }
        return UInt64(Date().timeIntervalSince1970 * 1000)
    }()

    /// Appends `name key=value …` to `QUARRY_STRESS_REPORT` when set.
    static func report(_ name: String, _ values: KeyValuePairs<String, any CustomStringConvertible>) {
        let line = ([name] + values.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        print("reliability: " + line)
        guard let path = environment["QUARRY_STRESS_REPORT"], !path.isEmpty else { return }
        let data = Data((line + "\n").utf8)
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(data)
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: data)
        }
    }
}
