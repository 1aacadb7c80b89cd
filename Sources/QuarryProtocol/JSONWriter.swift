/// Writes JSON text by hand, byte for byte as `WireCoding.encoder()` would for the same values.
///
/// It owns the output text and the JSONEncoder spelling of scalars: strings escape `"`, `\` and
/// control characters (`\b \t \n \f \r`, else `\u00xx`) and nothing else (slashes stay bare);
/// doubles print their `description` without a trailing `.0`. Keys are written in the order the
/// caller gives, so callers list them sorted (by UTF-8 bytes) to match `.sortedKeys`.
/// A separator is inserted before each key or element unless it is the first in its container.
public struct JSONWriter {
    /// Thrown for a value JSONEncoder would refuse (a non-finite number) or a record this writer
    /// does not cover; the caller then uses `JSONEncoder`.
    public struct Unwritable: Error {
        public init() {}
    }

    /// The UTF-8 text written so far.
    public private(set) var bytes: [UInt8] = []

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { bytes.append(UInt8(ascii: "{")) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { bytes.append(UInt8(ascii: "[")) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    /// Appends `raw` as it is: JSON text the caller already wrote (or a line break).
    public mutating func raw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Starts the next array element.
    public mutating func element() {
        if let last = bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "[") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Starts the next object member: `,"key":`.
    public mutating func key(_ key: String) {
        element()
        value(key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func value(_ s: String?) {
        guard let s else { return bytes.append(contentsOf: "null".utf8) }
        string(s, markers: nil)
    }

    /// `s` as a JSON string, with the snippet markers (U+0002, U+0003) replaced by `open` and `close`
    /// instead of escaped: a snippet rendered and written in one pass.
    public mutating func value(_ s: String, markers: (open: [UInt8], close: [UInt8])) {
        string(s, markers: markers)
    }

    /// UTF-8 bytes as a JSON string (text straight from SQLite); invalid UTF-8 is repaired as
    /// `String(decoding:as:)` would.
    public mutating func value(utf8: UnsafeBufferPointer<UInt8>) {
        guard Self.isValidUTF8(utf8) else { return value(String(decoding: utf8, as: UTF8.self)) }
        string(utf8, markers: nil)
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return false }
            for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return false }
            i += length
        }
        return true
    }

    private mutating func string(_ s: String, markers: (open: [UInt8], close: [UInt8])?) {
        var s = s
        s.withUTF8 { utf8 in string(utf8, markers: markers) }
    }

    private mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, markers: (open: [UInt8], close: [UInt8])?) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are appended whole, found 8 bytes at a time.
        var run = 0
        var i = 0
        let count = utf8.count
        while i < count {
            while i + 8 <= count, !Self.mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            guard i < count else { break }
            let byte = utf8[i]
            i += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i - 1]))
            run = i
            if let markers, byte == 0x02 || byte == 0x03 {
                bytes.append(contentsOf: byte == 0x02 ? markers.open : markers.close)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            default:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the 8 bytes of `word` is a control character, `"` or `\\` (exact for "any":
    /// the classic has-zero-byte and has-byte-less-than tests, which never flag bytes of 0x80 and up).
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return control || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    public mutating func value(_ i: Int) { bytes.append(contentsOf: String(i).utf8) }

    public mutating func value(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }

    public mutating func value(_ d: Double) throws {
        guard d.isFinite else { throw Unwritable() }
        let s = d.description
        bytes.append(contentsOf: s.hasSuffix(".0") ? s.utf8.dropLast(2) : s.utf8[...])
    }

    public mutating func field(_ key: String, _ s: String?) {
        self.key(key)
        value(s)
    }

    public mutating func field(_ key: String, _ i: Int) {
        self.key(key)
        value(i)
    }

    public mutating func field(_ key: String, _ b: Bool) {
        self.key(key)
        value(b)
    }

    public mutating func field(_ key: String, _ d: Double) throws {
        self.key(key)
        try value(d)
    }

    /// `value` as one JSON line terminated by `\n`, written by `write`; where `write` declines (throws),
    /// `WireCoding.line(value)`, which writes the same bytes or throws as it always did.
    public static func line(_ value: some Encodable, capacity: Int = 0,
                            _ write: (inout JSONWriter) throws -> Void) throws -> [UInt8] {
        var w = JSONWriter(capacity: capacity)
        do {
            try write(&w)
        } catch {
            return Array(try WireCoding.line(value))
        }
        w.bytes.append(UInt8(ascii: "\n"))
        return w.bytes
    }

    /// `[…]`: each of `items` written by `write` as an element.
    public mutating func array<T>(_ items: some Sequence<T>, _ write: (inout JSONWriter, T) throws -> Void) rethrows {
        beginArray()
        for item in items {
            element()
            try write(&self, item)
        }
        endArray()
    }

    /// `{"field":[{"count":…,"value":…},…],…}`: facet counts by field, fields sorted by UTF-8 bytes.
    public mutating func facets(_ facets: [String: [FacetCount]]) {
        beginObject()
        for field in facets.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            key(field)
            array(facets[field] ?? []) { w, facet in
                w.beginObject()
                w.field("count", facet.count)
                w.field("value", facet.value)
                w.endObject()
            }
        }
        endObject()
    }

    /// `["a","b"]`: a list of strings as one JSON text.
    public static func array(_ strings: [String]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for s in strings {
            w.element()
            w.value(s)
        }
        w.endArray()
        return w.text
    }

    /// `"key":["a","b"]`.
    public mutating func field(_ key: String, _ strings: [String]) {
        self.key(key)
        beginArray()
        for s in strings {
            element()
            value(s)
        }
        endArray()
    }
}
