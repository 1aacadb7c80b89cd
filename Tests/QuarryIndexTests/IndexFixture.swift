import Foundation
import QuarryExtract
import QuarryIndex
import QuarryIngest

/// Builds indexes from the repository's own sample articles and rules in a fresh temp folder.
struct IndexFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleFolder = repository.appendingPathComponent("Index/sample").path

    let folder: URL
    var databasePath: String { folder.appendingPathComponent("test.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    static func options(_ inputs: [String], prune: Bool = false, rulesHash: String = "test") throws -> Indexer.Options {
        let config = repository.appendingPathComponent("Config")
        return Indexer.Options(
            inputs: inputs, prune: prune, batchSize: 3, limits: IngestLimits(),
            cleaning: try CleaningRules.load(from: config.appendingPathComponent("furniture.json")),
            lexicon: try Lexicon.load(from: config.appendingPathComponent("lexicon.json")),
            rulesHash: rulesHash)
    }

    /// Indexes `inputs` into this fixture's database and checks integrity afterwards.
    @discardableResult
    func index(_ inputs: [String], prune: Bool = false, rulesHash: String = "test") throws -> Indexer.Summary {
        let writer = try IndexWriter(path: databasePath, lexicon: try Self.options([]).lexicon)
        let summary = try Indexer(writer: writer, options: Self.options(inputs, prune: prune, rulesHash: rulesHash)).run()
        try writer.integrityCheck()
        return summary
    }

    /// Copies the sample articles into a folder of this fixture, for tests that change files.
    func copySamples() throws -> URL {
        let target = folder.appendingPathComponent("articles")
        try FileManager.default.copyItem(atPath: Self.sampleFolder, toPath: target.path)
        return target
    }
}
