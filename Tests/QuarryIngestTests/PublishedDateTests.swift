import QuarryIngest
import Testing

@Suite struct PublishedDateTests {
    @Test(arguments: [
        ("2025-02-25", "2025-02-25"),
        ("2025-02-25T10:00:00Z", "2025-02-25"),
        ("2025/02/25", "2025-02-25"),
        ("Feb 25, 2025", "2025-02-25"),
        ("February 25 2025", "2025-02-25"),
        ("25 February 2025", "2025-02-25"),
        ("Tuesday, Feb. 25, 2025", "2025-02-25"),
        ("Feb 25, 2025 10:30 AM ET", "2025-02-25"),
        ("January, 2016", "2016-01"),
        ("2016", "2016"),
        ("2024-02-29", "2024-02-29"),
        ("29 February 2000", "2000-02-29"),
    ])
    func datesAreNormalised(input: String, expected: String) {
        #expect(PublishedDate.normalize(input) == expected)
    }

    @Test(arguments: [
        "yesterday", "Feb 30 people", "0", "Room 25, 2025 plan", "May the best win",
        // Out of the calendar, or ambiguous (month or day first?).
        "2020-13-45", "2020-02-30", "2021-02-29", "2025-04-31", "31 June 2025", "Feb 30, 2025", "03/04/2020",
    ])
    func nonDatesAreRejected(input: String) {
        #expect(PublishedDate.normalize(input) == nil)
    }
}
