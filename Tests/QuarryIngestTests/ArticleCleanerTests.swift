import Foundation
import QuarryIngest
import Testing

@Suite struct ArticleCleanerTests {
    let scraped: CleanArticle

    init() throws {
        scraped = try Fixture.clean("scraped.txt")
    }

    private func assertGone(_ phrase: String, from article: CleanArticle, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!article.text.lowercased().contains(phrase.lowercased()), "\(phrase) survived", sourceLocation: sourceLocation)
        #expect(!(article.title ?? "").lowercased().contains(phrase.lowercased()), sourceLocation: sourceLocation)
    }

    @Test func siteBannerDateAndLocationLinesAreRemoved() {
        assertGone("THE DAILY EXAMPLE NEWS", from: scraped)
        assertGone("Mar 3, 2024", from: scraped)
        assertGone("Springfield", from: scraped)
        #expect(!scraped.text.hasPrefix("0"))
    }

    @Test func sponsorAndNavigationLinesAreRemoved() {
        assertGone("Sponsor", from: scraped)
        assertGone("WIDGETCO", from: scraped)
        assertGone("NextImg", from: scraped)
        assertGone("topic", from: scraped)
        #expect(!scraped.text.contains("back\u{00A0}"))
    }

    @Test func photoCreditsAreRemoved() {
        assertGone("EPA-EFE", from: scraped)
        assertGone("File Photo", from: scraped)
        #expect(scraped.text.contains("Commuters queue at the east pier on Monday."))
    }

    @Test func inlineAdvertisementIsCutAtTheEndAndInTheMiddleOfParagraphs() {
        #expect(scraped.text.contains("told reporters.\n\n"))
        #expect(scraped.text.contains("“work is only beginning.” Critics said"))
        #expect(!scraped.text.contains("Advertisement"))
    }

    @Test func commentBoilerplateAndSpamTailAreRemoved() {
        for phrase in [
            "Leave A Reply", "Your email address will not be published", "KEY Difference Wire", "Binance",
            "ABC12345", "https://", "registration link",
        ] {
            assertGone(phrase, from: scraped)
        }
        #expect(!scraped.text.hasSuffix("Source"))
    }

    @Test func proseThatResemblesFurnitureSurvives() {
        #expect(scraped.text.contains("He went back to the office after the vote"))
        #expect(scraped.text.contains("Source: the ministry said the subsidy would be reviewed next year."))
        #expect(scraped.text.contains("The advertisement for the new service will run in local papers"))
    }

    @Test func titleAndSourceComeFromTheNextImgLine() {
        #expect(scraped.title == "Harbour council approves new ferry timetable")
        #expect(scraped.source == "Example Gazette Weekly")
        #expect(scraped.published == "2024-03-03")
        #expect(scraped.text.hasPrefix("The harbour council voted on Tuesday"))
    }

    @Test func paragraphsAreJoinedByBlankLinesAndRecorded() {
        let paragraphs = scraped.paragraphs.map { range in
            String(decoding: Array(scraped.text.utf8)[range], as: UTF8.self)
        }
        #expect(paragraphs.count == 6)
        #expect(paragraphs.joined(separator: "\n\n") == scraped.text)
    }

    @Test func bylineAndDatelineAreRecoveredAndFirstSentenceIsNoTitle() throws {
        let article = try Fixture.clean("byline.txt")
        #expect(article.author == "Jane Placeholder")
        #expect(article.title == nil)
        #expect(article.dateline == "LONDON")
        #expect(article.text.hasPrefix("LONDON – The city’s libraries"))
        #expect(!article.text.contains("By Jane"))
        #expect(!article.text.contains("Comments are closed"))
    }

    @Test func repeatedTitleLinesAreRemovedAndBottomBylineRecovered() throws {
        let article = try Fixture.clean("repeated.txt")
        #expect(article.title == "Bridge repairs to finish early, engineers say")
        #expect(article.author == "Sam Example")
        #expect(article.text.hasPrefix("Repairs on the old river bridge"))
        #expect(!article.text.contains("engineers say"))
        #expect(article.text.hasSuffix("since 25 February 2024."))
    }

    @Test func headlineOnLineOneBecomesTheTitle() throws {
        let article = Fixture.cleaner.clean(Fixture.raw("iTunes sales beat forecast\n\nSales rose by 10%.\n"))
        #expect(article.title == "iTunes sales beat forecast")
        #expect(article.text == "Sales rose by 10%.")
    }

    @Test func jsonBodyRepeatingItsTitleLosesTheRepeat() throws {
        let raw = try #require(try Fixture.read([Fixture.path("articles.ndjson")]).first?.raw)
        let article = Fixture.cleaner.clean(raw)
        #expect(article.title == "Council backs ferry plan")
        #expect(article.text == "The council backed the ferry plan on Tuesday.\n\nIt will cost £2m.\n\nWork starts in May.")
        #expect(article.published == "2024-03-05")
    }

    @Test func jsonPublishedDatesAreNormalised() throws {
        #expect(try Fixture.clean("article.json").published == "2025-02-25")
        let dates = try Fixture.read([Fixture.path("articles.ndjson")]).compactMap(\.raw).map {
            Fixture.cleaner.clean($0).published
        }
        #expect(dates == ["2024-03-05", "2024-03-06", "2024-03-07"])
    }

    @Test func jsonArticleKeepsProvidedMetadataAndDropsCaptionCredit() throws {
        let article = try Fixture.clean("article.json")
        #expect(article.title == "Harbour gets new crane")
        #expect(article.author == "Dee Example")
        #expect(article.source == "Example Times")
        #expect(article.dateline == "WELLINGTON")
        #expect(article.text == "WELLINGTON — The harbour installed a new crane on Monday.\n\nIt can lift 60 tonnes.")
    }

    @Test func lineThatIsOnlyALinkIsRemovedButProseWithALinkStays() {
        let text = "Headline\n\nRead the report at https://example.com/report, the minister said.\n\nhttps://example.com/x\n"
        let article = Fixture.cleaner.clean(Fixture.raw(text))
        #expect(article.text == "Read the report at https://example.com/report, the minister said.")
    }

    @Test func crlfLineEndingsAreHandled() {
        let article = Fixture.cleaner.clean(Fixture.raw("Headline\r\n\r\nFirst paragraph.\r\nSecond paragraph.\r\n"))
        #expect(article.title == "Headline")
        #expect(article.text == "First paragraph.\n\nSecond paragraph.")
    }
}
