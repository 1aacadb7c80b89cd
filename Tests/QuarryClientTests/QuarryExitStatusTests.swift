import QuarryProtocol
import Testing

@testable import QuarryClient

@Suite struct QuarryExitStatusTests {
    @Test func everyWireErrorCodeHasADocumentedStatus() {
        let expected: [WireError.Code: QuarryExitStatus] = [
            .bad_request: .usage, .bad_query: .usage, .too_large: .usage, .not_found: .noHits,
            .unavailable: .unanswered, .timeout: .unanswered, .busy: .unanswered, .internal: .unanswered,
        ]
        for code in WireError.Code.allCases {
            #expect(QuarryExitStatus(code) == expected[code], "\(code)")
        }
    }

    @Test func statusesAreTheContractNumbers() {
        #expect([QuarryExitStatus.hits, .noHits, .usage, .unanswered].map(\.rawValue) == [0, 1, 2, 3])
    }

    @Test func clientErrorsMapToUnansweredOrUsage() {
        #expect(ClientError.notListening(socket: "/s").status == .unanswered)
        #expect(ClientError.closedEarly(socket: "/s").status == .unanswered)
        #expect(ClientError.badReply("x").status == .unanswered)
        #expect(ClientError.configUnreadable(path: "c").status == .usage)
    }

    @Test func unreachableMessageNamesTheSocketAndHowToStartQuarryd() {
        #expect(
            ClientError.notListening(socket: "/tmp/quarry-0/quarry.sock").description
                == "no quarryd is listening on /tmp/quarry-0/quarry.sock (start it with: quarryd --db PATH &, or pass --socket)"
        )
    }

    @Test func badQueryShowsTheQueryWithACaretUnderThePosition() {
        let report = errorReport(
            WireError(code: .bad_query, message: "unbalanced quote", position: 8), query: "peskov \"war")
        #expect(report == "quarry: bad query at position 8: unbalanced quote\n  peskov \"war\n         ^\n")
    }

    @Test func caretKeepsTabsAndClampsPastTheEnd() {
        #expect(caretLines(query: "a\tb", position: 3) == "  a\tb\n   \t^\n")
        #expect(caretLines(query: "ab", position: 9) == "  ab\n    ^\n")
        #expect(caretLines(query: "é(", position: 2) == "  é(\n   ^\n")
    }

    @Test func renderedStatusFollowsTheReplies() throws {
        func status(_ command: ClientCommand, _ replies: [Reply]) throws -> QuarryExitStatus {
            let r = Renderer(
                command: command, format: .ndjson, style: TextStyle(colour: false), out: MemorySink(), err: MemorySink()
            )
            for reply in replies { try r.render(reply) }
            return try r.finish()
        }
        let search = ClientCommand.search(QueryOptions(query: "x"))
        #expect(try status(search, [Sample.reply(hits: [Sample.hit], total: 1)]) == .hits)
        #expect(try status(search, [Sample.reply(hits: [], total: 0)]) == .noHits)
        #expect(
            try status(search, [.failure(id: .int(1), WireError(code: .bad_query, message: "m", position: 1))])
                == .usage)
        #expect(try status(search, [.failure(id: nil, WireError(code: .internal, message: "m"))]) == .unanswered)
        #expect(try status(.facets(field: .source, QueryOptions()), [Sample.reply(facets: ["source": []])]) == .noHits)
        #expect(
            try status(.facets(field: .source, QueryOptions()), [Sample.reply(facets: ["source": Sample.facets])])
                == .hits)
        var pong = Reply(id: .int(1))
        pong.pong = "pong"
        #expect(try status(.ping, [pong]) == .hits)
        #expect(try status(.show(article: "x"), [Reply(id: .int(1))]) == .noHits)
        #expect(
            try status(
                .show(article: "x"), [.failure(id: .int(1), WireError(code: .not_found, message: "no article x"))])
                == .noHits)
    }
}
