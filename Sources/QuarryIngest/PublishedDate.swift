import Foundation

/// Normalises dates as news pages write them to ISO `YYYY-MM-DD` (or `YYYY-MM` when no day is given).
///
/// Understands ISO dates and timestamps (`2025-02-25`, `2025-02-25T10:00:00Z`, `2025/02/25`),
/// `Feb 25, 2025`, `February 25 2025`, `25 February 2025`, `Tuesday, Feb. 25, 2025`, `February 2025`
/// and `January, 2016`. Everything else is not a date: a day the calendar does not have (`2020-02-30`,
/// `2020-13-45`), a numeric date whose order is ambiguous (`03/04/2020`), words (`yesterday`).
package enum PublishedDate {
    private static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
        "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
        "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    private static let weekdays: Set<String> = [
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
        "fri", "friday", "sat", "saturday", "sun", "sunday",
    ]

    /// The ISO form of `text` when the whole of it (give or take a trailing time) is a date; else nil.
    package static func normalize(_ text: String) -> String? {
        if let iso = isoPrefix(text) { return iso }
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let iso = isoPrefix(s) { return iso }
        var tokens: [String] = []
        var current = ""
        var currentIsDigit = false
        for ch in s.lowercased() {
            let isDigit = ch.isASCII && ch.isNumber
            let isLetter = ch.isASCII && ch.isLetter
            if isDigit || isLetter {
                if !current.isEmpty, currentIsDigit != isDigit {
                    tokens.append(current)
                    current = ""
                }
                current.append(ch)
                currentIsDigit = isDigit
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        if let first = tokens.first, weekdays.contains(first) { tokens.removeFirst() }
        // Ordinal suffixes ("25th") split off as their own token.
        tokens.removeAll { ["st", "nd", "rd", "th"].contains($0) }
        guard tokens.count >= 2 else { return nil }
        func year(_ t: String) -> Int? {
            guard t.count == 4, let y = Int(t), (1800...2200).contains(y) else { return nil }
            return y
        }
        func day(_ t: String) -> Int? {
            guard t.count <= 2, let d = Int(t), (1...31).contains(d) else { return nil }
            return d
        }
        let rest = Array(tokens.dropFirst(3))
        // Anything after a full date must look like a time ("10", "30", "am", "et"), not more words.
        let tailIsTime = rest.allSatisfy { Int($0) != nil || ["am", "pm", "a", "m", "p", "et", "est", "edt", "gmt", "utc", "bst", "pt", "pst", "pdt", "ct", "cst", "cdt", "msk", "cet"].contains($0) }
        if tokens.count >= 3, tailIsTime {
            if let m = months[tokens[0]], let d = day(tokens[1]), let y = year(tokens[2]) { return format(y, m, d) }
            if let d = day(tokens[0]), let m = months[tokens[1]], let y = year(tokens[2]) { return format(y, m, d) }
        }
        if tokens.count == 2, let m = months[tokens[0]], let y = year(tokens[1]) { return format(y, m, nil) }
        return nil
    }

    private static func isoPrefix(_ s: String) -> String? {
        let u = Array(s.utf8.prefix(11))
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard let y = digits(0..<4), (1800...2200).contains(y) else { return nil }
        if u.count == 4 { return String(y) }
        guard u.count >= 7, u[4] == 0x2D || u[4] == 0x2F, let m = digits(5..<7), (1...12).contains(m) else { return nil }
        if u.count == 7 { return format(y, m, nil) }
        guard u.count >= 10, u[7] == u[4], let d = digits(8..<10), (1...31).contains(d) else { return nil }
        if u.count == 10 || u[10] == 0x54 || u[10] == 0x20 { return format(y, m, d) }
        return nil
    }

    /// `YYYY-MM-DD` or `YYYY-MM`; nil when the day is past the month's end (Gregorian leap years).
    private static func format(_ y: Int, _ m: Int, _ d: Int?) -> String? {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        guard let d else { return "\(y)-\(two(m))" }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
