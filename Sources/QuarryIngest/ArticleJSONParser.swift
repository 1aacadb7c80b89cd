#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small JSON parser for one article object, built for NDJSON throughput.
///
/// It validates the whole object (so a truncated or broken line is rejected) but only materialises
/// the keys an article uses; every other value is checked and skipped. `JSONDecoder` spent most of the
/// time of a 10,000-article load building values nobody reads.
struct ArticleJSONParser {
    private let p: UnsafeRawBufferPointer
    private var i = 0

    private init(_ bytes: UnsafeRawBufferPointer) { p = bytes }

    /// Parses `bytes` as one JSON object holding an article.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<ArticleRecord, ReasonError> {
        var parser = ArticleJSONParser(bytes)
        do {
            parser.skipSpace()
            guard parser.i < bytes.count else { throw ReasonError("empty") }
            guard bytes[parser.i] == UInt8(ascii: "{") else { throw ReasonError("not a JSON object") }
            let record = try parser.object()
            parser.skipSpace()
            guard parser.i == bytes.count else { throw parser.unexpected() }
            return .success(record)
        } catch let error as ReasonError {
            return .failure(error)
        } catch {
            return .failure(ReasonError("not valid JSON"))
        }
    }

    private mutating func skipSpace() {
        while i < p.count {
            let b = p[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    private func unexpected() -> ReasonError {
        guard i < p.count else { return ReasonError("unexpected end of input") }
        let b = p[i]
        let shown = b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
        return ReasonError("unexpected \(shown) at column \(i + 1)")
    }

    private mutating func expect(_ c: UInt8) throws {
        skipSpace()
        guard i < p.count, p[i] == c else { throw unexpected() }
        i += 1
    }

    private mutating func object() throws -> ArticleRecord {
        var record = ArticleRecord()
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "}") {
            i += 1
            return record
        }
        while true {
            skipSpace()
            guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw unexpected() }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            switch key {
            case "id": record.id = try scalarText()
            case "title": record.title = try scalarText()
            case "body": record.body = try scalarText()
            case "text": record.text = try scalarText()
            case "content": record.content = try scalarText()
            case "source": record.source = try scalarText()
            case "author": record.author = try scalarText()
            case "published": record.published = try scalarText()
            case "url": record.url = try scalarText()
            case "authors": record.authors = try authorList()
            default: try skipValue()
            }
            skipSpace()
            guard i < p.count else { throw unexpected() }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; return record }
            throw unexpected()
        }
    }

    /// A string, or a number as written; other values are skipped and read as absent.
    private mutating func scalarText() throws -> String? {
        guard i < p.count else { throw unexpected() }
        let b = p[i]
        if b == UInt8(ascii: "\"") { return try string() }
        if b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) {
            let start = i
            try number()
            return String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }
        try skipValue()
        return nil
    }

    /// `"A"` or `["A", "B"]` joined with ", ".
    private mutating func authorList() throws -> String? {
        guard i < p.count else { throw unexpected() }
        guard p[i] == UInt8(ascii: "[") else { return try scalarText() }
        i += 1
        var names: [String] = []
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "]") {
            i += 1
            return nil
        }
        while true {
            skipSpace()
            if let name = try scalarText() {
                let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { names.append(trimmed) }
            }
            skipSpace()
            guard i < p.count else { throw unexpected() }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "]") { i += 1; break }
            throw unexpected()
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    private mutating func skipValue() throws {
        skipSpace()
        guard i < p.count else { throw unexpected() }
        switch p[i] {
        case UInt8(ascii: "\""): _ = try string(materialise: false)
        case UInt8(ascii: "{"):
            i += 1
            skipSpace()
            if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw unexpected() }
                _ = try string(materialise: false)
                try expect(UInt8(ascii: ":"))
                try skipValue()
                skipSpace()
                guard i < p.count else { throw unexpected() }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "}") { i += 1; return }
                throw unexpected()
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace()
            if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                try skipValue()
                skipSpace()
                guard i < p.count else { throw unexpected() }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "]") { i += 1; return }
                throw unexpected()
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw unexpected() }
        for k in 0..<n where p[i + k] != word.utf8Start[k] {
            i += k
            throw unexpected()
        }
        i += n
    }

    private mutating func number() throws {
        let start = i
        if i < p.count, p[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < p.count {
            let b = p[i]
            if (b >= 0x30 && b <= 0x39) { digits += 1 } else if b != UInt8(ascii: ".") && b != UInt8(ascii: "e")
                && b != UInt8(ascii: "E") && b != UInt8(ascii: "+") && b != UInt8(ascii: "-")
            {
                break
            }
            i += 1
        }
        if digits == 0 {
            i = start
            throw unexpected()
        }
    }

    /// A string starting at the opening quote. The common case (no escapes) is one validated copy.
    private mutating func string(materialise: Bool = true) throws -> String {
        i += 1
        let start = i
        var escaped = false
        // memchr for the closing quote and for backslashes before it: this is the parser's hot spot.
        // Raw control characters inside strings are tolerated (strict JSON forbids them).
        let count = p.count
        let base = p.baseAddress!
        func next(_ byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        var j = i
        var quote = next(0x22, from: j, to: count)
        while let q = quote {
            guard let backslash = next(0x5C, from: j, to: q) else { break }
            escaped = true
            j = backslash + 2
            if j > q { quote = next(0x22, from: j, to: count) }
        }
        j = quote ?? count
        i = min(j, count)
        guard i < p.count else {
            i = p.count
            throw ReasonError("unterminated string")
        }
        let end = i
        i += 1
        guard materialise || escaped else {
            return ""
        }
        let raw = UnsafeRawBufferPointer(rebasing: p[start..<end])
        if !escaped {
            guard let s = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
                throw ReasonError("not valid UTF-8")
            }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            // Copy the run up to the next backslash in one go.
            let runStart = k
            if let hit = memchr(raw.baseAddress! + k, 0x5C, raw.count - k) {
                k = raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
            } else {
                k = raw.count
            }
            if k > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<k])) }
            if k == raw.count { break }
            guard k + 1 < raw.count else { throw ReasonError("bad escape in string") }
            let e = raw[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "u"):
                guard var unit = hex4(raw, k) else { throw ReasonError("bad \\u escape in string") }
                k += 4
                var scalar: UInt32 = 0xFFFD
                if unit >= 0xD800, unit < 0xDC00, k + 6 <= raw.count, raw[k] == UInt8(ascii: "\\"),
                    raw[k + 1] == UInt8(ascii: "u"), let low = hex4(raw, k + 2), low >= 0xDC00, low < 0xE000
                {
                    k += 6
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    unit = 0
                } else if unit < 0xD800 || unit >= 0xE000 {
                    scalar = unit
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: throw ReasonError("bad escape in string")
            }
        }
        guard materialise else { return "" }
        guard let s = String(validating: out, as: UTF8.self) else { throw ReasonError("not valid UTF-8") }
        return s
    }

    private func hex4(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32? {
        guard at + 4 <= raw.count else { return nil }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = raw[k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    private func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        for unit in UTF8.encode(s)! { out.append(unit) }
    }
}
