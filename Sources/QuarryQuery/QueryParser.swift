/// Parses the CONTRACT query language into a ``QueryNode`` tree.
///
/// Grammar, loosest binding first (Google-style: `a b OR c` is `a AND (b OR c)`):
/// ```
/// query    := sequence
/// sequence := either (["AND"] either)*          juxtaposition is AND
/// either   := unary ("OR" unary)*
/// unary    := ("-" | "NOT" | scope ":")* primary
/// primary  := word | word"*" | "phrase" | "phrase"* | "(" sequence ")" | filter ":" (word | "phrase")
/// ```
/// `OR`, `AND` and `NOT` are keywords only in upper case and only when standing alone; an operator with
/// nothing to apply to (`a OR`, `NOT`, `OR b`) is ignored. Punctuation is literal (`U.S.`, `C++`,
/// `note: this`, a lone `-` or `*`); only an unbalanced quote or parenthesis, nesting deeper than
/// ``maximumDepth``, more than ``maximumTerms`` terms or a bad `date:` value is an error. Parsing is
/// linear in the query's length and recursion is bounded by ``maximumDepth``.
package enum QueryParser {
    /// Deepest parenthesis nesting accepted.
    package static let maximumDepth = 64
    /// Most terms and filters accepted in one query.
    package static let maximumTerms = 1000

    /// Parses `query`; an empty query is `.and([])`.
    package static func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        var parser = Parser(tokens: try QueryLexer(query).tokens())
        let items = try parser.sequence(depth: 0, open: nil)
        return items.count == 1 ? items[0] : .and(items)
    }
}

private struct Parser {
    typealias Token = QueryLexer.Token

    let tokens: [Token]
    var index = 0
    var termCount = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    var current: Token? { index < tokens.count ? tokens[index] : nil }

    /// Items until the closing parenthesis of `open` (or the end, at top level).
    mutating func sequence(depth: Int, open: Token?) throws(QuerySyntaxError) -> [QueryNode] {
        var items: [QueryNode] = []
        while let token = current {
            if token.kind == .close {
                guard open != nil else { throw .unmatchedParenthesis(position: token.position) }
                index += 1
                return items
            }
            if isKeyword(token, "AND") || isKeyword(token, "OR") {
                index += 1  // nothing on its left: ignore
                continue
            }
            if let node = try either(depth: depth) { items.append(node) }
        }
        if let open { throw .unclosedParenthesis(position: open.position) }
        return items
    }

    mutating func either(depth: Int) throws(QuerySyntaxError) -> QueryNode? {
        var operands: [QueryNode] = []
        if let first = try unary(depth: depth) { operands.append(first) }
        while let token = current, isKeyword(token, "OR") {
            index += 1
            guard let next = current, startsOperand(next) else { continue }  // `a OR )`: ignore the OR
            if let operand = try unary(depth: depth) { operands.append(operand) }
        }
        switch operands.count {
        case 0: return nil
        case 1: return operands[0]
        default: return .or(operands)
        }
    }

    /// Prefix operators are folded in a loop (not recursion), so `NOT NOT … x` cannot exhaust the stack.
    mutating func unary(depth: Int) throws(QuerySyntaxError) -> QueryNode? {
        var outermostNegation = 0
        var negations = 0
        var scope: (FieldScope, Int)? = nil
        while let token = current {
            switch token.kind {
            case .minus:
                if negations == 0 { outermostNegation = token.position }
                negations += 1
                index += 1
                continue
            case .word("NOT") where !token.attached:
                if negations == 0 { outermostNegation = token.position }
                negations += 1
                index += 1
                continue
            case .field(let name):
                index += 1
                if let field = FieldScope(rawValue: name) {
                    scope = (field, token.position)  // the innermost scope wins
                    continue
                }
                if let filter = try filter(name, at: token) {
                    let node = QueryNode.filter(filter)
                    return negations % 2 == 1 ? .not(node, position: outermostNegation) : node
                }
                continue  // `speaker:(…)`: the name takes no group; read what follows as usual
            default:
                break
            }
            break
        }
        guard var node = try primary(depth: depth) else { return nil }
        if let (field, position) = scope { node = .scoped(field, node, position: position) }
        if negations % 2 == 1 { node = .not(node, position: outermostNegation) }
        return node
    }

    /// The value after `name:`; nil (and nothing consumed) when the next token is not a word or phrase.
    mutating func filter(_ name: String, at field: Token) throws(QuerySyntaxError) -> QueryFilter? {
        guard let token = current else { return nil }
        let value: String
        switch token.kind {
        case .word(let word): value = word
        case .phrase(let phrase, _): value = phrase
        default: return nil
        }
        index += 1
        try count(field)
        if name == "date" {
            do {
                return .date(try DateRange.parse(value), position: field.position)
            } catch {
                throw .badDate(error, position: field.position)
            }
        }
        if name == "said" { return .said(value, position: field.position) }
        guard let entity = FilterField(rawValue: name) else { return nil }
        return .entity(entity, value, position: field.position)
    }

    mutating func primary(depth: Int) throws(QuerySyntaxError) -> QueryNode? {
        guard let token = current else { return nil }
        switch token.kind {
        case .word(let word):
            if isKeyword(token, "OR") || isKeyword(token, "AND") { return nil }
            index += 1
            try count(token)
            var stem = Substring(word)
            while stem.last == "*" { stem.removeLast() }
            if stem.count < word.count, !stem.isEmpty {
                return .term(QueryTerm(.prefix, String(stem), position: token.position))
            }
            return .term(QueryTerm(.word, word, position: token.position))  // `*` alone stays a word
        case .phrase(let phrase, let prefix):
            index += 1
            try count(token)
            return .term(QueryTerm(prefix ? .prefix : .phrase, phrase, position: token.position))
        case .open:
            guard depth < QueryParser.maximumDepth else {
                throw .nestingTooDeep(position: token.position, limit: QueryParser.maximumDepth)
            }
            index += 1
            let items = try sequence(depth: depth + 1, open: token)
            return items.count == 1 ? items[0] : .and(items)
        case .close, .minus, .field:
            return nil
        }
    }

    mutating func count(_ token: Token) throws(QuerySyntaxError) {
        termCount += 1
        if termCount > QueryParser.maximumTerms {
            throw .tooManyTerms(position: token.position, limit: QueryParser.maximumTerms)
        }
    }

    func isKeyword(_ token: Token, _ keyword: String) -> Bool {
        !token.attached && token.kind == .word(keyword)
    }

    func startsOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .close: false
        case .word: !isKeyword(token, "OR") && !isKeyword(token, "AND")
        default: true
        }
    }
}
