import Testing

@testable import QuarryExtract

/// Clause structure in attribution: places never speak, relative clauses supply no subject, coordinated
/// and progressive verbs find the right subject. All sentences are invented for these tests.
@Suite struct ClauseAttributionTests {
    func speaker(of quote: String, in paragraphs: [String]) -> String? {
        Fixture.extract(paragraphs).quotes.first { $0.text.hasPrefix(quote) }?.speaker
    }

    @Test func nameAfterPrepositionOfPlaceIsAPlaceNotASpeaker() {
        let result = Fixture.extract([
            "Officials in Dunmarrow said “the bridge will reopen next week once the repairs are finished.”"
        ])
        #expect(result.quotes.first?.speaker != "Dunmarrow")
        #expect(result.entities.first { $0.name == "Dunmarrow" }?.kind == .place)
        #expect(!result.entities.contains { $0.name == "Dunmarrow" && $0.kind == .person })
    }

    @Test func frontedPlaceBeforeTitledSpeakerIsNotTheSpeaker() {
        let s = speaker(
            of: "from opposite ends",
            in: [
                "In Dunmarrow, harbour spokesman Ilya Brask said the two companies were describing the same deal «from opposite ends of the quay»."
            ])
        #expect(s == "Ilya Brask")
    }

    @Test func titleIntroducingTheNextNameIsNoAppositive() {
        let result = Fixture.extract([
            "Dunmarrow, harbour spokesman Ilya Brask told reporters, “will not lose a single ferry this winter.”"
        ])
        #expect(!result.entities.contains { $0.name == "Dunmarrow" && $0.kind == .person })
        #expect(result.quotes.first?.speaker == "Ilya Brask")
    }

    @Test func mentionInsideRelativeClauseIsNotTheSubject() {
        let s = speaker(
            of: "the cranes",
            in: [
                "Union leader Mira Holt addressed the rally on Monday.",
                "Holt, who met port director Ilya Brask on Monday, later said “the cranes will stop at midnight tonight.”",
            ])
        #expect(s == "Mira Holt")
    }

    @Test func organisationInsideRelativeClauseIsNotTheSubjectOfACoordinatedCue() {
        let s = speaker(
            of: "an insult",
            in: [
                "Union leader Mira Holt addressed the rally on Monday.",
                "Holt, who leads the Harbour Workers Federation, said the owners had “broken every promise” and described the offer as “an insult to every crane driver”.",
            ])
        #expect(s == "Mira Holt")
    }

    @Test func coordinatedCueVerbsShareTheSubject() {
        let s = speaker(
            of: "a first step",
            in: [
                "Union leader Mira Holt addressed the rally on Monday.",
                "Holt met port director Ilya Brask on Tuesday and described the offer as “a first step, nothing more”.",
            ])
        #expect(s == "Mira Holt")
    }

    @Test func coordinatedCueAfterSubordinateClauseTakesTheMainClauseSubject() {
        let s = speaker(
            of: "a disaster",
            in: [
                "Union leader Mira Holt and port director Ilya Brask spoke after the vote.",
                "When asked whether Brask would resign, Holt shrugged and said “a disaster like this needs more than one resignation.”",
            ])
        #expect(s == "Mira Holt")
    }

    @Test func coordinatedVerbInsideRelativeClauseTakesItsAntecedent() {
        let s = speaker(
            of: "a disaster",
            in: [
                "The inspection was ordered by port director Ilya Brask.",
                "Brask cited the findings of his predecessor, Tomas Reyl, who retired last year and described the depot as “a disaster waiting to happen”.",
            ])
        #expect(s == "Tomas Reyl")
    }

    @Test func progressiveParticipleTakesItsOwnPersonSubject() {
        let s = speaker(
            of: "a first step",
            in: [
                "Union leader Mira Holt and port director Ilya Brask spoke after the vote.",
                "Brask said Holt was describing the offer as “a first step, nothing more”.",
            ])
        #expect(s == "Mira Holt")
    }

    @Test func progressiveParticipleWithNonPersonSubjectFallsBackToMainClauseSpeaker() {
        let s = speaker(
            of: "from opposite sides",
            in: [
                "Port spokesman Ilya Brask said the two companies were describing the same contract «from opposite sides of the table»."
            ])
        #expect(s == "Ilya Brask")
    }

    @Test func dismissedAsIsASpeechCue() {
        let s = speaker(
            of: "an early draft",
            in: ["Port spokesman Ilya Brask dismissed the leaked report as “an early draft” that was long out of date."])
        #expect(s == "Ilya Brask")
    }
}
