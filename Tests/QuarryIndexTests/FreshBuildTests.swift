import Foundation
import QuarryIndex
import Testing

/// A first build is written to a side file and appears at its path whole, in WAL mode, or not at all.
@Suite struct FreshBuildTests {
    @Test func firstBuildAppearsOnlyWhenCompleteAndLeavesNoSideFile() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let writer = try IndexWriter(path: fixture.databasePath, lexicon: try IndexFixture.options([]).lexicon)
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
        #expect(sideFiles(in: fixture).count == 1)

        let summary = try Indexer(writer: writer, options: IndexFixture.options([IndexFixture.sampleFolder])).run()
        #expect(summary.articles == 11)
        #expect(FileManager.default.fileExists(atPath: fixture.databasePath))
        #expect(sideFiles(in: fixture).isEmpty)
        // SQLite file header bytes 18 and 19 are 2 in WAL mode, so the daemon reads while later runs write.
        let header = try Data(contentsOf: URL(fileURLWithPath: fixture.databasePath)).prefix(20)
        #expect(Array(header.suffix(2)) == [2, 2])
        try writer.integrityCheck()
        #expect(try writer.counts().articles == 11)
    }

    @Test func abandonedFirstBuildLeavesNothingBehind() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let writer = try IndexWriter(path: fixture.databasePath, lexicon: try IndexFixture.options([]).lexicon)
        writer.discardUnpublishedBuild()
        #expect(sideFiles(in: fixture).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
    }

    @Test func sideFileOfAProcessThatDiedIsRemovedByTheNextRun() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/sh")
        finished.arguments = ["-c", "exit 0"]
        try finished.run()
        finished.waitUntilExit()
        let abandoned = fixture.databasePath + ".building-\(finished.processIdentifier)-dead"
        try Data("half a build".utf8).write(to: URL(fileURLWithPath: abandoned))

        try fixture.index([IndexFixture.sampleFolder])
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(sideFiles(in: fixture).isEmpty)
    }

    /// Another quarry-index waits for the lock (`IndexLock`); another program (a copy, a restore) may
    /// still put an index at the path while a first build runs.
    @Test func anIndexCreatedMeanwhileIsKeptAndTheRunFailsClearly() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let elsewhere = try IndexFixture()
        defer { elsewhere.remove() }
        let slow = try IndexWriter(path: fixture.databasePath, lexicon: try IndexFixture.options([]).lexicon)
        let samples = try fixture.copySamples()
        let one = fixture.folder.appendingPathComponent("one")
        try FileManager.default.createDirectory(at: one, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: samples.appendingPathComponent("02-harbour-talks.txt"),
                                         to: one.appendingPathComponent("02-harbour-talks.txt"))
        try elsewhere.index([one.path])
        try FileManager.default.copyItem(atPath: elsewhere.databasePath, toPath: fixture.databasePath)

        let failure = try #require(throws: IndexRunFailure.self) {
            try Indexer(writer: slow, options: IndexFixture.options([samples.path])).run()
        }
        #expect(failure.reason == IndexError.publishConflict(path: fixture.databasePath).description)
        #expect(failure.wroteNothing)
        #expect(try IndexReader(path: fixture.databasePath).figures().articles == 1)
        #expect(sideFiles(in: fixture).isEmpty)
        #expect(IndexError.publishConflict(path: "q.sqlite").description.contains("Re-run"))
    }

    @Test func aSecondWriterOfTheSameIndexIsRefusedWhileTheFirstLives() throws {
        let fixture = try IndexFixture()
        defer { fixture.remove() }
        let lexicon = try IndexFixture.options([]).lexicon
        var first: IndexWriter? = try IndexWriter(path: fixture.databasePath, lexicon: lexicon)
        #expect(throws: IndexError.locked(path: fixture.databasePath, pid: getpid())) {
            try IndexWriter(path: fixture.databasePath, lexicon: lexicon)
        }
        #expect(first != nil)
        first = nil
        _ = try IndexWriter(path: fixture.databasePath, lexicon: lexicon)
    }

    private func sideFiles(in fixture: IndexFixture) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)) ?? []
        return names.filter { $0.contains(".building-") }
    }
}
