import QuarryProtocol
import QuarryTestSupport
import Testing

@testable import QuarryServer

/// Flags beat the environment, which beats the file, which beats the defaults.
@Suite struct QuarrydConfigurationTests {
    private func writeConfig(_ json: String, in directory: TemporaryDirectory) throws -> String {
        let folder = directory.appending("Config")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/quarry.json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func defaultsApplyWhenNothingIsConfigured() async throws {
        try await withTemporaryDirectory { directory in
            let file = try writeConfig("{}", in: directory)
            let configuration = try await QuarrydConfiguration.load(
                flags: .init(socket: directory.socketPath, config: file), environment: [:])
            #expect(configuration.maxLineBytes == 1 << 20)
            #expect(configuration.maxConnections == 1024)
            #expect(configuration.idleTimeout == .seconds(300))
            #expect(configuration.queryTimeout == .milliseconds(5000))
            #expect(configuration.socketMode == 0o600)
            #expect(configuration.allowedUIDs == [])
            #expect(configuration.logLevel == .info)
            #expect(configuration.shutdownGracePeriod == .seconds(10))
            #expect(configuration.socketPath == directory.socketPath)
        }
    }

    @Test func fileValuesAreReadAndRelativePathsResolveAgainstTheRepository() async throws {
        try await withTemporaryDirectory { directory in
            let file = try writeConfig(
                """
                {"db": "Index/quarry.sqlite", "socket": "run/q.sock",
                 "daemon": {"max_line_bytes": 4096, "max_connections": 8, "idle_timeout_seconds": 0,
                            "query_timeout_ms": 250, "export_timeout_ms": 9000, "socket_mode": "0660",
                            "allowed_uids": [1001, 1002],
                            "log_level": "debug", "shutdown_grace_seconds": 3}}
                """, in: directory)
            let configuration = try await QuarrydConfiguration.load(flags: .init(config: file), environment: [:])
            #expect(configuration.databasePath == directory.appending("Index/quarry.sqlite"))
            #expect(configuration.socketPath == directory.appending("run/q.sock"))
            #expect(configuration.maxLineBytes == 4096)
            #expect(configuration.maxConnections == 8)
            #expect(configuration.idleTimeout == nil)
            #expect(configuration.queryTimeout == .milliseconds(250))
            #expect(configuration.exportTimeout == .milliseconds(9000))
            #expect(configuration.socketMode == 0o660)
            #expect(configuration.allowedUIDs == [1001, 1002])
            #expect(configuration.logLevel == .debug)
            #expect(configuration.shutdownGracePeriod == .seconds(3))
        }
    }

    @Test func environmentBeatsTheFileAndFlagsBeatTheEnvironment() async throws {
        try await withTemporaryDirectory { directory in
            let file = try writeConfig(
                #"{"socket": "/tmp/from-file.sock", "daemon": {"max_connections": 8, "log_level": "debug"}}"#,
                in: directory)
            let environment = [
                "QUARRY_SOCKET": "/tmp/from-env.sock",
                "QUARRY_DAEMON_MAX_CONNECTIONS": "16",
                "QUARRY_DAEMON_ALLOWED_UIDS": "7,8",
                "QUARRY_LOG_LEVEL": "warning",
            ]
            let fromEnvironment = try await QuarrydConfiguration.load(
                flags: .init(config: file), environment: environment)
            #expect(fromEnvironment.socketPath == "/tmp/from-env.sock")
            #expect(fromEnvironment.maxConnections == 16)
            #expect(fromEnvironment.allowedUIDs == [7, 8])
            #expect(fromEnvironment.logLevel == .warning)

            let fromFlags = try await QuarrydConfiguration.load(
                flags: .init(socket: "/tmp/from-flag.sock", config: file, logLevel: "error"),
                environment: environment)
            #expect(fromFlags.socketPath == "/tmp/from-flag.sock")
            #expect(fromFlags.logLevel == .error)
        }
    }

    @Test(arguments: [
        (#"{"daemon": {"max_connections": 0}}"#, "daemon.max_connections"),
        (#"{"daemon": {"max_line_bytes": "big"}}"#, "daemon.max_line_bytes"),
        (#"{"daemon": {"socket_mode": "0644"}}"#, "daemon.socket_mode"),
        (#"{"daemon": {"socket_mode": 384}}"#, "daemon.socket_mode"),
        (#"{"daemon": {"log_level": "loud"}}"#, "daemon.log_level"),
        (#"{"daemon": {"allowed_uids": [-1]}}"#, "daemon.allowed_uids"),
        (#"{"daemon": {"idle_timeout_seconds": -5}}"#, "daemon.idle_timeout_seconds"),
    ])
    func invalidValueIsRefusedNamingTheKey(json: String, key: String) async throws {
        try await withTemporaryDirectory { directory in
            let file = try writeConfig(json, in: directory)
            do {
                _ = try await QuarrydConfiguration.load(flags: .init(config: file), environment: [:])
                Issue.record("expected \(key) to be refused")
            } catch let error as ServerError {
                guard case .invalidConfiguration(let named, _, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(named == key)
                #expect(error.isStartupRefusal)
            }
        }
    }

    @Test func brokenConfigurationFileIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let file = try writeConfig("{not json", in: directory)
            await #expect(throws: ServerError.self) {
                _ = try await QuarrydConfiguration.load(flags: .init(config: file), environment: [:])
            }
        }
    }

    @Test func repositoryConfigurationFileLoads() async throws {
        // The checked-in Config/quarry.json must always load (its daemon section documents the keys).
        let repositoryConfig = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/quarry.json").path
        try #require(FileManager.default.fileExists(atPath: repositoryConfig))
        let configuration = try await QuarrydConfiguration.load(
            flags: .init(socket: "/tmp/unused.sock", config: repositoryConfig), environment: [:])
        #expect(configuration.databasePath.hasSuffix("/Index/quarry.sqlite"))
    }
}

/// The line decoder alone, without a socket.
@Suite struct RequestDecoderTests {
    private func decode(_ text: String) -> RequestDecoder.Outcome {
        RequestDecoder.decode(Array(text.utf8))
    }

    @Test func validRequestDecodes() {
        let outcome = decode(#"{"v":1,"id":3,"op":"search","q":"peskov","filters":{"speaker":["Peskov"]},"limit":5}"#)
        guard case .request(let request) = outcome else {
            Issue.record("expected a request, got \(outcome)")
            return
        }
        #expect(request.op == "search")
        #expect(request.filters?.speaker == ["Peskov"])
        #expect(request.limit == 5)
    }

    @Test func missingVersionIsAccepted() {
        guard case .request = decode(#"{"op":"ping"}"#) else {
            Issue.record("a request without v is taken as v=1")
            return
        }
    }

    @Test func unknownKeysAreIgnored() {
        guard case .request = decode(#"{"v":1,"op":"ping","colour":"blue"}"#) else {
            Issue.record("unknown keys are ignored")
            return
        }
    }

    @Test func idIsEchoedEvenWhenAFieldIsBad() {
        #expect(
            decode(#"{"v":1,"id":"x","op":"search","limit":true}"#)
                == .invalid(
                    id: .string("x"), WireError(code: .bad_request, message: "field limit: expected an integer")))
    }
}
