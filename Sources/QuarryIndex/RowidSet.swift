import Synchronization

/// A set of article rowids as bits, e.g. the articles quoting one of a filter's speakers.
final class RowidSet: Sendable {
    private let bits: [UInt64]
    let count: Int

    init(_ builder: Builder) {
        bits = builder.words
        count = builder.words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The bits of a set being filled, for rowids 0...`maxRowid`.
    struct Builder {
        fileprivate var words: [UInt64]

        init(maxRowid: Int) {
            words = [UInt64](repeating: 0, count: max(0, maxRowid) / 64 + 1)
        }

        mutating func insert(_ rowid: Int) {
            words[rowid >> 6] |= 1 << UInt64(rowid & 63)
        }
    }

    /// The set as published words (bit r is bit r % 32 of word r / 32), for `quarry_in_bits`.
    func published() -> PublishedWords? {
        PublishedWords(count: bits.count * 2) { words in
            for (i, word) in bits.enumerated() where word != 0 {
                words[2 * i] = UInt32(truncatingIfNeeded: word)
                words[2 * i + 1] = UInt32(truncatingIfNeeded: word >> 32)
            }
        }
    }

    func contains(_ rowid: Int64) -> Bool {
        guard rowid >= 0 else { return false }
        let word = Int(rowid >> 6)
        return word < bits.count && bits[word] & (1 << UInt64(rowid & 63)) != 0
    }
}

/// Owns the rowid sets SQL may read while a query runs, each published as words for the C function
/// `quarry_in_bits(rowid, id)` that every reader connection has (`PublishedWords`).
///
/// A query registers its set, binds the id as a statement argument, and removes the set when done;
/// ids are never reused, and statements still reading a removed set keep its words until they end.
enum RowidSetRegistry {
    private static let sets = Mutex<[Int: (set: RowidSet, words: PublishedWords)]>([:])

    /// The id of `set` for SQL; nil when its words could not be published (out of memory).
    static func register(_ set: RowidSet) -> Int? {
        guard let words = set.published() else { return nil }
        let id = Int(words.id)
        sets.withLock { $0[id] = (set, words) }
        return id
    }

    static func remove(_ id: Int) {
        _ = sets.withLock { $0.removeValue(forKey: id) }
    }

    static func set(_ id: Int) -> RowidSet? {
        sets.withLock { $0[id]?.set }
    }
}
