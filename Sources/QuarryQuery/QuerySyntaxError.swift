/// Why a query cannot be run; the daemon answers it as `bad_query` with ``message`` and ``position``.
///
/// Positions are 1-based and count characters (extended grapheme clusters, Swift's `Character`) of the
/// query exactly as the user typed it.
package enum QuerySyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `"` (or `“`/`”`) at `position` opens a phrase that never closes.
    case unclosedQuote(position: Int)
    /// A `(` at `position` is never closed.
    case unclosedParenthesis(position: Int)
    /// A `)` at `position` closes nothing.
    case unmatchedParenthesis(position: Int)
    /// The `(` at `position` opens a group deeper than ``QueryParser/maximumDepth``.
    case nestingTooDeep(position: Int, limit: Int)
    /// The term at `position` is one more than ``QueryParser/maximumTerms``.
    case tooManyTerms(position: Int, limit: Int)
    /// A `date:` value at `position` is not a date or range (see ``DateRange/parse(_:)``).
    case badDate(DateError, position: Int)
    /// The query is nested in a way SQLite's FTS5 parser cannot take (its parser stack is small);
    /// `position` is the most deeply nested term.
    case tooComplex(position: Int)

    /// The 1-based character position the message is about.
    package var position: Int {
        switch self {
        case .unclosedQuote(let position), .unclosedParenthesis(let position),
            .unmatchedParenthesis(let position), .nestingTooDeep(let position, _),
            .tooManyTerms(let position, _), .badDate(_, let position), .tooComplex(let position):
            position
        }
    }

    /// One line a user can act on; it names the position.
    package var message: String {
        switch self {
        case .unclosedQuote(let position):
            "unclosed quote: the \" at position \(position) has no partner; close it or remove it"
        case .unclosedParenthesis(let position):
            "unclosed parenthesis: the ( at position \(position) is never closed; add a ) or remove it"
        case .unmatchedParenthesis(let position):
            "unmatched parenthesis: the ) at position \(position) closes nothing; remove it or add a ( before it"
        case .nestingTooDeep(let position, let limit):
            "nesting deeper than \(limit): the ( at position \(position) opens too many groups; remove some parentheses"
        case .tooManyTerms(let position, let limit):
            "too many terms: the query has more than \(limit) terms (the one at position \(position) is the first over); shorten it"
        case .badDate(let error, let position):
            "\(error.message) (the date: at position \(position))"
        case .tooComplex(let position):
            "query too complex: the term at position \(position) is nested too deeply for the index; remove some parentheses or negations"
        }
    }

    package var description: String { message }
}
