/// A read-only open-addressing table keyed by folded word hashes.
///
/// The keys are already hashes, so this skips `Hasher` (SipHash), which dominated lexicon look-ups.
struct WordTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var shift: UInt64

    init(_ pairs: [UInt64: Value]) {
        var bits: UInt64 = 4
        while (1 << bits) < pairs.count * 2 + 1 { bits += 1 }
        let size = 1 << Int(bits)
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: nil, count: size)
        shift = 64 - bits
        let mask = size - 1
        for (k, v) in pairs {
            var i = Self.slot(k, shift)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }

    @inline(__always)
    private static func slot(_ k: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    subscript(_ k: UInt64) -> Value? {
        let mask = keys.count - 1
        var i = Self.slot(k, shift)
        while true {
            let key = keys[i]
            if key == k { return values[i] }
            if key == 0 { return nil }
            i = (i + 1) & mask
        }
    }
}

/// A read-only set of folded word hashes (see `WordTable`).
struct WordSet: Sendable {
    private var table: WordTable<Bool>

    init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        var pairs: [UInt64: Bool] = [:]
        for k in keys { pairs[k] = true }
        table = WordTable(pairs)
    }

    @inline(__always)
    func contains(_ k: UInt64) -> Bool { table[k] != nil }
}
