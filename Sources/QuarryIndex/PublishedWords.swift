import CSQLiteTuning

/// An array of 32-bit words published for the SQL functions of every connection (CSQLiteTuning's
/// QuarryWords.c) under `id`: document lengths for `quarry_bm25` (`DocumentLengths`), rowid bits for
/// `quarry_in_bits` (`bits(of:)`). Withdrawn when released; statements already reading the words keep
/// them until they end.
package final class PublishedWords: Sendable {
    /// The SQL function `quarry_in_bits(rowid, id)`: whether bit `rowid` of the words `id` is set.
    static let inBitsFunction = "quarry_in_bits"

    /// The id SQL functions find the words by.
    package let id: Int64

    /// Publishes `count` words as `fill` sets them (zero before); nil when out of memory.
    init?(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt32>) throws -> Void) rethrows {
        guard count >= 0, let words = quarry_words_create(Int64(count)) else { return nil }
        do {
            try fill(UnsafeMutableBufferPointer(start: quarry_words_values(words), count: count))
        } catch {
            quarry_words_discard(words)
            throw error
        }
        id = quarry_words_publish(words)
    }

    deinit {
        quarry_words_withdraw(id)
    }

    /// The bits of `rowids` (each >= 0) for `quarry_in_bits(rowid, id)`.
    static func bits(of rowids: some Collection<Int64>) -> PublishedWords? {
        let maxRowid = rowids.max() ?? 0
        guard maxRowid < Int64(Int32.max), rowids.allSatisfy({ $0 >= 0 }) else { return nil }
        return PublishedWords(count: Int(maxRowid / 32) + 1) { words in
            for r in rowids { words[Int(r / 32)] |= 1 << UInt32(r % 32) }
        }
    }
}
