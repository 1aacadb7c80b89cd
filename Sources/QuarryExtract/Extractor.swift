import QuarryIngest

/// Extracts quotes with their speakers, and the people, organisations and places, from clean articles.
///
/// Pure and `Sendable`: one extractor serves every article and thread. Stages: `QuoteScanner` (marks
/// to quotes), `Tokenizer` (words with folded hashes), `EntityRecognizer` (entities and mentions),
/// `SpeakerAttributor` (cue and speaker per quote).
package struct Extractor: Sendable {
    /// The cue, title, alias and gazetteer data in use.
    package let lexicon: Lexicon

    /// Quotes with neither a speaker nor a speech cue are kept only from this many words on
    /// (shorter unattributed ones are mostly scare quotes and titles).
    package var minimumUnattributedWords = 6

    package init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// Quotes (in text order) and entities (most mentioned first) of one article.
    package func extract(from article: CleanArticle) -> ExtractionResult {
        let bytes = Array(article.text.utf8)
        let paragraphs = Self.paragraphs(of: article, bytes: bytes)
        let spans = QuoteScanner.scan(bytes, paragraphs: paragraphs)
        let tokens = Tokenizer.tokenize(bytes, paragraphs: paragraphs, quotes: spans)
        var recognizer = EntityRecognizer(
            lexicon: lexicon, bytes: bytes, tokens: tokens, published: article.published, author: article.author)
        recognizer.recognize()
        let attributor = SpeakerAttributor(
            lexicon: lexicon, bytes: bytes, tokens: tokens, quotes: spans, mentions: recognizer.mentions)

        var wordCounts = Array(repeating: 0, count: spans.count)
        for t in tokens where t.quote >= 0 && t.flags.contains(.hasLetter) { wordCounts[Int(t.quote)] += 1 }

        var attributions: [SpeakerAttributor.Attribution?] = []
        var quotes: [ExtractedQuote] = []
        for (q, span) in spans.enumerated() {
            let words = wordCounts[q]
            let a = attributor.attribute(q, previous: attributions, words: words)
            attributions.append(a)
            var speaker: String?
            var mention: String?
            if let m = a?.mention {
                let found = recognizer.mentions[m]
                mention = recognizer.text(found.first, found.end)
                if found.entity >= 0 { speaker = recognizer.entities[found.entity].name }
            }
            guard words > 0, mention != nil || words >= minimumUnattributedWords,
                !Self.isTitle(span, tokens: tokens, quote: q, words: words)
            else { continue }
            quotes.append(
                ExtractedQuote(
                    text: Self.text(of: span, bytes: bytes), kind: Self.kind(of: span, bytes: bytes, words: words),
                    textRange: span.contentStart..<span.contentEnd, speaker: speaker, mention: mention,
                    cue: mention == nil ? nil : a?.cue))
        }

        let entities = recognizer.entities.filter { $0.mentions > 0 }
            .map {
                ExtractedEntity(name: $0.name, kind: $0.kind, mentions: $0.mentions, aliases: $0.aliases, role: $0.roles.first)
            }
            .sorted { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
        return ExtractionResult(quotes: quotes, entities: entities)
    }

    /// The article's paragraph ranges, recomputed from blank lines when absent or out of bounds.
    static func paragraphs(of article: CleanArticle, bytes: [UInt8]) -> [Range<Int>] {
        if !article.paragraphs.isEmpty, article.paragraphs.allSatisfy({ $0.upperBound <= bytes.count && $0.lowerBound >= 0 }) {
            return article.paragraphs
        }
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                if i > start { out.append(start..<i) }
                while i < bytes.count, bytes[i] == 0x0A { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        if start < bytes.count { out.append(start..<bytes.count) }
        return out
    }

    static func text(of span: QuoteSpan, bytes: [UInt8]) -> String {
        guard !span.reopenMarks.isEmpty else {
            return String(decoding: bytes[span.contentStart..<span.contentEnd], as: UTF8.self)
        }
        var out: [UInt8] = []
        var from = span.contentStart
        for mark in span.reopenMarks where mark.lowerBound >= from && mark.upperBound <= span.contentEnd {
            out.append(contentsOf: bytes[from..<mark.lowerBound])
            from = mark.upperBound
        }
        out.append(contentsOf: bytes[from..<span.contentEnd])
        return String(decoding: out, as: UTF8.self)
    }

    /// Two to five words, all capitalised ("Sunday Morning Futures"): a title or a slogan, not speech.
    static func isTitle(_ span: QuoteSpan, tokens: [Token], quote q: Int, words: Int) -> Bool {
        guard words >= 2 && words <= 5 else { return false }
        var lo = 0
        var hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < span.contentStart { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < tokens.count, tokens[i].quote == q {
            if tokens[i].flags.contains(.hasLetter) && !tokens[i].isCapitalized && !Words.connectors.contains(tokens[i].hash) {
                return false
            }
            i += 1
        }
        return true
    }

    /// A full quote is a sentence or more; a fragment is a few words inside the narration.
    static func kind(of span: QuoteSpan, bytes: [UInt8], words: Int) -> QuoteKind {
        if words >= 8 { return .quote }
        let first = TextScan.scalar(bytes, span.contentStart).0
        var e = span.contentEnd - 1
        while e > span.contentStart, bytes[e] & 0xC0 == 0x80 { e -= 1 }
        let last = TextScan.scalar(bytes, e).0
        let terminal = last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2C || last == 0x2026
        return words >= 4 && TextScan.isUpper(first) && terminal ? .quote : .fragment
    }
}
