import Foundation
import QuarryTestSupport
import Testing

/// `quarry`'s documented exit codes: 0 hits, 1 no hits, 2 usage or query error, 3 daemon unreachable.
@Suite struct ExitStatusEndToEndTests {
    @Test func hitsExitZeroAndNoHitsExitOne() async throws {
        try await withSampleDaemon { quarry in
            let hits = try await quarry.quarry("search", "strait")
            #expect(hits.status == 0, "\(hits)")
            let none = try await quarry.quarry("search", "zqxjvw")
            #expect(none.status == 1, "\(none)")
            let noneJSON = try await quarry.quarry("quotes", "zqxjvw", "--format", "json")
            #expect(noneJSON.status == 1, "\(noneJSON)")
        }
    }

    @Test func unbalancedQuoteExitsTwoNamingThePosition() async throws {
        try await withSampleDaemon { quarry in
            let output = try await quarry.quarry("search", #"rare "earth"#)
            #expect(output.status == 2, "\(output)")
            #expect(output.stdout.isEmpty)
            #expect(output.stderr.contains("position 6"), "\(output.stderr)")
            // The caret line points under the quote mark.
            #expect(output.stderr.contains("\n       ^"), "\(output.stderr)")
        }
    }

    @Test func unknownFlagIsAUsageErrorExitingTwo() async throws {
        try await withSampleDaemon { quarry in
            let output = try await quarry.quarry("search", "strait", "--no-such-flag")
            #expect(output.status == 2, "\(output)")
            #expect(output.stderr.contains("--no-such-flag"), "\(output.stderr)")
        }
    }

    @Test func unreachableDaemonExitsThreeNamingTheSocketAndHowToStartQuarryd() async throws {
        try await withTemporaryDirectory { directory in
            let socket = directory.appending("absent.sock")
            for command in [["search", "strait"], ["ping"], ["stats"]] {
                let output = try await run("quarry", command + ["--socket", socket], in: directory)
                #expect(output.status == 3, "\(output)")
                #expect(output.stderr.contains(socket), "\(output.stderr)")
                #expect(output.stderr.contains("quarryd --db"), "\(output.stderr)")
            }
        }
    }

    @Test func socketFromTheEnvironmentIsUsedAndNamedWhenUnreachable() async throws {
        try await withTemporaryDirectory { directory in
            let socket = directory.appending("env.sock")
            let output = try await run("quarry", ["ping"], in: directory, environment: ["QUARRY_SOCKET": socket])
            #expect(output.status == 3, "\(output)")
            #expect(output.stderr.contains(socket), "\(output.stderr)")
        }
    }
}
