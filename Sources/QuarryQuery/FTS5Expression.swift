/// A boolean FTS5 expression before rendering, and the rules for rendering it safely.
///
/// Rendering always parenthesises composite nodes, so the meaning never depends on FTS5's own
/// precedence (NOT > AND > OR, i.e. `a b OR c` would be `(a AND b) OR c` there).
indirect enum FTS5Expression: Equatable {
    /// Already rendered leaf text; `position` is the user's term (for errors), `stack` the parser
    /// stack entries reading it takes (see ``stackNeed``).
    case leaf(String, position: Int, stack: Int)
    case and([FTS5Expression])
    case or([FTS5Expression])
    /// `left NOT right`: FTS5's NOT is binary.
    case not(FTS5Expression, FTS5Expression)

    /// `and`, flattening nested ANDs and unwrapping a single child.
    static func all(_ children: [FTS5Expression]) -> FTS5Expression {
        let flat = children.flatMap { child -> [FTS5Expression] in
            if case .and(let inner) = child { inner } else { [child] }
        }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    /// `or`, flattening nested ORs and unwrapping a single child.
    static func any(_ children: [FTS5Expression]) -> FTS5Expression {
        let flat = children.flatMap { child -> [FTS5Expression] in
            if case .or(let inner) = child { inner } else { [child] }
        }
        return flat.count == 1 ? flat[0] : .or(flat)
    }

    var rendered: String {
        var output = ""
        render(into: &output)
        return output
    }

    private func render(into output: inout String) {
        switch self {
        case .leaf(let text, _, _):
            output += text
        case .and(let children), .or(let children):
            let separator = if case .and = self { " AND " } else { " OR " }
            output += "("
            for (offset, child) in children.enumerated() {
                if offset > 0 { output += separator }
                child.render(into: &output)
            }
            output += ")"
        case .not(let left, let right):
            output += "("
            left.render(into: &output)
            output += " NOT "
            right.render(into: &output)
            output += ")"
        }
    }

    // MARK: Parser stack

    /// SQLite's FTS5 expression parser (a Lemon parser) has a fixed stack of 100 entries and fails with
    /// "parser stack overflow" beyond it; measured on 3.40: 97 nested `(` around one string, but only
    /// 32 levels of `("a" OR (…))`, since each level holds `(`, the left operand and the operator.
    /// ``stackNeed`` models that conservatively and the compiler refuses plans above this budget.
    static let stackBudget = 90

    /// Parser stack entries needed to read this expression, and the position of the deepest term.
    var stackNeed: (entries: Int, position: Int) {
        switch self {
        case .leaf(_, let position, let stack):
            return (stack, position)
        case .and(let children), .or(let children):
            return Self.need(children)
        case .not(let left, let right):
            return Self.need([left, right])
        }
    }

    /// A child read first costs only the `(` under it; later ones sit on `(`, the left side and the operator.
    private static func need(_ children: [FTS5Expression]) -> (entries: Int, position: Int) {
        var deepest = (entries: 0, position: 1)
        for (offset, child) in children.enumerated() {
            let inner = child.stackNeed
            let entries = inner.entries + (offset == 0 ? 1 : 3)
            if entries > deepest.entries { deepest = (entries, inner.position) }
        }
        return deepest
    }

    /// The same expression with the deepest operands of each AND/OR first (order does not change
    /// their meaning), which is the cheapest order for the parser stack.
    var deepestFirst: FTS5Expression {
        switch self {
        case .leaf:
            return self
        case .and(let children), .or(let children):
            let sorted = children.map(\.deepestFirst)
                .enumerated()
                .map { (need: $0.element.stackNeed.entries, offset: $0.offset, child: $0.element) }
                .sorted { ($0.need, -$0.offset) > ($1.need, -$1.offset) }
                .map(\.child)
            if case .and = self { return .and(sorted) } else { return .or(sorted) }
        case .not(let left, let right):
            return .not(left.deepestFirst, right.deepestFirst)
        }
    }
}

/// Quoting and tokenizer knowledge shared by the compiler.
enum FTS5 {
    /// `text` as an FTS5 string: wrapped in `"`, inner `"` doubled, control characters as spaces.
    static func string(_ text: String) -> String {
        var output = "\""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" {
                output.unicodeScalars.append(contentsOf: "\"\"".unicodeScalars)
            } else if scalar.properties.generalCategory == .control {
                output.unicodeScalars.append(" ")
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        output.unicodeScalars.append("\"")
        return output
    }

    /// Whether the `unicode61` tokenizer finds a token in `text`: it keeps letters (L*), numbers (N*)
    /// and private-use characters (Co) and splits on everything else. A term without one is an empty
    /// FTS5 phrase, which would make an AND match nothing, so the compiler drops it.
    static func hasToken(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                true
            default:
                false
            }
        }
    }
}
