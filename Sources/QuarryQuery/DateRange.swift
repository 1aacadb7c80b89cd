/// An inclusive range of calendar days as ISO `yyyy-mm-dd` strings; a `nil` end is open.
///
/// Partial dates widen to whole periods: `2025` is `2025-01-01...2025-12-31`, `2024-02` is
/// `2024-02-01...2024-02-29` (Gregorian leap years). ISO strings compare correctly as text, so the
/// index can test `substr(published, 1, 10) BETWEEN since AND until`. The daemon reuses
/// ``firstDay(of:)`` and ``lastDay(of:)`` for the `since`/`until` request filters.
package struct DateRange: Sendable, Hashable {
    /// First day included, or `nil` for no lower bound.
    package var since: String?
    /// Last day included, or `nil` for no upper bound.
    package var until: String?

    package init(since: String? = nil, until: String? = nil) {
        self.since = since
        self.until = until
    }

    /// Parses `DATE`, `FROM..TO`, `..TO`, `FROM..` (or `..`), where each date is `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`; month and day may have one digit.
    package static func parse(_ text: String) throws(DateError) -> DateRange {
        let characters = Array(text)
        guard
            let dots = characters.indices.dropLast().first(where: { characters[$0] == "." && characters[$0 + 1] == "." }
            )
        else {
            return DateRange(since: try firstDay(of: text), until: try lastDay(of: text))
        }
        let lower = String(characters[..<dots])
        let upper = String(characters[(dots + 2)...])
        let range = DateRange(
            since: lower.isEmpty ? nil : try firstDay(of: lower),
            until: upper.isEmpty ? nil : try lastDay(of: upper)
        )
        if range.isEmpty { throw .reversedRange(text) }
        return range
    }

    /// The first day of a partial date: `2025-02` → `2025-02-01` (for a `since` bound).
    package static func firstDay(of text: String) throws(DateError) -> String {
        let date = try PartialDate(text)
        return format(date.year, date.month ?? 1, date.day ?? 1)
    }

    /// The last day of a partial date: `2024-02` → `2024-02-29` (for an `until` bound).
    package static func lastDay(of text: String) throws(DateError) -> String {
        let date = try PartialDate(text)
        let month = date.month ?? 12
        return format(date.year, month, date.day ?? daysIn(month: month, year: date.year))
    }

    /// Days in both ranges (several `date:` filters narrow each other).
    package func intersection(_ other: DateRange) -> DateRange {
        DateRange(since: Self.bound(since, other.since, by: max), until: Self.bound(until, other.until, by: min))
    }

    /// True when no day can fall in the range (`since` after `until`).
    package var isEmpty: Bool {
        guard let since, let until else { return false }
        return since > until
    }

    /// Whether `day` (`yyyy-mm-dd`, or any string starting with one) falls in the range.
    package func contains(_ day: String) -> Bool {
        let day = String(day.prefix(10))
        if let since, day < since { return false }
        if let until, day > until { return false }
        return true
    }

    private static func bound(_ a: String?, _ b: String?, by pick: (String, String) -> String) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return pick(a, b)
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A date a user wrote that is not `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range of them.
package enum DateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a (partial) calendar date.
    case badDate(String)
    /// A `FROM..TO` range whose end comes before its start.
    case reversedRange(String)

    /// One line a user can act on.
    package var message: String {
        switch self {
        case .badDate(let text): "bad date \"\(text)\": use YYYY, YYYY-MM or YYYY-MM-DD"
        case .reversedRange(let text): "bad date range \"\(text)\": it ends before it starts; swap the dates"
        }
    }

    package var description: String { message }
}

/// `YYYY`, `YYYY-M[M]` or `YYYY-M[M]-D[D]`, checked against the calendar.
private struct PartialDate {
    var year: Int
    var month: Int?
    var day: Int?

    init(_ text: String) throws(DateError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
            parts[0].count == 4, let year = Self.number(parts[0]), year >= 1
        else { throw .badDate(text) }
        self.year = year
        if parts.count >= 2 {
            guard (1...2).contains(parts[1].count), let month = Self.number(parts[1]), (1...12).contains(month)
            else { throw .badDate(text) }
            self.month = month
            if parts.count == 3 {
                guard (1...2).contains(parts[2].count), let day = Self.number(parts[2]),
                    (1...DateRange.daysIn(month: month, year: year)).contains(day)
                else { throw .badDate(text) }
                self.day = day
            }
        }
    }

    /// ASCII digits only (`Int("+5")` and Unicode digits must not pass).
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }
}
