import QuarryIngest

/// Everything extraction finds in one article.
package struct ExtractionResult: Sendable, Equatable {
    package var quotes: [ExtractedQuote]
    package var entities: [ExtractedEntity]
    package init(quotes: [ExtractedQuote], entities: [ExtractedEntity]) {
        self.quotes = quotes
        self.entities = entities
    }
}

/// One quotation found in an article's clean text.
package struct ExtractedQuote: Sendable, Equatable {
    /// The quoted words, without the quotation marks.
    package var text: String
    package var kind: QuoteKind
    /// UTF-8 byte range of `text` inside `CleanArticle.text` (marks excluded).
    package var textRange: Range<Int>
    /// Canonical speaker name ("Dmitry Peskov"), nil when unattributed.
    package var speaker: String?
    /// The speaker as written nearest the quote ("he", "Peskov", "the Kremlin spokesman").
    package var mention: String?
    /// The cue that attributes it ("said", "told", "according to", "quoted … as saying", "colon").
    package var cue: String?

    package init(
        text: String, kind: QuoteKind, textRange: Range<Int>, speaker: String?, mention: String?, cue: String?
    ) {
        self.text = text
        self.kind = kind
        self.textRange = textRange
        self.speaker = speaker
        self.mention = mention
        self.cue = cue
    }
}

/// What a quotation is: a full quote, or a short partial quote inside a sentence.
package enum QuoteKind: String, Sendable, Equatable, Codable {
    case quote
    case fragment
}

/// A person, organisation or place mentioned in an article.
package struct ExtractedEntity: Sendable, Equatable {
    /// Canonical name: full name without titles ("Vladimir Putin"), or the gazetteer's name.
    package var name: String
    package var kind: EntityKind
    /// How many times the article mentions it (any alias, pronouns not counted).
    package var mentions: Int
    /// The forms the article used ("Putin", "Russian President Vladimir Putin", "the Kremlin leader").
    package var aliases: [String]
    /// The role or title the article gives it ("Russian President"), when any.
    package var role: String?

    package init(name: String, kind: EntityKind, mentions: Int, aliases: [String], role: String?) {
        self.name = name
        self.kind = kind
        self.mentions = mentions
        self.aliases = aliases
        self.role = role
    }
}

/// Entity types (CONTRACT `show`: person|org|place).
package enum EntityKind: String, Sendable, Equatable, Codable, CaseIterable {
    case person
    case org
    case place
}
