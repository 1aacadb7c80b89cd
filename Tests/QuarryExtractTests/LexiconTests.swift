import Foundation
import Testing

@testable import QuarryExtract

@Suite struct LexiconTests {
    @Test func repositoryLexiconLoads() {
        #expect(Fixture.lexicon.cueVerbs.contains("said"))
        #expect(Fixture.lexicon.places["United States"] != nil)
    }

    @Test func missingFileIsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/lexicon.json")
        #expect(throws: ExtractError.self) { try Lexicon.load(from: url) }
        do {
            _ = try Lexicon.load(from: url)
        } catch {
            guard case .lexiconUnreadable(let path, _) = error else {
                Issue.record("expected lexiconUnreadable, got \(error)")
                return
            }
            #expect(path == "/nonexistent/lexicon.json")
        }
    }

    @Test func brokenJSONIsMalformed() {
        #expect(throws: ExtractError.self) { try Lexicon.decode(Data("{ not json".utf8)) }
    }

    @Test func missingKeyIsNamed() {
        do {
            _ = try Lexicon.decode(Data(#"{"version": 1, "title_words": ["president"]}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error == .lexiconMalformed(path: "lexicon", reason: "missing key `cue_verbs`"))
            #expect(error.description.contains("cue_verbs"))
        }
    }

    @Test func emptyCueListIsInvalid() {
        #expect(throws: ExtractError.lexiconInvalid(
            path: "lexicon", reason: "`cue_verbs` is empty, so no quote could be attributed")) {
            try Lexicon.decode(Data(#"{"version": 1, "cue_verbs": [], "title_words": ["president"]}"#.utf8))
        }
    }

    /// JSON objects decode into dictionaries, whose order changes from run to run: a form that one
    /// entry names and another lists as an alias must still resolve the same way every time.
    @Test func anEntrysOwnNameWinsOverAnotherEntrysAlias() throws {
        for places in [#"{"Strip": [], "Land": ["Strip"]}"#, #"{"Land": ["Strip"], "Strip": []}"#] {
            let json = #"{"version": 1, "cue_verbs": ["said"], "title_words": ["president"], "places": "#
                + places + "}"
            let lexicon = try Lexicon.decode(Data(json.utf8))
            let entry = try #require(lexicon.gazetteer[Lexicon.key(Lexicon.hashes("Strip"))])
            #expect(entry.name == "Strip")
        }
    }

    @Test func noFormOfTheRepositoryLexiconBelongsToTwoEntries() {
        for table in [Fixture.lexicon.places, Fixture.lexicon.orgs, Fixture.lexicon.people] {
            var owners: [String: Set<String>] = [:]
            for (name, aliases) in table {
                for form in [name] + aliases { owners[EntityCanonicalizer.fold(form), default: []].insert(name) }
            }
            #expect(owners.filter { $0.value.count > 1 }.isEmpty)
        }
    }

    @Test func wordConstantsMatchTheTokenizerHash() {
        #expect(Words.the == TextScan.wordHash("the"))
        #expect(Words.asked == TextScan.wordHash("asked"))
        #expect(Words.it == TextScan.wordHash("it"))
        #expect(Words.for == TextScan.wordHash("for"))
        #expect(Words.according == TextScan.wordHash("according"))
        #expect(Words.their == TextScan.wordHash("their"))
    }
}
