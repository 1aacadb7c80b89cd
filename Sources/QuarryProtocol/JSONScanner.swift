/// Reads one JSON text token by token (RFC 8259, strict), for decoders written by hand.
///
/// It owns the input bytes and the read position. The caller walks the structure it expects:
/// `beginObject()` then `nextKey(&seen)` until nil, `beginArray()` then `nextElement()` until false,
/// and a typed read for each scalar. Anything unexpected — a wrong type, a duplicate key, bad
/// syntax or UTF-8, a number that does not fit — throws `Mismatch`, so the caller can hand the line
/// to `JSONDecoder` instead and behave exactly as before.
struct JSONScanner {
    struct Mismatch: Error {}

    private let bytes: [UInt8]
    private var i = 0
    /// True right after `{` or `[`, where no comma may come.
    private var atContainerStart = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Throws unless only whitespace is left.
    mutating func end() throws {
        skipSpace()
        guard i == bytes.count else { throw Mismatch() }
    }

    mutating func beginObject() throws {
        try expect(UInt8(ascii: "{"))
        atContainerStart = true
    }

    mutating func beginArray() throws {
        try expect(UInt8(ascii: "["))
        atContainerStart = true
    }

    /// The next member's key (its value is next to read), or nil after the closing `}`.
    /// A key already in `seen` throws: duplicate keys are left to `JSONDecoder`.
    mutating func nextKey(_ seen: inout SeenKeys) throws -> String? {
        guard try nextItem(closer: UInt8(ascii: "}")) else { return nil }
        let key = try string()
        guard seen.insert(key) else { throw Mismatch() }
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// True when another array element follows (read it next), false after the closing `]`.
    mutating func nextElement() throws -> Bool {
        try nextItem(closer: UInt8(ascii: "]"))
    }

    /// Consumes `null` if it comes next.
    mutating func null() -> Bool {
        skipSpace()
        guard bytes[i...].starts(with: "null".utf8) else { return false }
        i += 4
        atContainerStart = false
        return true
    }

    mutating func bool() throws -> Bool {
        skipSpace()
        atContainerStart = false
        if bytes[i...].starts(with: "true".utf8) {
            i += 4
            return true
        }
        if bytes[i...].starts(with: "false".utf8) {
            i += 5
            return false
        }
        throw Mismatch()
    }

    /// An integer literal (no fraction or exponent) that fits in `Int`.
    mutating func int() throws -> Int {
        let (text, integral) = try number()
        guard integral, let value = Int(text) else { throw Mismatch() }
        return value
    }

    /// Any number literal with a finite `Double` value.
    mutating func double() throws -> Double {
        guard let value = Double(try number().text), value.isFinite else { throw Mismatch() }
        return value
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        atContainerStart = false
        let start = i
        // 8 bytes at a time up to the first that ends the plain run (`JSONWriter.mayNeedEscape`).
        i = bytes.withUnsafeBytes { buffer in
            var i = i
            while i + 8 <= buffer.count, !JSONWriter.mayNeedEscape(buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
            }
            while i < buffer.count, buffer[i] >= 0x20, buffer[i] != UInt8(ascii: "\""), buffer[i] != UInt8(ascii: "\\") {
                i += 1
            }
            return i
        }
        guard i < bytes.count else { throw Mismatch() }
        var utf8 = bytes[start..<i]
        if bytes[i] != UInt8(ascii: "\"") { utf8 = try escapedString(prefix: utf8)[...] }
        i += 1  // the closing quote
        // Validated here, then decoded without a second check (`String(validating:)` is generic and
        // looked up type metadata for every string).
        return try utf8.withUnsafeBufferPointer { utf8 in
            guard JSONWriter.isValidUTF8(utf8) else { throw Mismatch() }
            return String(decoding: utf8, as: UTF8.self)
        }
    }

    /// The rest of a string with escapes, up to (not past) its closing quote, as UTF-8.
    private mutating func escapedString(prefix: ArraySlice<UInt8>) throws -> [UInt8] {
        var out = Array(prefix)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return out }
            guard b >= 0x20 else { throw Mismatch() }
            i += 1
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                continue
            }
            guard i < bytes.count else { throw Mismatch() }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard bytes[i...].starts(with: #"\u"#.utf8) else { throw Mismatch() }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Mismatch() }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw Mismatch() }  // a lone low surrogate
                UTF8.encode(scalar) { out.append($0) }
            default: throw Mismatch()
            }
        }
        throw Mismatch()
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw Mismatch() }
        var code: UInt32 = 0
        for b in bytes[i..<i + 4] {
            guard let digit = Character(Unicode.Scalar(b)).hexDigitValue else { throw Mismatch() }
            code = code << 4 | UInt32(digit)
        }
        i += 4
        return code
    }

    /// A number literal per the JSON grammar, and whether it has neither fraction nor exponent.
    private mutating func number() throws -> (text: String, integral: Bool) {
        skipSpace()
        atContainerStart = false
        let start = i
        var integral = true
        if peek() == UInt8(ascii: "-") { i += 1 }
        if peek() == UInt8(ascii: "0") {
            i += 1
        } else {
            try digits()
        }
        if peek() == UInt8(ascii: ".") {
            i += 1
            integral = false
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            integral = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            try digits()
        }
        return (String(decoding: bytes[start..<i], as: UTF8.self), integral)
    }

    /// One or more ASCII digits.
    private mutating func digits() throws {
        let start = i
        while let b = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { i += 1 }
        guard i > start else { throw Mismatch() }
    }

    /// Moves to the next item of the open container: false (having consumed `closer`) at its end.
    private mutating func nextItem(closer: UInt8) throws -> Bool {
        skipSpace()
        if peek() == closer {
            i += 1
            atContainerStart = false
            return false
        }
        if !atContainerStart { try expect(UInt8(ascii: ",")) }
        atContainerStart = false
        return true
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard peek() == byte else { throw Mismatch() }
        i += 1
    }

    private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let b = peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }
}
