import Testing

@testable import QuarryQuery

@Suite struct DateRangeTests {
    @Test func partialDatesWidenToWholePeriods() throws {
        #expect(try DateRange.parse("2025") == DateRange(since: "2025-01-01", until: "2025-12-31"))
        #expect(try DateRange.parse("2025-02") == DateRange(since: "2025-02-01", until: "2025-02-28"))
        #expect(try DateRange.parse("2025-04") == DateRange(since: "2025-04-01", until: "2025-04-30"))
        #expect(try DateRange.parse("2025-2-3") == DateRange(since: "2025-02-03", until: "2025-02-03"))
    }

    @Test func leapYearsFollowTheGregorianRule() throws {
        #expect(try DateRange.lastDay(of: "2024-02") == "2024-02-29")
        #expect(try DateRange.lastDay(of: "2000-02") == "2000-02-29")
        #expect(try DateRange.lastDay(of: "2100-02") == "2100-02-28")
        #expect(try DateRange.lastDay(of: "2025-02") == "2025-02-28")
        #expect(try DateRange.firstDay(of: "2024-02-29") == "2024-02-29")
        #expect(throws: DateError.badDate("2025-02-29")) { try DateRange.firstDay(of: "2025-02-29") }
    }

    @Test func rangesMayBeOpenAtEitherEnd() throws {
        #expect(try DateRange.parse("2025-02-01..2025-03-15") == DateRange(since: "2025-02-01", until: "2025-03-15"))
        #expect(try DateRange.parse("..2025-03") == DateRange(since: nil, until: "2025-03-31"))
        #expect(try DateRange.parse("2025-01..") == DateRange(since: "2025-01-01", until: nil))
        #expect(try DateRange.parse("..") == DateRange())
        #expect(try DateRange.parse("2025..2025") == DateRange(since: "2025-01-01", until: "2025-12-31"))
    }

    @Test(arguments: [
        "", "2025-13", "2025-00", "2025-01-32", "2025-04-31", "25", "20250", "2025-", "-2025", "2025-1-",
        "yesterday", "2025/02", "２０２５", "+025", "0000", "2025-02-01T10:00", "2025...2026", " 2025",
    ])
    func badDatesAreTypedErrors(_ text: String) {
        #expect(throws: DateError.self) { try DateRange.parse(text) }
    }

    @Test func errorMessagesSayWhatIsAccepted() {
        #expect(DateError.badDate("2025-13").message == "bad date \"2025-13\": use YYYY, YYYY-MM or YYYY-MM-DD")
        #expect(throws: DateError.reversedRange("2025-03..2025-02")) { try DateRange.parse("2025-03..2025-02") }
        #expect(throws: DateError.badDate("2025-13")) { try DateRange.lastDay(of: "2025-13") }
    }

    @Test func intersectionAndContainment() {
        let year = DateRange(since: "2025-01-01", until: "2025-12-31")
        let spring = DateRange(since: "2025-03-01", until: nil)
        #expect(year.intersection(spring) == DateRange(since: "2025-03-01", until: "2025-12-31"))
        #expect(year.intersection(DateRange(since: "2026-01-01")).isEmpty)
        #expect(year.contains("2025-06-01T12:00:00Z"))
        #expect(!year.contains("2024-12-31"))
        #expect(DateRange().contains("1900-01-01"))
    }
}
