import Testing

@testable import QuarryExtract

@Suite struct SpeakerAttributionTests {
    @Test func quoteThenSpeakerThenCue() {
        let q = Fixture.quotes("Health Secretary Dana Whitfield opened the clinic.", "“The waiting lists will shrink this year,” Whitfield said.")
        #expect(q.first?.speaker == "Dana Whitfield")
        #expect(q.first?.mention == "Whitfield")
        #expect(q.first?.cue == "said")
    }

    @Test func quoteThenCueThenSpeaker() {
        let q = Fixture.quotes(#""Prices will keep falling through the summer," said analyst Victor Lindqvist."#)
        #expect(q.first?.speaker == "Victor Lindqvist")
    }

    @Test func speakerCueColonQuote() {
        let q = Fixture.quotes(#"Police chief Ines Moreau said: "Nobody was hurt in the fire at the depot.""#)
        #expect(q.first?.speaker == "Ines Moreau")
    }

    @Test func speakerCueQuoteWithoutComma() {
        let q = Fixture.quotes("Coach Sam Whitaker said “we will be back stronger next season” after the defeat.")
        #expect(q.first?.speaker == "Sam Whitaker")
    }

    @Test func speakerWithAppositiveRoleThenCue() {
        let q = Fixture.quotes(
            "Carla Mendes, the head of the port authority, said “the cranes are running again at full speed.”")
        #expect(q.first?.speaker == "Carla Mendes")
    }

    @Test func accordingTo() {
        let q = Fixture.quotes(
            "The vote was “a clear signal from the members,” according to Rafael Duarte, the union’s secretary.")
        #expect(q.first?.speaker == "Rafael Duarte")
        #expect(q.first?.cue == "according to")
    }

    @Test func speakerToldOutlet() {
        let q = Fixture.quotes("“We had no warning before the water came in,” Ahmed Karimi told Reuters.")
        #expect(q.first?.speaker == "Ahmed Karimi")
        #expect(q.first?.cue == "told")
    }

    @Test func outletQuotedSpeakerAsSaying() {
        let q = Fixture.quotes(
            "Governor Alan Fisk toured the flooded district.",
            "“The state will pay for every damaged home,” the local newspaper quoted Fisk as saying.")
        #expect(q.first?.speaker == "Alan Fisk")
        #expect(q.first?.cue == "quoted … as saying")
    }

    @Test func sentenceEndingInColonIntroducesTheNextParagraph() {
        let q = Fixture.quotes(
            "Energy Minister Lena Fischer described the new grid plan to reporters in detail:",
            "“Every town will be connected to the new network before the next winter begins.”")
        #expect(q.first?.speaker == "Lena Fischer")
        #expect(q.first?.cue == "described")
    }

    @Test func fullyQuotedParagraphAfterAnAttributedQuoteHasTheSameSpeaker() {
        let q = Fixture.quotes(
            "“We will open three new schools in the north,” said Mayor Ben Osei.",
            "“Each of them will have room for six hundred pupils and a sports hall.”")
        #expect(q.count == 2)
        #expect(q[1].speaker == "Ben Osei")
        #expect(q[1].cue == "continuation")
    }

    @Test func participleCueWithinTheSentenceTakesTheSubject() {
        let q = Fixture.quotes(
            "Meanwhile, Trump criticised the Federal Reserve chair Jerome Powell in an interview, saying he was “very disappointed”.")
        #expect(q.first?.speaker == "Donald Trump")
    }

    @Test func postingOnSocialMedia() {
        let q = Fixture.quotes(
            "Foreign Minister Laila Hamdan took to social media on Sunday, posting “Our embassy will reopen its doors to visitors next month”.")
        #expect(q.first?.speaker == "Laila Hamdan")
        #expect(q.first?.cue == "posting")
    }

    @Test func whatHeCalled() {
        let q = Fixture.quotes(
            "Premier Jacques Roy defended the budget.", "He attacked what he called “reckless promises” by the opposition.")
        #expect(q.first?.speaker == "Jacques Roy")
        #expect(q.first?.kind == .fragment)
    }

    @Test func firstPersonInsideQuotesIsNeverTheSpeaker() {
        let q = Fixture.quotes(
            "Judge Maria Castillo heard the case.",
            "“I told him we would not accept the offer, and I told the court the same,” she said.")
        #expect(q.first?.speaker == "Maria Castillo")
        #expect(q.first?.mention == "she")
    }

    @Test func quoteContinuingInTheSameParagraph() {
        let q = Fixture.quotes(
            "“The river rose two metres overnight,” said engineer Tomas Novak. “We have never seen anything like it.”")
        #expect(q.count == 2)
        #expect(q.allSatisfy { $0.speaker == "Tomas Novak" })
    }
}
