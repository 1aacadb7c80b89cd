import Foundation
import QuarryTestSupport

/// Random and mutated inputs for the query parser and the request decoder.
struct FuzzInputs {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// Valid queries of every construct, the seeds that mutations start from.
    static let seedQueries = [
        "peskov sanctions", "\"exact phrase\" words", "immigra*", "a OR b OR c", "-word", "NOT word",
        "(treaty OR talks) -blockade", "title:fishing body:corridor", "quote:\"will not\"", "speaker:peskov",
        "person:\"Maren Calloway\" place:ostrel", "org:council source:reuters", "date:2025-02",
        "date:2025-02-01..2025-03-15", "said:calloway treaty", "U.S. al-Assad don't 20.04",
        "“curly phrase” ‘single’", "x OR -y", "a -(b -c)", "said:putin -war", "fish* OR harbour*",
        "(a (b (c (d OR e))))", "title:(a OR b)", "-(-(-a))", "\"foreign part\"*", "café naïve Zürich",
    ]

    static let pieces = [
        "(", ")", "\"", "“", "”", "*", "-", "NOT ", " OR ", " AND ", "or", ":", "title:", "body:", "quote:",
        "speaker:", "person:", "org:", "place:", "source:", "said:", "date:", "date:2025-13-45", "..",
        "date:..2025", " ", "  ", "\t", "\u{0}", "\u{1}", "\u{7f}", "\u{2028}", "\u{feff}", "\u{301}", "🙂",
        "👩‍👩‍👧", "\u{ffff}", "\u{fffd}", "word", "a", "x1", "NEAR(", "^", "{title}", "'", "''", "\\", "\"\"",
        "%", "_", ";", "--", "/*", "*/", "$", "&", "|", "~", "+", "=", "<", ">", "0", "9999999999999999999",
        "é", "ß", "İ", "ﬁ", "\r", "\n", "AND(", "*word", "wo*rd", "-*", "(-)", "()", "(\"\")", "title:*",
    ]

    /// One fuzzed query: random pieces, a mutated seed, or a pathological shape.
    mutating func query() -> String {
        // Long queries are rarer: each costs milliseconds where the others cost microseconds.
        switch Int.random(in: 0..<50, using: &random) {
        case 0..<15: return randomPieces()
        case 15..<30: return mutate(Self.seedQueries.randomElement(using: &random)!)
        case 30..<36: return nested()
        case 36: return manyTerms()
        case 37..<44: return randomScalars()
        default: return invalidUTF8Decoded()
        }
    }

    mutating func randomPieces() -> String {
        (0..<Int.random(in: 0...24, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
    }

    mutating func nested() -> String {
        let depth = Int.random(in: 1...400, using: &random)
        let inner = ["a", "-a", "a OR b", "*", "\"x y\"", "title:a", ""].randomElement(using: &random)!
        let open = ["(", "-(", "NOT (", "title:(", "a OR ("].randomElement(using: &random)!
        let unbalanced = Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: -2...2, using: &random) : 0
        return String(repeating: open, count: depth) + inner + String(repeating: ")", count: max(0, depth + unbalanced))
    }

    mutating func manyTerms() -> String {
        let count = Int.random(in: 100...3000, using: &random)
        let joiner = [" OR ", " ", " -", " OR -", " AND "].randomElement(using: &random)!
        let term = ["a", "word*", "*", "\"p q\"", "speaker:x", "t\(count)"].randomElement(using: &random)!
        return Array(repeating: term, count: count).joined(separator: joiner)
    }

    mutating func randomScalars() -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...64, using: &random) {
            let value = Int.random(in: 0..<4, using: &random) == 0
                ? UInt32.random(in: 0...0x10FFFF, using: &random) : UInt32.random(in: 0...0x7F, using: &random)
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
        }
        return text
    }

    mutating func invalidUTF8Decoded() -> String {
        String(decoding: randomBytes(maxLength: 64), as: UTF8.self)
    }

    mutating func randomBytes(maxLength: Int) -> [UInt8] {
        (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// A mutation of `text`: characters inserted, deleted, duplicated, swapped or cut.
    mutating func mutate(_ text: String) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: chars.insert(contentsOf: Self.pieces.randomElement(using: &random)!, at: at)
            case 1: if !chars.isEmpty { chars.remove(at: at) }
            case 2: if !chars.isEmpty { chars.insert(contentsOf: chars[at...].prefix(8), at: at) }
            case 3: if chars.count > 1 { chars.swapAt(at, Int.random(in: 0..<chars.count, using: &random)) }
            default: chars = Array(chars.prefix(at))
            }
        }
        return String(chars)
    }

    // MARK: - Request lines

    static let seedRequests = [
        #"{"v":1,"id":1,"op":"search","q":"treaty","filters":{"speaker":["peskov"],"since":"2025-01"},"facets":["speaker","month"],"limit":5}"#,
        #"{"v":1,"id":"x","op":"quotes","q":"said:calloway","sort":"newest","offset":3}"#,
        #"{"v":1,"id":3,"op":"facets","field":"place","q":"harbour*"}"#,
        #"{"v":1,"id":4,"op":"show","article":"article-1"}"#,
        #"{"v":1,"id":5,"op":"stats"}"#,
        #"{"v":1,"id":6,"op":"ping"}"#,
        #"{"v":1,"id":7,"op":"search","q":"a","all":true}"#,
        #"{"v":1,"id":8,"op":"search","q":"b","after":"o10","limit":2}"#,
    ]

    static let jsonPieces = [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "-0", "1e999", "-1", "18446744073709551616",
        "\"op\"", "\"q\"", "\"filters\"", "\"limit\"", "\"id\"", "\"v\"", "\"\\u0000\"", "\"\\ud800\"", "\\",
        "\"all\"", "\"article\"", "\"../../etc/passwd\"", "{\"a\":[]}", " ", "\u{7f}",
    ]

    /// One request line (never containing a newline, never blank).
    mutating func requestLine() -> [UInt8] {
        var bytes: [UInt8]
        switch Int.random(in: 0..<9, using: &random) {
        case 0: bytes = randomBytes(maxLength: 300)
        case 1:  // truncated
            let seed = Array(Self.seedRequests.randomElement(using: &random)!.utf8)
            bytes = Array(seed.prefix(Int.random(in: 0..<seed.count, using: &random)))
        case 2:  // bytes flipped
            bytes = Array(Self.seedRequests.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 3:  // JSON pieces spliced in
            var text = Self.seedRequests.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random))
                text.insert(contentsOf: Self.jsonPieces.randomElement(using: &random)!, at: at)
            }
            bytes = Array(text.utf8)
        case 4:  // wrong types for known fields
            let field = ["v", "id", "op", "q", "filters", "facets", "field", "sort", "limit", "offset", "after",
                         "all", "article"].randomElement(using: &random)!
            let value = ["1", "-5", "1.5", "1e400", "\"s\"", "[]", "[1,\"a\",null]", "{}", "{\"speaker\":\"x\"}",
                         "null", "true", "99999999999999999999", "\"\"", "{\"since\":\"yesterday\"}",
                         "[\"speaker\",\"bogus\"]"].randomElement(using: &random)!
            let op = ["search", "quotes", "facets", "show", "stats", "ping", "nope"].randomElement(using: &random)!
            bytes = Array(#"{"v":1,"id":9,"op":"\#(op)","\#(field)":\#(value)}"#.utf8)
        case 5:  // deep JSON nesting
            let depth = Int.random(in: 10...20_000, using: &random)
            bytes = Array((#"{"v":1,"op":"ping","x":"# + String(repeating: "[", count: depth)
                + String(repeating: "]", count: depth) + "}").utf8)
        case 6:  // fuzzed query in a well-formed request
            let q = query()
            let data = try? JSONSerialization.data(withJSONObject: ["v": 1, "id": 10, "op": "search", "q": q])
            bytes = data.map { Array($0) } ?? Array(#"{"op":"ping"}"#.utf8)
        case 7:  // invalid UTF-8 inside a string
            bytes = Array(#"{"v":1,"id":11,"op":"search","q":""#.utf8) + randomBytes(maxLength: 40) + Array(#""}"#.utf8)
        default:  // a valid request from the seeds
            bytes = Array(Self.seedRequests.randomElement(using: &random)!.utf8)
        }
        bytes = bytes.map { $0 == 0x0A ? 0x20 : $0 }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { bytes.insert(0x78, at: 0) }
        return bytes
    }
}
