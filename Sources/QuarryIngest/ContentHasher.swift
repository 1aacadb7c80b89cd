/// A fast 64-bit hash that is stable across runs and machines (unlike Swift's seeded `Hasher`).
///
/// FNV-1a's xor-multiply step applied to 8-byte little-endian words (then to the tail bytes), with a
/// final avalanche: byte-wise FNV-1a was a tenth of the time of reading NDJSON. It detects changed
/// inputs; it is not a cryptographic hash.
package struct ContentHasher: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hasher in its initial state.
    package init() {}

    /// Mixes bytes into the hash.
    package mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var h = state
        let words = bytes.count / 8
        for w in 0..<words {
            h ^= UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))
            h &*= 0x0000_0100_0000_01b3
            h ^= h >> 29
        }
        for byte in bytes[(words * 8)...] {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        h ^= UInt64(bytes.count)
        state = h
    }

    /// Mixes a string's UTF-8 bytes into the hash, followed by a separator byte.
    package mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        combine(separator: 0x1F)
    }

    private mutating func combine(separator: UInt8) {
        state ^= UInt64(separator)
        state &*= 0x0000_0100_0000_01b3
    }

    /// The hash as 16 lowercase hex digits.
    package var hexDigest: String {
        var h = state
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Hash of a byte buffer, as hex.
    package static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        var hasher = ContentHasher()
        hasher.combine(bytes)
        return hasher.hexDigest
    }
}
