import Foundation

/// Turns a raw article into clean text plus metadata, deleting page furniture and spam.
///
/// Cleaning works line by line (every non-empty line is a paragraph): phrase rules from
/// `CleaningRules` drop whole furniture lines, structural rules find the banner, the title, bylines,
/// date lines and the dateline, and inline rules cut markers such as "Advertisement" or a trailing
/// photo credit out of a paragraph. It only ever deletes spans and joins what is left with `"\n\n"`,
/// so every character of the result is a character of the source and the offset map stays exact.
package struct ArticleCleaner: Sendable {
    /// The rules this cleaner applies.
    package var rules: CleaningRules { compiled.rules }
    let compiled: CompiledRules

    /// A cleaner for `rules`; throws `IngestError.invalidPattern` for a bad regular expression.
    package init(rules: CleaningRules) throws {
        compiled = try CompiledRules(rules)
    }

    /// Cleans one article.
    package func clean(_ raw: RawArticle) -> CleanArticle {
        var source = raw.text
        return source.withUTF8 { buf in
            var pass = CleaningPass(cleaner: compiled, buf: buf, raw: raw)
            return pass.run()
        }
    }
}

/// `CleaningRules` turned into the byte forms the cleaning pass compares with. A class, so that a
/// pass per article shares it instead of copying a dozen arrays; immutable, hence `Sendable`.
final class CompiledRules: Sendable {
    let rules: CleaningRules
    let exact: Set<ArraySlice<UInt8>>
    let longestExact: Int
    /// `drop_line_prefixes` bucketed by their first byte, so a line is compared with few of them.
    let prefixesByFirstByte: [[[UInt8]]]
    let containing: [LineKey.Needle]
    let spam: [LineKey.Needle]
    let patterns: CompiledPatterns
    let inlineMarkers: [LineKey.Needle]
    let creditTails: [LineKey.Needle]
    let titleMarkers: [[UInt8]]
    let bylinePrefixes: [[UInt8]]
    let nameWords: Set<String>

    init(_ rules: CleaningRules) throws {
        self.rules = rules
        exact = Set(rules.dropLines.map { LineKey.stripped(LineKey.normalize($0)) })
        longestExact = exact.map(\.count).max() ?? 0
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for prefix in rules.dropLinePrefixes.map({ LineKey.normalize($0) }) where !prefix.isEmpty {
            buckets[Int(prefix[0])].append(prefix)
        }
        prefixesByFirstByte = buckets
        containing = rules.dropLinesContaining.map { LineKey.normalize($0) }.filter { !$0.isEmpty }.map(LineKey.Needle.init)
        spam = rules.spamMarkers.map { LineKey.normalize($0) }.filter { !$0.isEmpty }.map(LineKey.Needle.init)
        patterns = try CompiledPatterns(rules.dropLinePatterns)
        inlineMarkers = rules.inlineMarkers.map { Array($0.utf8) }.filter { !$0.isEmpty }.map(LineKey.Needle.init)
        creditTails = rules.creditTailMarkers.map { Array($0.utf8) }.filter { !$0.isEmpty }.map(LineKey.Needle.init)
        titleMarkers = rules.titleMarkers.map { LineKey.normalize($0) }.filter { !$0.isEmpty }
        bylinePrefixes = rules.bylinePrefixes.map { Array($0.utf8) }.filter { !$0.isEmpty }
        nameWords = Set(rules.bylineNameWords.map { $0.lowercased() })
    }
}

/// Precompiled `drop_line_patterns`. `NSRegularExpression` is immutable once built and documented as
/// safe to use from several threads, which is what makes this wrapper `Sendable`.
final class CompiledPatterns: @unchecked Sendable {
    let expressions: [NSRegularExpression]

    init(_ patterns: [String]) throws {
        expressions = try patterns.map { pattern in
            do {
                return try NSRegularExpression(pattern: pattern)
            } catch {
                throw IngestError.invalidPattern(pattern: pattern, reason: "\(error.localizedDescription)")
            }
        }
    }

    func matchesWhole(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return expressions.contains { $0.firstMatch(in: text, options: [.anchored], range: range)?.range == range }
    }
}
