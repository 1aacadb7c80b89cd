/// Finds who speaks each quote: the cue that introduces it and the mention that names the speaker.
///
/// Works on a "frame" of the article: the tokens outside quotes, with each quote standing as one
/// item, so cues and speakers are searched in the narration only ("I" and "we" inside quotes never
/// speak). Each quote looks first right after itself (`"…," X said`, `"…," said X`), then back to the
/// start of its sentence (`X said: "…"`, `…, saying "…"`, `according to X`, `what he called "…"`), then
/// at its paragraph (a previous attributed quote) and at the paragraph before (one ending in a colon,
/// or ending with a quote by the same speaker).
struct SpeakerAttributor {
    struct Attribution {
        var mention: Int?
        var cue: String
        /// Frame position of the cue word (-1 for colon, continuation and subject rules).
        var cuePos = -1
    }

    let lexicon: Lexicon
    let bytes: [UInt8]
    let tokens: [Token]
    let quotes: [QuoteSpan]
    let mentions: [Mention]
    /// Frame items: a token index (≥ 0) or `-(quote + 1)`.
    private(set) var frame: [Int] = []
    private var framePara: [Int32] = []
    private(set) var quotePos: [Int]
    private var mentionAt: [Int32]

    init(lexicon: Lexicon, bytes: [UInt8], tokens: [Token], quotes: [QuoteSpan], mentions: [Mention]) {
        self.lexicon = lexicon
        self.bytes = bytes
        self.tokens = tokens
        self.quotes = quotes
        self.mentions = mentions
        quotePos = Array(repeating: -1, count: quotes.count)
        mentionAt = Array(repeating: -1, count: tokens.count)
        for (m, mention) in mentions.enumerated() where !mention.inQuote && mention.kind != .place {
            for k in mention.first..<mention.end where mentionAt[k] < 0 { mentionAt[k] = Int32(m) }
        }
        var i = 0
        frame.reserveCapacity(tokens.count)
        while i < tokens.count {
            let q = Int(tokens[i].quote)
            if q >= 0 {
                frame.append(-(q + 1))
                framePara.append(Int32(quotes[q].lastParagraph))
                quotePos[q] = frame.count - 1
                while i < tokens.count, tokens[i].quote == q { i += 1 }
            } else {
                frame.append(i)
                framePara.append(tokens[i].paragraph)
                i += 1
            }
        }
    }

    // MARK: Helpers

    // Accessors are total (nil outside the frame): an odd article must never crash the indexer.
    func token(_ p: Int) -> Token? { p >= 0 && p < frame.count && frame[p] >= 0 ? tokens[frame[p]] : nil }

    func mention(at p: Int) -> Int? {
        guard p >= 0, p < frame.count, frame[p] >= 0 else { return nil }
        let m = mentionAt[frame[p]]
        return m >= 0 ? Int(m) : nil
    }

    func firstMention(_ range: Range<Int>) -> Int? {
        for p in range { if let m = mention(at: p) { return m } }
        return nil
    }

    /// Whether frame position `p` sits in a relative clause (", who leads the Civic Union party,") that
    /// closes before `end`: its mentions are objects of the clause, never the subject of the cue after it.
    func inRelativeClause(_ p: Int, from lower: Int, closingBefore end: Int) -> Bool {
        var k = p - 1
        var found = false
        while k > lower, k >= p - 15 {
            guard let t = token(k), !t.isSentenceEnd, !isCue(k) else { return false }
            if t.isWord, Words.relativePronouns.contains(t.hash), token(k - 1)?.isPunct(",") == true {
                found = true
                break
            }
            // The clause closed before `p` (", who drafted the bill, dismissed Barr's comments").
            if t.isPunct(",") { return false }
            k -= 1
        }
        guard found else { return false }
        var e = p + 1
        while e < end {
            if token(e)?.isPunct(",") == true { return true }
            e += 1
        }
        return false
    }

    /// The first person-like mention (person, role, he/she) in `range`, else its first mention; mentions
    /// inside a relative clause do not count.
    func subjectMention(_ range: Range<Int>) -> Int? {
        var fallback: Int?
        for p in range {
            guard let m = mention(at: p) else { continue }
            if inRelativeClause(p, from: range.lowerBound, closingBefore: range.upperBound) { continue }
            if mentions[m].kind == .org || mentions[m].kind == .pronoun && mentions[m].gender == .unknown {
                if fallback == nil { fallback = m }
                continue
            }
            return m
        }
        return fallback
    }

    /// The nearest mention before `end`, outside relative clauses; "X, the role," gives X.
    func lastMention(_ range: Range<Int>) -> Int? {
        var p = range.upperBound - 1
        while p >= range.lowerBound {
            if let m = mention(at: p), !inRelativeClause(p, from: range.lowerBound, closingBefore: range.upperBound) {
                var sp = p
                while sp - 1 >= range.lowerBound, mention(at: sp - 1) == m { sp -= 1 }
                if mentions[m].kind == .role || mentions[m].kind == .pronoun, sp - 2 >= range.lowerBound,
                    token(sp - 1)?.isPunct(",") == true, let m0 = mention(at: sp - 2), mentions[m0].kind == .person
                {
                    return m0
                }
                return m
            }
            p -= 1
        }
        return nil
    }

    /// A person, a role phrase or a gendered pronoun: a mention that can be a speaker's own subject.
    func isPersonLike(_ m: Int) -> Bool {
        switch mentions[m].kind {
        case .person, .role: true
        case .pronoun: mentions[m].gender != .unknown
        case .org, .place: false
        }
    }

    func cueText(_ p: Int) -> String {
        guard let t = token(p) else { return "" }
        return String(decoding: bytes[t.start..<t.end], as: UTF8.self).lowercased()
    }

    func isCue(_ p: Int) -> Bool {
        guard let t = token(p), t.isWord else { return false }
        // "the United States" is not a cue: a capitalised cue must start its sentence.
        return lexicon.cueSet.contains(t.hash) && (!t.isCapitalized || t.flags.contains(.sentenceStart))
    }

    func hash(_ p: Int) -> UInt64? { token(p).flatMap { $0.isWord ? $0.hash : nil } }

    // MARK: Attribution

    func attribute(_ q: Int, previous: [Attribution?], words: Int) -> Attribution? {
        let f = quotePos[q]
        guard f >= 0 else { return nil }
        var a = attributeAt(q, f, previous: previous, words: words)
        // One or two words far from their cue, or with someone else named in between, are mostly scare
        // quotes ("predicting a “Red Wave” — which makes it seem that Trump doesn't get this “metaphor”").
        if words <= 2, let found = a, found.cuePos >= 0, found.cuePos < f {
            if f - found.cuePos > 20 { return nil }
            let speaker = found.mention.map { mentions[$0].entity } ?? -1
            for p in (found.cuePos + 1)..<f {
                if let m = mention(at: p), mentions[m].kind == .person, mentions[m].entity != speaker { a = nil }
            }
        }
        return a
    }

    func attributeAt(_ q: Int, _ f: Int, previous: [Attribution?], words: Int) -> Attribution? {
        var after = afterWindow(f, paragraph: Int32(quotes[q].lastParagraph))
        // `…cuts." The chancellor has said …`: after a full stop only `"…." he said` attributes.
        if bytes[quotes[q].contentEnd - 1] == 0x2E {
            var words = 0
            var k = after.lowerBound
            while k < after.upperBound, words < 3 {
                if isCue(k) { break }
                if token(k)?.isWord == true { words += 1 }
                k += 1
            }
            if words >= 3 || k == after.upperBound { after = after.lowerBound..<after.lowerBound }
        }
        let afterHit = attributeAfter(after)
        if let hit = afterHit, hit.cuePos - after.lowerBound <= 4 { return hit.attribution }
        let fp = Int32(quotes[q].firstParagraph)
        let start = sentenceStart(before: f, paragraph: fp)
        let colon = f - 1 >= start && token(f - 1)?.isPunct(":") == true
        if let hit = attributeBefore(start..<f, colon: colon) { return hit }
        if let hit = afterHit { return hit.attribution }
        // A short term in the subject's own words: "Putin offered deposits in its “historical territories”".
        if f > 0, let h = hash(f - 1), h == Words.its || h == Words.his || h == Words.her || h == Words.their,
            quotes[q].contentEnd - quotes[q].contentStart <= 40,
            let m = firstMention(start..<f), mentions[m].kind == .person
        {
            return Attribution(mention: m, cue: "subject")
        }
        // The same paragraph: a quote continuing an attributed one ("…," he said. "…").
        if q > 0, let prev = previous[q - 1], quotes[q - 1].lastParagraph == quotes[q].firstParagraph,
            prev.mention != nil, words >= 4
        {
            return Attribution(mention: prev.mention, cue: "continuation")
        }
        // A quote opening its paragraph: the paragraph before ends in a colon, or with the same speaker's quote.
        guard opensParagraph(f, paragraph: fp), f > 0 else { return nil }
        let prevEnd = f - 1
        let prevPara = framePara[prevEnd]
        guard prevPara == fp - 1 || frame[prevEnd] < 0 else { return nil }
        if token(prevEnd)?.isPunct(":") == true {
            let s = sentenceStart(before: prevEnd, paragraph: prevPara)
            if let hit = attributeBefore(s..<prevEnd, colon: true) { return hit }
        }
        // Only a fully quoted paragraph (nothing after the quote but punctuation) continues the last speaker.
        var rest = f + 1
        while rest < frame.count, framePara[rest] == Int32(quotes[q].lastParagraph), token(rest)?.isWord != true,
            frame[rest] >= 0
        {
            rest += 1
        }
        let fullyQuoted = rest >= frame.count || framePara[rest] != Int32(quotes[q].lastParagraph)
        if fullyQuoted, q > 0, let prev = previous[q - 1], prev.mention != nil, words >= 4,
            quotes[q - 1].lastParagraph >= quotes[q].firstParagraph - 1
        {
            return Attribution(mention: prev.mention, cue: "continuation")
        }
        // "He said, however, he was not talking about …" then a fully quoted paragraph: the same speaker,
        // when that paragraph has no quote of its own and its last sentence has a speech cue and a subject.
        if fullyQuoted, words >= 4, frame[prevEnd] >= 0, token(prevEnd)?.isSentenceEnd == true {
            let s = sentenceStart(before: prevEnd, paragraph: prevPara)
            var p = s
            var hasQuote = false
            while p > 0, framePara[p - 1] == prevPara {
                p -= 1
                if frame[p] < 0 { hasQuote = true }
            }
            if !hasQuote, let hit = attributeBefore(s..<prevEnd, colon: false), let m = hit.mention,
                mentions[m].kind == .person || mentions[m].kind == .pronoun && mentions[m].gender != .unknown,
                hit.cuePos >= 0, let h = hash(hit.cuePos), !lexicon.participleCues.contains(h)
            {
                return Attribution(mention: m, cue: "context")
            }
        }
        return nil
    }

    func opensParagraph(_ f: Int, paragraph: Int32) -> Bool {
        f == 0 || framePara[f - 1] < paragraph || (frame[f - 1] < 0 && framePara[f - 1] < paragraph)
    }

    func afterWindow(_ f: Int, paragraph: Int32) -> Range<Int> {
        var k = f + 1
        while k < frame.count, k - f <= 25, framePara[k] == paragraph, let t = token(k) {
            k += 1
            if t.isSentenceEnd { break }
        }
        return (f + 1)..<k
    }

    func sentenceStart(before f: Int, paragraph: Int32) -> Int {
        var s = f - 1
        while s >= 0, framePara[s] == paragraph || (frame[s] < 0 && quotes[-frame[s] - 1].firstParagraph == paragraph) {
            if let t = token(s), t.isSentenceEnd { break }
            // `…criminals?" The Green Party's Eleanor Scott said`: a quote ending a sentence, then a capital.
            if frame[s] < 0, s + 1 < f, endsSentence(quotes[-frame[s] - 1]), let next = token(s + 1), next.isCapitalized {
                break
            }
            s -= 1
        }
        return s + 1
    }

    func endsSentence(_ q: QuoteSpan) -> Bool {
        let last = bytes[q.contentEnd - 1]
        return last == 0x2E || last == 0x3F || last == 0x21
    }

    func attributeAfter(_ w: Range<Int>) -> (attribution: Attribution, cuePos: Int)? {
        // The subject must follow the quote closely ("…," Peskov, the Kremlin spokesman, said); a mention
        // further on belongs to another clause ("…" by US TV watchdogs, said PBS' Jacoba Atlas).
        var subjectEnd = w.lowerBound
        var wordsBefore = 0
        while subjectEnd < w.upperBound, wordsBefore <= 2 {
            if mention(at: subjectEnd) != nil { break }
            if token(subjectEnd)?.isWord == true { wordsBefore += 1 }
            subjectEnd += 1
        }
        subjectEnd += 1
        var p = w.lowerBound
        while p < w.upperBound, p < w.lowerBound + 12 {
            if hash(p) == Words.according, p + 1 < w.upperBound, hash(p + 1) == Words.to {
                if let m = firstMention((p + 2)..<w.upperBound) {
                    return (Attribution(mention: m, cue: "according to", cuePos: p), p)
                }
            }
            if isCue(p) {
                if hash(p) == Words.quoted, let m = firstMention((p + 1)..<min(w.upperBound, p + 8)) {
                    return (Attribution(mention: m, cue: "quoted … as saying", cuePos: p), p)
                }
                if let m = firstMention(w.lowerBound..<min(p, subjectEnd)) {
                    return (Attribution(mention: m, cue: cueText(p), cuePos: p), p)
                }
                // "…," adding that he …: a participle takes its subject from the main clause, not after it.
                if let h = hash(p), lexicon.participleCues.contains(h) || Words.objectCues.contains(h) {
                    p += 1
                    continue
                }
                // "said PBS' Jacoba Atlas": the person, not the organisation before her name.
                if let m = subjectMention((p + 1)..<min(w.upperBound, p + 9)) {
                    return (Attribution(mention: m, cue: cueText(p), cuePos: p), p)
                }
            }
            p += 1
        }
        return nil
    }

    /// The subject of a verb joined by "and"/"but" to what `r` (the sentence up to the conjunction) says:
    /// a person opening a clause after an earlier cue ("When asked …, Cornyn grimaced and said"), else the
    /// sentence's first named person-like mention ("Castellan, who leads the Civic Union party, said … and
    /// described"), else the speaker of the earlier cue, else the sentence subject.
    func coordinatedSubject(_ r: Range<Int>) -> Int? {
        // "Fiona Hill, who is scheduled to testify and described …": inside a relative clause, its antecedent.
        var w = r.upperBound - 1
        while w > r.lowerBound, token(w)?.isPunct(",") != true, token(w)?.isSentenceEnd != true {
            if let h = hash(w), Words.relativePronouns.contains(h), token(w - 1)?.isPunct(",") == true {
                if let m = mention(at: w - 2), isPersonLike(m) { return m }
                break
            }
            w -= 1
        }
        var k = r.upperBound - 1
        while k >= r.lowerBound, !isCue(k) { k -= 1 }
        if k >= r.lowerBound {
            var x = r.upperBound - 1
            while x > k + 1 {
                if let m = mention(at: x), mention(at: x - 1) != m, isPersonLike(m), token(x - 1)?.isPunct(",") == true,
                    !inRelativeClause(x, from: r.lowerBound, closingBefore: r.upperBound)
                {
                    return m
                }
                x -= 1
            }
        }
        for p in r {
            if let m = mention(at: p), mentions[m].entity >= 0, isPersonLike(m),
                !inRelativeClause(p, from: r.lowerBound, closingBefore: r.upperBound)
            {
                return m
            }
        }
        if k >= r.lowerBound, let hit = attributeBefore(r.lowerBound..<(k + 1), colon: false), let m = hit.mention {
            return m
        }
        return subjectMention(r)
    }

    func attributeBefore(_ r: Range<Int>, colon: Bool) -> Attribution? {
        var p = r.upperBound - 1
        while p >= r.lowerBound {
            defer { p -= 1 }
            guard let h = hash(p) else { continue }
            if h == Words.to, p - 1 >= r.lowerBound, hash(p - 1) == Words.according {
                if let m = firstMention((p + 1)..<r.upperBound) { return Attribution(mention: m, cue: "according to") }
                continue
            }
            guard isCue(p) else { continue }
            if lexicon.participleCues.contains(h) {
                // "TASS quoted Putin as saying"
                if p - 1 >= r.lowerBound, hash(p - 1) == Words.as {
                    var k = p - 2
                    while k >= max(r.lowerBound, p - 8) {
                        if hash(k) == Words.quoted, let m = firstMention((k + 1)..<(p - 1)) {
                            return Attribution(mention: m, cue: "quoted … as saying")
                        }
                        k -= 1
                    }
                }
                // "Olha Stefanishyna writing on X that …" vs "Trump …, saying he was …"
                if p - 1 >= r.lowerBound, let m = mention(at: p - 1), mentions[m].kind != .org {
                    return Attribution(mention: m, cue: cueText(p), cuePos: p)
                }
                // "… said Penning was describing it as …": a progressive takes its own subject when that is a
                // person; otherwise ("the two governments were describing …") the main clause's speaker.
                if p - 2 >= r.lowerBound, let aux = hash(p - 1), Words.auxiliaries.contains(aux),
                    let m = mention(at: p - 2), isPersonLike(m)
                {
                    return Attribution(mention: m, cue: cueText(p), cuePos: p)
                }
                if let m = subjectMention(r.lowerBound..<p) { return Attribution(mention: m, cue: cueText(p), cuePos: p) }
                continue
            }
            // "X said … and described …": a verb joined by a conjunction, with no subject of its own, shares
            // the subject of the verb before it (the speaker of an earlier cue, else the sentence subject).
            if p - 1 >= r.lowerBound, let c = hash(p - 1), Words.verbConjunctions.contains(c),
                let m = coordinatedSubject(r.lowerBound..<(p - 1))
            {
                return Attribution(mention: m, cue: cueText(p), cuePos: p)
            }
            // "X, chairman of …, which …, said": after an appositive the subject opens the sentence.
            if p - 1 >= r.lowerBound, token(p - 1)?.isPunct(",") == true, let m = subjectMention(r.lowerBound..<p) {
                return Attribution(mention: m, cue: cueText(p), cuePos: p)
            }
            if let m = lastMention(r.lowerBound..<p) { return Attribution(mention: m, cue: cueText(p), cuePos: p) }
            if !Words.objectCues.contains(h) || h == Words.asked, let m = firstMention((p + 1)..<r.upperBound) {
                return Attribution(mention: m, cue: cueText(p), cuePos: p)
            }
        }
        if colon, let m = firstMention(r) { return Attribution(mention: m, cue: "colon") }
        return nil
    }
}
