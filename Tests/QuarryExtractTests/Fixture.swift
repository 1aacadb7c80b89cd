import Foundation
import QuarryIngest

@testable import QuarryExtract

/// Builds clean articles from paragraphs we write, and runs the extractor with the repository lexicon.
enum Fixture {
    static let lexicon: Lexicon = {
        // Tests/QuarryExtractTests/Fixture.swift → repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        do {
            return try Lexicon.load(from: root.appendingPathComponent("Config/lexicon.json"))
        } catch {
            fatalError("Config/lexicon.json: \(error)")
        }
    }()

    static func article(_ paragraphs: [String], author: String? = nil, published: String? = nil) -> CleanArticle {
        var text = ""
        var ranges: [Range<Int>] = []
        for p in paragraphs {
            if !text.isEmpty { text += "\n\n" }
            let start = text.utf8.count
            text += p
            ranges.append(start..<text.utf8.count)
        }
        return CleanArticle(
            id: "test", path: "test.txt", inputFile: "test.txt", title: nil, author: author, published: published,
            source: nil, url: nil, dateline: nil, text: text, paragraphs: ranges, contentHash: "",
            offsets: CleanOffsetMap(segments: [], decoded: .utf8(shift: 0)))
    }

    static func extract(_ paragraphs: [String], author: String? = nil, published: String? = nil) -> ExtractionResult {
        Extractor(lexicon: lexicon).extract(from: article(paragraphs, author: author, published: published))
    }

    static func quotes(_ paragraphs: String...) -> [ExtractedQuote] {
        extract(paragraphs).quotes
    }
}
