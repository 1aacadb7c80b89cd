/// Merges a new canonical person name into one already known in the index.
///
/// First the lexicon's alias table ("Zelenskyy" → "Volodymyr Zelensky"), then an exact folded match,
/// then one conservative rule: the same forename and a surname within one edit of a known name
/// ("Volodymyr Zelenskyy" = "Volodymyr Zelensky"). A surname-only name never merges by itself.
package struct EntityCanonicalizer: Sendable {
    private let aliases: [String: String]
    private var byFold: [String: String] = [:]
    /// Forename → (folded surname, known canonical name).
    private var byForename: [String: [(surname: [UInt8], name: String)]] = [:]

    /// - Parameters:
    ///   - lexicon: supplies the alias table.
    ///   - known: canonical names already in the index.
    package init(lexicon: Lexicon, known: [String] = []) {
        aliases = lexicon.personAliases
        for name in known { register(name) }
    }

    /// Adds a name the index now holds.
    package mutating func register(_ name: String) {
        let f = Self.fold(name)
        guard !f.isEmpty, byFold[f] == nil else { return }
        byFold[f] = name
        let parts = f.split(separator: " ")
        if parts.count >= 2 {
            byForename[String(parts[0]), default: []].append((Array(parts[parts.count - 1].utf8), name))
        }
    }

    /// The known name `name` stands for, or `name` itself when it is new.
    package func canonical(for name: String) -> String {
        var f = Self.fold(name)
        var result = name
        if let alias = aliases[f] {
            result = alias
            f = Self.fold(alias)
        }
        if let known = byFold[f] { return known }
        let parts = f.split(separator: " ")
        guard parts.count >= 2 else { return result }
        let surname = Array(parts[parts.count - 1].utf8)
        guard surname.count >= 4, let candidates = byForename[String(parts[0])] else { return result }
        for c in candidates where c.surname.count >= 4 && Self.withinOneEdit(c.surname, surname) {
            return c.name
        }
        return result
    }

    /// `canonical(for:)`, then remembers the result.
    package mutating func merge(_ name: String) -> String {
        let c = canonical(for: name)
        register(c)
        return c
    }

    /// Lowercase, diacritics removed, punctuation turned into spaces, spaces collapsed.
    package static func fold(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for s in name.unicodeScalars {
            let c = s.value
            if c < 0x80 {
                // ASCII fast path.
                let isAlnum = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || (c >= 0x30 && c <= 0x39)
                if isAlnum {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(c >= 0x41 && c <= 0x5A ? UInt8(c + 0x20) : UInt8(c))
                } else {
                    pendingSpace = true
                }
                continue
            }
            let props = s.properties
            if props.generalCategory == .nonspacingMark || props.generalCategory == .enclosingMark { continue }
            if TextScan.isLetter(c) || TextScan.isDigit(c) || props.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                if let f = TextScan.foldedLatin(c) {
                    out.append(f)
                } else {
                    out.append(contentsOf: props.lowercaseMapping.utf8)
                }
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        let (s, l) = a.count <= b.count ? (a, b) : (b, a)
        guard l.count - s.count <= 1 else { return false }
        var i = 0
        var j = 0
        var edits = 0
        while i < s.count && j < l.count {
            if s[i] == l[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if s.count == l.count { i += 1 }
            j += 1
        }
        return edits + (l.count - j) + (s.count - i) <= 1
    }
}
