import Foundation
import GRDB
import QuarryIndex
import Testing

/// `quarry_snippet` finds the same token boundaries and hits as FTS5 (whole-column windows equal FTS5's
/// `highlight()` byte for byte), keeps its window within the requested number of tokens around the best
/// hits, and marks cut text with the ellipsis.
@Suite struct SnippetFunctionTests {
    static let matches = ["harbour", "quota OR treaty", "\"the harbour\"", "harb*", "talks NOT zone", "title : beacon",
                          "harbour boats", "NEAR(harbour talks, 6)", "ilse OR brandt OR said"]

    /// An in-memory table with the index's tokenizer holding `bodies` (title "t").
    static func table(_ bodies: [String]) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try IndexReader.prepareReaderConnection(db)
            try db.execute(sql: "CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='\(IndexSchema.tokenizer)')")
            for body in bodies { try db.execute(sql: "INSERT INTO f VALUES ('t', ?)", arguments: [body]) }
        }
        return queue
    }

    @Test(arguments: matches)
    func wholeColumnWindowsEqualHighlight(match: String) throws {
        for path in [FacetColumnsTests.shared.fixture.databasePath, QuoteDateWalkTests.shared.fixture.databasePath] {
            let queue = try RankFunctionTests.reader(path)
            try queue.inDatabase { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid, highlight(article_fts, 1, '[', ']'), quarry_snippet(article_fts, 1, '[', ']', '…', 1000000)
                    FROM article_fts WHERE article_fts MATCH ?
                    """, arguments: [match])
                for row in rows {
                    let fts5: String = row[1], ours: String = row[2]
                    #expect(ours == fts5, "\(match), row \(row[0] as Int64)")
                }
            }
        }
    }

    /// Every snippet is a piece of the body of at most `tokens` words, with an ellipsis exactly where it
    /// cuts the text and a marked hit whenever the body has one.
    @Test(arguments: matches)
    func windowsAreShortPiecesOfTheBody(match: String) throws {
        let queue = try RankFunctionTests.reader(FacetColumnsTests.shared.fixture.databasePath)
        try queue.inDatabase { db in
            for tokens in [1, 5, 24] {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT body, highlight(article_fts, 1, '[', ']'), quarry_snippet(article_fts, 1, '[', ']', '~', ?)
                    FROM article_fts WHERE article_fts MATCH ?
                    """, arguments: [tokens, match])
                #expect(!rows.isEmpty)
                for row in rows {
                    let body: String = row[0], highlighted: String = row[1], snippet: String = row[2]
                    var text = Substring(snippet)
                    let cutBefore = text.hasPrefix("~"), cutAfter = text.hasSuffix("~")
                    if cutBefore { text = text.dropFirst() }
                    if cutAfter { text = text.dropLast() }
                    let plain = text.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
                    #expect(body.contains(plain), "\(match): \(snippet)")
                    #expect(cutBefore == !body.hasPrefix(plain), "\(match): \(snippet)")
                    #expect(cutAfter == !body.hasSuffix(plain), "\(match): \(snippet)")
                    let words = plain.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).count
                    #expect(words <= tokens, "\(match): \(snippet)")
                    #expect(snippet.contains("[") == highlighted.contains("["), "\(match): \(snippet)")
                }
            }
        }
    }

    @Test func theWindowCentresTheHitsAndStartsAtASentence() throws {
        let queue = try Self.table([
            "First sentence here. The harbour talks resumed on Monday. Officials said more.",
            "Talks began early and the quota was discussed at length by every delegation present today",
            "No match in this body at all, only words.",
        ])
        func snippet(_ match: String, tokens: Int) throws -> [String] {
            try queue.read { db in
                try String.fetchAll(db, sql: """
                    SELECT quarry_snippet(f, 1, '[', ']', '…', ?) FROM f WHERE f MATCH ? ORDER BY rowid
                    """, arguments: [tokens, match])
            }
        }
        // "talks" at 5; centred start 3 is "The", where a sentence starts.
        #expect(try snippet("body:talks", tokens: 5) == ["…The harbour [talks] resumed on…", "[Talks] began early and the…"])
        // Both phrases in one window beat a window with one, centred (start 5 - (12 - 8) / 2 = 3); the
        // window reaches the end of the text, which ends without an ellipsis.
        let both = try snippet("body:quota OR body:delegation", tokens: 12)
        #expect(both == ["…and the [quota] was discussed at length by every [delegation] present today"])
        // A hit only in the title: the body's start.
        #expect(try snippet("title:t", tokens: 4) == ["First sentence here. The…", "Talks began early and…", "No match in this…"])
        // Overlapping hits are marked once.
        let overlapping = try snippet("body:\"harbour talks\" OR body:talks", tokens: 4)
        #expect(overlapping == ["…The [harbour talks] resumed…", "[Talks] began early and…"])
    }
}
