/// A parsed query, as ``QueryParser`` builds it and ``QueryCompiler`` consumes it.
///
/// Positions are 1-based character positions in the query. The parser folds runs of prefix operators
/// (`NOT -x` is `x`; in `title:body:x` the innermost scope wins), so the tree's depth is bounded by the
/// parenthesis nesting limit whatever the input.
package indirect enum QueryNode: Sendable, Equatable {
    /// A word, phrase or prefix.
    case term(QueryTerm)
    /// Every child must match: juxtaposition, or the `AND` keyword.
    case and([QueryNode])
    /// At least one child must match: the `OR` keyword, which binds tighter than juxtaposition.
    case or([QueryNode])
    /// The child must not match: `-x`, `-"a b"`, `-(…)`, `NOT x`; `position` is the operator's.
    case not(QueryNode, position: Int)
    /// The text terms inside must match in one field: `title:x`, `quote:(a OR b)`.
    case scoped(FieldScope, QueryNode, position: Int)
    /// An inline filter such as `speaker:peskov`, `date:2025-02` or `said:putin`.
    case filter(QueryFilter)
}

/// A text term of the query.
package struct QueryTerm: Sendable, Equatable {
    /// How the term was written.
    package enum Kind: Sendable, Equatable {
        /// A bare word: `sanctions`, `U.S.`, `al-Assad`.
        case word
        /// A quoted phrase: `"foreign partners"`.
        case phrase
        /// A word or phrase followed by `*`: `immigra*`, `"foreign part"*`.
        case prefix
    }

    package var kind: Kind
    /// The text as written, without the quotes or the trailing `*`.
    package var text: String
    /// 1-based character position of the term's first character (its opening quote for a phrase).
    package var position: Int

    package init(_ kind: Kind, _ text: String, position: Int) {
        self.kind = kind
        self.text = text
        self.position = position
    }
}

/// A field a text term can be confined to.
package enum FieldScope: String, Sendable, CaseIterable {
    /// The article title (`article_fts.title`).
    case title
    /// The article body (`article_fts.body`).
    case body
    /// The text of a quote (`quote_fts.text`).
    case quote
}

/// A metadata field an inline filter names (`speaker:`, `source:` …), matched by the index against
/// canonical names and their aliases.
package enum FilterField: String, Sendable, CaseIterable {
    case speaker, person, org, place, source, author
}

/// An inline filter written in the query.
package enum QueryFilter: Sendable, Equatable {
    /// `speaker:NAME`, `org:"New York Times"` …; the name is raw, as written.
    case entity(FilterField, String, position: Int)
    /// `said:NAME`: the query's free text must match inside quotes by that speaker.
    case said(String, position: Int)
    /// `date:2025-02`, `date:2025-01..2025-03-15`, already widened to whole days.
    case date(DateRange, position: Int)
}
