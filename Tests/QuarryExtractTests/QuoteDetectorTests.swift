import QuarryIngest
import Testing

@testable import QuarryExtract

@Suite struct QuoteDetectorTests {
    @Test func straightCurlyLowNineAndGuillemetMarksAllOpenQuotes() {
        let q = Fixture.quotes(
            #""The harbour will reopen next week," said Mayor Anna Berg."#,
            "“We expect the first ships on Monday morning,” the mayor added.",
            "Berg later wrote: „Die Arbeiten sind fast abgeschlossen und wir sind bereit“.",
            "She also said: « Nous sommes prêts pour la saison prochaine ».")
        #expect(q.map(\.text) == [
            "The harbour will reopen next week,", "We expect the first ships on Monday morning,",
            "Die Arbeiten sind fast abgeschlossen und wir sind bereit", "Nous sommes prêts pour la saison prochaine",
        ])
        #expect(q.allSatisfy { $0.speaker == "Anna Berg" })
    }

    @Test func textRangePointsAtTheQuotedBytes() throws {
        let article = Fixture.article(["Tom Okafor said “the bridge is safe to cross again” on Friday."])
        let q = try #require(Extractor(lexicon: Fixture.lexicon).extract(from: article).quotes.first)
        let bytes = Array(article.text.utf8)
        #expect(String(decoding: bytes[q.textRange], as: UTF8.self) == "the bridge is safe to cross again")
    }

    @Test func apostrophesAreNotClosingMarks() {
        let q = Fixture.quotes(
            "‘The teachers’ union won’t accept a deal that ignores people’s pay,’ said union leader Mary Okoro.")
        #expect(q.map(\.text) == ["The teachers’ union won’t accept a deal that ignores people’s pay,"])
        #expect(q.first?.speaker == "Mary Okoro")
    }

    @Test func singleCurlyQuotesNeedAClearOpeningAndClosing() {
        // ’90s and rock ’n’ roll are elisions, not quotations.
        let q = Fixture.quotes("In the ’90s the band played rock ’n’ roll in every pub of the town, fans recall.")
        #expect(q.isEmpty)
    }

    @Test func unmatchedMarkDoesNotSwallowTheArticle() {
        let q = Fixture.quotes(
            #"The council voted 7-2 on the "new plan for the waterfront district and its parks."#,
            #""We listened to every resident who came to the meetings," council leader Priya Shah said."#)
        #expect(q.map(\.text) == ["We listened to every resident who came to the meetings,"])
        #expect(q.first?.speaker == "Priya Shah")
    }

    @Test func quoteOpeningAParagraphWithoutCloseEndsAtTheParagraph() {
        let q = Fixture.quotes(
            "Coach Luis Ortega spoke after the final whistle:",
            "“We played with heart and we never stopped running until the very end",
            "The club has not won a trophy since 1998.")
        #expect(q.map(\.text) == ["We played with heart and we never stopped running until the very end"])
        #expect(q.first?.speaker == "Luis Ortega")
    }

    @Test func multiParagraphQuoteIsOneQuote() {
        let q = Fixture.quotes(
            "Finance Minister Elena Varga said:",
            "“We will cut the deficit in half within four years.",
            "“We will do it without raising taxes on working families.”",
            "The opposition called the plan unrealistic.")
        #expect(q.count == 1)
        #expect(q.first?.text.contains("within four years.") == true)
        #expect(q.first?.text.contains("working families.") == true)
        #expect(q.first?.text.contains("“") == false)
        #expect(q.first?.speaker == "Elena Varga")
    }

    @Test func joinedSentencesWithReopeningMarksStayOneQuote() {
        // Some archives join a multi-paragraph quote into one paragraph, keeping each opening mark.
        let q = Fixture.quotes(
            #"Union leader Karen Holt said: "Our members voted for this strike. "We did not take the decision lightly.""#)
        #expect(q.map(\.text) == ["Our members voted for this strike. We did not take the decision lightly."])
        #expect(q.first?.speaker == "Karen Holt")
    }

    @Test func nestedQuotesKeepTheOuterOne() {
        let q = Fixture.quotes(
            "“When the minister told us ‘the money is coming’ we believed him, and we waited a year,” said farmer Paul Nkemelu.")
        #expect(q.count == 1)
        #expect(q.first?.text == "When the minister told us ‘the money is coming’ we believed him, and we waited a year,")
    }

    @Test func partialQuoteInsideASentenceIsAFragment() throws {
        let q = Fixture.quotes("Senator Ruth Adler called the bill “a disaster for rural hospitals” on Tuesday.")
        let first = try #require(q.first)
        #expect(first.kind == .fragment)
        #expect(first.speaker == "Ruth Adler")
        #expect(first.cue == "called")
    }

    @Test func fullSentenceQuoteIsAQuote() {
        let q = Fixture.quotes(
            "“The new line will carry forty thousand passengers a day by the end of next year,” said transport chief Omar Haddad.")
        #expect(q.first?.kind == .quote)
    }

    @Test func scareQuotesAndTitlesWithoutCueAreNotEmitted() {
        let q = Fixture.quotes(
            "The so-called “peace dividend” never arrived in the valley.",
            "Viewers tuned in to “Sunday Morning Live” in record numbers.")
        #expect(q.isEmpty)
    }

    @Test func longUnattributedQuoteIsKeptWithoutSpeaker() {
        let q = Fixture.quotes("“Nobody in this town remembers a winter as cold as this one.”")
        #expect(q.count == 1)
        #expect(q.first?.speaker == nil)
        #expect(q.first?.mention == nil)
    }
}

@Suite struct ExtractorRobustnessTests {
    @Test func emptyAndMarkOnlyArticlesYieldNothing() {
        #expect(Fixture.extract([]).quotes.isEmpty)
        #expect(Fixture.extract([""]).entities.isEmpty)
        #expect(Fixture.extract(["\" “ ” „ « » ‘ ’ ' \""]).quotes.isEmpty)
    }

    @Test func hugeAllCapsAndQuoteHeavyTextStaysFast() {
        // Given one long all-caps run and thousands of unmatched marks
        let caps = Array(repeating: "BREAKING NEWS FROM THE CAPITAL", count: 3000).joined(separator: " ")
        let marks = Array(repeating: #"he said "yes and she said “no"#, count: 3000).joined(separator: " ")
        // When extracting, then it finishes (the suite's time limit guards against quadratic blow-ups)
        let result = Fixture.extract([caps, marks])
        #expect(result.quotes.count < 10_000)
    }
}
