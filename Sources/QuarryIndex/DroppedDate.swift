/// A published date an input gave that could not be read as a date, so the article was stored without
/// it: named in the run's summary (`dropped_dates` in `--json`).
package struct DroppedDate: Sendable, Equatable, Codable {
    /// The article's path (`file.json`, `feed.ndjson#3`, `-#2`).
    package var input: String
    /// The date as written.
    package var value: String

    package init(input: String, value: String) {
        self.input = input
        self.value = value
    }
}
