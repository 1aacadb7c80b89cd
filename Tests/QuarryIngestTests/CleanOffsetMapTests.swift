import Foundation
import QuarryIngest
import Testing

/// Every span of clean text maps back to source bytes that decode to the same characters.
@Suite struct CleanOffsetMapTests {
    /// Source bytes the map refers to: the file, or the JSON body's UTF-8.
    private func sourceBytes(of raw: RawArticle) throws -> [UInt8] {
        raw.format == .text ? Array(try Data(contentsOf: URL(fileURLWithPath: raw.path))) : Array(raw.text.utf8)
    }

    private func decode(_ bytes: ArraySlice<UInt8>, map: SourceByteMap) -> String {
        if case .singleByte = map {
            // Windows-1252 round trip through the reader's own decoder is what matters; Latin-1 covers
            // every byte in these fixtures except the punctuation checked separately.
            return String(decoding: bytes, as: UTF8.self).isEmpty ? "" : latin1(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        let cp1252: [UInt8: Character] = [0x96: "–", 0x93: "“", 0x94: "”", 0x92: "’", 0x97: "—"]
        return String(bytes.map { cp1252[$0] ?? Character(Unicode.Scalar($0)) })
    }

    /// Checks random character-aligned spans of the clean text.
    private func checkRoundTrip(_ raw: RawArticle, samples: Int = 300) throws {
        let clean = Fixture.cleaner.clean(raw)
        let source = try sourceBytes(of: raw)
        let text = clean.text
        let boundaries = text.indices.map { text.utf8.distance(from: text.startIndex, to: $0) } + [text.utf8.count]
        #expect(boundaries.count > 2)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<samples {
            let a = Int.random(in: 0..<(boundaries.count - 1), using: &generator)
            let b = Int.random(in: (a + 1)..<min(boundaries.count, a + 40), using: &generator)
            let range = boundaries[a]..<boundaries[b]
            let piece = String(decoding: Array(text.utf8)[range], as: UTF8.self)
            // Spans that cross an inserted paragraph break or a cut are not one source span.
            guard !piece.contains("\n") else { continue }
            let mapped = clean.sourceRange(forTextRange: range)
            if clean.offsets.segments.contains(where: { s in
                range.lowerBound >= s.cleanStart && range.upperBound <= s.cleanStart + s.length
            }) {
                #expect(decode(source[mapped], map: raw.byteMap) == piece, "\(piece) ↔ \(mapped)")
            }
        }
    }

    @Test func utf8FileRoundTrips() throws {
        try checkRoundTrip(try Fixture.article("scraped.txt"))
    }

    @Test func byteOrderMarkFileRoundTrips() throws {
        try checkRoundTrip(try Fixture.article("bom.txt"))
        let raw = try Fixture.article("bom.txt")
        let clean = Fixture.cleaner.clean(raw)
        let word = "delighted"
        let start = clean.text.utf8.count - "delighted”.".utf8.count
        let source = try sourceBytes(of: raw)
        #expect(String(decoding: source[clean.sourceRange(forTextRange: start..<(start + word.utf8.count))], as: UTF8.self) == word)
    }

    @Test func latin1FileRoundTrips() throws {
        try checkRoundTrip(try Fixture.article("latin1.txt"))
        let raw = try Fixture.article("latin1.txt")
        let clean = Fixture.cleaner.clean(raw)
        // "café" is 5 UTF-8 bytes in clean text and 4 bytes in the Latin-1 source.
        let text = clean.text
        let r = try #require(text.range(of: "café"))
        let start = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
        let mapped = clean.sourceRange(forTextRange: start..<(start + 5))
        #expect(mapped.count == 4)
        #expect(Array(try sourceBytes(of: raw)[mapped]) == [0x63, 0x61, 0x66, 0xE9])
    }

    @Test func jsonBodyRoundTrips() throws {
        for raw in try Fixture.read([Fixture.path("articles.ndjson")]).compactMap(\.raw) {
            try checkRoundTrip(raw, samples: 100)
        }
        try checkRoundTrip(try Fixture.article("article.json"))
    }

    @Test func cutsInsideAParagraphMapAcrossTheGap() throws {
        // Given "A. Advertisement B." where the marker is cut
        let raw = Fixture.raw("Headline\n\nFirst part. Advertisement Second part.")
        let clean = Fixture.cleaner.clean(raw)
        #expect(clean.text == "First part. Second part.")
        // When the whole paragraph is mapped, it spans the source including the cut marker
        let mapped = clean.sourceRange(forTextRange: 0..<clean.text.utf8.count)
        let source = Array(raw.text.utf8)
        #expect(String(decoding: source[mapped], as: UTF8.self) == "First part. Advertisement Second part.")
        // And "Second" maps to its own bytes
        let second = "First part. ".utf8.count
        #expect(String(decoding: source[clean.sourceRange(forTextRange: second..<(second + 6))], as: UTF8.self) == "Second")
    }
}
