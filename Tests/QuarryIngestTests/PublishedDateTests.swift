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
    ])
    func datesAreNormalised(input: String, expected: String) {
        #expect(PublishedDate.normalize(input) == expected)
    }

    @Test(arguments: ["yesterday", "Feb 30 people", "0", "Room 25, 2025 plan", "May the best win"])
    func nonDatesAreRejected(input: String) {
        #expect(PublishedDate.normalize(input) == nil)
    }
}
