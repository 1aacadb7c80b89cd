import Foundation
import QuarryProtocol
import Testing

@testable import QuarryClient

/// Runs `invocation` against `socket` and returns (stdout, stderr, status).
func runClient(_ invocation: Invocation, input: String = "") -> (out: String, err: String, status: QuarryExitStatus) {
    let out = MemorySink()
    let err = MemorySink()
    let client = Client(
        invocation: invocation, style: TextStyle(colour: false), out: out, err: err,
        readInput: { Array(input.utf8) })
    let status = client.run()
    return (out.text, err.text, status)
}

func decodeRequest(_ line: String) -> Request {
    try! WireCoding.decoder().decode(Request.self, from: Data(line.utf8))
}

@Suite struct ConnectionTests {
    @Test func unreachableSocketExitsThreeNamingTheSocket() {
        let path = deadSocketPath()
        let r = runClient(Invocation(command: .ping, socket: path))
        #expect(r.status == .unanswered)
        #expect(
            r.err
                == "quarry: no quarryd is listening on \(path) (start it with: quarryd --db PATH &, or pass --socket)\n"
        )
        #expect(r.out == "")
    }

    @Test func pingSendsOneVersionedRequestLine() throws {
        let daemon = try FakeDaemon { _ in [#"{"format_version":1,"id":1,"ok":true,"pong":"pong"}"#] }
        let r = runClient(Invocation(command: .ping, socket: daemon.path))
        #expect(r.status == .hits)
        #expect(r.out == "pong\n")
        #expect(daemon.requests.map(decodeRequest) == [Request(v: 1, id: .int(1), op: "ping")])
    }

    @Test func streamedPartialRepliesAllPrintAndTheLastEndsTheExchange() throws {
        // Given a daemon that streams three lines for an --all search
        let daemon = try FakeDaemon { _ in
            [
                Sample.line(Sample.reply(hits: [Sample.hit], partial: true)),
                Sample.line(Sample.reply(hits: [Sample.hit], partial: true)),
                Sample.line(Sample.reply(hits: [Sample.hit], total: 3)),
            ]
        }
        // When the client asks for every hit as ndjson
        let r = runClient(
            Invocation(command: .search(QueryOptions(query: "k", all: true)), format: .ndjson, socket: daemon.path))
        // Then every record is printed and the request carried all: true
        #expect(r.status == .hits)
        #expect(r.out.split(separator: "\n").count == 3)
        #expect(decodeRequest(daemon.requests[0]).all == true)
    }

    @Test func replyLinesLongerThanOneReadArriveWhole() throws {
        // Given reply lines of ~150 kB each (the client reads 64 kB at a time)
        var hit = Sample.hit
        hit.snippet = String(repeating: "long \u{2}snippet\u{3} text ", count: 12)
        let lines = (0..<3).map { page in
            Sample.line(Sample.reply(hits: (0..<400).map { i in
                var h = hit
                h.id = "p\(page)-\(i)"
                return h
            }, partial: page < 2 ? true : nil))
        }
        #expect(lines.allSatisfy { $0.utf8.count > 128 * 1024 })
        let daemon = try FakeDaemon { _ in lines }
        // When the client exports them
        let r = runClient(
            Invocation(command: .search(QueryOptions(query: "k", all: true)), format: .ndjson, socket: daemon.path))
        // Then every record arrives once, in order
        #expect(r.status == .hits)
        let ids = r.out.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == (0..<3).flatMap { page in (0..<400).map { "p\(page)-\($0)" } })
    }

    @Test func daemonHalfClosingAfterItsReplyIsFine() throws {
        let daemon = try FakeDaemon(halfCloseAfter: 1, trailingNewline: false) { _ in
            [Sample.line(Sample.reply(hits: [Sample.hit], total: 1))]
        }
        let r = runClient(Invocation(command: .search(QueryOptions(query: "k")), format: .tsv, socket: daemon.path))
        #expect(r.status == .hits)
        #expect(r.out.split(separator: "\n").count == 2)
    }

    @Test func daemonClosingBeforeTheFinalLineIsExitThree() throws {
        let daemon = try FakeDaemon(halfCloseAfter: 1) { _ in
            [Sample.line(Sample.reply(hits: [Sample.hit], partial: true))]
        }
        let r = runClient(
            Invocation(command: .search(QueryOptions(query: "k", all: true)), format: .ndjson, socket: daemon.path))
        #expect(r.status == .unanswered)
        #expect(r.out.split(separator: "\n").count == 1, "records before the break are kept")
        #expect(r.err == "quarry: quarryd on \(daemon.path) closed the connection before answering\n")
    }

    @Test func daemonHangingUpWithoutAWordIsExitThree() throws {
        let daemon = try FakeDaemon { _ in nil }
        let r = runClient(Invocation(command: .stats, socket: daemon.path))
        #expect(r.status == .unanswered)
        #expect(r.err.contains("closed the connection before answering"))
    }

    @Test func garbageReplyIsExitThree() throws {
        let daemon = try FakeDaemon { _ in ["HTTP/1.1 400 Bad Request"] }
        let r = runClient(Invocation(command: .ping, socket: daemon.path))
        #expect(r.status == .unanswered)
        #expect(r.err.contains("cannot read"))
    }

    @Test func badQueryFromTheDaemonIsExitTwoWithACaret() throws {
        let daemon = try FakeDaemon { _ in
            [#"{"error":{"code":"bad_query","message":"unbalanced parenthesis","position":5},"id":1,"ok":false}"#]
        }
        let r = runClient(Invocation(command: .search(QueryOptions(query: "war (peace")), socket: daemon.path))
        #expect(r.status == .usage)
        #expect(r.err == "quarry: bad query at position 5: unbalanced parenthesis\n  war (peace\n      ^\n")
    }

    @Test(arguments: [
        ("unavailable", QuarryExitStatus.unanswered), ("timeout", .unanswered), ("busy", .unanswered),
        ("internal", .unanswered), ("bad_request", .usage), ("too_large", .usage), ("not_found", .noHits),
    ])
    func daemonErrorsMapToExitStatuses(code: String, status: QuarryExitStatus) throws {
        let daemon = try FakeDaemon { _ in [#"{"error":{"code":"\#(code)","message":"m"},"id":1,"ok":false}"#] }
        let r = runClient(Invocation(command: .show(article: "a"), socket: daemon.path))
        #expect(r.status == status)
        #expect(r.err.hasPrefix("quarry: "))
    }

    @Test func stdinPipelinesEveryQueryAndTagsEachRecord() throws {
        // Given a daemon answering each request with one hit whose id echoes the request's query
        let daemon = try FakeDaemon { line in
            let request = decodeRequest(line)
            if request.q == "bad (" {
                return [
                    #"{"error":{"code":"bad_query","message":"unbalanced parenthesis","position":5},"id":\#(request.id.map { "\($0)" } ?? "null"),"ok":false}"#
                        .replacingOccurrences(of: "int(", with: "").replacingOccurrences(of: ")", with: "")
                ]
            }
            var hit = Sample.hit
            hit.id = request.q ?? "?"
            var reply = Sample.reply(hits: [hit], total: 1)
            reply.id = request.id
            return [Sample.line(reply)]
        }
        // When three queries (and a blank line) come on stdin
        let r = runClient(
            Invocation(command: .search(QueryOptions(limit: 3)), stdin: true, socket: daemon.path),
            input: "tariffs\n\nsanctions\nbad (\n"
        )
        // Then all go over one connection, and each record carries its query
        #expect(daemon.requests.map { decodeRequest($0).q } == ["tariffs", "sanctions", "bad ("])
        #expect(daemon.requests.map { decodeRequest($0).limit } == [3, 3, 3])
        let records = try jsonObjects(r.out)
        #expect(records.count == 3)
        #expect(records[0]["query"] as? String == "tariffs" && records[0]["id"] as? String == "tariffs")
        #expect(records[1]["query"] as? String == "sanctions" && records[1]["id"] as? String == "sanctions")
        #expect(records[2]["query"] as? String == "bad (")
        #expect((records[2]["error"] as? [String: Any])?["code"] as? String == "bad_query")
        #expect(r.err == "quarry: bad query at position 5: unbalanced parenthesis\n  bad (\n      ^\n")
        #expect(r.status == .usage, "the worst line decides")
    }

    @Test func stdinWithOnlyBlankLinesSendsNothing() {
        let r = runClient(
            Invocation(command: .search(QueryOptions()), stdin: true, socket: deadSocketPath()), input: "\n \n")
        #expect(r.status == .noHits)
        #expect(r.err == "")
    }

    @Test func manyPipelinedQueriesDoNotDeadlock() throws {
        // Given more request bytes than the socket buffers hold, and a daemon that stops reading while
        // its own replies wait to be read (a blocking write): a client that wrote everything before
        // reading would hang here.
        let big = String(repeating: "x", count: 1_000)
        let daemon = try FakeDaemon { line in
            var hit = Sample.hit
            hit.snippet = big
            var reply = Sample.reply(hits: [hit], total: 1)
            reply.id = decodeRequest(line).id
            return [Sample.line(reply)]
        }
        let padding = String(repeating: "q", count: 200)
        let input = (1...2_000).map { "query \($0) \(padding)" }.joined(separator: "\n")
        let r = runClient(Invocation(command: .search(QueryOptions()), stdin: true, socket: daemon.path), input: input)
        #expect(r.status == .hits)
        #expect(r.out.split(separator: "\n").count == 2_000)
    }
}

@Suite struct SocketLocationTests {
    func temp(_ name: String, _ text: String) -> String {
        var template = Array("/tmp/qct-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        let path = dir + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func flagWinsWithoutReadingTheConfiguration() throws {
        #expect(try SocketLocation.resolve(flag: "/x.sock", configFlag: "/does/not/exist.json") == "/x.sock")
    }

    @Test func jsonConfigurationSocketKeyIsRead() throws {
        let path = temp("quarry.json", #"{"db":"a.sqlite","socket":"/tmp/q.sock","daemon":{"x":1}}"#)
        #expect(try SocketLocation.configuredSocket(path: path, required: true) == "/tmp/q.sock")
        let none = temp("quarry.json", #"{"db":"a.sqlite"}"#)
        #expect(try SocketLocation.configuredSocket(path: none, required: true) == nil)
    }

    @Test func yamlConfigurationSocketLineIsRead() throws {
        let path = temp("quarry.yaml", "db: a.sqlite\nsocket: \"/tmp/y.sock\"  # here\ndaemon:\n  socket: no\n")
        #expect(try SocketLocation.configuredSocket(path: path, required: true) == "/tmp/y.sock")
    }

    @Test func missingConfigFlagFileIsAUsageError() {
        #expect(throws: ClientError.configUnreadable(path: "/nope/q.json")) {
            try SocketLocation.configuredSocket(path: "/nope/q.json", required: true)
        }
        #expect(ClientError.configUnreadable(path: "x").status == .usage)
    }
}
