import Foundation
import QuarryIngest

/// Fixture files, the repository's cleaning rules, and per-test temporary folders.
enum Fixture {
    static func path(_ name: String) -> String {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        return Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures")!.path
    }

    /// `Config/furniture.json` of this checkout (Tests/QuarryIngestTests/X.swift → ../../Config).
    static let rulesURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/furniture.json")

    static let cleaner: ArticleCleaner = {
        try! ArticleCleaner(rules: CleaningRules.load(from: rulesURL))
    }()

    /// Every outcome of reading `inputs`.
    static func read(_ inputs: [String], limits: IngestLimits = IngestLimits()) throws -> [ReadOutcome] {
        var outcomes: [ReadOutcome] = []
        try ArticleReader(limits: limits).read(inputs) { outcomes.append($0) }
        return outcomes
    }

    static func article(_ name: String) throws -> RawArticle {
        guard case .article(let raw)? = try read([path(name)]).first else { throw FixtureError.notAnArticle(name) }
        return raw
    }

    static func clean(_ name: String) throws -> CleanArticle {
        cleaner.clean(try article(name))
    }

    /// A raw text article built in memory.
    static func raw(_ text: String, format: InputFormat = .text, title: String? = nil) -> RawArticle {
        RawArticle(
            id: "t", path: "t.txt", inputFile: "t.txt", format: format, text: text, byteMap: .utf8(shift: 0),
            title: title, contentHash: "0")
    }
}

enum FixtureError: Error {
    case notAnArticle(String)
}

/// A temporary folder removed when the value goes away; one per test, so tests run in parallel.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ingest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension ReadOutcome {
    var skip: SkippedInput? {
        if case .skipped(let s) = self { return s }
        return nil
    }

    var raw: RawArticle? {
        if case .article(let a) = self { return a }
        return nil
    }
}
