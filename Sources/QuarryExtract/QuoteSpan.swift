/// A top-level quotation found by `QuoteScanner`: byte offsets into the clean text.
struct QuoteSpan: Sendable, Equatable {
    /// Offset of the opening mark.
    var open: Int
    /// The quoted words, marks and surrounding spaces excluded.
    var contentStart: Int
    var contentEnd: Int
    var firstParagraph: Int
    var lastParagraph: Int
    /// Single marks (‘…’, '…', ‹…›) rather than double ones.
    var single: Bool
    /// False when the quote was closed at a paragraph end for want of a closing mark.
    var closedByMark: Bool
    /// Re-opening marks at the start of continued paragraphs, left out of the text.
    var reopenMarks: [Range<Int>]
}
