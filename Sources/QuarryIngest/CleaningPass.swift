import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of `ArticleCleaner` over one article's decoded UTF-8 bytes.
struct CleaningPass {
    enum Kind { case prose, dropped, spam }

    struct Line {
        var range: Range<Int>
        var kind: Kind = .prose
        /// Normalised text, for lines short enough to be furniture.
        var key: [UInt8]?
    }

    let cleaner: CompiledRules
    let buf: UnsafeBufferPointer<UInt8>
    let raw: RawArticle
    var rules: CleaningRules { cleaner.rules }
    var lines: [Line] = []
    var title: String?
    var titleFromText = false
    var author: String?
    var textDate: String?
    var source: String?
    var dateline: String?

    init(cleaner: CompiledRules, buf: UnsafeBufferPointer<UInt8>, raw: RawArticle) {
        self.cleaner = cleaner
        self.buf = buf
        self.raw = raw
    }

    mutating func run() -> CleanArticle {
        splitLines()
        for i in lines.indices { classify(i) }
        dropBanner()
        dropSpamTail()
        findBylines()
        findTitle()
        findDateline()
        return assemble()
    }

    // MARK: Lines

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self)
    }

    /// Range with leading and trailing spaces (ASCII and Unicode) removed.
    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound
        var e = r.upperBound
        while s < e {
            let b = buf[s]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { s += 1; continue }
            let w = b >= 0x80 ? LineKey.spaceWidth(buf, s, e) : 0
            if w == 0 { break }
            s += w
        }
        while e > s {
            let b = buf[e - 1]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { e -= 1; continue }
            // A multi-byte space ends in a continuation byte: look back for its start.
            var w = 0
            if b >= 0x80 {
                for back in 2...3 where e - back >= s && LineKey.spaceWidth(buf, e - back, e) == back {
                    w = back
                    break
                }
            }
            if w == 0 { break }
            e -= w
        }
        return s..<e
    }

    mutating func splitLines() {
        lines.reserveCapacity(32)
        guard let base = buf.baseAddress else { return }
        let n = buf.count
        var start = 0
        while start <= n {
            var end = n
            if start < n, let hit = memchr(base + start, 0x0A, n - start) {
                end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }
            // A carriage return also ends a line (CRLF files, old Mac files): rare, so only then look.
            var s = start
            while s < end, let cr = memchr(base + s, 0x0D, end - s) {
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(cr))
                addLine(s..<at)
                s = at + 1
            }
            addLine(s..<end)
            start = end + 1
        }
    }

    mutating func addLine(_ range: Range<Int>) {
        let r = trimmed(range)
        guard !r.isEmpty else { return }
        var line = Line(range: r)
        if r.count <= rules.maxFurnitureLineBytes { line.key = LineKey.normalize(buf, r) }
        lines.append(line)
    }

    var keptIndices: [Int] { lines.indices.filter { lines[$0].kind == .prose } }

    // MARK: Phrase rules

    mutating func classify(_ i: Int) {
        guard let key = lines[i].key else { return }
        let position = i
        let count = lines.count
        for marker in cleaner.titleMarkers where key.starts(with: marker) {
            lines[i].kind = .dropped
            if title == nil {
                var r = lines[i].range
                r = trimmed((r.lowerBound + rawPrefixLength(r, marker.count))..<r.upperBound)
                if !r.isEmpty { setTitleFromText(string(r)) }
            }
            return
        }
        // Cheap length gates first: most lines are prose, far longer than any phrase rule.
        if key.count <= cleaner.longestExact, cleaner.exact.contains(LineKey.stripped(key)) {
            lines[i].kind = .dropped
            return
        }
        if key.count <= rules.maxPrefixLineBytes {
            for prefix in cleaner.prefixesByFirstByte[Int(key[0])] where key.starts(with: prefix) {
                lines[i].kind = .dropped
                return
            }
            if key.withUnsafeBufferPointer({ k in cleaner.spam.contains { LineKey.find(k, 0..<k.count, $0) != nil } }) {
                lines[i].kind = .spam
                return
            }
            if key.withUnsafeBufferPointer({ k in cleaner.containing.contains { LineKey.find(k, 0..<k.count, $0) != nil } }) {
                lines[i].kind = .dropped
                return
            }
        }
        if isLinkLine(key) { lines[i].kind = .dropped; return }
        if isPipeFurniture(i) { lines[i].kind = .dropped; return }
        if position < rules.topRegionLines || position >= count - 2, key.count <= 40,
            key.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),  // every date has a year
            let date = PublishedDate.normalize(string(lines[i].range))
        {
            if textDate == nil { textDate = date }
            lines[i].kind = .dropped
            return
        }
        if !cleaner.patterns.expressions.isEmpty, key.count <= rules.maxPatternLineBytes,
            cleaner.patterns.matchesWhole(String(decoding: key, as: UTF8.self))
        {
            lines[i].kind = .dropped
        }
    }

    /// Bytes of the raw line covered by the first `keyLength` bytes of its key (markers are ASCII).
    func rawPrefixLength(_ r: Range<Int>, _ keyLength: Int) -> Int {
        var consumed = 0
        var i = r.lowerBound
        while i < r.upperBound, consumed < keyLength {
            if buf[i] != 0x20 { consumed += 1 }
            i += 1
        }
        return i - r.lowerBound
    }

    /// A line that is only a link: a bare URL, or a short label and a URL ("Registration link: https://…").
    func isLinkLine(_ key: [UInt8]) -> Bool {
        // Every link has "://" or "www."; most lines have neither, so look for them first.
        let mayLink = key.withUnsafeBufferPointer {
            LineKey.find($0, 0..<$0.count, Self.schemeMark) != nil || LineKey.find($0, 0..<$0.count, Self.wwwNeedle) != nil
        }
        guard mayLink else { return false }
        var k = key[...]
        while let f = k.first, f == 0x2D || f == 0x2A || f == 0x20 { k = k.dropFirst() }  // "- " / "* " bullets
        if k.starts(with: Self.bullet) { k = k.dropFirst(3).drop { $0 == 0x20 } }
        func isURL(_ s: ArraySlice<UInt8>) -> Bool {
            (s.starts(with: Self.http) || s.starts(with: Self.https) || s.starts(with: Self.www)) && !s.contains(0x20)
        }
        if isURL(k) { return true }
        guard k.count <= rules.maxPrefixLineBytes * 2, let colon = k.firstIndex(of: 0x3A),
            k[colon...].starts(with: [0x3A, 0x20])
        else { return false }
        let words = k[..<colon].split(separator: 0x20).count
        return words <= 8 && isURL(k[(colon + 2)...])
    }

    static let bullet = Array("\u{2022}".utf8)
    static let http = Array("http://".utf8)
    static let https = Array("https://".utf8)
    static let www = Array("www.".utf8)
    static let wwwNeedle = LineKey.Needle(www)
    static let schemeMark = LineKey.Needle(Array("://".utf8))

    /// "Feb 25, 2025 | |" or "| Remer,MN": pieces between pipes that are empty, dates or short places.
    mutating func isPipeFurniture(_ i: Int) -> Bool {
        guard let key = lines[i].key, key.count <= 120, key.contains(0x7C) else { return false }
        var foundDate: String?
        for piece in string(lines[i].range).split(separator: "|", omittingEmptySubsequences: false) {
            let p = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            if p.isEmpty { continue }
            if let d = PublishedDate.normalize(p) {
                foundDate = foundDate ?? d
                continue
            }
            let words = p.split(separator: " ").count
            if words > 4 || p.count > 40 || p.last == "." { return false }
        }
        if textDate == nil { textDate = foundDate }
        return true
    }

    // MARK: Structure

    /// An all-capitals site name on the first line ("THE AMERICA ONE NEWS").
    mutating func dropBanner() {
        guard let first = lines.indices.first, lines[first].kind == .prose, let key = lines[first].key,
            key.count <= rules.maxBannerChars
        else { return }
        let r = lines[first].range
        var letters = 0
        var spaces = 0
        for i in r {
            let b = buf[i]
            if b >= 0x61 && b <= 0x7A { return }  // lower case: not a banner
            if b >= 0x41 && b <= 0x5A { letters += 1 }
            if b == 0x20 { spaces += 1 }
            if b == 0x2E || b == 0x2C || b == 0x3A || b == 0x3F { return }  // punctuation: a sentence or a dateline
        }
        if letters >= 4, spaces >= 1, lines.count > 2 { lines[first].kind = .dropped }
    }

    /// After a spam line near the end, the rest (referral links, codes) is spam too.
    mutating func dropSpamTail() {
        let bottom = max(0, lines.count - rules.bottomRegionLines)
        guard let first = lines.indices.first(where: { lines[$0].kind == .spam && $0 >= bottom }) else { return }
        for i in first..<lines.count { lines[i].kind = .dropped }
    }

    /// "By Vafa Guliyeva" among the first or last lines: recorded as author, removed from text.
    mutating func findBylines() {
        let kept = keptIndices
        var candidates = Array(kept.prefix(3))
        for i in kept.suffix(3) where !candidates.contains(i) { candidates.append(i) }
        for i in candidates {
            guard let name = bylineName(lines[i].range) else { continue }
            lines[i].kind = .dropped
            if author == nil { author = name }
        }
    }

    func bylineName(_ r: Range<Int>) -> String? {
        guard r.count <= 100 else { return nil }
        guard let prefix = cleaner.bylinePrefixes.first(where: { LineKey.hasPrefix(buf, r, $0) }) else { return nil }
        var name = string((r.lowerBound + prefix.count)..<r.upperBound).trimmingCharacters(in: .whitespaces)
        while let last = name.last, ",;:|-".contains(last) { name.removeLast() }
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
        guard (1...8).contains(words.count) else { return nil }
        var capitalised = 0
        for word in words {
            let w = word.trimmingCharacters(in: CharacterSet(charactersIn: ",&"))
            if w.isEmpty || nameWords.contains(w.lowercased()) { continue }
            guard let f = w.first, f.isUppercase, !w.contains(where: \.isNumber) else { return nil }
            // "J." and "Jr." are initials; any other word ending a sentence means prose.
            if w.hasSuffix("."), w.count > 3 { return nil }
            capitalised += 1
        }
        return capitalised > 0 ? name : nil
    }

    var nameWords: Set<String> { cleaner.nameWords }

    mutating func setTitleFromText(_ text: String) {
        titleFromText = true
        title = text
    }

    /// The title: a marker line, the provided title, the first headline-like line, or a repeated line.
    mutating func findTitle() {
        if title == nil, let provided = raw.title { title = provided }
        var kept = keptIndices
        if title == nil, let first = kept.first, kept.count > 1, looksLikeTitle(lines[first].range) {
            setTitleFromText(string(lines[first].range))
            lines[first].kind = .dropped
        }
        if title == nil {
            // A line repeated at the top is the page title shown twice by the scrape.
            let top = kept.prefix(rules.topRegionLines)
            var seen: Set<[UInt8]> = []
            for i in top {
                guard let key = lines[i].key, key.count <= rules.maxTitleChars * 2 else { continue }
                if seen.contains(key), looksLikeTitle(lines[i].range) || key.count <= rules.maxTitleChars {
                    setTitleFromText(string(lines[i].range))
                    break
                }
                seen.insert(key)
            }
        }
        guard let found = title else { return }
        if titleFromText, raw.source == nil { splitSourceSuffix() }
        // Drop every copy of the title near the top (with or without the site-name suffix).
        let fullKey = LineKey.stripped(LineKey.normalize(found))
        let shortKey = title.map { LineKey.stripped(LineKey.normalize($0)) } ?? fullKey
        kept = keptIndices
        for i in kept.prefix(rules.topRegionLines) {
            guard let key = lines[i].key else { continue }
            let k = LineKey.stripped(key)
            if k == fullKey || k == shortKey { lines[i].kind = .dropped }
        }
    }

    func looksLikeTitle(_ r: Range<Int>) -> Bool {
        guard r.count <= rules.maxTitleChars * 3 else { return false }
        let text = string(r)
        guard text.count <= rules.maxTitleChars, let first = text.first, bylineName(r) == nil else { return false }
        // "iTunes", "eBay": a lower-case start is fine when the first word has a capital in it.
        if first.isLowercase, !(text.split(separator: " ").first?.contains(where: \.isUppercase) ?? false) {
            return false
        }
        let unquoted = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'\u{201D}\u{2019}"))
        if unquoted.hasSuffix("...") || unquoted.hasSuffix("\u{2026}") { return true }  // "Memories of…"
        let words = text.split(separator: " ").count
        guard words <= rules.maxTitleWords else { return false }
        var last = text.last!
        if "\"\u{201D}'\u{2019})".contains(last), text.count >= 2 {
            last = text[text.index(text.endIndex, offsetBy: -2)]
        }
        return !".,;:".contains(last)
    }

    /// "Title — Site Name": the site becomes the source when its words are capitalised.
    mutating func splitSourceSuffix() {
        guard let t = title else { return }
        for separator in rules.titleSourceSeparators {
            guard let r = t.range(of: separator, options: .backwards) else { continue }
            let suffix = t[r.upperBound...].trimmingCharacters(in: .whitespaces)
            let head = t[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !suffix.isEmpty, !head.isEmpty, suffix.count <= rules.maxSourceSuffixChars else { continue }
            let words = suffix.split(separator: " ")
            guard words.count <= 5, words.allSatisfy({ $0.first!.isUppercase || $0.first!.isNumber || ["of", "the", "and", "&"].contains($0) }) else { continue }
            source = suffix
            title = head
            return
        }
    }

    /// "WASHINGTON –" or "PARIS, FRANCE (AP) —" opening the first paragraph.
    mutating func findDateline() {
        guard let first = keptIndices.first else { return }
        let r = lines[first].range
        let limit = min(r.upperBound, r.lowerBound + 80)
        var i = r.lowerBound
        var dash: Int?
        while i + 2 < limit {
            if buf[i] == 0x20 {
                if buf[i + 1] == 0x2D, buf[i + 2] == 0x20 { dash = i; break }
                if i + 4 < limit, buf[i + 1] == 0xE2, buf[i + 2] == 0x80, buf[i + 3] == 0x93 || buf[i + 3] == 0x94,
                    buf[i + 4] == 0x20
                {
                    dash = i
                    break
                }
            }
            i += 1
        }
        guard let dash else { return }
        let head = string(r.lowerBound..<dash)
        // The place is the run of all-capitals words at the start; what follows must be short.
        var place = ""
        var rest = Substring(head)
        while let word = rest.split(separator: " ", maxSplits: 1).first {
            let letters = word.filter(\.isLetter)
            guard letters.count >= 2, letters.allSatisfy(\.isUppercase) else { break }
            place += (place.isEmpty ? "" : " ") + word
            rest = rest.dropFirst(word.count).drop { $0 == " " }
        }
        let tail = rest.trimmingCharacters(in: .whitespaces)
        guard place.filter(\.isLetter).count >= 3, tail.isEmpty || tail.first == "(" || tail.first == ",",
            tail.count <= 30
        else { return }
        while let last = place.last, ",.".contains(last) { place.removeLast() }
        dateline = place
    }

    // MARK: Inline cuts and assembly

    /// Spans of a paragraph that survive inline markers and a trailing photo credit.
    func pieces(_ r: Range<Int>) -> [Range<Int>] {
        var cuts: [Range<Int>] = []
        for marker in cleaner.inlineMarkers {
            var from = r.lowerBound
            while let at = LineKey.find(buf, from..<r.upperBound, marker) {
                from = at + marker.bytes.count
                let after = at + marker.bytes.count
                let startsOK = at == r.lowerBound || (buf[at - 1] == 0x20 && endsSentence(before: at - 1, floor: r.lowerBound))
                guard startsOK else { continue }
                var afterEnd = after
                if afterEnd < r.upperBound, buf[afterEnd] == 0x3A { afterEnd += 1 }
                if afterEnd == r.upperBound {
                    cuts.append((at == r.lowerBound ? at : at - 1)..<r.upperBound)
                } else if buf[afterEnd] == 0x20, afterEnd + 1 < r.upperBound, startsSentence(afterEnd + 1) {
                    cuts.append(at..<(afterEnd + 1))
                }
            }
        }
        for marker in cleaner.creditTails {
            let window = max(r.lowerBound, r.upperBound - rules.maxCreditTailBytes)
            guard r.upperBound - window >= marker.bytes.count else { continue }
            guard let at = LineKey.find(buf, window..<r.upperBound, marker), at > r.lowerBound,
                buf[at - 1] == 0x20, endsSentence(before: at - 1, floor: r.lowerBound)
            else { continue }
            let tail = string(at..<r.upperBound)
            guard !tail.hasSuffix("."), !tail.contains(". ") || tail.split(separator: " ").count <= 8 else { continue }
            cuts.append((at - 1)..<r.upperBound)
            break
        }
        guard !cuts.isEmpty else { return [r] }
        cuts.sort { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        var pos = r.lowerBound
        for cut in cuts where cut.lowerBound >= pos {
            if cut.lowerBound > pos { out.append(pos..<cut.lowerBound) }
            pos = cut.upperBound
        }
        if pos < r.upperBound { out.append(pos..<r.upperBound) }
        // Trim the whole paragraph's ends; inner joins keep their single space.
        if let f = out.first { out[0] = trimmed(f.lowerBound..<f.upperBound).lowerBound..<f.upperBound }
        if let l = out.last { out[out.count - 1] = l.lowerBound..<trimmed(l).upperBound }
        return out.filter { !$0.isEmpty }
    }

    /// True when the character before the space at `space` ends a sentence (. ! ? or a closing quote).
    func endsSentence(before space: Int, floor: Int) -> Bool {
        guard space > floor else { return false }
        let b = buf[space - 1]
        if b == 0x2E || b == 0x21 || b == 0x3F || b == 0x22 || b == 0x29 { return true }
        if b == 0x9D || b == 0x99, space - 3 >= floor, buf[space - 3] == 0xE2, buf[space - 2] == 0x80 { return true }
        return false
    }

    /// True when a new sentence starts at `i`: a capital letter, a digit or an opening quote.
    func startsSentence(_ i: Int) -> Bool {
        let b = buf[i]
        if (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x22 || b == 0x27 { return true }
        if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0x9C || buf[i + 2] == 0x98 { return true }
        return false
    }

    func assemble() -> CleanArticle {
        var text: [UInt8] = []
        text.reserveCapacity(buf.count)
        var segments: [CleanOffsetMap.Segment] = []
        var paragraphs: [Range<Int>] = []
        for line in lines where line.kind == .prose {
            let parts = pieces(line.range)
            if parts.isEmpty { continue }
            if !text.isEmpty { text.append(0x0A); text.append(0x0A) }
            let start = text.count
            for part in parts {
                segments.append(.init(cleanStart: text.count, decodedStart: part.lowerBound, length: part.count))
                text.append(contentsOf: UnsafeBufferPointer(rebasing: buf[part]))
            }
            paragraphs.append(start..<text.count)
        }
        // A date the input gave must be a date: an unreadable one is dropped (the text's own date line,
        // if any, stands in), never stored as written, where `date:` filters and sorting would misread it.
        let given = raw.published.flatMap(PublishedDate.normalize)
        let published = given ?? textDate
        var article = CleanArticle(
            id: raw.id, path: raw.path, inputFile: raw.inputFile, title: title, author: raw.author ?? author,
            published: published, source: raw.source ?? source, url: raw.url, dateline: dateline,
            text: String(decoding: text, as: UTF8.self), paragraphs: paragraphs, contentHash: raw.contentHash,
            offsets: CleanOffsetMap(segments: segments, decoded: raw.byteMap))
        if given == nil { article.droppedDate = raw.published }
        return article
    }
}
