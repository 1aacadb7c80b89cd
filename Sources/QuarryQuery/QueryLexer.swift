/// Splits a query into tokens in one linear pass over its Unicode scalars.
///
/// Only `"` `“` `”` `„` (phrases), `(` `)`, a leading `-`, a known `field:` prefix and whitespace are
/// syntax; every other character is part of a word. Control characters (NUL included) count as
/// whitespace, so they never reach SQLite.
struct QueryLexer {
    struct Token: Equatable {
        enum Kind: Equatable {
            case word(String)
            /// A quoted phrase; `prefix` when a `*` follows the closing quote.
            case phrase(String, prefix: Bool)
            case open
            case close
            /// A `-` glued to the operand that follows it.
            case minus
            /// A known `name:` glued to the operand that follows it (lowercased name).
            case field(String)
        }

        var kind: Kind
        /// 1-based character position.
        var position: Int
        /// True when the token follows a `-` or `field:` with no space between: keywords there are words.
        var attached: Bool
    }

    /// Field names that may prefix an operand; anything else before a `:` is literal text.
    static let fieldNames: Set<String> = Set(FieldScope.allCases.map(\.rawValue))
        .union(FilterField.allCases.map(\.rawValue)).union(["said", "date"])

    private let scalars: [Unicode.Scalar]
    /// Character position (1-based) of each scalar.
    private let characterPositions: [Int32]

    init(_ query: String) {
        var scalars: [Unicode.Scalar] = []
        var positions: [Int32] = []
        scalars.reserveCapacity(query.unicodeScalars.count)
        positions.reserveCapacity(query.unicodeScalars.count)
        var position: Int32 = 0
        for character in query {
            position += 1
            for scalar in character.unicodeScalars {
                scalars.append(scalar)
                positions.append(position)
            }
        }
        self.scalars = scalars
        self.characterPositions = positions
    }

    func tokens() throws(QuerySyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var attached = false
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            if Self.isSeparator(scalar) {
                attached = false
                index += 1
                continue
            }
            let position = Int(characterPositions[index])
            if Self.isQuote(scalar) {
                var end = index + 1
                while end < count, !Self.isQuote(scalars[end]) { end += 1 }
                guard end < count else { throw .unclosedQuote(position: position) }
                let text = string(index + 1, end)
                index = end + 1
                var prefix = false
                while index < count, scalars[index] == "*" {
                    prefix = true
                    index += 1
                }
                tokens.append(Token(kind: .phrase(text, prefix: prefix), position: position, attached: attached))
                attached = false
                continue
            }
            if scalar == "(" || scalar == ")" {
                tokens.append(Token(kind: scalar == "(" ? .open : .close, position: position, attached: attached))
                attached = false
                index += 1
                continue
            }
            if scalar == "-", index + 1 < count {
                let next = scalars[index + 1]
                if !Self.isSeparator(next), next != "-", next != ")" {
                    tokens.append(Token(kind: .minus, position: position, attached: attached))
                    attached = true
                    index += 1
                    continue
                }
            }
            // `title:x`, `title:"…"`, `title:(…)` scope; `title:` before a space or `)` is a word. Only a
            // few scalars are looked at, so `title:title:…` stays linear.
            if let colon = (index..<min(index + 8, count)).first(where: { scalars[$0] == ":" }), colon > index,
                colon + 1 < count, !Self.isSeparator(scalars[colon + 1]), scalars[colon + 1] != ")"
            {
                let name = string(index, colon).lowercased()
                if Self.fieldNames.contains(name) {
                    tokens.append(Token(kind: .field(name), position: position, attached: attached))
                    attached = true
                    index = colon + 1
                    continue
                }
            }
            // A word runs to the next separator, quote or parenthesis.
            var end = index
            while end < count {
                let scalar = scalars[end]
                if Self.isSeparator(scalar) || Self.isQuote(scalar) || scalar == "(" || scalar == ")" { break }
                end += 1
            }
            tokens.append(Token(kind: .word(string(index, end)), position: position, attached: attached))
            attached = false
            index = end
        }
        return tokens
    }

    private func string(_ start: Int, _ end: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        return String(text)
    }

    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII, “ ” and the German opening „ (which closes with “).
        scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}" || scalar == "\u{201E}"
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }
}
