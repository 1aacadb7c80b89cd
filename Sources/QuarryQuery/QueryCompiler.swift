/// Turns a query into a ``QueryPlan`` of FTS5 MATCH expressions and filters.
///
/// Decisions, so the index and users can rely on them:
/// - **Precedence.** `OR` binds tighter than juxtaposition (`a b OR c` is `a AND (b OR c)`, as in web
///   search engines). FTS5's own order is the reverse (NOT > AND > OR), so every composite expression
///   is emitted with explicit parentheses and explicit `AND`.
/// - **Safety.** Each term becomes one FTS5 string (`"U.S."`, `"don""t"`), a phrase one string, a
///   prefix `"immigra"*`; column scopes are `{title} : …`. A term in which the `unicode61` tokenizer
///   finds no token (`*`, `&`, `-`) is dropped, as is a group left empty.
/// - **NOT.** FTS5's NOT is binary, so negations are gathered per group: `a b -c -d` is
///   `(("a" AND "b") NOT ("c" OR "d"))`. A group with only negations is itself a negation, which folds
///   into its parent (`a -(b -c)`, `x OR -y` = `NOT (y NOT x)`); a query left purely negative
///   (`-foo`) yields ``QueryPlan/excludedArticleMatch`` instead of ``QueryPlan/articleMatch``.
/// - **Fields.** `title:`/`body:` become column filters. Top-level `quote:` terms go to
///   ``QueryPlan/quoteMatch`` (all in one quote); a `quote:` term mixed into a group with other terms
///   cannot be, and searches the article body instead (quotes are part of the body).
/// - **said:** With `said:NAME`, the top-level terms that are not `title:`/`body:`-scoped move to
///   ``QueryPlan/saidMatch``. A purely negative quote or said part (`said:putin -war`) falls back to
///   the article (`excludedArticleMatch`).
/// - **Prefixes.** The index is Porter-stemmed, so `immigra*` alone misses "immigration" (indexed as
///   "immigr"). `expandPrefix` returns surface words from the index's vocabulary that start with the
///   prefix; the first ``maximumPrefixExpansion`` distinct ones are ORed in:
///   `("immigra"* OR "immigration" OR "immigrant")`. Phrase prefixes (`"foreign part"*`) are not expanded.
/// - **Limits.** See ``QueryParser``; in addition a plan whose nesting FTS5's fixed parser stack
///   cannot read is refused with ``QuerySyntaxError/tooComplex(position:)``.
package enum QueryCompiler {
    /// Most vocabulary words added for one prefix term.
    package static let maximumPrefixExpansion = 64

    /// Parses and compiles `query`.
    /// - Parameter expandPrefix: extra surface words for a prefix (see the type's discussion); must be
    ///   cheap, it is called once per prefix term.
    /// - Parameter quoteLevel: compile for quote-level results (`quotes`): the free text must match
    ///   inside each quote, so it goes to ``QueryPlan/saidMatch`` as it does with `said:`.
    package static func plan(
        _ query: String,
        quoteLevel: Bool = false,
        expandPrefix: (String) -> [String] = { _ in [] }
    ) throws(QuerySyntaxError) -> QueryPlan {
        try compile(QueryParser.parse(query), quoteLevel: quoteLevel, expandPrefix: expandPrefix)
    }

    /// Compiles a tree from ``QueryParser/parse(_:)``.
    package static func compile(
        _ query: QueryNode,
        quoteLevel: Bool = false,
        expandPrefix: (String) -> [String] = { _ in [] }
    ) throws(QuerySyntaxError) -> QueryPlan {
        var plan = QueryPlan()
        let text = strip(query, scope: nil, negated: false, inOr: false, into: &plan)
        if let text { collectHighlights(text, negated: false, into: &plan.highlightTerms) }

        // Given the top-level AND: sort its parts between the article, the quote and the said side.
        let parts: [TextNode] = if case .and(let children)? = text { children } else { text.map { [$0] } ?? [] }
        var articleParts: [TextNode] = []
        var quoteParts: [TextNode] = []
        for part in parts {
            let scopes = part.scopes
            let quoteSide =
                plan.said.isEmpty && !quoteLevel
                ? scopes == [.quote]
                : !scopes.contains(.field(.title)) && !scopes.contains(.field(.body))
            if quoteSide { quoteParts.append(part) } else { articleParts.append(part) }
        }

        switch Lowering.polar(.and(quoteParts), target: .quote, expandPrefix: expandPrefix) {
        case .positive(let expression):
            let match = try finish(expression)
            if plan.said.isEmpty && !quoteLevel { plan.quoteMatch = match } else { plan.saidMatch = match }
        case .negative:
            articleParts += quoteParts  // no positive quote condition to subtract from
        case .absent:
            break
        }
        switch Lowering.polar(.and(articleParts), target: .article, expandPrefix: expandPrefix) {
        case .positive(let expression): plan.articleMatch = try finish(expression)
        case .negative(let expression): plan.excludedArticleMatch = try finish(expression)
        case .absent: break
        }
        return plan
    }

    // MARK: Tree without filters

    /// The text part of the query, scopes resolved onto the leaves.
    fileprivate indirect enum TextNode {
        case leaf(QueryTerm, FieldScope?)
        case and([TextNode])
        case or([TextNode])
        case not(TextNode)

        enum Scope: Hashable {
            case none
            case field(FieldScope)
            static let quote = Scope.field(.quote)
        }

        var scopes: Set<Scope> {
            switch self {
            case .leaf(_, let scope): [scope.map(Scope.field) ?? .none]
            case .and(let children), .or(let children): children.reduce(into: []) { $0.formUnion($1.scopes) }
            case .not(let child): child.scopes
            }
        }
    }

    /// Moves filters into `plan` and drops terms without tokens; nil when nothing textual is left.
    private static func strip(
        _ node: QueryNode, scope: FieldScope?, negated: Bool, inOr: Bool, into plan: inout QueryPlan
    ) -> TextNode? {
        switch node {
        case .term(let term):
            return FTS5.hasToken(term.text) ? .leaf(term, scope) : nil
        case .and(let children):
            let kept = children.compactMap { strip($0, scope: scope, negated: negated, inOr: inOr, into: &plan) }
            return kept.isEmpty ? nil : kept.count == 1 ? kept[0] : .and(kept)
        case .or(let children):
            let kept = children.compactMap { strip($0, scope: scope, negated: negated, inOr: true, into: &plan) }
            return kept.isEmpty ? nil : kept.count == 1 ? kept[0] : .or(kept)
        case .not(let child, _):
            return strip(child, scope: scope, negated: !negated, inOr: inOr, into: &plan).map { .not($0) }
        case .scoped(let field, let child, _):
            return strip(child, scope: field, negated: negated, inOr: inOr, into: &plan)
        case .filter(let filter):
            record(filter, negated: negated, inOr: inOr, into: &plan)
            return nil
        }
    }

    private static func record(_ filter: QueryFilter, negated: Bool, inOr: Bool, into plan: inout QueryPlan) {
        func warn(_ warning: String) {
            if !plan.warnings.contains(warning) { plan.warnings.append(warning) }
        }
        if inOr { warn("filters apply to the whole query, not as an alternative inside OR") }
        switch filter {
        case .entity(let field, let value, _):
            guard !value.isEmpty else { return }
            if negated {
                if !plan.filters.excluded[field, default: []].contains(value) {
                    plan.filters.excluded[field, default: []].append(value)
                }
            } else if !plan.filters[field].contains(value) {
                plan.filters[field].append(value)
            }
        case .said(let value, _):
            guard !value.isEmpty else { return }
            if negated {
                warn("said:\(value) cannot be negated; it is ignored")
            } else if !plan.said.contains(value) {
                plan.said.append(value)
            }
        case .date(let range, _):
            if negated {
                warn("a date: filter cannot be negated; it is ignored")
            } else {
                plan.filters.date = plan.filters.date.map { $0.intersection(range) } ?? range
            }
        }
    }

    private static func collectHighlights(_ node: TextNode, negated: Bool, into terms: inout [String]) {
        switch node {
        case .leaf(let term, _):
            if !negated, !terms.contains(term.text) { terms.append(term.text) }
        case .and(let children), .or(let children):
            for child in children { collectHighlights(child, negated: negated, into: &terms) }
        case .not(let child):
            collectHighlights(child, negated: !negated, into: &terms)
        }
    }

    // MARK: FTS5 expressions

    /// Which FTS5 table an expression is for: only `article_fts` has the `title`/`body` columns.
    fileprivate enum Target { case article, quote }

    /// An expression that must match, one that must not, or no condition.
    fileprivate enum Polar {
        case positive(FTS5Expression)
        case negative(FTS5Expression)
        case absent
    }

    /// TextNode → FTS5Expression; `expandPrefix` is threaded through because it is non-escaping.
    fileprivate enum Lowering {
        typealias Expand = (String) -> [String]

        static func polar(_ node: TextNode, target: Target, expandPrefix: Expand) -> Polar {
            switch node {
            case .leaf(let term, let scope):
                return .positive(leaf(term, scope: scope, target: target, expandPrefix: expandPrefix))
            case .not(let child):
                switch polar(child, target: target, expandPrefix: expandPrefix) {
                case .positive(let expression): return .negative(expression)
                case .negative(let expression): return .positive(expression)
                case .absent: return .absent
                }
            case .and(let children):
                let (positives, negatives) = split(children, target: target, expandPrefix: expandPrefix)
                if !positives.isEmpty {
                    let all = FTS5Expression.all(positives)
                    return .positive(negatives.isEmpty ? all : .not(all, .any(negatives)))
                }
                return negatives.isEmpty ? .absent : .negative(.any(negatives))
            case .or(let children):
                // x OR NOT y1 OR NOT y2 = NOT ((y1 AND y2) NOT x)
                let (positives, negatives) = split(children, target: target, expandPrefix: expandPrefix)
                if negatives.isEmpty { return positives.isEmpty ? .absent : .positive(.any(positives)) }
                let all = FTS5Expression.all(negatives)
                return .negative(positives.isEmpty ? all : .not(all, .any(positives)))
            }
        }

        private static func split(
            _ children: [TextNode], target: Target, expandPrefix: Expand
        ) -> (positives: [FTS5Expression], negatives: [FTS5Expression]) {
            var positives: [FTS5Expression] = []
            var negatives: [FTS5Expression] = []
            for child in children {
                switch polar(child, target: target, expandPrefix: expandPrefix) {
                case .positive(let expression): positives.append(expression)
                case .negative(let expression): negatives.append(expression)
                case .absent: break
                }
            }
            return (positives, negatives)
        }

        /// `"word"`, `"a phrase"`, `"immigra"*` or `("immigra"* OR "immigration")`, with `{title} : `
        /// in front when scoped (a `quote:` term on the article side searches the body).
        private static func leaf(
            _ term: QueryTerm, scope: FieldScope?, target: Target, expandPrefix: Expand
        ) -> FTS5Expression {
            var text = FTS5.string(term.text)
            var stack = 3
            if term.kind == .prefix {
                text += "*"
                let words = expansions(of: term.text, expandPrefix: expandPrefix)
                if !words.isEmpty {
                    text = "(" + ([text] + words.map(FTS5.string)).joined(separator: " OR ") + ")"
                    stack = 6
                }
            }
            if target == .article, let scope {
                text = "{\(scope == .title ? "title" : "body")} : " + text
                stack += 3
            }
            return .leaf(text, position: term.position, stack: stack)
        }

        private static func expansions(of prefix: String, expandPrefix: Expand) -> [String] {
            guard !prefix.unicodeScalars.contains(where: QueryLexer.isSeparator) else { return [] }
            var seen: Set<String> = [prefix.lowercased()]
            var words: [String] = []
            for word in expandPrefix(prefix) where FTS5.hasToken(word) {
                guard seen.insert(word.lowercased()).inserted else { continue }
                words.append(word)
                if words.count == QueryCompiler.maximumPrefixExpansion { break }
            }
            return words
        }
    }

    /// Renders `expression`, reordering AND/OR operands if FTS5's parser stack needs it.
    private static func finish(_ expression: FTS5Expression) throws(QuerySyntaxError) -> String {
        var expression = expression
        if expression.stackNeed.entries > FTS5Expression.stackBudget {
            expression = expression.deepestFirst
            let need = expression.stackNeed
            if need.entries > FTS5Expression.stackBudget { throw .tooComplex(position: need.position) }
        }
        return expression.rendered
    }
}
