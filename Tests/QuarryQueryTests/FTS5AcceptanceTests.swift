import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// Runs compiled plans against a real FTS5 through the `sqlite3` shell (one process per test).
@Suite(.enabled(if: SQLiteShell.isAvailable, "needs \(SQLiteShell.path)"))
struct FTS5AcceptanceTests {
    static let constructs = [
        "uranium", "a b c", "\"foreign partners\"", "immigra*", "\"foreign part\"*", "a OR b", "a b OR c",
        "war or peace", "-foo", "a -b", "NOT a", "a -\"b c\"", "a -(b OR c)", "-(a b)", "x OR -y", "a (x OR -y)",
        "title:iran", "body:\"a b\"", "quote:sanc*", "title:(a OR b*) -body:c", "quote:sanctions peskov",
        "(quote:a OR title:b)", "said:putin \"foreign partners\"", "said:putin -war", "uranium speaker:manturov",
        "speaker:\"Dmitry Peskov\" date:2025-02", "U.S.", "al-Assad", "don't", "20.04", "C++", "#hashtag",
        "e-mail", "AT&T", "note: this", "*", "-", "--", "foo:bar", "http://x", "“curly” quotes", "NEAR(a b)",
        "a + b", "^start", "{title}:x", "a:b:c", "\"a\"\"b\"", "x*y*", "日本語 テスト", "e\u{301}cole", "Ⅻ ²",
    ]

    @Test func everyConstructCompilesToAMatchFTS5Accepts() throws {
        let plans = try Self.constructs.map { query throws(QuerySyntaxError) in
            try QueryCompiler.plan(query) { ["\($0)ion", "\($0)\"s"] }
        }
        #expect(plans.flatMap(\.matches).count > 40)
        #expect(try SQLiteShell.rejectedMatches(in: plans) == [])
    }

    @Test func plansSelectTheArticlesAUserExpects() throws {
        // Given four fixture articles (see SQLiteShell.fixtureRows)
        let expected: [(String, [Int])] = [
            ("uranium", [2]),
            ("peace sanctions", [3, 4]),
            ("peace sanctions OR uranium", [3, 4]),  // FTS5 itself would read (peace AND sanctions) OR uranium
            ("uranium OR peace sanctions", [3, 4]),
            ("Immigrants", [1]),
            ("-peace", [1, 2]),
            ("peace -hurt", [4]),
            ("peace (nothing OR -hurt)", [4]),
            ("x OR -uranium", [1, 3, 4]),
            ("title:sanctions", [4]),
            ("body:sanctions", [3]),
            ("U.S.", [1]),
            ("don't", [1]),
            ("AT&T", [2]),
            ("\"foreign partners\"", [3]),
            ("\"partners foreign\"", []),
            ("quote:sanctions peace", [4]),
            ("said:peskov listen", [3]),
            ("", [1, 2, 3, 4]),
            ("* & - speaker:x", [1, 2, 3, 4]),
            ("immigra*", []),  // the stemmed index holds "immigr": why prefixes are expanded
        ]
        // When each query is compiled (prefixes expanded from a fake vocabulary) and run
        var plans = try expected.map { query, _ throws(QuerySyntaxError) in (query, try QueryCompiler.plan(query)) }
        plans.append(("immigra* expanded", try QueryCompiler.plan("immigra*") { _ in ["immigration", "immigrants"] }))
        let found = try SQLiteShell.articles(for: plans)
        // Then
        for (query, rows) in expected { #expect(found[query] == rows, "\(query)") }
        #expect(found["immigra* expanded"] == [1])
    }

    @Test func nestingNearTheLimitIsAcceptedOrRefusedNeverBroken() throws {
        // Given groups nested every way up to the parser's limit
        var shapes: [String: (Int) -> String] = [:]
        shapes["right"] = { depth in (0..<depth).reduce("x") { "a\($1) OR (\($0))" } }
        shapes["left"] = { depth in (0..<depth).reduce("x") { "(\($0)) a\($1)" } }
        shapes["alternating"] = { depth in (0..<depth).reduce("x") { "a\($1) \($1 % 2 == 0 ? "OR" : "") (\($0))" } }
        shapes["negated"] = { depth in (0..<depth).reduce("x") { "a\($1) -(\($0))" } }
        shapes["negatedOr"] = { depth in (0..<depth).reduce("x") { "a\($1) OR -(\($0) b\($1))" } }
        shapes["scoped"] = { depth in
            (0..<depth).reduce("x") { "\($1 % 2 == 0 ? "title" : "body"):(a\($1) OR \($0) c*)" }
        }
        shapes["bare"] = { depth in String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth) }
        var plans: [QueryPlan] = []
        var refused = 0
        for (_, shape) in shapes {
            for depth in stride(from: 1, through: QueryParser.maximumDepth, by: 3) {
                // When each is compiled
                do {
                    plans.append(try QueryCompiler.plan(shape(depth)) { _ in ["more", "most"] })
                } catch {
                    guard case .tooComplex = error else {
                        Issue.record("unexpected \(error)")
                        continue
                    }
                    refused += 1
                }
            }
        }
        // Then FTS5 reads every plan the compiler accepted
        #expect(refused > 0 && plans.count > 60)
        #expect(try SQLiteShell.rejectedMatches(in: plans) == [])
    }

    @Test func fuzzedQueriesNeverCrashAndAlwaysCompileToSafeAcceptedMatches() throws {
        let pieces = [
            "a", "b", "immig", "peace", "Uranium", "OR", "AND", "NOT", "or", "\"", "“", "”", "„", "(", ")", "*", "-",
            ":", "^", "{", "}", "+", " ", " ", " ", "  ", "title:", "body:", "quote:", "speaker:", "said:", "TITLE:",
            "date:2025", "date:2025-02..", "é", "日本", "😀", "\u{301}", "\u{0}", "\t", "\n", "'", "U.S.", "NEAR",
            "NEAR(", ",", ".", "\\", "''", "%", "\u{FFFF}", "\u{200D}", "🇺🇦", "x*", "&", "--", "{title}", "$",
        ]
        var random = SeededGenerator(seed: 0x5155_4152_5259)
        var plans: [QueryPlan] = []
        var errors = 0
        for _ in 0..<20_000 {
            let length = Int(random.next() % 25)
            let query = (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            do {
                let plan = try QueryCompiler.plan(query) { prefix in
                    prefix.count % 2 == 0 ? ["\(prefix)tion", "\"\(prefix)\"", "(\(prefix))"] : []
                }
                for (_, match) in plan.matches where !FTS5Syntax.keepsUserTextInStrings(match) {
                    Issue.record("unsafe match \(match) for \(query.debugDescription)")
                }
                plans.append(plan)
            } catch {
                errors += 1
                switch error {
                case .unclosedQuote:
                    #expect(query.unicodeScalars.contains(where: QueryLexer.isQuote), "\(query.debugDescription)")
                case .unclosedParenthesis, .unmatchedParenthesis:
                    #expect(query.unicodeScalars.contains { $0 == "(" || $0 == ")" }, "\(query.debugDescription)")
                case .badDate, .tooComplex:
                    break
                case .nestingTooDeep, .tooManyTerms:
                    Issue.record("\(error) for \(query.debugDescription)")
                }
            }
        }
        #expect(plans.count > 5_000 && errors > 1_000)
        let rejected = try SQLiteShell.rejectedMatches(in: plans)
        #expect(rejected.isEmpty, "\(rejected.prefix(5)) \(rejected.last ?? "")")
    }
}

/// Checks the safety rule on a compiled MATCH: outside FTS5 strings there is only syntax the compiler
/// writes itself (parentheses, `*`, `AND`/`OR`/`NOT`, `{title} :`/`{body} :`).
enum FTS5Syntax {
    static func keepsUserTextInStrings(_ match: String) -> Bool {
        // Scalars, not Characters: a `"` followed by a combining mark is one Character but two scalars.
        var rest = Substring(match).unicodeScalars
        while let first = rest.first {
            if first == "\"" {
                rest = rest.dropFirst()
                while true {
                    guard let quote = rest.firstIndex(of: "\"") else { return false }
                    rest = rest[rest.index(after: quote)...]
                    if rest.first == "\"" { rest = rest.dropFirst() } else { break }
                }
                continue
            }
            guard
                let token = ["(", ")", "*", " ", "AND ", "OR ", "NOT ", "{title} : ", "{body} : "]
                    .first(where: { rest.starts(with: $0.unicodeScalars) })
            else { return false }
            rest = rest.dropFirst(token.unicodeScalars.count)
        }
        return true
    }
}
