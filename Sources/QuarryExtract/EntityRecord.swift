/// An entity as the recognizer builds it for one article.
struct EntityRecord: Sendable {
    var name: String
    var kind: EntityKind
    var gender: Lexicon.Gender
    var aliases: [String]
    /// Roles as written ("Russian President") and as concept hashes for matching role phrases.
    var roles: [String]
    var roleWords: [[UInt64]]
    var mentions: Int
    /// Last name token hash, for surname-only references.
    var surname: UInt64
    var isFullName: Bool
}
