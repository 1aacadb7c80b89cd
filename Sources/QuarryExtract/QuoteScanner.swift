/// Finds top-level quotations in clean text by scanning paragraph bytes for quotation marks.
///
/// Each mark is classified from its neighbours (can it open, can it close, or is it an apostrophe),
/// then matched with a stack per paragraph so nested quotes stay inside the outer one. A paragraph
/// that ends inside a quote continues into the next paragraph when that one opens with a mark of the
/// same family (the news convention for multi-paragraph quotes); otherwise a quote that opened the
/// paragraph closes at its end, and any other unmatched mark is ignored so it cannot swallow the rest.
enum QuoteScanner {
    struct Mark {
        var pos: Int
        var len: Int
        var char: UInt32
        var double: Bool
        var canOpen: Bool
        var canClose: Bool
    }

    struct Opened {
        var mark: Mark
        var paragraph: Int
        var reopen: [Range<Int>]
    }

    static func scan(_ bytes: [UInt8], paragraphs: [Range<Int>]) -> [QuoteSpan] {
        var spans: [QuoteSpan] = []
        var carry: Opened?
        for (p, range) in paragraphs.enumerated() {
            let marks = collectMarks(bytes, range)
            var skip = -1
            if carry != nil, let first = marks.first {
                carry!.reopen.append(first.pos..<(first.pos + first.len))
                skip = first.pos
            }
            var ignored = Set<Int>()
            var attempts = 0
            while true {
                attempts += 1
                var stack: [Opened] = carry.map { [$0] } ?? []
                var local: [QuoteSpan] = []
                for m in marks where m.pos != skip && !ignored.contains(m.pos) {
                    if m.canClose, let k = stack.lastIndex(where: { $0.mark.double == m.double }),
                        k == stack.count - 1 || !m.canOpen
                    {
                        let opened = stack[k]
                        stack.removeSubrange(k...)
                        if stack.isEmpty, let span = makeSpan(bytes, opened, end: m.pos, paragraph: p, byMark: true) {
                            local.append(span)
                        }
                        continue
                    }
                    guard m.canOpen else { continue }
                    // `"First sentence. "Second sentence."`: a sentence reopened inside an open quote, as in
                    // multi-paragraph quotes whose paragraphs were joined; the quote goes on.
                    if stack.count == 1, stack[0].mark.double == m.double, m.double, endsSentenceBefore(bytes, m.pos) {
                        stack[0].reopen.append(m.pos..<(m.pos + m.len))
                        continue
                    }
                    if let k = stack.firstIndex(where: { $0.mark.double == m.double }) {
                        // The same family opening again inside itself: the earlier opener was never closed.
                        if k == 0, let c = carry, stack[0].mark.pos == c.mark.pos,
                            let span = makeSpan(bytes, c, end: m.pos, paragraph: p, byMark: false)
                        {
                            local.append(span)
                        }
                        stack.removeSubrange(k...)
                    }
                    stack.append(Opened(mark: m, paragraph: p, reopen: []))
                }
                guard let bottom = stack.first else {
                    spans.append(contentsOf: local)
                    carry = nil
                    break
                }
                let continues = p + 1 < paragraphs.count
                    && opensParagraph(bytes, paragraphs[p + 1], double: bottom.mark.double)
                let atStart = isParagraphStart(bytes, range, bottom.mark.pos) || followsColon(bytes, bottom.mark.pos)
                let isCarry = carry.map { $0.mark.pos == bottom.mark.pos } ?? false
                if continues && (atStart || isCarry) {
                    spans.append(contentsOf: local)
                    carry = bottom
                    break
                }
                if bottom.mark.double && (atStart || isCarry) || attempts > 4 {
                    if bottom.mark.double,
                        let span = makeSpan(bytes, bottom, end: range.upperBound, paragraph: p, byMark: false)
                    {
                        local.append(span)
                    }
                    spans.append(contentsOf: local)
                    carry = nil
                    break
                }
                ignored.insert(bottom.mark.pos)
                if isCarry { carry = nil }
            }
        }
        return spans.sorted { $0.contentStart < $1.contentStart }
    }

    static func makeSpan(_ bytes: [UInt8], _ opened: Opened, end: Int, paragraph: Int, byMark: Bool) -> QuoteSpan? {
        var s = opened.mark.pos + opened.mark.len
        var e = end
        while s < e, isSpaceByte(bytes, s) { s += (bytes[s] == 0xC2 ? 2 : 1) }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x0A || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0D {
            e -= 1
        }
        guard e > s else { return nil }
        return QuoteSpan(
            open: opened.mark.pos, contentStart: s, contentEnd: e, firstParagraph: opened.paragraph,
            lastParagraph: paragraph, single: !opened.mark.double, closedByMark: byMark, reopenMarks: opened.reopen)
    }

    /// `said: "…` — a quote introduced by a colon.
    static func followsColon(_ bytes: [UInt8], _ pos: Int) -> Bool {
        var i = pos - 1
        while i > 0, bytes[i] == 0x20 { i -= 1 }
        return i >= 0 && bytes[i] == 0x3A
    }

    /// True when the text before `pos` is `. ` (or `? `, `! `): the mark opens a new sentence.
    static func endsSentenceBefore(_ bytes: [UInt8], _ pos: Int) -> Bool {
        var i = pos - 1
        guard i > 0, bytes[i] == 0x20 else { return false }
        while i > 0, bytes[i] == 0x20 { i -= 1 }
        return bytes[i] == 0x2E || bytes[i] == 0x3F || bytes[i] == 0x21
    }

    @inline(__always)
    static func isSpaceByte(_ bytes: [UInt8], _ i: Int) -> Bool {
        let b = bytes[i]
        return b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || (b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0)
    }

    static func isParagraphStart(_ bytes: [UInt8], _ range: Range<Int>, _ pos: Int) -> Bool {
        var i = range.lowerBound
        while i < pos, isSpaceByte(bytes, i) { i += 1 }
        return i == pos
    }

    static func opensParagraph(_ bytes: [UInt8], _ range: Range<Int>, double: Bool) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound, isSpaceByte(bytes, i) { i += 1 }
        guard i < range.upperBound else { return false }
        let marks = collectMarks(bytes, i..<min(range.upperBound, i + 8))
        guard let m = marks.first, m.pos == i else { return false }
        return m.canOpen && m.double == double
    }

    @inline(__always)
    static func isBoundaryBefore(_ c: UInt32) -> Bool {
        c == 0 || TextScan.isSpace(c) || c == 0x28 || c == 0x5B || c == 0x7B || c == 0x3C || c == 0x2D || c == 0x2013
            || c == 0x2014 || c == 0x2F || c == 0x3A || Tokenizer.isQuoteMark(c)
    }

    @inline(__always)
    static func isBoundaryAfter(_ c: UInt32) -> Bool {
        switch c {
        case 0, 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x7D, 0x3E, 0x2D, 0x2013, 0x2014, 0x2026, 0x2F:
            return true
        default:
            return TextScan.isSpace(c) || Tokenizer.isQuoteMark(c)
        }
    }

    static func collectMarks(_ bytes: [UInt8], _ range: Range<Int>) -> [Mark] {
        var marks: [Mark] = []
        var i = range.lowerBound
        let end = range.upperBound
        var prev: UInt32 = 0
        while i < end {
            let b = bytes[i]
            // Fast path: only ", ' and multi-byte lead bytes can start a mark.
            if b < 0x80 && b != 0x22 && b != 0x27 {
                prev = UInt32(b)
                i += 1
                continue
            }
            let (c, len) = TextScan.scalar(bytes, i)
            guard Tokenizer.isQuoteMark(c), c != 0x60, c != 0xB4, c != 0x2032, c != 0x2033 else {
                prev = c
                i += len
                continue
            }
            let next: UInt32 = i + len < end ? TextScan.scalar(bytes, i + len).0 : 0
            if let m = classify(bytes, i, len, c, prev: prev, next: next, end: end) { marks.append(m) }
            prev = c
            i += len
        }
        return marks
    }

    static func classify(_ bytes: [UInt8], _ i: Int, _ len: Int, _ c: UInt32, prev: UInt32, next: UInt32, end: Int)
        -> Mark?
    {
        let prevSpace = prev == 0 || TextScan.isSpace(prev)
        let nextSpace = next == 0 || TextScan.isSpace(next)
        let prevBoundary = isBoundaryBefore(prev)
        let nextBoundary = isBoundaryAfter(next)
        let nextWordy = TextScan.isLetter(next) || TextScan.isDigit(next)
        let prevLetter = TextScan.isLetter(prev)
        var open = false
        var close = false
        var double = true
        switch c {
        case 0x22:
            open = prevBoundary && !nextSpace
            close = !prevSpace && nextBoundary
            if !open && !close { open = true; close = true }
        case 0x201C, 0x201F:
            open = !(nextSpace && !prevSpace)
            close = !prevSpace && !prevBoundary && nextBoundary
        case 0x201D:
            close = !prevSpace || nextBoundary
            open = prevBoundary && !nextSpace
        case 0x201E:
            open = !nextSpace
        case 0xAB:
            open = !(prevLetter && nextBoundary)
            close = (prevLetter || isBoundaryAfter(prev)) && !prevSpace && nextBoundary
        case 0xBB:
            close = !(prevSpace && nextWordy)
            open = prevBoundary && nextWordy
        case 0x2039, 0x203A:
            double = false
            open = c == 0x2039 ? !(prevLetter && nextBoundary) : (prevBoundary && nextWordy)
            close = c == 0x203A ? !(prevSpace && nextWordy) : (!prevSpace && nextBoundary)
        case 0x201A:
            double = false
            open = TextScan.isLetter(next)
        case 0x2018, 0x201B, 0x27, 0x2019:
            double = false
            if prevLetter && TextScan.isLetter(next) { return nil }  // apostrophe inside a word
            if c != 0x2019 {
                open = prevBoundary && (nextWordy || Tokenizer.isQuoteMark(next)) && !isDecade(bytes, i + len, end)
            }
            if c != 0x2018 && c != 0x201B {
                close = !prevSpace && nextBoundary && !isPluralPossessive(bytes, i + len, end, prev: prev, next: next)
            }
            if c == 0x2018 && !prevSpace && !prevBoundary && nextBoundary { close = true }
        default:
            return nil
        }
        if !open && !close { return nil }
        return Mark(pos: i, len: len, char: c, double: double, canOpen: open, canClose: close)
    }

    /// ’90s, '80s: an elided century, not an opening quote.
    static func isDecade(_ bytes: [UInt8], _ j: Int, _ end: Int) -> Bool {
        j + 2 < end + 1 && j + 1 < end && TextScan.isDigit(UInt32(bytes[j])) && TextScan.isDigit(UInt32(bytes[j + 1]))
            && (j + 2 >= end || bytes[j + 2] == 0x73 || !TextScan.isLetter(UInt32(bytes[j + 2])))
    }

    /// teachers’ union, the Joneses’ house: an apostrophe after a plural s followed by a lowercase word.
    static func isPluralPossessive(_ bytes: [UInt8], _ j: Int, _ end: Int, prev: UInt32, next: UInt32) -> Bool {
        guard prev == 0x73 || prev == 0x53, next == 0x20, j + 1 < end else { return false }
        let after = TextScan.scalar(bytes, j + 1).0
        return TextScan.isLetter(after) && !TextScan.isUpper(after)
    }
}
