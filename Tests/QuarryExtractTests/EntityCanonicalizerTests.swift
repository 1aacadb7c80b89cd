import Foundation
import Testing

@testable import QuarryExtract

@Suite struct EntityCanonicalizerTests {
    @Test func foldLowercasesStripsDiacriticsAndPunctuation() {
        #expect(EntityCanonicalizer.fold("  Recep Tayyip Erdoğan ") == "recep tayyip erdogan")
        #expect(EntityCanonicalizer.fold("Ségolène Royal") == "segolene royal")
        #expect(EntityCanonicalizer.fold("al-Assad,  Bashar") == "al assad bashar")
        #expect(EntityCanonicalizer.fold("U.S.") == "u s")
    }

    @Test func aliasTableMapsVariantsToTheCanonicalName() {
        let c = EntityCanonicalizer(lexicon: Fixture.lexicon)
        #expect(c.canonical(for: "Zelenskyy") == "Volodymyr Zelensky")
        #expect(c.canonical(for: "Volodymyr Zelenskiy") == "Volodymyr Zelensky")
    }

    @Test func sameForenameAndSurnameWithinOneEditMerge() {
        let c = EntityCanonicalizer(lexicon: Fixture.lexicon, known: ["Oleksandr Kubrakov"])
        #expect(c.canonical(for: "Oleksandr Kubrakow") == "Oleksandr Kubrakov")
        #expect(c.canonical(for: "oleksandr kubrakov") == "Oleksandr Kubrakov")
    }

    @Test func differentForenamesOrDistantSurnamesDoNotMerge() {
        let c = EntityCanonicalizer(lexicon: Fixture.lexicon, known: ["Maria Lopez", "John Smith"])
        #expect(c.canonical(for: "Mario Lopez") == "Mario Lopez")
        #expect(c.canonical(for: "John Smythe") == "John Smythe")
    }

    @Test func surnameOnlyNameNeverMergesByItself() {
        let c = EntityCanonicalizer(lexicon: Fixture.lexicon, known: ["Anna Kowalska"])
        #expect(c.canonical(for: "Kowalska") == "Kowalska")
    }

    @Test func mergeRemembersNewNames() {
        var c = EntityCanonicalizer(lexicon: Fixture.lexicon)
        #expect(c.merge("Ngozi Adeyemi") == "Ngozi Adeyemi")
        #expect(c.canonical(for: "Ngozi Adeyemy") == "Ngozi Adeyemi")
    }
}
