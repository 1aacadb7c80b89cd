import Foundation
import QuarryProtocol
import QuarryTestSupport
import Testing

@testable import QuarryClient

/// Strings that exercise escaping: quotes, backslashes, slashes, every control character, DEL,
/// line separators, combining marks, emoji and the snippet markers.
let awkwardStrings: [String] = [
    "", "plain", #"say "no" \ back\slash / slash"#, "tab\tnew\nline\r\u{8}\u{C}",
    String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! })), "del\u{7F}",
    "sep\u{2028}\u{2029} bom\u{FEFF}", "e\u{301} é 😀👩‍👩‍👧 \u{10FFFF}", "a \u{2}match\u{3} b",
]

/// Doubles whose spelling JSONEncoder varies: integral, negative zero, exponents, long fractions.
let awkwardDoubles: [Double] = [
    0, -0.0, 1, 7.5, -3.25, 0.1, 1e-5, 2.1571794122454165e-06, 1e15, 1e16, 1.5e300, -1e-300, 107.409614,
    .leastNonzeroMagnitude, .greatestFiniteMagnitude, 12.345678901234567,
]

private func decoded(_ line: String) -> Reply? {
    try? JSONDecoder().decode(Reply.self, from: Data(line.utf8))
}

private func fast(_ line: String) -> Reply? {
    Reply(fastDecoding: Array(line.utf8))
}

@Suite struct ReplyFastDecodingTests {
    /// Lines the hand-written decoder covers; each must decode exactly as `JSONDecoder` does.
    let covered: [String] = [
        #"{"facets":{"speaker":[{"count":2220,"value":"Donald Trump"}]},"format_version":1,"hits":[{"id":"a-1","path":"a.ndjson#3618","published":"2020-01-22","quotes":7,"score":2.1571794122454165e-06,"snippet":"…Life \u0002President\u0003 Jeanne\n“stunt”","source":"The Daily Caller","title":"President"}],"id":1,"next":"o2","ok":true,"took_ms":107.409614,"total":7422}"#,
        #"{"hits":[{"author":null,"id":"x","path":"p","published":null,"quotes":0,"score":-1.5E+3,"snippet":"\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u0000","source":null,"title":null}],"id":"req-7","ok":true,"partial":true}"#,
        #"  { "ok" : true , "id" : -12 , "hits" : [ ] , "total" : 0 , "took_ms" : 0 }  "#,
        #"{"format_version":1,"id":2,"ok":true,"quotes":[{"article":"ap-002","cue":null,"end":20,"id":"ap-002:10","kind":"fragment","mention":"he","path":"seeds/ap-002.txt","published":null,"source":null,"speaker":null,"start":10,"text":"It is over","title":null},{"article":"r","cue":"said","end":146,"id":"r:120","kind":"quote","mention":"Peskov","path":"p","published":"2025-02-14","source":"Reuters","speaker":"Dmitry Peskov","start":120,"text":"We see no grounds\\for talks","title":"Kremlin"}],"total":2,"took_ms":1e-3}"#,
        #"{"facets":{"month":[],"source":[{"count":3,"value":"AP"},{"count":1,"value":"Reuters"}]},"format_version":1,"id":1,"ok":true,"took_ms":2.5}"#,
        #"{"format_version":1,"id":1,"ok":true,"pong":"pong"}"#,
        #"{"error":{"code":"bad_query","message":"unbalanced \"(\"","position":7},"id":1,"ok":false}"#,
        #"{"error":{"code":"unavailable","message":"the index is being replaced; retry shortly"},"ok":false}"#,
        #"{"error":{"code":"timeout","message":"m","position":null},"id":null,"ok":false}"#,
        #"{"ok":true,"article":null,"stats":null,"next":null}"#,
    ]

    @Test func coveredLinesMatchJSONDecoder() throws {
        for line in covered {
            let reference = try #require(decoded(line), "reference failed: \(line)")
            #expect(fast(line) == reference, "\(line)")
        }
    }

    @Test func encodedRepliesRoundTrip() throws {
        var reply = Sample.reply(
            hits: awkwardStrings.map {
                SearchHit(id: $0, title: $0, source: nil, author: $0, published: nil, path: $0, score: -2.5, snippet: $0,
                          quotes: -1)
            }, quotes: [Sample.quote, Sample.unattributed], total: 3, facets: ["speaker": Sample.facets], next: "c1",
            partial: true)
        reply.id = .string("é\u{1}")
        let line = Sample.line(reply)
        #expect(fast(line) == reply)
        for score in awkwardDoubles {
            reply.hits = [SearchHit(id: "i", title: nil, source: nil, author: nil, published: nil, path: "p",
                                    score: score, snippet: "", quotes: 0)]
            reply.took_ms = score
            #expect(fast(Sample.line(reply)) == decoded(Sample.line(reply)), "\(score)")
        }
    }

    /// Lines the hand-written decoder leaves to `JSONDecoder`, which still reads them.
    @Test func otherRepliesFallBack() throws {
        var show = Reply(id: .int(1))
        show.article = Sample.article
        var stats = Reply(id: .int(1))
        stats.stats = Sample.stats
        let readable = [
            Sample.line(show), Sample.line(stats),
            #"{"ok":true,"id":1,"extra":1}"#,  // unknown key
            #"{"ok":true,"id":1.5}"#, #"{"ok":true,"id":true}"#,  // ids the client never sends
        ]
        for line in readable {
            #expect(fast(line) == nil, "\(line)")
            #expect(decoded(line) != nil, "\(line)")
        }
        // Spellings whose JSONDecoder reading is its own business.
        let doubtful = [
            #"{"ok":true,"id":99999999999999999999}"#, #"{"ok":true,"total":1.0}"#, #"{"ok":true,"total":1e2}"#,
            #"{"ok":true,"ok":true}"#,
        ]
        for line in doubtful { #expect(fast(line) == nil, "\(line)") }
    }

    @Test func malformedLinesAreNilNotACrash() {
        let lines = [
            "", " ", "{", "}", "[]", "null", #"{"ok":tru}"#, #"{"ok":true,}"#, #"{"ok":true"#, #"{"ok" true}"#,
            #"{"ok":true} x"#, #"{"ok":false,"error":{"code":"nope","message":"m"}}"#, #"{"id":1}"#,
            #"{"ok":true,"total":01}"#, #"{"ok":true,"total":-}"#, #"{"ok":true,"took_ms":1.}"#,
            #"{"ok":true,"took_ms":1e400}"#, #"{"ok":true,"next":"\x"}"#, #"{"ok":true,"next":"\u12"}"#,
            #"{"ok":true,"next":"\ud800"}"#, #"{"ok":true,"next":"\udc00x"}"#, #"{"ok":true,"next":"\ud800\u0041"}"#,
            "{\"ok\":true,\"next\":\"raw\ttab\"}", #"{"ok":true,"hits":[{"id":"x"}]}"#, #"{"ok":true,"hits":[,]}"#,
            #"{"ok":true,"facets":{"a":null}}"#, #"{"ok":true,"next":"unterminated}"#,
        ]
        for line in lines { #expect(fast(line) == nil, "\(line)") }
        let invalidUTF8: [UInt8] = Array(#"{"ok":true,"next":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(Reply(fastDecoding: invalidUTF8) == nil)
    }
}

@Suite struct RequestLineTests {
    @Test func handWrittenLineIsTheEncoderLine() throws {
        var requests = [
            Request(op: "ping"), Request(v: nil, id: nil, op: "stats"),
            Request(id: .double(1.5), op: "x"), Request(id: .bool(false), op: "x"), Request(id: .null, op: "x"),
            Request(op: "search", filters: Filters(), facets: []),
        ]
        for s in awkwardStrings {
            requests.append(
                Request(
                    v: 1, id: .string(s), op: s, q: s,
                    filters: Filters(
                        speaker: [s, "b"], person: [s], org: [], place: [s], source: [s], author: [s], since: s, until: s),
                    facets: [s, "speaker"], field: s, sort: s, limit: -3, offset: Int.max, after: s, all: true,
                    article: s))
        }
        for request in requests {
            let line = try request.line()
            #expect(line == Array(try WireCoding.line(request)), "\(request)")
            var expected = request
            if expected.id == .null { expected.id = nil }  // `"id":null` reads back as no id
            #expect(try JSONDecoder().decode(Request.self, from: Data(line)) == expected)
        }
    }

    @Test func nonFiniteIdStillFailsAsBefore() {
        #expect(throws: EncodingError.self) { try Request(id: .double(.nan), op: "ping").line() }
    }
}

@Suite struct ReplyLineTests {
    private func expectEncoderLine(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try reply.line() == Array(WireCoding.line(reply)), "\(reply)", sourceLocation: sourceLocation)
    }

    @Test func handWrittenLineIsTheEncoderLine() throws {
        var reply = Sample.reply(
            hits: [Sample.hit], quotes: [Sample.quote, Sample.unattributed], total: 3,
            facets: ["speaker": Sample.facets, "month": [], "Zed": [], "é": [], "a_b": [], "ab": []], next: "c1",
            partial: true)
        for id in [nil, RequestID.null, .int(-7), .string("é\u{1}"), .double(2.5), .bool(true)] {
            reply.id = id
            try expectEncoderLine(reply)
        }
        reply.took_ms = 107.409614
        try expectEncoderLine(reply)
        for (s, score) in zip(awkwardStrings + awkwardStrings, awkwardDoubles) {
            reply.hits = [
                SearchHit(id: s, title: s, source: nil, author: s, published: s, path: s, score: score, snippet: s,
                          quotes: -4),
                SearchHit(id: s, title: nil, source: s, author: nil, published: nil, path: s, score: -score, snippet: s,
                          quotes: Int.max),
            ]
            reply.quotes = [
                QuoteRecord(id: s, article: s, path: s, text: s, speaker: s, mention: nil, cue: s, kind: s, start: 0,
                            end: Int.min, title: s, source: s, published: nil),
                QuoteRecord(id: s, article: s, path: s, text: s, speaker: nil, mention: s, cue: nil, kind: s, start: -1,
                            end: 9, title: nil, source: nil, published: s),
            ]
            reply.facets = [s: [FacetCount(value: s, count: 0)]]
            reply.next = s
            reply.pong = s
            reply.took_ms = score
            try expectEncoderLine(reply)
        }
        for error in [
            WireError(code: .bad_query, message: "unbalanced \"(\"", position: 7),
            WireError(code: .internal, message: "m\u{0}"),
        ] {
            try expectEncoderLine(Reply.failure(id: .int(3), error))
        }
        try expectEncoderLine(Reply(id: nil))
        try expectEncoderLine(Reply(id: nil, ok: false))
    }

    @Test func encodedHitsAreWrittenAsTheHitsThemselves() throws {
        let hits = [Sample.hit] + zip(awkwardStrings, awkwardDoubles).map { s, score in
            SearchHit(id: s, title: s, source: nil, author: s, published: nil, path: s, score: score, snippet: s,
                      quotes: 3)
        }
        for count in [0, 1, hits.count] {
            var plain = Sample.reply(hits: Array(hits.prefix(count)), partial: true)
            var encoded = plain
            encoded.hits = nil
            var records = EncodedHits()
            for hit in hits.prefix(count) { try records.append(hit) }
            encoded.encodedHits = records
            #expect(records.count == count)
            #expect(try encoded.line() == plain.line())
            plain.hits = nil
            #expect(try encoded.line() != plain.line())
        }
    }

    @Test func showStatsAndNonFiniteNumbersFallBackToTheEncoder() throws {
        var show = Reply(id: .int(1))
        show.article = Sample.article
        try expectEncoderLine(show)
        var stats = Reply(id: .int(1))
        stats.stats = Sample.stats
        try expectEncoderLine(stats)
        var infinite = Sample.reply(hits: [Sample.hit])
        infinite.took_ms = .infinity
        #expect(throws: EncodingError.self) { try infinite.line() }
    }
}

@Suite struct RecordWritingTests {
    private func handWritten(_ record: some HandWrittenRecord) throws -> String {
        var w = JSONWriter()
        try record.write(to: &w)
        return w.text
    }

    private func encoded(_ record: some Encodable) throws -> String {
        String(decoding: try WireCoding.encoder().encode(record), as: UTF8.self)
    }

    private let tagSets = [
        RecordTags(), RecordTags(formatVersion: true), RecordTags(formatVersion: true, query: "q \"x\"\n"),
    ]

    @Test func hitsAndQuotesAreByteIdentical() throws {
        var hits = [Sample.hit]
        var quotes = [Sample.quote, Sample.unattributed]
        for (s, score) in zip(awkwardStrings + awkwardStrings, awkwardDoubles) {
            hits.append(
                SearchHit(id: s, title: s, source: nil, author: s, published: s, path: s, score: score, snippet: s,
                          quotes: -4))
            quotes.append(
                QuoteRecord(
                    id: s, article: s, path: s, text: s, speaker: s, mention: nil, cue: s, kind: s, start: 0,
                    end: Int.min, title: s, source: s, published: nil))
        }
        for tags in tagSets {
            for hit in hits {
                let record = HitOutput(hit: hit, tags: tags)
                #expect(try handWritten(record) == encoded(record))
            }
            for quote in quotes {
                let record = QuoteOutput(quote: quote, tags: tags)
                #expect(try handWritten(record) == encoded(record))
            }
            for facet in Sample.facets + awkwardStrings.map({ FacetCount(value: $0, count: -1) }) {
                let record = FacetOutput(field: "speaker", facet: facet, tags: tags)
                #expect(try handWritten(record) == encoded(record))
            }
        }
    }

    @Test func jsonDocumentIsByteIdentical() throws {
        var document = ReplyDocument()
        #expect(try handWritten(document) == encoded(document))
        document.absorb(
            Sample.reply(
                hits: [Sample.hit], quotes: [Sample.quote], total: 12,
                facets: ["speaker": Sample.facets, "month": [], "Zed": [], "é": [], "a_b": [], "ab": []], next: "n"))
        #expect(try handWritten(document) == encoded(document))
        document.pong = "pong"
        document.hits = []
        document.tookMs = 2.1571794122454165e-06
        #expect(try handWritten(document) == encoded(document))
    }

    @Test func showStatsAndNonFiniteNumbersAreLeftToTheEncoder() {
        var document = ReplyDocument()
        document.article = Sample.article
        #expect(throws: JSONWriter.Unwritable.self) { try handWritten(document) }
        document = ReplyDocument()
        document.stats = Sample.stats
        #expect(throws: JSONWriter.Unwritable.self) { try handWritten(document) }
        var hit = Sample.hit
        hit.score = .infinity
        #expect(throws: JSONWriter.Unwritable.self) { try handWritten(HitOutput(hit: hit)) }
    }
}

@Suite struct JSONWriterBytesTests {
    private func written(_ bytes: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        bytes.withUnsafeBufferPointer { w.value(utf8: $0) }
        return w.bytes
    }

    private func writtenAsString(_ bytes: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        w.value(String(decoding: bytes, as: UTF8.self))
        return w.bytes
    }

    /// Raw column bytes are written as the string they decode to: valid UTF-8 as it is, anything else
    /// repaired the way `String(decoding:as:)` repairs it.
    @Test func rawBytesAreWrittenAsTheirDecodedString() {
        var cases: [[UInt8]] = awkwardStrings.map { Array($0.utf8) }
        cases += [
            [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF],
            [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xFF], [0x80], [0xF0, 0x9F, 0x98], [0x61, 0xE2, 0x82, 0xAC],
            [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF8, 0x88, 0x80, 0x80, 0x80],
        ]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let alphabet: [UInt8] = [0x00, 0x22, 0x5C, 0x61, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF,
                                     0xF0, 0xF4, 0xF5, 0x02, 0x03]
            cases.append((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        for bytes in cases {
            #expect(written(bytes) == writtenAsString(bytes), "\(bytes)")
        }
    }
}

@Suite struct JSONStringRoundTripTests {
    /// Strings written by `JSONWriter` (8 bytes at a time where nothing needs an escape) read back
    /// unchanged by the hand-written decoder (which scans the same way) and by `JSONDecoder`.
    @Test func randomStringsReadBackUnchanged() throws {
        let pieces = ["a", "bcdefgh", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "\u{2}", "é", "日本", "😀", " ", "\u{7F}"]
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let s = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            var reply = Reply(id: .string(s))
            reply.next = s
            let line = try reply.line()
            #expect(Reply(fastDecoding: line) == reply, "\(s.debugDescription)")
            #expect(try JSONDecoder().decode(Reply.self, from: Data(line)) == reply)
        }
    }
}

@Suite struct JSONWriterArrayTests {
    @Test func aListOfStringsReadsBackUnchanged() throws {
        let strings = ["plain", "", "quote\"d", "back\\slash", "tab\tand\u{1}control", "naïve café", "日本"]
        let decoded = try JSONDecoder().decode([String].self, from: Data(JSONWriter.array(strings).utf8))
        #expect(decoded == strings)
        #expect(JSONWriter.array([]) == "[]")
    }
}
