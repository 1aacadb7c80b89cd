/// Function words extraction relies on (grammar, not data), as folded hashes.
enum Words {
    static let the: UInt64 = 0x56F5C9194461D57C  // "the"
    static let a: UInt64 = 0xAF63DC4C8601EC8C  // "a"
    static let an: UInt64 = 0x089C3807B5458406  // "an"
    static let of: UInt64 = 0x08B06007B5567108  // "of"
    static let and: UInt64 = 0xE6F79719051FF286  // "and"
    static let to: UInt64 = 0x08C83907B56AC0A4  // "to"
    static let `as`: UInt64 = 0x089C5507B545B54D  // "as"
    static let by: UInt64 = 0x08A64B07B54DF8D4  // "by"
    static let according: UInt64 = 0x22069A7DCA739B67  // "according"
    static let asked: UInt64 = 0xFB0AB6BC4DB98323  // "asked"
    static let quoted: UInt64 = 0xC290386092499BC9  // "quoted"
    static let saying: UInt64 = 0x224F0D56FEE49628  // "saying"
    static let what: UInt64 = 0x9BE8C5F64F26C30F  // "what"
    static let he: UInt64 = 0x08BA5307B55EAF76  // "he"
    static let she: UInt64 = 0x8245AA195CEA9E21  // "she"
    static let it: UInt64 = 0x08B73E07B55C55F0  // "it"
    static let they: UInt64 = 0x2579BAEF323CF77F  // "they"
    static let `for`: UInt64 = 0xDCB27818FED9DA90  // "for"
    static let its: UInt64 = 0x2BB3EA192BE54D99  // "its"
    static let his: UInt64 = 0x337323193006782B  // "his"
    static let her: UInt64 = 0x334A1A192FE363CC  // "her"
    static let their: UInt64 = 0xEB06B1725DC70D87  // "their"
    static let deputy: UInt64 = 0xF9B77783336B9F2A  // "deputy"
    static let vice: UInt64 = 0xFE400200C6B25F74  // "vice"
    static let minister: UInt64 = 0x73646687E497E9BE  // "minister"
    static let prime: UInt64 = 0x2F1173248C858040  // "prime"
    /// Cues whose following noun is the listener, never the speaker ("…," she told Reuters).
    static let objectCues = WordSet(
        ["told", "tell", "tells", "telling", "informed", "asked", "urged", "warned", "assured", "reminded", "advised"]
            .map(TextScan.wordHash))
    /// Relative pronouns: ", who leads the X party," is a relative clause, and its mentions are not the subject.
    static let relativePronouns = WordSet(["who", "which", "whose", "whom"].map(TextScan.wordHash))
    /// Conjunctions that join a second verb to the same subject ("said … and described …").
    static let verbConjunctions = WordSet(["and", "but", "then"].map(TextScan.wordHash))
    /// Auxiliaries of a progressive participle ("the governments were describing …").
    static let auxiliaries = WordSet(
        ["is", "are", "was", "were", "be", "been", "being", "am"].map(TextScan.wordHash))
    /// Prepositions of place: a name right after one ("talks in Harbourton") is a place, not a person.
    static let locatives = WordSet(
        ["in", "at", "near", "outside", "inside", "across", "throughout"].map(TextScan.wordHash))
    /// Calendar words that end a name ("Mr. Romney Friday called …").
    static let calendar = WordSet(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
         "july", "september", "october", "november", "december"].map(TextScan.wordHash))
    /// Copulas that introduce a role after a name ("Piers Freelove is senior benefit officer").
    static let copulas = WordSet(["is", "was", "as"].map(TextScan.wordHash))
    /// Lowercase words that may sit inside a capitalised name or title ("Bank of England").
    static let connectors = WordSet(["of", "for", "the"].map(TextScan.wordHash))
    /// Name particles kept inside person names ("Ursula von der Leyen", "Mohammed bin Salman").
    static let particles = WordSet(
        ["de", "da", "del", "della", "di", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "dos", "das"]
            .map(TextScan.wordHash))
    /// Words before a name that mark a photo credit or byline, not a mention.
    static let credit = WordSet(
        ["photo", "photos", "credit", "image", "images", "picture", "pictures", "courtesy", "illustration", "video", "file", "getty"]
            .map(TextScan.wordHash))
    /// Role modifiers that do not narrow who a role phrase means ("the former president" = "the president").
    static let looseModifiers = WordSet(
        ["former", "then", "top", "senior", "new", "late", "outgoing", "incoming", "acting", "interim", "veteran", "longtime",
         "long-time", "ex", "current"].map(TextScan.wordHash))
    static let maleTitles = WordSet(
        ["mr", "mr.", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "councilman", "emperor",
         "baron", "sultan", "emir", "sheikh", "pope", "father"].map(TextScan.wordHash))
    static let femaleTitles = WordSet(
        ["mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman",
         "congresswoman", "councilwoman", "baroness", "empress", "sister"].map(TextScan.wordHash))
}
