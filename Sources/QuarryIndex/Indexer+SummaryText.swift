import Foundation

extension Indexer.Summary {
    /// The run's summary as `quarry-index` prints it on stderr without `--json`: the counts, then the
    /// dropped dates (the first ten named) and what the walk ignored, when there are any.
    package func textLines(databasePath: String) -> [String] {
        var lines = [
            "\(added) added, \(updated) updated, \(unchanged) unchanged, \(removed) removed, \(skipped.count) skipped; "
                + "index holds \(articles) articles, \(quotes) quotes (\(String(format: "%.2f", seconds)) s) → \(databasePath)"
        ]
        if !droppedDates.isEmpty {
            let count = droppedDates.count
            let named = droppedDates.prefix(10).map { "\($0.input) (\"\($0.value)\")" }.joined(separator: ", ")
            lines.append("\(count) published date\(count == 1 ? "" : "s") could not be read and "
                + "\(count == 1 ? "was" : "were") dropped (stored without a date): \(named)"
                + (count > 10 ? " and \(count - 10) more" : ""))
        }
        if !ignored.isEmpty {
            lines.append("ignored \(ignored.phrases.joined(separator: ", "))")
        }
        return lines
    }
}
