import QuarryProtocol
import QuarryTestSupport
import Testing

@testable import QuarryServer

/// Line framing, JSON decoding and request validation, end to end through a real socket.
@Suite struct SocketFramingTests {
    @Test func pingIsAnsweredByTheServerWithItsID() async throws {
        try await withInProcessServer { server in
            let line = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":"abc","op":"ping"}"#)
                return try connection.readLine()
            }
            #expect(line == #"{"format_version":1,"id":"abc","ok":true,"pong":"pong"}"#)
        }
    }

    @Test func malformedLineGetsAnErrorAndTheNextLineIsAnswered() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(ping(1))
                try connection.sendLine(#"{"v":1,"op":"ping","id":2"#)  // truncated JSON
                try connection.sendLine(ping(3))
                return try [connection.readReply(), connection.readReply(), connection.readReply()]
            }
            #expect(replies[0]?.ok == true && replies[0]?.id == .int(1))
            #expect(replies[1]?.ok == false && replies[1]?.error?.code == .bad_request)
            #expect(replies[1]?.id == nil, "an unreadable request is answered with id null")
            #expect(replies[2]?.ok == true && replies[2]?.id == .int(3))
        }
    }

    @Test func blankLinesAreIgnored() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.send(Array("\n  \r\n\t\n\(ping(1))\n\n".utf8))
                connection.closeWrite()
                return try connection.readAllReplies()
            }
            #expect(replies.map(\.id) == [.int(1)])
        }
    }

    @Test func oversizedLineIsAnsweredTooLargeAndClosesTheConnection() async throws {
        try await withInProcessServer(configure: { $0.maxLineBytes = 1024 }) { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(ping(1))
                try connection.sendLine(String(repeating: "x", count: 4096))
                try connection.sendLine(ping(2))  // never answered: the connection closes
                return try connection.readAllReplies()
            }
            #expect(replies.count == 2)
            #expect(replies.first?.id == .int(1))
            #expect(replies.last?.error?.code == .too_large)
            #expect(replies.last?.id == nil, "too_large is answered with id null")
        }
    }

    @Test func fourMebibyteLineIsTooLargeUnderTheDefaultLimit() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                let q = String(repeating: "a", count: 4 << 20)
                try connection.sendLine(#"{"v":1,"op":"search","q":"\#(q)"}"#)
                return try connection.readAllReplies()
            }
            #expect(replies.count == 1)
            #expect(replies.first?.error?.code == .too_large)
        }
    }

    @Test func fourMebibyteLineIsAnsweredUnderALargerLimit() async throws {
        try await withInProcessServer(configure: { $0.maxLineBytes = 8 << 20 }) { server in
            let reply = try await withUnixConnection(to: server.socketPath) { connection in
                let q = String(repeating: "a", count: 4 << 20)
                try connection.sendLine(#"{"v":1,"id":1,"op":"search","q":"\#(q)"}"#)
                return try connection.readReply()
            }
            #expect(reply?.ok == true)
            #expect(reply?.total == 4 << 20)
        }
    }

    @Test(
        arguments: [
            [0xFF, 0xFE, 0xFD],  // invalid UTF-8
            [0x00, 0x01, 0x02, 0x7B],  // control bytes
            Array("{\"v\":1,\"op\":\"ping\",\"id\":\"\u{00E9}".utf8.dropLast()),  // cut inside a character
            Array("not json at all".utf8),
            Array("[1,2,3]".utf8),
            Array("\"ping\"".utf8),
        ] as [[UInt8]])
    func garbageBytesGetBadRequestAndTheConnectionLivesOn(garbage: [UInt8]) async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.send(garbage + [0x0A])
                try connection.sendLine(ping(9))
                return try [connection.readReply(), connection.readReply()]
            }
            #expect(replies[0]?.error?.code == .bad_request)
            #expect(replies[1]?.id == .int(9))
            #expect(replies[1]?.pong == "pong")
        }
    }

    @Test func halfCloseAfterPipelinedRequestsStillGetsEveryReply() async throws {
        try await withInProcessServer { server in
            let ids = try await withUnixConnection(to: server.socketPath) { connection in
                var batch = ""
                for id in 1...200 { batch += ping(id) + "\n" }
                try connection.send(Array(batch.utf8))
                connection.closeWrite()
                return try connection.readAllReplies().map(\.id)
            }
            #expect(ids == (1...200).map { RequestID.int($0) })
        }
    }

    @Test func lastLineWithoutNewlineIsAnsweredAtHalfClose() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.send(Array((ping(1) + "\n" + ping(2)).utf8))
                connection.closeWrite()
                return try connection.readAllReplies()
            }
            #expect(replies.map(\.id) == [.int(1), .int(2)])
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":1,"op":"search","q":"abc"}"#)
                try connection.sendLine(#"{"v":1,"id":2,"op":"nope"}"#)
                try connection.sendLine(#"{"v":1,"id":3,"op":"search","all":true,"limit":2}"#)
                try connection.sendLine(ping(4))
                connection.closeWrite()
                return try connection.readAllReplies()
            }
            #expect(replies.map(\.id) == [.int(1), .int(2), .int(3), .int(3), .int(3), .int(4)])
            #expect(replies[0].total == 3)
            #expect(replies[1].error?.code == .bad_request)
        }
    }

    @Test func streamedRepliesArriveInOrderWithPartialOnAllButTheLast() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":"s","op":"search","q":"x","all":true,"limit":5}"#)
                return try (0..<6).compactMap { _ in try connection.readReply() }
            }
            #expect(replies.map(\.total) == [0, 1, 2, 3, 4, 5])
            #expect(replies.map(\.partial) == [true, true, true, true, true, nil])
            #expect(replies.allSatisfy { $0.id == .string("s") })
        }
    }

    @Test(arguments: [
        (#"{"v":1,"op":"frobnicate"}"#, "unknown op \"frobnicate\""),
        (#"{"v":2,"op":"ping"}"#, "v=2"),
        (#"{"v":"1","op":"ping"}"#, "field v"),
        (#"{"v":1}"#, "field op"),
        (#"{"v":1,"op":"search","limit":"ten"}"#, "field limit"),
        (#"{"v":1,"op":"search","limit":-1}"#, "field limit"),
        (#"{"v":1,"op":"search","all":"yes"}"#, "field all"),
        (#"{"v":1,"op":"search","filters":{"speaker":"Peskov"}}"#, "field filters.speaker"),
        (#"{"v":1,"op":"search","facets":["colour"]}"#, "field facets"),
        (#"{"v":1,"op":"search","sort":"sideways"}"#, "field sort"),
        (#"{"v":1,"op":"facets"}"#, "field field"),
        (#"{"v":1,"op":"show"}"#, "field article"),
    ])
    func invalidRequestIsBadRequestNamingTheProblem(line: String, naming: String) async throws {
        try await withInProcessServer { server in
            let reply = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(line)
                return try connection.readReply()
            }
            #expect(reply?.ok == false)
            #expect(reply?.error?.code == .bad_request)
            #expect(reply?.error?.message.contains(naming) == true, "\(reply?.error?.message ?? "no reply")")
        }
    }

    @Test func handlerWireErrorIsAnsweredAsIs() async throws {
        try await withInProcessServer { server in
            let reply = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":5,"op":"quotes","q":"\"abc"}"#)
                return try connection.readReply()
            }
            #expect(reply?.id == .int(5))
            #expect(reply?.error == WireError(code: .bad_query, message: "unbalanced quote", position: 3))
        }
    }

    @Test func internalFailureIsAnsweredWithAGenericMessage() async throws {
        try await withInProcessServer { server in
            let replies = try await withUnixConnection(to: server.socketPath) { connection in
                try connection.sendLine(#"{"v":1,"id":6,"op":"stats"}"#)
                try connection.sendLine(ping(7))
                return try [connection.readReply(), connection.readReply()]
            }
            let error = try #require(replies[0]?.error)
            #expect(error.code == .internal)
            #expect(!error.message.contains("/home/secret"))
            #expect(!error.message.contains("SELECT"))
            #expect(replies[1]?.id == .int(7))
        }
    }
}
