import Testing

@testable import QuarryQuery

private func word(_ text: String, _ position: Int) -> QueryNode { .term(QueryTerm(.word, text, position: position)) }
private func phrase(_ text: String, _ position: Int) -> QueryNode {
    .term(QueryTerm(.phrase, text, position: position))
}
private func prefix(_ text: String, _ position: Int) -> QueryNode {
    .term(QueryTerm(.prefix, text, position: position))
}

@Suite struct QueryParserTests {
    @Test func emptyAndBlankQueriesAreEmptyAnd() throws {
        #expect(try QueryParser.parse("") == .and([]))
        #expect(try QueryParser.parse(" \t\n ") == .and([]))
    }

    @Test func wordsAreImplicitAnd() throws {
        #expect(try QueryParser.parse("uranium") == word("uranium", 1))
        #expect(try QueryParser.parse("uranium  enrichment") == .and([word("uranium", 1), word("enrichment", 10)]))
    }

    @Test func andKeywordIsTheSameAsJuxtaposition() throws {
        #expect(try QueryParser.parse("a AND b") == .and([word("a", 1), word("b", 7)]))
    }

    @Test func phrasesAndPrefixes() throws {
        #expect(try QueryParser.parse("\"foreign partners\"") == phrase("foreign partners", 1))
        #expect(try QueryParser.parse("immigra*") == prefix("immigra", 1))
        #expect(try QueryParser.parse("immigra**") == prefix("immigra", 1))
        #expect(try QueryParser.parse("\"foreign part\"*") == prefix("foreign part", 1))
        #expect(try QueryParser.parse("“curly quotes”") == phrase("curly quotes", 1))
        #expect(try QueryParser.parse("\"\"") == phrase("", 1))
    }

    @Test func orBindsTighterThanJuxtaposition() throws {
        #expect(
            try QueryParser.parse("a b OR c") == .and([word("a", 1), .or([word("b", 3), word("c", 8)])])
        )
        #expect(
            try QueryParser.parse("a OR b c OR d")
                == .and([.or([word("a", 1), word("b", 6)]), .or([word("c", 8), word("d", 13)])])
        )
    }

    @Test func lowercaseOrAndNotAreWords() throws {
        #expect(try QueryParser.parse("war or peace") == .and([word("war", 1), word("or", 5), word("peace", 8)]))
        #expect(try QueryParser.parse("not and") == .and([word("not", 1), word("and", 5)]))
    }

    @Test func danglingOperatorsAreIgnored() throws {
        #expect(try QueryParser.parse("OR a") == word("a", 4))
        #expect(try QueryParser.parse("a OR") == word("a", 1))
        #expect(try QueryParser.parse("a OR OR b") == .or([word("a", 1), word("b", 9)]))
        #expect(try QueryParser.parse("(a OR)") == word("a", 2))
        #expect(try QueryParser.parse("a NOT") == word("a", 1))
        #expect(try QueryParser.parse("AND OR NOT") == .and([]))
    }

    @Test func negationForms() throws {
        #expect(try QueryParser.parse("a -b") == .and([word("a", 1), .not(word("b", 4), position: 3)]))
        #expect(try QueryParser.parse("NOT b") == .not(word("b", 5), position: 1))
        #expect(try QueryParser.parse("-\"a b\"") == .not(phrase("a b", 2), position: 1))
        #expect(try QueryParser.parse("-(a OR b)") == .not(.or([word("a", 3), word("b", 8)]), position: 1))
        #expect(try QueryParser.parse("NOT -b") == word("b", 6))
        #expect(try QueryParser.parse("-OR") == .not(word("OR", 2), position: 1))
        #expect(try QueryParser.parse("-NOT") == .not(word("NOT", 2), position: 1))
    }

    @Test func fieldScopes() throws {
        #expect(try QueryParser.parse("title:iran") == .scoped(.title, word("iran", 7), position: 1))
        #expect(try QueryParser.parse("body:\"a b\"") == .scoped(.body, phrase("a b", 6), position: 1))
        #expect(try QueryParser.parse("quote:sanc*") == .scoped(.quote, prefix("sanc", 7), position: 1))
        #expect(
            try QueryParser.parse("Title:(a OR b)")
                == .scoped(.title, .or([word("a", 8), word("b", 13)]), position: 1)
        )
        #expect(try QueryParser.parse("-title:x") == .not(.scoped(.title, word("x", 8), position: 2), position: 1))
        #expect(try QueryParser.parse("title:-x") == .not(.scoped(.title, word("x", 8), position: 1), position: 7))
        #expect(try QueryParser.parse("title:body:x") == .scoped(.body, word("x", 12), position: 7))
        #expect(try QueryParser.parse("title:OR") == .scoped(.title, word("OR", 7), position: 1))
    }

    @Test func inlineFilters() throws {
        #expect(try QueryParser.parse("speaker:manturov") == .filter(.entity(.speaker, "manturov", position: 1)))
        #expect(
            try QueryParser.parse("speaker:\"Dmitry Peskov\"")
                == .filter(.entity(.speaker, "Dmitry Peskov", position: 1))
        )
        for field in FilterField.allCases {
            #expect(try QueryParser.parse("\(field.rawValue):x") == .filter(.entity(field, "x", position: 1)))
        }
        #expect(try QueryParser.parse("said:putin") == .filter(.said("putin", position: 1)))
        #expect(
            try QueryParser.parse("x date:2025-02")
                == .and([
                    word("x", 1), .filter(.date(DateRange(since: "2025-02-01", until: "2025-02-28"), position: 3)),
                ])
        )
        #expect(
            try QueryParser.parse("-source:fox") == .not(.filter(.entity(.source, "fox", position: 2)), position: 1)
        )
    }

    @Test func dateFilterForms() throws {
        let cases: [(String, DateRange)] = [
            ("date:2025", DateRange(since: "2025-01-01", until: "2025-12-31")),
            ("date:2025-02-01", DateRange(since: "2025-02-01", until: "2025-02-01")),
            ("date:2025-02-01..2025-03-15", DateRange(since: "2025-02-01", until: "2025-03-15")),
            ("date:..2025-03", DateRange(since: nil, until: "2025-03-31")),
            ("date:2025-01..", DateRange(since: "2025-01-01", until: nil)),
        ]
        for (query, range) in cases {
            #expect(try QueryParser.parse(query) == .filter(.date(range, position: 1)), "\(query)")
        }
    }

    @Test func unknownFieldsAndStrayColonsAreLiteral() throws {
        #expect(try QueryParser.parse("foo:bar") == word("foo:bar", 1))
        #expect(try QueryParser.parse("http://x") == word("http://x", 1))
        #expect(try QueryParser.parse("note: this") == .and([word("note:", 1), word("this", 7)]))
        #expect(try QueryParser.parse("title: x") == .and([word("title:", 1), word("x", 8)]))
        #expect(try QueryParser.parse("(title:)") == word("title:", 2))
        #expect(try QueryParser.parse(":") == word(":", 1))
        #expect(try QueryParser.parse("10:30") == word("10:30", 1))
    }

    @Test(arguments: [
        "U.S.", "al-Assad", "don't", "20.04", "C++", "#hashtag", "e-mail", "AT&T", "*", "-", "--", "&",
        "+1", "^", "{x}", "a.b.c", "50%", "$5", "@user", "x*y", "***", "-*", "::", "«quoted»", "„low“",
    ])
    func punctuationIsLiteral(_ query: String) throws {
        let node = try QueryParser.parse(query)
        switch node {
        case .term, .not(.term, _): break
        default: Issue.record("\(query) parsed as \(node)")
        }
    }

    @Test func punctuationKeepsItsText() throws {
        #expect(try QueryParser.parse("U.S. al-Assad") == .and([word("U.S.", 1), word("al-Assad", 6)]))
        #expect(try QueryParser.parse("a - b") == .and([word("a", 1), word("-", 3), word("b", 5)]))
        #expect(try QueryParser.parse("--x") == word("--x", 1))
    }

    // MARK: Errors

    @Test func unclosedQuoteReportsItsPosition() {
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 7)) { try QueryParser.parse("peace \"talks") }
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 7)) { try QueryParser.parse("\"a\" b \"c") }
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 1)) { try QueryParser.parse("“open") }
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 9)) { try QueryParser.parse("speaker:\"x") }
    }

    @Test func unbalancedParenthesesReportTheirPosition() {
        #expect(throws: QuerySyntaxError.unclosedParenthesis(position: 3)) { try QueryParser.parse("a (b") }
        #expect(throws: QuerySyntaxError.unclosedParenthesis(position: 1)) { try QueryParser.parse("((a)") }
        #expect(throws: QuerySyntaxError.unmatchedParenthesis(position: 2)) { try QueryParser.parse("a) (b") }
        #expect(throws: QuerySyntaxError.unmatchedParenthesis(position: 3)) { try QueryParser.parse(":-)") }
    }

    @Test func positionsCountCharactersNotBytes() {
        // "é" is two scalars here (e + combining acute), "🇺🇦" two scalars, "👍🏽" two: each one character.
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 7)) {
            try QueryParser.parse("e\u{301} 🇺🇦 👍🏽 \"x")
        }
    }

    @Test func quoteInsideParenthesesIsReportedFirst() {
        #expect(throws: QuerySyntaxError.unclosedQuote(position: 4)) { try QueryParser.parse("(a \"b)") }
    }

    @Test func errorMessagesNameThePositionAndTheFix() {
        let error = QuerySyntaxError.unclosedQuote(position: 6)
        #expect(error.message == "unclosed quote: the \" at position 6 has no partner; close it or remove it")
        #expect(error.position == 6)
        #expect(QuerySyntaxError.unclosedParenthesis(position: 2).message.contains("position 2"))
        #expect(QuerySyntaxError.unmatchedParenthesis(position: 3).message.contains("position 3"))
        #expect(QuerySyntaxError.nestingTooDeep(position: 65, limit: 64).message.hasPrefix("nesting deeper than 64"))
        #expect(
            QuerySyntaxError.badDate(.badDate("2025-13"), position: 1).message
                == "bad date \"2025-13\": use YYYY, YYYY-MM or YYYY-MM-DD (the date: at position 1)"
        )
    }

    @Test func badDateFilterIsAnErrorAtTheFilter() {
        #expect(throws: QuerySyntaxError.badDate(.badDate("2025-13"), position: 3)) {
            try QueryParser.parse("x date:2025-13")
        }
        #expect(throws: QuerySyntaxError.badDate(.reversedRange("2025..2024"), position: 1)) {
            try QueryParser.parse("date:2025..2024")
        }
        #expect(throws: QuerySyntaxError.badDate(.badDate("yesterday"), position: 1)) {
            try QueryParser.parse("date:yesterday")
        }
    }

    // MARK: Hostile input

    @Test func deepNestingIsRefusedNotOverflowed() throws {
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(throws: QuerySyntaxError.nestingTooDeep(position: 65, limit: 64)) { try QueryParser.parse(deep) }
        let allowed = String(repeating: "(", count: 64) + "a" + String(repeating: ")", count: 64)
        #expect(try QueryParser.parse(allowed) == word("a", 65))
    }

    @Test func tooManyTermsIsRefused() throws {
        let ors = (0...5_000).map { "w\($0)" }.joined(separator: " OR ")
        let position = (0..<1000).map { "w\($0) OR " }.joined().count + 1
        #expect(throws: QuerySyntaxError.tooManyTerms(position: position, limit: 1000)) {
            try QueryParser.parse(ors)
        }
        let thousand = Array(repeating: "a", count: 1000).joined(separator: " ")
        #expect(throws: Never.self) { try QueryParser.parse(thousand) }
    }

    @Test func longOperatorChainsAreLinearAndShallow() throws {
        let nots = String(repeating: "NOT ", count: 200_001) + "x"
        #expect(try QueryParser.parse(nots) == .not(word("x", 800_005), position: 1))
        let scopes = String(repeating: "title:", count: 100_000) + "x"
        #expect(try QueryParser.parse(scopes) == .scoped(.title, word("x", 600_001), position: 599_995))
        let ors = String(repeating: "OR ", count: 300_000)
        #expect(try QueryParser.parse(ors) == .and([]))
    }

    @Test func controlCharactersAreWhitespace() throws {
        #expect(
            try QueryParser.parse("a\u{0}b\u{7}c\u{1B}[0m")
                == .and([word("a", 1), word("b", 3), word("c", 5), word("[0m", 7)]))
        #expect(try QueryParser.parse("\u{0}") == .and([]))
    }

    @Test func oddUnicodeIsText() throws {
        for query in [
            "\u{FFFF}", "\u{FEFF}x", "\u{200B}", "\u{10FFFF}", "e\u{301}\u{301}\u{301}", "\u{202E}abc", "日本語", "👍🏽",
        ] {
            #expect(throws: Never.self) { try QueryParser.parse(query) }
        }
        // A quote followed by a combining mark is still a quote (the lexer reads scalars).
        #expect(try QueryParser.parse("\"\u{301}a\"") == phrase("\u{301}a", 1))
    }

    @Test func megabyteQueryParses() throws {
        let big = String(repeating: "x", count: 1_000_000)
        #expect(try QueryParser.parse(big) == word(big, 1))
        let punctuation = String(repeating: "&-. ", count: 250_000)
        #expect(throws: QuerySyntaxError.tooManyTerms(position: 4001, limit: 1000)) {
            try QueryParser.parse(punctuation)
        }
    }
}
