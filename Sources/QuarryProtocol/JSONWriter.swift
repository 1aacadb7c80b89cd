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

    public private(set) var text = ""

    public init() {}

    public mutating func beginObject() { text += "{" }
    public mutating func endObject() { text += "}" }
    public mutating func beginArray() { text += "[" }
    public mutating func endArray() { text += "]" }

    /// Starts the next array element.
    public mutating func element() {
        if let last = text.utf8.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "[") { text += "," }
    }

    /// Starts the next object member: `,"key":`.
    public mutating func key(_ key: String) {
        element()
        value(key)
        text += ":"
    }

    public mutating func value(_ s: String?) {
        guard let s else { return text += "null" }
        text += "\""
        // Runs of bytes that need no escape are appended whole; escapes are ASCII, so every cut is on a
        // character boundary.
        let utf8 = s.utf8
        var run = utf8.startIndex
        var i = run
        while i != utf8.endIndex {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                utf8.formIndex(after: &i)
                continue
            }
            text += s[run..<i]
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x08: text += "\\b"
            case UInt8(ascii: "\t"): text += "\\t"
            case UInt8(ascii: "\n"): text += "\\n"
            case 0x0C: text += "\\f"
            case UInt8(ascii: "\r"): text += "\\r"
            default:
                let hex = String(byte, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.utf8.count) + hex
            }
            utf8.formIndex(after: &i)
            run = i
        }
        text += s[run..<utf8.endIndex]
        text += "\""
    }

    public mutating func value(_ i: Int) { text += String(i) }

    public mutating func value(_ b: Bool) { text += b ? "true" : "false" }

    public mutating func value(_ d: Double) throws {
        guard d.isFinite else { throw Unwritable() }
        let s = d.description
        text += s.hasSuffix(".0") ? String(s.dropLast(2)) : s
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
