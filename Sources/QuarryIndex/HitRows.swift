import GRDB
import GRDBSQLite
import QuarryProtocol

/// Reads search hits from a statement whose columns are `IndexReader.hitColumns`, the score, the
/// snippet and the rowid, straight from SQLite's column values.
///
/// GRDB's `row[i]` decodes through a generic conformance that looks up Swift type metadata under a
/// process-wide lock for every value: about 5% of a 1M-article export's daemon time, and a lock the
/// two reader threads of an export share.
enum HitRows {
    /// Wire records (`SearchHit.write`) in one buffer, found by rowid.
    struct EncodedRecords: Sendable {
        var bytes: [UInt8] = []
        var ranges: [Int64: Range<Int>] = [:]

        /// Appends `hit` (read by `fetchByRowid`) as the record of `rowid`.
        mutating func append(_ hit: SearchHit, rowid: Int64) throws {
            let record = try hit.wireRecord()
            ranges[rowid] = bytes.count..<bytes.count + record.count
            bytes += record
        }

        /// The record of `rowid`, if read.
        func record(_ rowid: Int64) -> ArraySlice<UInt8>? {
            ranges[rowid].map { bytes[$0] }
        }
    }

    /// The hits of the rows `sql` returns, by rowid.
    static func fetchByRowid(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Int64: SearchHit] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        var hits: [Int64: SearchHit] = [:]
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            let hit = SearchHit(
                id: text(raw, 0) ?? "", title: text(raw, 1), source: text(raw, 2), author: text(raw, 3),
                published: text(raw, 4), path: text(raw, 5) ?? "", score: sqlite3_column_double(raw, 7),
                snippet: text(raw, 8) ?? "", quotes: Int(sqlite3_column_int64(raw, 6)))
            hits[sqlite3_column_int64(raw, 9)] = hit
        }
        return hits
    }

    /// The rows `sql` returns written as wire records (`SearchHit.write`) straight from the column
    /// bytes, with the score of each rowid from `scores` (0 when absent).
    static func encodeByRowid(_ db: Database, sql: String, arguments: StatementArguments,
                              scores: [Int64: Double]) throws -> EncodedRecords {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        var records = EncodedRecords()
        records.ranges.reserveCapacity(scores.count)
        // Room for records of ~0.5 kB (a snippet of 24 tokens and the fields around it) without doubling.
        var w = JSONWriter(capacity: 640 * scores.count)
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            let start = w.bytes.count
            let rowid = sqlite3_column_int64(raw, 9)
            // Keys sorted, absent optionals left out: as `SearchHit.write`.
            w.beginObject()
            field(raw, 3, "author", to: &w)
            field(raw, 0, "id", to: &w, required: true)
            field(raw, 5, "path", to: &w, required: true)
            field(raw, 4, "published", to: &w)
            w.field("quotes", Int(sqlite3_column_int64(raw, 6)))
            try w.field("score", scores[rowid] ?? 0)
            field(raw, 8, "snippet", to: &w, required: true)
            field(raw, 2, "source", to: &w)
            field(raw, 1, "title", to: &w)
            w.endObject()
            records.ranges[rowid] = start..<w.bytes.count
        }
        records.bytes = w.bytes
        return records
    }

    /// `"key":"text"` for column `index`; NULL leaves the key out, or writes `""` when `required`.
    private static func field(_ statement: SQLiteStatement, _ index: Int32, _ key: String, to w: inout JSONWriter,
                              required: Bool = false) {
        guard let bytes = utf8(statement, index) else {
            if required { w.field(key, "") }
            return
        }
        w.key(key)
        w.value(utf8: bytes)
    }

    /// Column `index` as text, nil for NULL.
    private static func text(_ statement: SQLiteStatement, _ index: Int32) -> String? {
        utf8(statement, index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The UTF-8 bytes of column `index` (valid until the statement steps), nil for NULL.
    private static func utf8(_ statement: SQLiteStatement, _ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL, let bytes = sqlite3_column_text(statement, index) else {
            return nil
        }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index)))
    }
}
