/// Turns the bytes of a text input into a `String` plus the map from its UTF-8 offsets back to bytes.
///
/// UTF-8 is tried first (a byte-order mark is dropped and recorded as a shift of 3); anything else is
/// read as Windows-1252, which is Latin-1 with printable characters in 0x80–0x9F — the legacy
/// single-byte encoding scraped news text actually comes in.
enum SourceDecoder {
    enum Outcome {
        case decoded(String, SourceByteMap)
        case rejected(String)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let b = bytes.bindMemory(to: UInt8.self)
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) {
            return .rejected("UTF-16 text is not supported (convert it to UTF-8)")
        }
        var controls = 0
        var high = 0
        var allSpace = true
        for byte in b {
            if byte == 0 { return .rejected("binary file") }
            if byte < 0x20 {
                if byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C { controls += 1 }
            } else if byte >= 0x80 {
                high += 1
                allSpace = false
            } else if byte != 0x20 {
                allSpace = false
            }
        }
        if b.isEmpty || allSpace { return .rejected("empty file") }
        // Text has a control character now and then (a stray form feed, an escape); binary has many.
        if controls * 100 > b.count * 2 { return .rejected("binary file") }
        let hasBOM = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        let body = UnsafeBufferPointer(rebasing: b[(hasBOM ? 3 : 0)...])
        if let text = String(validating: body, as: UTF8.self) {
            if isBlank(text) { return .rejected("empty file") }
            return .decoded(text, .utf8(shift: hasBOM ? 3 : 0))
        }
        if hasBOM { return .rejected("not valid UTF-8 despite its byte-order mark") }
        // Mostly non-ASCII bytes that are not UTF-8 are a multi-byte legacy encoding (Shift-JIS, GBK…),
        // which Windows-1252 would turn into plausible-looking garbage.
        if high * 100 > b.count * 30 { return .rejected("not UTF-8 and not a single-byte text encoding") }
        return decodeWindows1252(b)
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Windows-1252 characters of 0x80–0x9F; the five undefined positions keep their Latin-1 (C1) value.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ b: UnsafeBufferPointer<UInt8>) -> Outcome {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        var starts: [Int] = []
        starts.reserveCapacity(b.count)
        for byte in b {
            starts.append(out.count)
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? cp1252High[Int(byte - 0x80)] : UInt32(byte)
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        if isBlank(text) { return .rejected("empty file") }
        return .decoded(text, .singleByte(scalarStarts: starts))
    }
}
