/// One place in the text that names or points at an entity: a name, a role phrase or a pronoun.
struct Mention: Sendable {
    enum Kind: UInt8, Sendable {
        case person, org, place
        /// "the Kremlin leader", "the US president": resolved through the article's roles or the lexicon.
        case role
        /// he / she / they.
        case pronoun
    }

    /// Token range.
    var first: Int
    var end: Int
    var kind: Kind
    /// Index into the recognizer's entities; -1 when unresolved.
    var entity: Int
    var gender: Lexicon.Gender
    var inQuote: Bool
}
