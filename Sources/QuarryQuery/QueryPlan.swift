/// What a query asks of the index, ready to become SQL; built by ``QueryCompiler``.
///
/// Every `…Match` string is a complete FTS5 expression in which user text appears only inside FTS5
/// strings (`"…"`, inner `"` doubled); composite parts are always parenthesised, so the strings can be
/// embedded in larger expressions. The conditions combine with AND:
/// - ``articleMatch``: `article_fts MATCH articleMatch` (columns `title`, `body`);
/// - ``excludedArticleMatch``: the article must *not* match it (a query with only negative terms,
///   like `-foo`, has no positive expression FTS5 could run: `rowid NOT IN (… MATCH …)`);
/// - ``quoteMatch``: the article has a quote whose `quote_fts.text` matches it;
/// - ``said`` / ``saidMatch``: the article has a quote by one of the ``said`` speakers and, when
///   ``saidMatch`` is set, that same quote's text matches it;
/// - ``filters``.
/// A plan with no condition at all means every article.
package struct QueryPlan: Sendable, Equatable {
    /// FTS5 MATCH expression for `article_fts`, or nil for no text condition on articles.
    package var articleMatch: String?
    /// FTS5 MATCH expression the article must not match; set only when ``articleMatch`` is nil.
    package var excludedArticleMatch: String?
    /// FTS5 MATCH expression for `quote_fts` from the top-level `quote:` terms (one quote matches all).
    package var quoteMatch: String?
    /// `said:` names as written; the index resolves aliases. Several mean any of them.
    package var said: [String]
    /// With ``said``: the query's free text, to match inside the speaker's quotes (`quote_fts`).
    package var saidMatch: String?
    /// Inline metadata filters.
    package var filters: InlineFilters
    /// Positive terms as written (prefixes without `*`), for highlighting; negated terms are left out.
    package var highlightTerms: [String]
    /// Parts of the query that could not be honoured as written, each a line a user can read
    /// (`-date:2025` is ignored, for example).
    package var warnings: [String]

    package init(
        articleMatch: String? = nil, excludedArticleMatch: String? = nil, quoteMatch: String? = nil,
        said: [String] = [], saidMatch: String? = nil, filters: InlineFilters = InlineFilters(),
        highlightTerms: [String] = [], warnings: [String] = []
    ) {
        self.articleMatch = articleMatch
        self.excludedArticleMatch = excludedArticleMatch
        self.quoteMatch = quoteMatch
        self.said = said
        self.saidMatch = saidMatch
        self.filters = filters
        self.highlightTerms = highlightTerms
        self.warnings = warnings
    }

    /// True when the plan has any text condition (otherwise it selects by filters alone).
    package var hasTextCondition: Bool {
        articleMatch != nil || excludedArticleMatch != nil || quoteMatch != nil || saidMatch != nil
    }
}

/// Filters written in the query (`speaker:peskov date:2025-02`); values are raw names as written.
///
/// Several values for one field are all listed; the index decides how they combine (the request's
/// `filters` lists behave the same way). A filter anywhere in the query applies to the whole query:
/// `putin OR speaker:peskov` is `putin` with the filter (and says so in ``QueryPlan/warnings``).
package struct InlineFilters: Sendable, Equatable {
    package var speaker: [String] = []
    package var person: [String] = []
    package var org: [String] = []
    package var place: [String] = []
    package var source: [String] = []
    package var author: [String] = []
    /// Values from negated filters (`-source:fox`, `NOT speaker:trump`): articles matching any are out.
    package var excluded: [FilterField: [String]] = [:]
    /// Inclusive publication-date bounds; several `date:` filters intersect (and may leave nothing).
    package var date: DateRange?

    package init() {}

    /// The values listed for `field`.
    package subscript(field: FilterField) -> [String] {
        get {
            switch field {
            case .speaker: speaker
            case .person: person
            case .org: org
            case .place: place
            case .source: source
            case .author: author
            }
        }
        set {
            switch field {
            case .speaker: speaker = newValue
            case .person: person = newValue
            case .org: org = newValue
            case .place: place = newValue
            case .source: source = newValue
            case .author: author = newValue
            }
        }
    }

    /// True when no filter is set.
    package var isEmpty: Bool {
        FilterField.allCases.allSatisfy { self[$0].isEmpty } && excluded.isEmpty && date == nil
    }
}
