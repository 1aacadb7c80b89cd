import Testing

@testable import QuarryQuery

@Suite struct QueryCompilerTests {
    // MARK: The CONTRACT's examples

    @Test func saidMovesFreeTextIntoTheSpeakersQuotes() throws {
        let plan = try QueryCompiler.plan("said:putin \"foreign partners\"")
        #expect(
            plan == QueryPlan(said: ["putin"], saidMatch: "\"foreign partners\"", highlightTerms: ["foreign partners"]))
    }

    @Test func speakerFilterLeavesTextOnArticles() throws {
        let plan = try QueryCompiler.plan("uranium speaker:manturov")
        #expect(plan.articleMatch == "\"uranium\"")
        #expect(plan.filters.speaker == ["manturov"])
        #expect(plan.quoteMatch == nil && plan.saidMatch == nil && plan.said.isEmpty)
    }

    @Test func quoteScopeGoesToQuoteMatch() throws {
        let plan = try QueryCompiler.plan("quote:sanctions peskov")
        #expect(plan.quoteMatch == "\"sanctions\"")
        #expect(plan.articleMatch == "\"peskov\"")
    }

    // MARK: Text

    @Test func emptyQueryMeansEverything() throws {
        for query in ["", "   ", "*", "& - --", "()", "(())", "OR", "NOT"] {
            let plan = try QueryCompiler.plan(query)
            #expect(plan == QueryPlan(), "\(query)")
            #expect(!plan.hasTextCondition)
        }
    }

    @Test func filtersOnlyQueryHasNoTextCondition() throws {
        let plan = try QueryCompiler.plan("speaker:\"Dmitry Peskov\" date:2025-02 source:tass")
        #expect(plan.articleMatch == nil && !plan.hasTextCondition)
        #expect(plan.filters.speaker == ["Dmitry Peskov"])
        #expect(plan.filters.source == ["tass"])
        #expect(plan.filters.date == DateRange(since: "2025-02-01", until: "2025-02-28"))
    }

    @Test func wordsBecomeQuotedStringsJoinedByAnd() throws {
        #expect(try QueryCompiler.plan("a b c").articleMatch == "(\"a\" AND \"b\" AND \"c\")")
        #expect(try QueryCompiler.plan("\"a b\" c").articleMatch == "(\"a b\" AND \"c\")")
    }

    @Test func orIsParenthesisedInsideAnd() throws {
        #expect(try QueryCompiler.plan("a b OR c").articleMatch == "(\"a\" AND (\"b\" OR \"c\"))")
        #expect(try QueryCompiler.plan("a OR b OR c").articleMatch == "(\"a\" OR \"b\" OR \"c\")")
        #expect(try QueryCompiler.plan("(a b) OR c").articleMatch == "((\"a\" AND \"b\") OR \"c\")")
        #expect(try QueryCompiler.plan("((a))").articleMatch == "\"a\"")
    }

    @Test func punctuationBecomesStringsAndEmptyTermsAreDropped() throws {
        #expect(try QueryCompiler.plan("U.S.").articleMatch == "\"U.S.\"")
        #expect(try QueryCompiler.plan("don't").articleMatch == "\"don't\"")
        #expect(try QueryCompiler.plan("AT&T C++").articleMatch == "(\"AT&T\" AND \"C++\")")
        #expect(try QueryCompiler.plan("a & b * c -").articleMatch == "(\"a\" AND \"b\" AND \"c\")")
        #expect(try QueryCompiler.plan("note: this").articleMatch == "(\"note:\" AND \"this\")")
        #expect(try QueryCompiler.plan("{x}^ +y").articleMatch == "(\"{x}^\" AND \"+y\")")
    }

    @Test func quotesInsideStringsAreDoubledAndControlsBlanked() {
        #expect(FTS5.string("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(FTS5.string("a\u{0}b\nc") == "\"a b c\"")
    }

    @Test func tokenDetectionFollowsUnicode61() {
        for text in ["a", "É", "٣", "²", "日", "\u{E000}", "x-", "Ⅻ"] { #expect(FTS5.hasToken(text), "\(text)") }
        for text in ["", "*", "&", "-", "_", "😀", "\u{301}", "\u{200D}", "…", "«»"] {
            #expect(!FTS5.hasToken(text), "\(text)")
        }
    }

    @Test func controlCharactersInPhrasesBecomeSpaces() throws {
        #expect(try QueryCompiler.plan("\"a\tb\u{0}c\"").articleMatch == "\"a b c\"")
    }

    // MARK: NOT

    @Test func negationsJoinTheirGroupWithNot() throws {
        #expect(try QueryCompiler.plan("a -b").articleMatch == "(\"a\" NOT \"b\")")
        #expect(try QueryCompiler.plan("a b -c NOT d").articleMatch == "((\"a\" AND \"b\") NOT (\"c\" OR \"d\"))")
        #expect(try QueryCompiler.plan("a -\"b c\"").articleMatch == "(\"a\" NOT \"b c\")")
        #expect(try QueryCompiler.plan("a -(b OR c)").articleMatch == "(\"a\" NOT (\"b\" OR \"c\"))")
        #expect(try QueryCompiler.plan("a -(b c)").articleMatch == "(\"a\" NOT (\"b\" AND \"c\"))")
        #expect(try QueryCompiler.plan("a -(b -c)").articleMatch == "(\"a\" NOT (\"b\" NOT \"c\"))")
        #expect(try QueryCompiler.plan("a -(-b)").articleMatch == "(\"a\" AND \"b\")")
    }

    @Test func purelyNegativeQueryExcludes() throws {
        let plan = try QueryCompiler.plan("-foo")
        #expect(plan.articleMatch == nil)
        #expect(plan.excludedArticleMatch == "\"foo\"")
        #expect(plan.highlightTerms.isEmpty)
        #expect(try QueryCompiler.plan("-a NOT b").excludedArticleMatch == "(\"a\" OR \"b\")")
        #expect(try QueryCompiler.plan("-a -* speaker:x").excludedArticleMatch == "\"a\"")
    }

    @Test func negationInsideOrFoldsIntoOneNot() throws {
        // x OR NOT y  =  NOT (y NOT x)
        let plan = try QueryCompiler.plan("x OR -y")
        #expect(plan.articleMatch == nil)
        #expect(plan.excludedArticleMatch == "(\"y\" NOT \"x\")")
        // a AND (x OR NOT y)  =  a NOT (y NOT x)
        #expect(try QueryCompiler.plan("a (x OR -y)").articleMatch == "(\"a\" NOT (\"y\" NOT \"x\"))")
        #expect(try QueryCompiler.plan("-x OR -y").excludedArticleMatch == "(\"x\" AND \"y\")")
    }

    // MARK: Prefixes

    @Test func prefixStarFollowsTheClosingQuote() throws {
        #expect(try QueryCompiler.plan("immigra*").articleMatch == "\"immigra\"*")
        #expect(try QueryCompiler.plan("\"foreign part\"*").articleMatch == "\"foreign part\"*")
    }

    @Test func prefixesAreExpandedWithVocabularyWords() throws {
        let plan = try QueryCompiler.plan("immigra* title:immigra*") { prefix in
            prefix == "immigra" ? ["immigration", "immigrant", "immigration", "Immigra", "!!"] : []
        }
        #expect(
            plan.articleMatch
                == "((\"immigra\"* OR \"immigration\" OR \"immigrant\") AND {title} : (\"immigra\"* OR \"immigration\" OR \"immigrant\"))"
        )
        #expect(plan.highlightTerms == ["immigra"])
    }

    @Test func prefixExpansionIsCapped() throws {
        let words = (0..<500).map { "immigra\($0)" }
        let plan = try QueryCompiler.plan("immigra*") { _ in words }
        let match = try #require(plan.articleMatch)
        #expect(match.components(separatedBy: " OR ").count == QueryCompiler.maximumPrefixExpansion + 1)
    }

    @Test func phrasePrefixesAreNotExpanded() throws {
        var asked: [String] = []
        _ = try QueryCompiler.plan("\"foreign part\"* sanc*") {
            asked.append($0); return []
        }
        #expect(asked == ["sanc"])
    }

    // MARK: Fields

    @Test func titleAndBodyBecomeColumnFilters() throws {
        #expect(try QueryCompiler.plan("title:iran").articleMatch == "{title} : \"iran\"")
        #expect(try QueryCompiler.plan("body:\"a b\" x").articleMatch == "({body} : \"a b\" AND \"x\")")
        #expect(
            try QueryCompiler.plan("title:(a OR b*) -body:c").articleMatch
                == "(({title} : \"a\" OR {title} : \"b\"*) NOT {body} : \"c\")"
        )
    }

    @Test func quoteScopedGroupsStayTogether() throws {
        let plan = try QueryCompiler.plan("quote:(sanctions OR tariffs) quote:hurt -quote:lift peskov")
        #expect(plan.quoteMatch == "(((\"sanctions\" OR \"tariffs\") AND \"hurt\") NOT \"lift\")")
        #expect(plan.articleMatch == "\"peskov\"")
    }

    @Test func quoteScopeMixedIntoAGroupSearchesTheBody() throws {
        let plan = try QueryCompiler.plan("(quote:sanctions OR title:tariffs)")
        #expect(plan.quoteMatch == nil)
        #expect(plan.articleMatch == "({body} : \"sanctions\" OR {title} : \"tariffs\")")
    }

    @Test func purelyNegativeQuotePartFallsBackToArticles() throws {
        let plan = try QueryCompiler.plan("peskov -quote:war")
        #expect(plan.quoteMatch == nil)
        #expect(plan.articleMatch == "(\"peskov\" NOT {body} : \"war\")")
    }

    @Test func saidTakesFreeAndQuoteTermsButNotTitleTerms() throws {
        let plan = try QueryCompiler.plan("said:putin said:\"Sergei Lavrov\" sanctions quote:west title:kremlin")
        #expect(plan.said == ["putin", "Sergei Lavrov"])
        #expect(plan.saidMatch == "(\"sanctions\" AND \"west\")")
        #expect(plan.articleMatch == "{title} : \"kremlin\"")
        #expect(plan.quoteMatch == nil)
    }

    @Test func saidWithOnlyNegativeTextExcludesArticles() throws {
        let plan = try QueryCompiler.plan("said:putin -war")
        #expect(plan.saidMatch == nil)
        #expect(plan.excludedArticleMatch == "\"war\"")
    }

    // MARK: Filters

    @Test func everyFilterFieldIsCollected() throws {
        let plan = try QueryCompiler.plan(
            "speaker:a person:b org:\"New York Times\" place:kyiv source:tass author:smith speaker:a speaker:c"
        )
        #expect(plan.filters.speaker == ["a", "c"])
        #expect(plan.filters.person == ["b"])
        #expect(plan.filters.org == ["New York Times"])
        #expect(plan.filters.place == ["kyiv"])
        #expect(plan.filters.source == ["tass"])
        #expect(plan.filters.author == ["smith"])
        #expect(plan.filters[.org] == ["New York Times"])
        #expect(!plan.filters.isEmpty && InlineFilters().isEmpty)
    }

    @Test func negatedFiltersAreExcluded() throws {
        let plan = try QueryCompiler.plan("x -source:fox NOT speaker:trump")
        #expect(plan.filters.excluded == [.source: ["fox"], .speaker: ["trump"]])
        #expect(plan.filters.source.isEmpty)
        #expect(plan.articleMatch == "\"x\"")
    }

    @Test func severalDatesIntersect() throws {
        let plan = try QueryCompiler.plan("date:2025 date:2025-02..2025-06-10 date:..2025-03")
        #expect(plan.filters.date == DateRange(since: "2025-02-01", until: "2025-03-31"))
    }

    @Test func filtersThatCannotBeHonouredAreReported() throws {
        let plan = try QueryCompiler.plan("putin OR speaker:peskov -date:2025 -said:x")
        #expect(plan.articleMatch == "\"putin\"")
        #expect(plan.filters.speaker == ["peskov"])
        #expect(plan.filters.date == nil && plan.said.isEmpty)
        #expect(plan.warnings.count == 3)
    }

    @Test func emptyFilterValuesAreIgnored() throws {
        #expect(try QueryCompiler.plan("speaker:\"\" said:\"\"") == QueryPlan())
    }

    // MARK: Highlights and limits

    @Test func highlightTermsArePositiveTermsAsWritten() throws {
        let plan = try QueryCompiler.plan("Sanctions \"foreign partners\" immigra* -war -(x -y) sanctions title:U.S.")
        #expect(plan.highlightTerms == ["Sanctions", "foreign partners", "immigra", "y", "sanctions", "U.S."])
    }

    @Test func nestingBeyondFTS5sParserStackIsRefused() throws {
        // Each level of `a -(…)` keeps three entries on FTS5's 100-entry parser stack.
        var deep = "x"
        for level in 0..<40 { deep = "a\(level) -(\(deep))" }
        #expect(throws: QuerySyntaxError.self) { try QueryCompiler.plan(deep) }
        do {
            _ = try QueryCompiler.plan(deep)
        } catch {
            guard case .tooComplex(let position) = error else { Issue.record("\(error)"); return }
            #expect(Array(deep)[position - 1] == "x")
        }
    }

    @Test func deepButReorderableNestingIsAccepted() throws {
        // ((((x OR a) b) OR c) …): operands are reordered so FTS5 reads the deep one first.
        var deep = "x"
        for level in 0..<60 { deep = "(\(deep)) \(level % 2 == 0 ? "OR" : "") a\(level)" }
        let plan = try QueryCompiler.plan(deep)
        #expect(plan.articleMatch != nil)
        var rightDeep = "x"
        for level in 0..<60 { rightDeep = "a\(level) \(level % 2 == 0 ? "OR" : "") (\(rightDeep))" }
        #expect(try QueryCompiler.plan(rightDeep).articleMatch != nil)
    }

    @Test func hostileInputsCompileOrFailCleanly() throws {
        let cases = [
            String(repeating: "a OR ", count: 999) + "b",
            String(repeating: "-", count: 1_000_000),
            String(repeating: "\u{0}", count: 100_000),
            String(repeating: "é", count: 500_000),
            String(repeating: "(", count: 64) + String(repeating: ")", count: 64),
            String(repeating: "NOT ", count: 100_001) + "x",
            String(repeating: "\"\" ", count: 1000),
        ]
        for query in cases {
            #expect(throws: Never.self) { try QueryCompiler.plan(query) }
        }
        #expect(try QueryCompiler.plan(String(repeating: "NOT ", count: 100_001) + "x").excludedArticleMatch == "\"x\"")
    }
}
