import Testing

@testable import QuarryExtract

@Suite struct SpeakerResolutionTests {
    @Test func pronounResolvesToLastNamedSpeaker() {
        let q = Fixture.quotes(
            "Airline chief Sofia Marchetti met the unions on Monday, and pilots’ representative Daniel Price joined later.",
            "“The strike is over and flights will resume on Wednesday,” he said.")
        #expect(q.first?.speaker == "Daniel Price")
        #expect(q.first?.mention == "he")
    }

    @Test func pronounSkipsPeopleOfTheOtherGender() {
        let q = Fixture.quotes(
            "Irene Kowalski, the mayor, met contractor John Reyes at the site.",
            "“We expect the bridge to open by the end of the year,” she said.")
        #expect(q.first?.speaker == "Irene Kowalski")
    }

    @Test func surnameResolvesToTheFullNameIntroducedEarlier() {
        let q = Fixture.quotes(
            "Supreme Court nominee Harriet Olsen met senators on Tuesday.",
            "“I will be independent of any party,” Olsen said.")
        #expect(q.first?.speaker == "Harriet Olsen")
        #expect(q.first?.mention == "Olsen")
    }

    @Test func rolePhraseResolvesToThePersonTheArticleIntroducedWithIt() {
        let q = Fixture.quotes(
            "Russian Deputy Prime Minister Denis Manturov spoke to TASS about trade.",
            "“There is room for cooperation in many industries,” the Russian Deputy Prime Minister added.")
        #expect(q.first?.speaker == "Denis Manturov")
        #expect(q.first?.mention == "the Russian Deputy Prime Minister")
    }

    @Test func leaderRolePhraseMatchesAPresidentIntroducedInTheArticle() {
        let q = Fixture.quotes(
            "Brazilian President Ana Ribeiro arrived in Lisbon on Monday.",
            "“Our two countries share a language and a future,” the Brazilian leader said.")
        #expect(q.first?.speaker == "Ana Ribeiro")
    }

    @Test func rolePhraseFallsBackToTheLexiconRoleTable() {
        let q = Fixture.quotes(
            "Talks on grain exports resumed in Istanbul.",
            "“Russia is ready to continue the talks,” the Kremlin spokesman said.")
        #expect(q.first?.speaker == "Dmitry Peskov")
    }

    @Test func datedRoleTableFollowsThePublicationDate() {
        let result = Fixture.extract(
            ["“We will not raise taxes on the middle class,” the US president said."], published: "2012-03-01")
        #expect(result.quotes.first?.speaker == "Barack Obama")
    }

    @Test func articleIntroductionBeatsTheRoleTable() {
        let result = Fixture.extract(
            [
                "US President Joe Biden met the governors at the White House.",
                "“We will rebuild every road that was damaged,” the US president said.",
            ], published: "2025-06-01")
        #expect(result.quotes.first?.speaker == "Joe Biden")
    }

    @Test func titlesAreStrippedAndKeptAsTheRole() throws {
        let result = Fixture.extract(["Russian President Vladimir Putin said the talks were useful."])
        let putin = try #require(result.entities.first { $0.name == "Vladimir Putin" })
        #expect(putin.kind == .person)
        #expect(putin.role == "Russian President")
    }

    @Test func spellingVariantsMergeThroughTheAliasTable() {
        let result = Fixture.extract([
            "Ukrainian President Volodymyr Zelenskyy addressed parliament.", "Later, Zelenskiy met the delegation.",
        ])
        let people = result.entities.filter { $0.kind == .person }
        #expect(people.map(\.name) == ["Volodymyr Zelensky"])
        #expect(people.first?.mentions == 2)
    }
}
