/// The keys of one JSON object read so far, to refuse a duplicate (`JSONScanner.nextKey`).
///
/// Objects on the wire have a dozen keys at most: a list compared key by key is cheaper than hashing
/// each key into a set (a tenth of the client's time on a large export). Past 16 keys it becomes a set.
struct SeenKeys {
    private var few: [String] = []
    private var many: Set<String>?

    init() {
        few.reserveCapacity(16)
    }

    /// Adds `key`; false when it was already there.
    mutating func insert(_ key: String) -> Bool {
        if many != nil { return many!.insert(key).inserted }
        if few.contains(key) { return false }
        few.append(key)
        if few.count > 16 { many = Set(few) }
        return true
    }
}
