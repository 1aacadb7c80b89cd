/// Search hits already written as wire JSON: quarryd's `--all` exports read hundreds of thousands of
/// records, and writing each straight from SQLite's column bytes skips building a `SearchHit` and
/// holds a window of records in a third of the memory.
///
/// It owns the records' text: each record a JSON object as `Reply.line()` writes a `SearchHit`,
/// separated by commas. Never on the wire by itself: `Reply.line()` writes it as `hits`.
public struct EncodedHits: Sendable, Equatable {
    /// The records, comma-separated, without the enclosing brackets.
    public private(set) var json: [UInt8] = []
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        json.reserveCapacity(capacity)
    }

    /// Appends one record written by `JSONWriter` as a single JSON object.
    public mutating func append(record: some Collection<UInt8>) {
        if count > 0 { json.append(UInt8(ascii: ",")) }
        json.append(contentsOf: record)
        count += 1
    }

    /// Appends `hit` as the wire writes it.
    public mutating func append(_ hit: SearchHit) throws {
        append(record: try hit.wireRecord())
    }
}
