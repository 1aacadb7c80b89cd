/// One word or punctuation mark of an article's clean text, with its UTF-8 byte range.
///
/// Words carry a folded hash (lowercase, Latin diacritics removed, a trailing possessive `'s` dropped)
/// so lexicon look-ups never build strings.
struct Token: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        static let word = Flags(rawValue: 1 << 0)
        static let capitalized = Flags(rawValue: 1 << 1)
        static let allCaps = Flags(rawValue: 1 << 2)
        static let possessive = Flags(rawValue: 1 << 3)
        static let sentenceStart = Flags(rawValue: 1 << 4)
        static let punct = Flags(rawValue: 1 << 5)
        static let hasDigit = Flags(rawValue: 1 << 6)
        static let hasLetter = Flags(rawValue: 1 << 7)
    }

    var start: Int
    /// End of the word itself (before a possessive `'s`).
    var end: Int
    /// Folded word hash, or the code point for punctuation.
    var hash: UInt64
    var flags: Flags
    /// Index of the top-level quote containing the token, -1 outside quotes.
    var quote: Int32
    var paragraph: Int32

    var isWord: Bool { flags.contains(.word) }
    var isCapitalized: Bool { flags.contains(.capitalized) }
    @inline(__always)
    func isPunct(_ c: Unicode.Scalar) -> Bool {
        flags.contains(.punct) && hash == UInt64(c.value)
    }
    var isSentenceEnd: Bool {
        flags.contains(.punct) && (hash == 0x2E || hash == 0x21 || hash == 0x3F || hash == 0x2026)
    }
}
