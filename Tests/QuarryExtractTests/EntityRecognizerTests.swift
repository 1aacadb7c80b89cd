import Testing

@testable import QuarryExtract

@Suite struct EntityRecognizerTests {
    func entities(_ paragraphs: [String], author: String? = nil) -> [String: ExtractedEntity] {
        let result = Fixture.extract(paragraphs, author: author)
        return Dictionary(result.entities.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func peoplePlacesAndOrganisationsWithMentionCounts() {
        let e = entities([
            "German Chancellor Markus Weber flew to Paris on Monday to meet officials of the European Union.",
            "Weber told Reuters the talks in Paris would last two days.",
        ])
        #expect(e["Markus Weber"]?.kind == .person)
        #expect(e["Markus Weber"]?.mentions == 2)
        #expect(e["Paris"]?.kind == .place)
        #expect(e["Paris"]?.mentions == 2)
        #expect(e["European Union"]?.kind == .org)
        #expect(e["Reuters"]?.kind == .org)
    }

    @Test func possessivesCountAsTheName() {
        let e = entities(["Trump’s lawyers filed the appeal.", "Donald Trump did not comment."])
        #expect(e["Donald Trump"]?.mentions == 2)
    }

    @Test func everyFormOfUSIsTheUnitedStates() {
        let e = entities(["The US economy grew, U.S. exports rose and the United States gained."])
        #expect(e["United States"]?.kind == .place)
        #expect(e["United States"]?.mentions == 3)
    }

    @Test func sentenceInitialCommonWordsAreNotEntities() {
        let e = entities(["Exports fell sharply in March. Analysts expect a recovery. Meanwhile, prices rose."])
        #expect(e.isEmpty)
    }

    @Test func bylinesAndPhotoCreditsAreNotMentions() {
        let e = entities(
            ["By Helen Marsh", "Photo by Jorge Alvarez/Reuters", "The harbour reopened on Monday after repairs."],
            author: "Helen Marsh")
        #expect(e["Helen Marsh"] == nil)
        #expect(e["Jorge Alvarez"] == nil)
    }

    @Test func organisationNamesEndingInASuffixAreOrganisations() {
        let e = entities(["Investors backed the Nordic Green Energy Fund this year."])
        #expect(e["Nordic Green Energy Fund"]?.kind == .org)
    }

    @Test func namesMentionedInsideQuotesCount() {
        let e = entities(["“We love Lisbon and we will come back,” said singer Marta Silva."])
        #expect(e["Lisbon"]?.kind == .place)
        #expect(e["Marta Silva"]?.kind == .person)
    }
}
