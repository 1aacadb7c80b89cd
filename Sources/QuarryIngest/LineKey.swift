#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The normalised form of a short line that phrase rules are compared with (see `CleaningRules`).
enum LineKey {
    /// Lower-cases ASCII, folds curly quotes and dashes, collapses every kind of space, trims.
    static func normalize(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: range.count)
        var n = 0
        out.withUnsafeMutableBufferPointer { o in
            var pendingSpace = false
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                let b = buf[i]
                var emitted: UInt8 = 0
                if b < 0x80 {
                    i += 1
                    if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                        pendingSpace = true
                        continue
                    }
                    emitted = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                } else {
                    let width = spaceWidth(buf, i, end)
                    if width > 0 {
                        pendingSpace = true
                        i += width
                        continue
                    }
                    emitted = b
                    i += 1
                    if b == 0xE2, i + 1 < end, buf[i] == 0x80 {
                        switch buf[i + 1] {
                        case 0x98, 0x99: emitted = 0x27; i += 2
                        case 0x9C, 0x9D: emitted = 0x22; i += 2
                        case 0x93, 0x94: emitted = 0x2D; i += 2
                        default: break
                        }
                    }
                }
                if pendingSpace, n > 0 {
                    o[n] = 0x20
                    n += 1
                }
                pendingSpace = false
                o[n] = emitted
                n += 1
            }
        }
        out.removeLast(out.count - n)
        return out
    }

    /// Byte length of a non-ASCII space (no-break, thin, ideographic, zero-width, BOM) at `i`, else 0.
    @inline(__always)
    static func spaceWidth(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b = buf[i]
        if b == 0xC2, i + 1 < end, buf[i + 1] == 0xA0 { return 2 }
        if b == 0xE2, i + 2 < end, buf[i + 1] == 0x80 {
            let c = buf[i + 2]
            if c <= 0x8B || c == 0xAF { return 3 }
        }
        if b == 0xE2, i + 2 < end, buf[i + 1] == 0x81, buf[i + 2] == 0x9F { return 3 }
        if b == 0xE3, i + 2 < end, buf[i + 1] == 0x80, buf[i + 2] == 0x80 { return 3 }
        if b == 0xEF, i + 2 < end, buf[i + 1] == 0xBB, buf[i + 2] == 0xBF { return 3 }
        return 0
    }

    /// `key` without trailing `: . ! | -` and spaces, the form `drop_lines` is compared in.
    static func stripped(_ key: [UInt8]) -> ArraySlice<UInt8> {
        var end = key.count
        while end > 0, [0x3A, 0x2E, 0x21, 0x7C, 0x2D, 0x20].contains(key[end - 1]) { end -= 1 }
        return key[0..<end]
    }

    static func normalize(_ string: String) -> [UInt8] {
        var s = string
        return s.withUTF8 { normalize($0, 0..<$0.count) }
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        hay.withUnsafeBufferPointer { find($0, 0..<$0.count, needle) != nil }
    }

    /// First index of `needle` within `range` of `buf`: `memchr` (vectorised in libc) for the needle's
    /// rarest byte, then `memcmp` for the whole needle.
    static func find(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: [UInt8]) -> Int? {
        find(buf, range, Needle(needle))
    }

    static func find(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: Needle) -> Int? {
        guard needle.bytes.count <= range.count, let base = buf.baseAddress else { return nil }
        let anchor = needle.anchor
        let needle = needle.bytes
        let anchorByte = Int32(needle[anchor])
        let lastStart = range.upperBound - needle.count
        var i = range.lowerBound
        return needle.withUnsafeBytes { n -> Int? in
            while i <= lastStart {
                guard let hit = memchr(base + i + anchor, anchorByte, lastStart - i + 1) else { return nil }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit)) - anchor
                if memcmp(base + at, n.baseAddress!, n.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }

    /// A byte string to search for, with the position of its rarest byte worked out once.
    struct Needle: Sendable {
        let bytes: [UInt8]
        let anchor: Int
        init(_ bytes: [UInt8]) {
            precondition(!bytes.isEmpty)
            self.bytes = bytes
            anchor = LineKey.anchorIndex(bytes)
        }
    }

    /// Index of the byte of `needle` least likely in running text (spaces and common letters are not).
    @inline(__always)
    static func anchorIndex(_ needle: [UInt8]) -> Int {
        var best = 0
        var bestScore = Int.max
        for (k, b) in needle.enumerated() {
            let score: Int
            switch b {
            case 0x20: score = 100
            case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
                UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "r"):
                score = 50
            case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "l"), UInt8(ascii: "u"): score = 30
            case 0x61...0x7A: score = 8
            case UInt8(ascii: "."), UInt8(ascii: ","): score = 10
            case 0x41...0x5A, 0x30...0x39: score = 9
            case 0x80...: score = 4
            default: score = 3
            }
            if score < bestScore {
                bestScore = score
                best = k
            }
        }
        return best
    }

    /// True when `buf[range]` starts with `prefix`.
    @inline(__always)
    static func hasPrefix(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= range.count, let base = buf.baseAddress else { return false }
        return prefix.withUnsafeBytes { memcmp(base + range.lowerBound, $0.baseAddress!, prefix.count) == 0 }
    }
}
