import Foundation
import QuarryProtocol
import QuarryTestSupport
import Testing

/// The daemon's socket under load and abuse, spoken to raw (`withUnixConnection`) and through `socat`.
@Suite struct ConnectionEndToEndTests {
    /// `socat` from `PATH`, when installed.
    static let socat: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/socat" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test func thirtyTwoClientsOfFiftyPipelinedRequestsAreAllAnsweredInOrder() async throws {
        try await withSampleDaemon { quarry in
            let clients = 32
            let requests = 50
            let socket = quarry.socket
            // Every client connects at once and pipelines a mix of cheap and real queries.
            let everyClientsReplies = try await withThrowingTaskGroup(of: [Reply].self) { group in
                for client in 0..<clients {
                    group.addTask {
                        try await withUnixConnection(to: socket) { connection in
                            for n in 1...requests {
                                let op = ["ping", "stats", "search", "quotes", "facets"][(n + client) % 5]
                                try connection.sendLine(
                                    #"{"v":1,"id":\#(n),"op":"\#(op)","q":"strait","field":"speaker","limit":3}"#)
                            }
                            connection.closeWrite()
                            return try connection.readAllReplies()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Expectations are checked here, in the test's task, not on the connections' threads.
            #expect(everyClientsReplies.count == clients)
            for replies in everyClientsReplies {
                #expect(replies.map(\.id) == (1...requests).map { RequestID.int($0) })
                #expect(replies.allSatisfy { $0.ok }, "\(replies.filter { !$0.ok }.prefix(3))")
            }
        }
    }

    @Test func concurrentClientProcessesAllGetTheirHits() async throws {
        try await withSampleDaemon { quarry in
            let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await quarry.quarry("search", "strait", "--format", "ndjson").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 0, count: 8))
        }
    }

    @Test func fourMebibyteLineIsRefusedTooLargeAndTheDaemonKeepsServing() async throws {
        try await withSampleDaemon { quarry in
            let replies = try await withUnixConnection(to: quarry.socket) { connection in
                // The daemon may close before reading it all: a broken pipe is not a failure here.
                try connection.send(Array(#"{"v":1,"op":"search","q":""#.utf8) + Array(repeating: 0x61, count: 4 << 20))
                try connection.send(Array("\"}\n".utf8))
                return try connection.readAllReplies()
            }
            #expect(replies.count == 1)
            #expect(replies.first?.error?.code == .too_large)
            #expect(replies.first?.id == nil || replies.first?.id == .null)
            let after = try await quarry.exchange([#"{"v":1,"id":1,"op":"search","q":"strait"}"#])
            #expect(after.first?.ok == true && after.first?.total ?? 0 > 0)
        }
    }

    @Test func garbageBytesGetBadRequestAndTheConnectionLivesOn() async throws {
        try await withSampleDaemon { quarry in
            let replies = try await withUnixConnection(to: quarry.socket) { connection in
                try connection.send([0xFF, 0xFE, 0x00, 0x01, 0x80, 0x0A])  // invalid UTF-8
                try connection.sendLine("this is not json")
                try connection.sendLine("[1,2,3]")
                try connection.sendLine(#"{"v":1,"id":4,"op":"frobnicate"}"#)
                try connection.sendLine(#"{"v":1,"id":5,"op":"ping"}"#)
                connection.closeWrite()
                return try connection.readAllReplies()
            }
            #expect(replies.count == 5)
            #expect(replies.prefix(4).allSatisfy { $0.error?.code == .bad_request }, "\(replies)")
            #expect(replies.last?.id == .int(5))
            #expect(replies.last?.pong == "pong")
            let ping = try await quarry.quarry("ping")
            #expect(ping.status == 0, "\(ping)")
        }
    }

    @Test(.enabled(if: ConnectionEndToEndTests.socat != nil, "socat is not installed"))
    func contractSocatPingExampleWorks() async throws {
        try await withSampleDaemon { quarry in
            // printf '{"v":1,"op":"ping"}\n' | socat - UNIX-CONNECT:$QUARRY_SOCKET
            let output = try await run(
                executable: "/bin/sh",
                ["-c", #"printf '{"v":1,"op":"ping"}\n' | socat - UNIX-CONNECT:$QUARRY_SOCKET"#],
                in: quarry.workspace, environment: ["QUARRY_SOCKET": quarry.socket])
            #expect(output.status == 0, "\(output)")
            #expect(output.stdout == #"{"format_version":1,"id":null,"ok":true,"pong":"pong"}"# + "\n", "\(output)")
        }
    }
}
