/// Splits text into lowercase words roughly as FTS5's unicode61 tokenizer does, for the prefix
/// vocabulary. Exactness only matters for prefix expansion, so non-ASCII handling is simple.
package enum WordSplitter {
    /// Calls `body` with each word of `text` (3 to 40 bytes long), in order, repeats included.
    package static func forEachWord(in text: String, _ body: (String) -> Void) {
        // The word under construction is passed `inout` rather than captured by a nested function:
        // a captured `var` costs a dynamic exclusivity check per byte (measured: ~5% of indexing CPU).
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var hasNonASCII = false
        var utf8 = text
        utf8.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    current.append(byte | 0x20)
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80:
                    // U+2000–U+203F: spaces, dashes, curly quotes, ellipsis: separators, as in unicode61.
                    if !current.isEmpty { emit(&current, &hasNonASCII, body) }
                    i += 2
                case 0xC2 where i + 1 < n && bytes[i + 1] == 0xA0:
                    if !current.isEmpty { emit(&current, &hasNonASCII, body) }
                    i += 1
                case 0x80...0xFF:
                    current.append(byte)
                    hasNonASCII = true
                default:
                    if !current.isEmpty { emit(&current, &hasNonASCII, body) }
                }
                i += 1
            }
        }
        if !current.isEmpty { emit(&current, &hasNonASCII, body) }
    }

    /// Hands the finished word to `body` when its length fits, and starts the next one.
    private static func emit(_ current: inout [UInt8], _ hasNonASCII: inout Bool, _ body: (String) -> Void) {
        if current.count >= 3 && current.count <= 40 {
            var word = String(decoding: current, as: UTF8.self)
            if hasNonASCII {
                word = word.lowercased().applyingFoldedDiacritics()
            }
            body(word)
        }
        current.removeAll(keepingCapacity: true)
        hasNonASCII = false
    }
}

extension String {
    /// Lowercase ASCII letters without diacritics where a plain decomposition gives them; curly
    /// punctuation inside the word ends up removed by the caller's length rules.
    fileprivate func applyingFoldedDiacritics() -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019, 0x201C, 0x201D, 0x2013, 0x2014, 0x00A0, 0x2026:
                continue
            default:
                break
            }
            if let folded = foldedLatin[scalar.value] {
                out.append(folded)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

private let foldedLatin: [UInt32: Unicode.Scalar] = {
    let pairs: [(String, Unicode.Scalar)] = [
        ("àáâãäåā", "a"), ("çćč", "c"), ("ďđ", "d"), ("èéêëēėęě", "e"), ("ğ", "g"), ("ìíîïīį", "i"),
        ("łľ", "l"), ("ñńň", "n"), ("òóôõöøō", "o"), ("ŕř", "r"), ("śšş", "s"), ("ťţ", "t"),
        ("ùúûüūůű", "u"), ("ýÿ", "y"), ("źżž", "z"),
    ]
    var map: [UInt32: Unicode.Scalar] = [:]
    for (letters, base) in pairs {
        for s in letters.unicodeScalars { map[s.value] = base }
    }
    return map
}()
