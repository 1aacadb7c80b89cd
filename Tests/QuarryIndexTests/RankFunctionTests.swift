import Foundation
import GRDB
import QuarryIndex
import Testing

/// `quarry_bm25`, given the number of rows a one-phrase match selects, scores every row exactly as
/// FTS5's `bm25()` does (bit for bit), and counts phrases itself as bm25() does for any other query.
@Suite struct RankFunctionTests {
    static let matches = [
        "harbour", "quota", "presid", "harbour OR treaty", "\"the harbour\"", "harb*", "beacon NOT zone",
        "harbour AND boats", "title : harbour", "{title body} : quota", "NEAR(harbour boats, 5)", "nosuchword",
        "ilse", "\"quota is number\"",
    ]

    static var readOnly: Configuration {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)  // other suites read the same fixtures at once
        return config
    }

    @Test(arguments: matches)
    func quarryBM25EqualsBM25(match: String) throws {
        for path in [FacetColumnsTests.shared.fixture.databasePath, QuoteDateWalkTests.shared.fixture.databasePath] {
            let queue = try DatabaseQueue(path: path, configuration: Self.readOnly)
            try queue.inDatabase { db in
                try IndexReader.prepareReaderConnection(db)
                let matches = try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?",
                                               arguments: [match]) ?? 0
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid, bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, ?, 10.0, 1.0),
                           quarry_bm25(article_fts, -1, 10.0, 1.0)
                    FROM article_fts WHERE article_fts MATCH ?
                    """, arguments: [matches, match])
                #expect(rows.count == matches)
                for row in rows {
                    let bm25: Double = row[1], given: Double = row[2], counted: Double = row[3]
                    #expect(given.bitPattern == bm25.bitPattern, "\(match) row \(row[0] as Int64): \(given) vs \(bm25)")
                    #expect(counted.bitPattern == bm25.bitPattern)
                }
            }
        }
    }

    /// A wrong count changes a one-phrase query's scores (the argument is used, not ignored).
    @Test func theGivenCountIsUsedForOnePhrase() throws {
        let queue = try DatabaseQueue(path: FacetColumnsTests.shared.fixture.databasePath, configuration: Self.readOnly)
        try queue.inDatabase { db in
            try IndexReader.prepareReaderConnection(db)
            let scores = try Row.fetchAll(db, sql: """
                SELECT bm25(article_fts, 10.0, 1.0), quarry_bm25(article_fts, 3, 10.0, 1.0)
                FROM article_fts WHERE article_fts MATCH 'quota'
                """)
            #expect(!scores.isEmpty)
            #expect(scores.allSatisfy { ($0[0] as Double) != ($0[1] as Double) })
        }
    }
}
