import ArgumentParser
import Logging
import QuarryProtocol
import QuarryServer
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quarryd`: parses its flags, builds the configuration, constructs the request handler and runs the
/// socket server until SIGTERM/SIGINT. Exit 0 after a clean shutdown, 2 for usage errors and refusals
/// to start, 1 for anything else.
@main
struct Quarryd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarryd",
        abstract: "Answer Quarry queries on a Unix socket.",
        discussion: """
            Runs in the foreground and logs to stderr. Flags beat the environment (QUARRY_DB, QUARRY_SOCKET, \
            QUARRY_CONFIG, QUARRY_LOG_LEVEL), which beats the configuration file. SIGTERM or SIGINT stops \
            accepting, lets requests in flight finish and removes the socket.
            """
    )

    @Option(help: ArgumentHelp("The index database.", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The Unix socket to listen on (at most 103 bytes).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("The JSON configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    static func main() async {
        do {
            let command = try parse()
            try await command.run()
        } catch {
            // ArgumentParser's usage errors exit 64; Quarry's documented code for usage errors is 2.
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let flags = QuarrydConfiguration.Flags(db: db, socket: socket, config: config, logLevel: logLevel)
        let configuration: QuarrydConfiguration
        do {
            configuration = try await QuarrydConfiguration.load(flags: flags)
        } catch let error as ServerError {
            throw Self.fail(error.description, code: 2)
        }
        var logger = Logger(label: "quarryd")
        logger.logLevel = configuration.logLevel

        let handler: any RequestHandler
        do {
            handler = try IndexRequestHandler(
                databasePath: configuration.databasePath, queryTimeout: configuration.queryTimeout,
                exportTimeout: configuration.exportTimeout,
                cacheEntries: configuration.cacheEntries, logger: logger)
        } catch {
            throw Self.fail("cannot set up the index reader for \(configuration.databasePath): \(error)", code: 1)
        }

        let environment = ProcessInfo.processInfo.environment
        let server = SocketServer(
            configuration: configuration, handler: handler, logger: logger,
            onListening: { _ in ReadinessSignal.notify(environment: environment) })
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // The server closes what is left after its own grace period; this is the backstop.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod + .seconds(5)
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch let error as ServerError {
            throw Self.fail(error.description, code: error.isStartupRefusal ? 2 : 1)
        } catch {
            logger.critical("quarryd: fatal: \(String(reflecting: error))")
            throw Self.fail("\(error)", code: 1)
        }
    }

    /// Prints `quarryd: MESSAGE` to stderr and returns the exit code to throw.
    private static func fail(_ message: String, code: Int32) -> ExitCode {
        printError("quarryd: \(message)")
        return ExitCode(code)
    }

    /// Writes one line to stderr, unbuffered.
    private static func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
