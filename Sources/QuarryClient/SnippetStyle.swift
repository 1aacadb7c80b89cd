import QuarryProtocol

/// How the daemon's match markers (`SnippetMarkers.open`/`close`, U+0002/U+0003) are printed.
///
/// - `ansi`: text on a terminal with colour: matches in bold red, like grep.
/// - `plain`: text without colour: the markers are dropped.
/// - `markdown`: json, ndjson and tsv: matches wrapped in `**` … `**`, readable as Markdown bold and
///   easy to strip (`sed 's/\*\*//g'`); raw control characters would be escaped as `\u0002` in JSON
///   and are hostile in a TSV cell.
package enum SnippetStyle: Sendable {
    case ansi, plain, markdown

    static let ansiOpen = "\u{1B}[1;31m"
    static let ansiClose = "\u{1B}[0m"
    /// The `markdown` markers as bytes, for `JSONWriter.value(_:markers:)`.
    static let markdownMarkers: (open: [UInt8], close: [UInt8]) = (Array("**".utf8), Array("**".utf8))

    /// `snippet` with its markers rendered in this style.
    package func render(_ snippet: String) -> String {
        let utf8 = snippet.utf8
        guard utf8.contains(where: { $0 == 0x02 || $0 == 0x03 }) else { return snippet }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        // Runs between markers are appended whole (the markers are ASCII: every cut is a character boundary).
        var run = utf8.startIndex
        var i = run
        while i != utf8.endIndex {
            let byte = utf8[i]
            guard byte == 0x02 || byte == 0x03 else {
                utf8.formIndex(after: &i)
                continue
            }
            out += snippet[run..<i]
            switch self {
            case .ansi: out += byte == 0x02 ? Self.ansiOpen : Self.ansiClose
            case .plain: break
            case .markdown: out += "**"
            }
            utf8.formIndex(after: &i)
            run = i
        }
        out += snippet[run..<utf8.endIndex]
        return out
    }
}

/// Text-mode styling: ANSI escapes only when stdout is a terminal and `NO_COLOR` is unset.
package struct TextStyle: Sendable {
    package var colour: Bool

    package init(colour: Bool) {
        self.colour = colour
    }

    /// Colour when `fd` is a terminal and `NO_COLOR` is unset or empty.
    package static func detect(fd: Int32 = 1) -> TextStyle {
        TextStyle(colour: isTerminal(fd) && Locations.environment("NO_COLOR") == nil)
    }

    var snippets: SnippetStyle { colour ? .ansi : .plain }

    func bold(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { colour ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

/// Text from the index for a terminal: control characters (an escape sequence in a scraped title)
/// become spaces, keeping newlines when `keepNewlines`, so only our own escapes reach the terminal.
/// The snippet markers survive so `SnippetStyle` can render them afterwards.
func sanitized(_ s: String, keepNewlines: Bool = false) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\u{2}", "\u{3}": out.append(scalar)
        case "\n" where keepNewlines: out.append(scalar)
        case "\t" where keepNewlines: out.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: out.append(" ")
        default: out.append(scalar)
        }
    }
    return String(out)
}

/// `s` on one line: runs of whitespace (including newlines) become one space.
func oneLine(_ s: String) -> String {
    var out = ""
    var space = false
    for ch in s {
        if ch.isWhitespace {
            space = true
        } else {
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(ch)
        }
    }
    return out
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
