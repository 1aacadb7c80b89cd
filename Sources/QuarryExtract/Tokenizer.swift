/// Splits clean text into `Token`s by scanning UTF-8 bytes (no regular expressions, no per-word strings).
enum Tokenizer {
    /// Quotation marks: never part of a token unless used as an apostrophe inside a word.
    @inline(__always)
    static func isQuoteMark(_ c: UInt32) -> Bool {
        switch c {
        case 0x22, 0x27, 0x60, 0xAB, 0xBB, 0xB4, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F,
            0x2039, 0x203A, 0x2032, 0x2033:
            return true
        default:
            return false
        }
    }

    static let abbreviations: WordSet = {
        let words = [
            "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "jr", "sr",
            "inc", "corp", "co", "ltd", "vs", "etc", "no", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec",
            "mt", "ft", "rev", "ave", "maj", "adm", "cmdr", "gov", "supt", "det", "insp", "hon", "messrs", "mme",
        ]
        var set = Set<UInt64>()
        for w in words {
            var h = TextScan.fnvOffset
            for b in w.utf8 { h = TextScan.mix(h, b) }
            set.insert(TextScan.mix(h, 0x2E))
        }
        return WordSet(set)
    }()

    /// Tokens of a whole text treated as one paragraph outside quotes (used for lexicon phrases).
    static func words(in bytes: [UInt8]) -> [Token] {
        var out: [Token] = []
        bytes.withUnsafeBufferPointer { scan($0, 0..<bytes.count, paragraph: 0, into: &out) }
        return out.filter(\.isWord)
    }

    /// Tokens of every paragraph, tagged with paragraph and top-level quote indexes.
    static func tokenize(_ bytes: [UInt8], paragraphs: [Range<Int>], quotes: [QuoteSpan]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(bytes.count / 5)
        bytes.withUnsafeBufferPointer { buffer in
            for (p, range) in paragraphs.enumerated() {
                scan(buffer, range, paragraph: Int32(p), into: &out)
            }
        }
        // Quote membership and sentence starts in one pass.
        var q = 0
        var previous: Token?
        for i in out.indices {
            let start = out[i].start
            while q < quotes.count, quotes[q].contentEnd <= start { q += 1 }
            if q < quotes.count, quotes[q].contentStart <= start { out[i].quote = Int32(q) }
            if let prev = previous {
                if prev.paragraph != out[i].paragraph || prev.isSentenceEnd || prev.quote != out[i].quote
                    || prev.isPunct(":") && out[i].isCapitalized
                {
                    out[i].flags.insert(.sentenceStart)
                }
            } else {
                out[i].flags.insert(.sentenceStart)
            }
            previous = out[i]
        }
        return out
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, paragraph: Int32, into out: inout [Token]) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let (c, len) = TextScan.scalar(bytes, i)
            if TextScan.isLetter(c) || TextScan.isDigit(c) {
                i = word(bytes, from: i, limit: end, paragraph: paragraph, into: &out)
            } else if TextScan.isSpace(c) || isQuoteMark(c) || c < 0x20 {
                i += len
            } else {
                out.append(
                    Token(start: i, end: i + len, hash: UInt64(c), flags: .punct, quote: -1, paragraph: paragraph))
                i += len
            }
        }
    }

    /// Reads one word starting at `start`; returns the offset after it (after a possessive `'s`).
    @inline(__always)
    static func word(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, paragraph: Int32, into out: inout [Token]
    ) -> Int {
        var i = start
        var h = TextScan.fnvOffset
        var letters = 0
        var uppers = 0
        var flags: Token.Flags = .word
        var segmentLetters = 0
        var hasPeriod = false
        var wordEnd = start
        var next = start
        func peek(_ at: Int) -> UInt32 { at < limit ? TextScan.scalar(bytes, at).0 : 0 }
        while i < limit {
            // ASCII letters and digits: the common case, without decoding.
            let b = bytes[i]
            if b < 0x80 {
                let lower = b | 0x20
                if lower >= 0x61 && lower <= 0x7A {
                    letters += 1
                    segmentLetters += 1
                    if b < 0x61 {
                        uppers += 1
                        if i == start { flags.insert(.capitalized) }
                    }
                    h = TextScan.mix(h, lower)
                    i += 1
                    wordEnd = i
                    next = i
                    continue
                }
                if b >= 0x30 && b <= 0x39 {
                    flags.insert(.hasDigit)
                    h = TextScan.mix(h, b)
                    i += 1
                    wordEnd = i
                    next = i
                    continue
                }
            }
            let (c, len) = TextScan.scalar(bytes, i)
            if TextScan.isLetter(c) || TextScan.isDigit(c) {
                if TextScan.isDigit(c) {
                    flags.insert(.hasDigit)
                } else {
                    letters += 1
                    segmentLetters += 1
                    if TextScan.isUpper(c) {
                        uppers += 1
                        if i == start { flags.insert(.capitalized) }
                    }
                }
                if let f = TextScan.foldedLatin(c) {
                    h = TextScan.mix(h, f)
                } else if TextScan.isUpper(c), let s = Unicode.Scalar(c) {
                    for b in s.properties.lowercaseMapping.utf8 { h = TextScan.mix(h, b) }
                } else {
                    for k in 0..<len { h = TextScan.mix(h, bytes[i + k]) }
                }
                i += len
                wordEnd = i
                next = i
                continue
            }
            if c == 0x27 || c == 0x2019 || c == 0x2BC {
                let n = peek(i + len)
                if TextScan.isLetter(n) {
                    // Possessive 's ends the word; other apostrophes (don't, O'Brien) stay inside.
                    if n == 0x73 || n == 0x53, !TextScan.isLetter(peek(i + len + 1)) {
                        flags.insert(.possessive)
                        next = i + len + 1
                        break
                    }
                    h = TextScan.mix(h, 0x27)
                    i += len
                    segmentLetters = 0
                    continue
                }
                break
            }
            if c == 0x2D || c == 0x2011 {
                let n = peek(i + len)
                if TextScan.isLetter(n) || TextScan.isDigit(n) {
                    h = TextScan.mix(h, 0x2D)
                    i += len
                    segmentLetters = 0
                    continue
                }
                break
            }
            if c == 0x2E {
                let n = peek(i + 1)
                if TextScan.isLetter(n) {
                    // U.S, Caliber.Az: a period glued to a following letter stays inside.
                    h = TextScan.mix(h, 0x2E)
                    hasPeriod = true
                    i += 1
                    segmentLetters = 0
                    continue
                }
                let withPeriod = TextScan.mix(h, 0x2E)
                if (segmentLetters == 1 && (hasPeriod || uppers == 1) && !TextScan.isDigit(n))
                    || abbreviations.contains(withPeriod)
                {
                    // Initials (J.), U.S., Mr.: the period belongs to the word, not the sentence.
                    h = withPeriod
                    i += 1
                    wordEnd = i
                    next = i
                }
                break
            }
            break
        }
        if letters > 0 { flags.insert(.hasLetter) }
        if letters >= 2 && uppers == letters { flags.insert(.allCaps) }
        out.append(Token(start: start, end: wordEnd, hash: h, flags: flags, quote: -1, paragraph: paragraph))
        return max(next, wordEnd, start + 1)
    }
}
