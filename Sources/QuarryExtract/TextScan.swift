/// Byte- and scalar-level helpers shared by the scanners: UTF-8 decoding, letter tests, folding, hashing.
enum TextScan {
    /// Decodes the scalar starting at `i`; returns the code point and its UTF-8 length (1 for bad bytes).
    @inline(__always)
    static func scalar(_ bytes: [UInt8], _ i: Int) -> (UInt32, Int) {
        decode(bytes, i)
    }

    /// `scalar(_:_:)` over a buffer (the tokenizer's hot loop).
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        decode(bytes, i)
    }

    /// The one UTF-8 decoder behind both `scalar` overloads (specialised for each at compile time).
    @inline(__always)
    private static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ i: Int) -> (UInt32, Int)
    where Bytes.Index == Int {
        let b0 = bytes[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = bytes.count
        if b0 >= 0xF0, i + 3 < n {
            let v = (UInt32(b0 & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12)
                | (UInt32(bytes[i + 2] & 0x3F) << 6) | UInt32(bytes[i + 3] & 0x3F)
            return (v, 4)
        }
        if b0 >= 0xE0, i + 2 < n {
            let v = (UInt32(b0 & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
            return (v, 3)
        }
        if b0 >= 0xC0, i + 1 < n {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F), 2)
        }
        return (UInt32(b0), 1)
    }

    /// Start of the scalar before offset `i` (or -1 at the start).
    @inline(__always)
    static func previousStart(_ bytes: [UInt8], _ i: Int) -> Int {
        var j = i - 1
        while j > 0, bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    @inline(__always)
    static func isSpace(_ c: UInt32) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0xA0 || (c >= 0x2000 && c <= 0x200B)
            || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF
    }

    @inline(__always)
    static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        if c < 0xC0 { return c == 0xAA || c == 0xB5 || c == 0xBA }
        if c == 0xD7 || c == 0xF7 { return false }
        if c < 0x2000 { return true }
        // General punctuation, symbols and arrows (quotes, dashes, bullets): never letters, and common.
        if c < 0x2C00 || (c >= 0x3000 && c < 0x3040) || (c >= 0xFE00 && c < 0xFE70) { return false }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic
    }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always)
    static func isUpper(_ c: UInt32) -> Bool {
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isUppercase
    }

    // Latin-1 Supplement (U+00C0…U+00FF) and Latin Extended-A (U+0100…U+017F) without diacritics.
    private static let latinFold: [UInt8] = Array(
        ("aaaaaaaceeeeiiiidnooooo\u{0}ouuuuyts" + "aaaaaaaceeeeiiiidnooooo\u{0}ouuuuyty"
            + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrr"
            + "ssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs").utf8)

    /// Lowercase ASCII letter for `c` with diacritics removed, or nil when `c` is not a Latin letter.
    @inline(__always)
    static func foldedLatin(_ c: UInt32) -> UInt8? {
        if c < 0x80 {
            if c >= 0x41 && c <= 0x5A { return UInt8(c + 0x20) }
            return UInt8(c)
        }
        if c >= 0xC0 && c <= 0x17F {
            let f = latinFold[Int(c - 0xC0)]
            return f == 0 ? nil : f
        }
        return nil
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    static func mix(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* fnvPrime }

    /// Combines the hashes of consecutive words into a phrase key.
    @inline(__always)
    static func phrase(_ h: UInt64, _ word: UInt64) -> UInt64 { (h ^ word) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B }

    /// The folded, hashed form of one word as the tokenizer would hash it.
    static func wordHash(_ word: String) -> UInt64 {
        let toks = Tokenizer.words(in: Array(word.utf8))
        return toks.count == 1 ? toks[0].hash : phraseHash(toks.map(\.hash))
    }

    static func phraseHash(_ words: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x51_7CC1_B727_220A
        for w in words { h = phrase(h, w) }
        return h
    }
}
