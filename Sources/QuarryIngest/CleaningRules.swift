import Foundation

/// The data side of cleaning: phrases and patterns that mark page furniture and spam.
///
/// Loaded from `Config/furniture.json`; every key is described in `Config/furniture.md`. Phrase
/// matching is on a normalised form of a line: lower-cased (ASCII), runs of spaces (including
/// no-break spaces) collapsed, curly quotes and apostrophes made straight, en and em dashes made `-`.
/// For `drop_lines` trailing `: . ! | -` are ignored too, so "Comments are closed." matches
/// "comments are closed". Missing keys take the defaults below.
package struct CleaningRules: Sendable, Equatable, Decodable {
    /// Version of the file format; only 1 exists.
    package var formatVersion = 1
    /// Lines longer than this (UTF-8 bytes) are prose and never compared with the phrase lists.
    package var maxFurnitureLineBytes = 200
    /// `drop_line_prefixes`, `drop_lines_containing` and `spam_markers` apply only to lines up to this
    /// many bytes.
    package var maxPrefixLineBytes = 160
    /// Whole lines that are furniture ("advertisement", "leave a reply", "back").
    package var dropLines: [String] = []
    /// Starts of lines that are furniture ("sponsor:", "photo:", "sign up for").
    package var dropLinePrefixes: [String] = []
    /// Phrases anywhere in a short line that make it furniture ("click here for reprint permission").
    package var dropLinesContaining: [String] = []
    /// Spam phrases: the line goes, and near the end of an article everything after it goes too.
    package var spamMarkers: [String] = []
    /// Regular expressions over the normalised line, for the rare shapes phrases cannot express.
    package var dropLinePatterns: [String] = []
    /// `drop_line_patterns` apply only to lines up to this many bytes (regular expressions are slow).
    package var maxPatternLineBytes = 40
    /// Words dropped inside a paragraph when they stand between sentences ("Advertisement"), as written.
    package var inlineMarkers: [String] = []
    /// Starts of a photo credit that ends a caption paragraph ("File Photo by "), as written.
    package var creditTailMarkers: [String] = []
    /// Longest credit tail removed, in bytes.
    package var maxCreditTailBytes = 100
    /// Line prefixes that mark the page title ("NextImg:"), matched case-insensitively.
    package var titleMarkers: [String] = []
    /// Separators between a page title and the site name that follows it (" — ", " | ").
    package var titleSourceSeparators: [String] = []
    /// Longest site name split off a title, in characters.
    package var maxSourceSuffixChars = 40
    /// Byline openings ("By "), matched as written.
    package var bylinePrefixes: [String] = []
    /// Lower-case words allowed inside a byline name ("and", "de", "van").
    package var bylineNameWords: [String] = []
    /// How many lines from the top count as "the top" (titles, banners, repeated titles, dates).
    package var topRegionLines = 12
    /// How many lines from the bottom count as "the bottom" (bylines, spam tails).
    package var bottomRegionLines = 8
    /// Longest title recognised from text, in characters, and its most words.
    package var maxTitleChars = 160
    package var maxTitleWords = 25
    /// Longest all-capitals site banner dropped from the first line, in characters.
    package var maxBannerChars = 60

    /// Rules with only the structural defaults and no phrases.
    package init() {}

    private enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case maxFurnitureLineBytes = "max_furniture_line_bytes"
        case maxPrefixLineBytes = "max_prefix_line_bytes"
        case dropLines = "drop_lines"
        case dropLinePrefixes = "drop_line_prefixes"
        case dropLinesContaining = "drop_lines_containing"
        case spamMarkers = "spam_markers"
        case dropLinePatterns = "drop_line_patterns"
        case maxPatternLineBytes = "max_pattern_line_bytes"
        case inlineMarkers = "inline_markers"
        case creditTailMarkers = "credit_tail_markers"
        case maxCreditTailBytes = "max_credit_tail_bytes"
        case titleMarkers = "title_markers"
        case titleSourceSeparators = "title_source_separators"
        case maxSourceSuffixChars = "max_source_suffix_chars"
        case bylinePrefixes = "byline_prefixes"
        case bylineNameWords = "byline_name_words"
        case topRegionLines = "top_region_lines"
        case bottomRegionLines = "bottom_region_lines"
        case maxTitleChars = "max_title_chars"
        case maxTitleWords = "max_title_words"
        case maxBannerChars = "max_banner_chars"
        case comment = "_comment"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        formatVersion = try value(.formatVersion, 1)
        maxFurnitureLineBytes = try value(.maxFurnitureLineBytes, maxFurnitureLineBytes)
        maxPrefixLineBytes = try value(.maxPrefixLineBytes, maxPrefixLineBytes)
        dropLines = try value(.dropLines, [])
        dropLinePrefixes = try value(.dropLinePrefixes, [])
        dropLinesContaining = try value(.dropLinesContaining, [])
        spamMarkers = try value(.spamMarkers, [])
        dropLinePatterns = try value(.dropLinePatterns, [])
        maxPatternLineBytes = try value(.maxPatternLineBytes, maxPatternLineBytes)
        inlineMarkers = try value(.inlineMarkers, [])
        creditTailMarkers = try value(.creditTailMarkers, [])
        maxCreditTailBytes = try value(.maxCreditTailBytes, maxCreditTailBytes)
        titleMarkers = try value(.titleMarkers, [])
        titleSourceSeparators = try value(.titleSourceSeparators, [])
        maxSourceSuffixChars = try value(.maxSourceSuffixChars, maxSourceSuffixChars)
        bylinePrefixes = try value(.bylinePrefixes, [])
        bylineNameWords = try value(.bylineNameWords, [])
        topRegionLines = try value(.topRegionLines, topRegionLines)
        bottomRegionLines = try value(.bottomRegionLines, bottomRegionLines)
        maxTitleChars = try value(.maxTitleChars, maxTitleChars)
        maxTitleWords = try value(.maxTitleWords, maxTitleWords)
        maxBannerChars = try value(.maxBannerChars, maxBannerChars)
    }

    /// Reads and validates rules from a JSON file.
    package static func load(from url: URL) throws -> CleaningRules {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "permission denied or unreadable" : "no such file"
            throw IngestError.rulesUnreadable(path: url.path, reason: reason)
        }
        let rules: CleaningRules
        do {
            rules = try JSONDecoder().decode(CleaningRules.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            throw IngestError.rulesInvalid(path: url.path, reason: "wrong type at \(keyPath(context.codingPath))")
        } catch DecodingError.dataCorrupted {
            throw IngestError.rulesInvalid(path: url.path, reason: "not valid JSON")
        } catch {
            throw IngestError.rulesInvalid(path: url.path, reason: "not a JSON object of rules")
        }
        guard rules.formatVersion == 1 else {
            throw IngestError.unsupportedRulesVersion(path: url.path, version: rules.formatVersion)
        }
        for pattern in rules.dropLinePatterns {
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw IngestError.invalidPattern(pattern: pattern, reason: "\(error.localizedDescription)")
            }
        }
        return rules
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
