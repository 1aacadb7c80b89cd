import GRDB

/// Every article's token count (title and body together, as FTS5's `article_fts_docsize` records it)
/// by rowid, published for `quarry_bm25` under `id` (`RankInputs.lengths`): ranking reads a row's
/// length from memory instead of running a query on `article_fts_docsize` for every matching row,
/// ~90% of the cost of ranking a common word (1M articles, a word in 528k: 690 -> 100 ms on one core).
/// 4 bytes per rowid. Withdrawn when released; statements already reading them keep them until they end.
package final class DocumentLengths: Sendable {
    private let words: PublishedWords

    /// The id `quarry_bm25` finds them by.
    package var id: Int64 { words.id }

    private init(_ words: PublishedWords) {
        self.words = words
    }

    /// Publishes `values` (the length of rowid `i` at `i`; 0: unknown) as they are (tests give wrong
    /// ones to see them used); nil when out of memory.
    package convenience init?(values: [UInt32]) {
        guard let words = PublishedWords(count: values.count, { _ = $0.initialize(from: values) }) else { return nil }
        self.init(words)
    }

    /// Reads the lengths of rowids 0...`maxRowid` in the snapshot `db` reads; nil when SQLite has no
    /// such table (then `quarry_bm25` asks FTS5 per row, as bm25() does).
    package static func load(_ db: Database, maxRowid: Int) throws -> DocumentLengths? {
        guard try db.tableExists("article_fts_docsize") else { return nil }
        let words = try PublishedWords(count: maxRowid + 1) { values in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, sz FROM article_fts_docsize WHERE id BETWEEN 0 AND ?",
                                           arguments: [maxRowid])
            while let row = try rows.next() {
                let rowid: Int = row[0]
                // 0 (unknown: FTS5 is asked) for a length that does not fit.
                values[rowid] = try row.withUnsafeData(atIndex: 1) { sizes in
                    sizes.flatMap(totalTokens).flatMap { UInt32(exactly: $0) } ?? 0
                }
            }
        }
        return words.map(DocumentLengths.init)
    }
    /// The sum of the per-column token counts of one `%_docsize` record (SQLite varints); nil when
    /// the record is malformed.
    package static func totalTokens(_ record: some Collection<UInt8>) -> UInt64? {
        var total: UInt64 = 0
        var value: UInt64 = 0
        var length = 0
        for byte in record {
            length += 1
            if length == 9 {
                value = (value << 8) | UInt64(byte)
            } else {
                value = (value << 7) | UInt64(byte & 0x7F)
                if byte & 0x80 != 0 { continue }
            }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
            value = 0
            length = 0
        }
        return length == 0 ? total : nil
    }
}
