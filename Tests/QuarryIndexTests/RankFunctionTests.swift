import Foundation
import GRDB
import QuarryIndex
import Testing

/// `quarry_bm25`, given the number of rows a one-phrase match selects and the document lengths read from
/// `article_fts_docsize` into memory, scores every row exactly as FTS5's `bm25()` does (bit for bit),
/// and counts phrases and reads lengths itself as bm25() does when not given them.
@Suite struct RankFunctionTests {
    static let matches = [
        "harbour", "quota", "presid", "harbour OR treaty", "\"the harbour\"", "harb*", "beacon NOT zone",
        "harbour AND boats", "title : harbour", "{title body} : quota", "NEAR(harbour boats, 5)", "nosuchword",
        "ilse", "\"quota is number\"",
    ]

    /// A fixture opened read-only with the functions every reader connection has.
    static func reader(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)  // other suites read the same fixtures at once
        config.prepareDatabase { db in try IndexReader.prepareReaderConnection(db) }
        return try DatabaseQueue(path: path, configuration: config)
    }

    @Test(arguments: matches)
    func quarryBM25EqualsBM25(match: String) throws {
        for path in [FacetColumnsTests.shared.fixture.databasePath, QuoteDateWalkTests.shared.fixture.databasePath] {
            let queue = try RankFunctionTests.reader(path)
            try queue.inDatabase { db in
                let matches = try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?",
                                               arguments: [match]) ?? 0
                let maxRowid = try Int.fetchOne(db, sql: "SELECT max(rowid) FROM article") ?? 0
                let lengths = try #require(try DocumentLengths.load(db, maxRowid: maxRowid))
                // One statement per variant: calls of one auxiliary function in one statement share its
                // per-query state (FTS5 keys it by function), so a second call would reuse the first's.
                let variants: [(name: String, matches: Int, lengths: Int64)] = [
                    ("count given", matches, 0), ("counted", -1, 0), ("count and lengths given", matches, lengths.id),
                    ("lengths given", -1, lengths.id),
                ]
                for variant in variants {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT rowid, bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, ?, ?, 0, 10.0, 1.0)
                        FROM article_fts WHERE article_fts MATCH ?
                        """, arguments: [variant.matches, variant.lengths, match])
                    #expect(rows.count == matches)
                    for row in rows {
                        let bm25: Double = row[1], score: Double = row[2]
                        #expect(score.bitPattern == bm25.bitPattern,
                                "\(match) row \(row[0] as Int64), \(variant.name): \(score) vs \(bm25)")
                    }
                }
            }
        }
    }

    /// A wrong count changes a one-phrase query's scores (the argument is used, not ignored).
    @Test func theGivenCountIsUsedForOnePhrase() throws {
        let queue = try RankFunctionTests.reader(FacetColumnsTests.shared.fixture.databasePath)
        try queue.inDatabase { db in
            let scores = try Row.fetchAll(db, sql: """
                SELECT bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, 3, 0, 0, 10.0, 1.0)
                FROM article_fts WHERE article_fts MATCH 'quota'
                """)
            #expect(!scores.isEmpty)
            #expect(scores.allSatisfy { ($0[0] as Double) != ($0[1] as Double) })
        }
    }

    /// Wrong lengths change the scores of the rows they cover and not of the others (they are read,
    /// by rowid); unknown (0) lengths and rowids beyond them are measured by FTS5.
    @Test func givenLengthsAreReadByRowid() throws {
        let queue = try RankFunctionTests.reader(FacetColumnsTests.shared.fixture.databasePath)
        try queue.inDatabase { db in
            let rowids = try Int64.fetchAll(db, sql: "SELECT rowid FROM article_fts WHERE article_fts MATCH 'harbour' ORDER BY rowid")
            try #require(rowids.count > 4)
            // Wrong lengths for the first two matches, unknown for the third, none beyond it.
            var values = [UInt32](repeating: 0, count: Int(rowids[2]) + 1)
            values[Int(rowids[0])] = 1
            values[Int(rowids[1])] = 100_000
            let lengths = try #require(DocumentLengths(values: values))
            let rows = try Row.fetchAll(db, sql: """
                SELECT rowid, bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, -1, ?, 0, 10.0, 1.0)
                FROM article_fts WHERE article_fts MATCH 'harbour' ORDER BY rowid
                """, arguments: [lengths.id])
            for row in rows {
                let rowid: Int64 = row[0], bm25: Double = row[1], given: Double = row[2]
                if rowid == rowids[0] || rowid == rowids[1] {
                    #expect(given != bm25, "row \(rowid) was not given its length")
                } else {
                    #expect(given.bitPattern == bm25.bitPattern, "row \(rowid)")
                }
            }
        }
    }

    /// Lengths released (withdrawn) are no longer found: a statement naming them scores as bm25() does.
    @Test func withdrawnLengthsAreNotRead() throws {
        let queue = try RankFunctionTests.reader(FacetColumnsTests.shared.fixture.databasePath)
        try queue.inDatabase { db in
            var lengths = DocumentLengths(values: [UInt32](repeating: 1, count: 1_000))
            let id = try #require(lengths?.id)
            func scores() throws -> [Row] {
                try Row.fetchAll(db, sql: """
                    SELECT bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, -1, ?, 0, 10.0, 1.0)
                    FROM article_fts WHERE article_fts MATCH 'quota'
                    """, arguments: [id])
            }
            #expect(try scores().contains { ($0[0] as Double) != ($0[1] as Double) })
            lengths = nil
            #expect(try scores().allSatisfy { ($0[0] as Double).bitPattern == ($0[1] as Double).bitPattern })
        }
    }

    /// With `keep`, the rows given a score (not NULL) include the best `keep` in bm25 order (ties by
    /// rowid), whichever direction FTS5 visits the rows in, and are fewer than the matches.
    @Test(arguments: ["harbour", "quota OR treaty", "\"the harbour\"", "harb*", "title : harbour"])
    func keptRowsHoldTheBest(match: String) throws {
        let queue = try RankFunctionTests.reader(FacetColumnsTests.shared.fixture.databasePath)
        try queue.inDatabase { db in
            let all = try Row.fetchAll(db, sql: """
                SELECT rowid, bm25(article_fts, 10.0, 1.0) AS score FROM article_fts WHERE article_fts MATCH ?
                ORDER BY score, rowid
                """, arguments: [match]).map { ($0[0] as Int64, $0[1] as Double) }
            try #require(all.count > 30)
            for keep in [1, 3, 10, 25] {
                for direction in ["ASC", "DESC"] {
                    let kept = try Row.fetchAll(db, sql: """
                        SELECT rowid, score FROM (
                            SELECT rowid, quarry_bm25(article_fts, -1, 0, ?, 10.0, 1.0) AS score FROM article_fts
                            WHERE article_fts MATCH ? ORDER BY rowid \(direction))
                        WHERE score IS NOT NULL
                        """, arguments: [keep, match]).map { ($0[0] as Int64, $0[1] as Double) }
                    let best = kept.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(keep)
                    #expect(best.map(\.0) == all.prefix(keep).map(\.0), "\(match), keep \(keep), \(direction)")
                    #expect(best.map(\.1.bitPattern) == all.prefix(keep).map(\.1.bitPattern))
                    #expect(kept.count < all.count, "\(match), keep \(keep), \(direction): nothing was dropped")
                }
            }
            // The query shape `rankedRowids` uses (the function in WHERE and SELECT, once per row).
            let page = try Row.fetchAll(db, sql: """
                SELECT rowid, score FROM (SELECT article_fts.rowid AS rowid,
                    quarry_bm25(article_fts, -1, 0, 12, 10.0, 1.0) AS score FROM article_fts WHERE article_fts MATCH ?)
                WHERE score IS NOT NULL ORDER BY score, rowid LIMIT 5 OFFSET 7
                """, arguments: [match]).map { $0[0] as Int64 }
            #expect(page == all.dropFirst(7).prefix(5).map(\.0))
        }
    }

    /// `%_docsize` records are SQLite varints per column; the length is their sum.
    @Test func docsizeRecordsAreSummed() {
        #expect(DocumentLengths.totalTokens([0x0C, 0x84, 0x75]) == 12 + 629)
        #expect(DocumentLengths.totalTokens([]) == 0)
        #expect(DocumentLengths.totalTokens([0x81, 0x80, 0x00, 0x05]) == 16_384 + 5)
        #expect(DocumentLengths.totalTokens([UInt8](repeating: 0xFF, count: 8) + [0x07]) == (UInt64(1) << 56 - 1) << 8 | 7)
        #expect(DocumentLengths.totalTokens([0x0C, 0x84]) == nil, "a record cut inside a varint")
    }
}
