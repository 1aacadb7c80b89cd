import Foundation
import QuarryIndex
import QuarryIngest
import QuarryProtocol
import Testing

@Suite struct IndexerTests {
    @Test func indexesEverySampleArticleAndKeepsFTSIntact() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let summary = try fixture.index([IndexFixture.sampleFolder])
        #expect(summary.added == 11)
        #expect(summary.skipped.isEmpty)
        #expect(summary.articles == 11)
        #expect(summary.quotes > 20)
    }

    @Test func rerunOverUnchangedInputWritesNothing() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        try fixture.index([IndexFixture.sampleFolder])
        let reader = IndexReader(path: fixture.databasePath)
        let generation = try reader.figures().generation

        let again = try fixture.index([IndexFixture.sampleFolder])
        #expect(again.unchanged == 11)
        #expect(again.added == 0 && again.updated == 0)
        #expect(try reader.figures().generation == generation)
    }

    @Test func changedFileIsUpdatedInPlace() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let folder = try fixture.copySamples()
        try fixture.index([folder.path])
        let file = folder.appendingPathComponent("02-harbour-talks.txt")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "\nA late paragraph mentions zeppelins in the harbour.\n"
        try text.write(to: file, atomically: true, encoding: .utf8)

        let summary = try fixture.index([folder.path])
        #expect(summary.updated == 1)
        #expect(summary.unchanged == 10)
        #expect(summary.articles == 11)
        let page = try IndexReader(path: fixture.databasePath).search(.init(
            q: "zeppelins", filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 0))
        #expect(page.hits.map(\.id) == ["02-harbour-talks"])
    }

    @Test func pruneRemovesArticlesWhoseFileIsGone() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let folder = try fixture.copySamples()
        try fixture.index([folder.path])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("05-opposition-betrayal.txt"))

        let withoutPrune = try fixture.index([folder.path])
        #expect(withoutPrune.removed == 0)
        #expect(withoutPrune.articles == 11)
        let pruned = try fixture.index([folder.path], prune: true)
        #expect(pruned.removed == 1)
        #expect(pruned.articles == 10)
    }

    @Test func changedRulesReprocessEveryArticle() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        try fixture.index([IndexFixture.sampleFolder], rulesHash: "one")
        let summary = try fixture.index([IndexFixture.sampleFolder], rulesHash: "two")
        #expect(summary.updated == 11)
    }

    @Test func badInputsAreSkippedAndTheRestIndexed() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let folder = try fixture.copySamples()
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        try Data([0, 1, 2, 0, 255, 0]).write(to: folder.appendingPathComponent("binary.txt"))
        try Data("{\"title\":\"ok\",\"body\":\"A good line about herons.\"}\n{broken\n".utf8)
            .write(to: folder.appendingPathComponent("mixed.ndjson"))

        let summary = try fixture.index([folder.path])
        #expect(summary.articles == 12)
        let skipped = Set(summary.skipped.map { URL(fileURLWithPath: $0.input).lastPathComponent })
        #expect(skipped.contains("empty.txt"))
        #expect(skipped.contains("binary.txt"))
        #expect(skipped.contains { $0.hasPrefix("mixed.ndjson") })
    }

    @Test func anIdGivenInTheDataNeverTakesOverAFilesArticle() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let folder = fixture.folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Kelp report\n\nThe kelp farms grew.\n".write(
            to: folder.appendingPathComponent("a1.txt"), atomically: true, encoding: .utf8)
        try "{\"id\": \"a1\", \"body\": \"Another article that names itself a1.\"}\n".write(
            to: folder.appendingPathComponent("feed.ndjson"), atomically: true, encoding: .utf8)

        let summary = try fixture.index([folder.path])
        #expect(summary.articles == 1)
        #expect(summary.skipped.map(\.reason) == ["id a1 already belongs to the file \(try #require(Paths.real(folder.path)))/a1.txt; give this article another id"])
    }

    @Test func aFileWhoseIdIsTakenGetsALongerPartOfItsPath() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let root = fixture.folder.appendingPathComponent("bbc")
        for section in ["sport", "tech"] {
            let folder = root.appendingPathComponent(section)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "\(section) headline\n\nThe \(section) desk filed this.\n".write(
                to: folder.appendingPathComponent("199.txt"), atomically: true, encoding: .utf8)
            try "{\"body\": \"A \(section) line without an id.\"}\n".write(
                to: folder.appendingPathComponent("feed.ndjson"), atomically: true, encoding: .utf8)
        }
        try fixture.index([root.appendingPathComponent("sport").path])
        let tech = try fixture.index([root.appendingPathComponent("tech").path])
        #expect(tech.added == 2 && tech.updated == 0)
        let ids = try IndexReader(path: fixture.databasePath).search(.init(
            q: "desk", filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 0)).hits.map(\.id)
        #expect(Set(ids) == ["199", "tech/199"])
    }
}
