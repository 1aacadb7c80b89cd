import Configuration
import Logging
import QuarryProtocol

/// Everything `quarryd` needs to serve: where, how big, how long, and who may connect.
package struct QuarrydConfiguration: Sendable, Equatable {
    /// The Unix socket the daemon listens on.
    package var socketPath: String
    /// The index database the request handler reads.
    package var databasePath: String
    /// Longest request line accepted, in bytes; a longer line is answered `too_large` and closes the connection.
    package var maxLineBytes: Int
    /// Connections served at once; one more is answered `busy` and closed.
    package var maxConnections: Int
    /// A connection with no traffic for this long is closed; nil never closes idle connections.
    package var idleTimeout: Duration?
    /// Per-query time limit, handed to the request handler.
    package var queryTimeout: Duration
    /// Time limit of the query that orders every hit of an `all` export.
    package var exportTimeout: Duration = .milliseconds(60_000)
    /// File mode of the socket: `0o600` (owner only) or `0o660` (owner and group).
    package var socketMode: UInt32
    /// Users besides the daemon's own and root who may connect (checked with `SO_PEERCRED`).
    package var allowedUIDs: [UInt32]
    /// The daemon's log level.
    package var logLevel: Logger.Level
    /// How long a graceful shutdown waits for requests in flight before closing their connections.
    package var shutdownGracePeriod: Duration
    /// Replies kept for repeated requests while the index is unchanged; 0 turns the cache off.
    package var cacheEntries = 256

    /// Creates a configuration with explicit values; the defaults are the documented ones.
    package init(
        socketPath: String,
        databasePath: String,
        maxLineBytes: Int = Self.defaultMaxLineBytes,
        maxConnections: Int = 1024,
        idleTimeout: Duration? = .seconds(300),
        queryTimeout: Duration = .milliseconds(5000),
        socketMode: UInt32 = 0o600,
        allowedUIDs: [UInt32] = [],
        logLevel: Logger.Level = .info,
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.socketPath = socketPath
        self.databasePath = databasePath
        self.maxLineBytes = maxLineBytes
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.queryTimeout = queryTimeout
        self.socketMode = socketMode
        self.allowedUIDs = allowedUIDs
        self.logLevel = logLevel
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// 1 MiB.
    package static let defaultMaxLineBytes = 1 << 20

    /// Creates a configuration from a reader; a missing key takes its default, a present but invalid one throws.
    ///
    /// Paths are taken as given: `load(flags:environment:)` resolves a relative `db` or `socket` from the
    /// configuration file against the file's location before it builds the reader.
    ///
    /// ## Configuration keys
    /// - `db` (string, optional, default: `$XDG_DATA_HOME/quarry/quarry.sqlite`): The index database.
    ///   Environment `QUARRY_DB`, flag `--db`.
    /// - `socket` (string, optional, default: `$XDG_RUNTIME_DIR/quarry.sock`, else `/tmp/quarry-$UID/quarry.sock`):
    ///   The Unix socket, at most 103 bytes. Environment `QUARRY_SOCKET`, flag `--socket`.
    /// - `daemon.max_line_bytes` (int, optional, default: `1048576`): Longest request line in bytes, 64 or more.
    ///   Environment `QUARRY_DAEMON_MAX_LINE_BYTES`.
    /// - `daemon.max_connections` (int, optional, default: `1024`): Connections served at once, 1 or more.
    ///   Environment `QUARRY_DAEMON_MAX_CONNECTIONS`.
    /// - `daemon.idle_timeout_seconds` (int, optional, default: `300`): Idle connections close after this
    ///   many seconds; `0` keeps them open. Environment `QUARRY_DAEMON_IDLE_TIMEOUT_SECONDS`.
    /// - `daemon.query_timeout_ms` (int, optional, default: `5000`): Per-query time limit in milliseconds,
    ///   1 or more. Environment `QUARRY_DAEMON_QUERY_TIMEOUT_MS`.
    /// - `daemon.export_timeout_ms` (int, optional, default: `60000`): Time limit of the one query that
    ///   orders every hit of an `all` export, 1 or more; each page of records after it has the per-query
    ///   limit. Environment `QUARRY_DAEMON_EXPORT_TIMEOUT_MS`.
    /// - `daemon.socket_mode` (string, optional, default: `"0600"`): Octal file mode of the socket, `"0600"`
    ///   or `"0660"` (group members may connect too, if their uid is in `allowed_uids`).
    ///   Environment `QUARRY_DAEMON_SOCKET_MODE`.
    /// - `daemon.allowed_uids` (int array, optional, default: `[]`): Users who may connect besides the
    ///   daemon's own user and root. Environment `QUARRY_DAEMON_ALLOWED_UIDS` (comma-separated).
    /// - `daemon.log_level` (string, optional, default: `"info"`): `trace`, `debug`, `info`, `notice`,
    ///   `warning`, `error` or `critical`. Environment `QUARRY_LOG_LEVEL` (or `QUARRY_DAEMON_LOG_LEVEL`),
    ///   flag `--log-level`.
    /// - `daemon.shutdown_grace_seconds` (int, optional, default: `10`): How long SIGTERM/SIGINT waits for
    ///   requests in flight. Environment `QUARRY_DAEMON_SHUTDOWN_GRACE_SECONDS`.
    ///
    /// - Parameter config: The reader, usually flags, then environment, then the configuration file.
    /// - Throws: `ServerError.invalidConfiguration` naming the key.
    package init(config: ConfigReader) async throws {
        self.init(
            socketPath: try await Self.string(config, "socket") ?? Locations.defaultSocket(),
            databasePath: try await Self.string(config, "db")
                ?? Locations.database(flag: nil, configured: nil, configFile: nil)
        )
        if let v = try await Self.int(config, "daemon.max_line_bytes", atLeast: 64) { maxLineBytes = v }
        if let v = try await Self.int(config, "daemon.max_connections", atLeast: 1) { maxConnections = v }
        if let v = try await Self.int(config, "daemon.idle_timeout_seconds", atLeast: 0) {
            idleTimeout = v == 0 ? nil : .seconds(v)
        }
        if let v = try await Self.int(config, "daemon.query_timeout_ms", atLeast: 1) { queryTimeout = .milliseconds(v) }
        if let v = try await Self.int(config, "daemon.export_timeout_ms", atLeast: 1) { exportTimeout = .milliseconds(v) }
        if let v = try await Self.int(config, "daemon.cache_entries", atLeast: 0) { cacheEntries = v }
        if let v = try await Self.int(config, "daemon.shutdown_grace_seconds", atLeast: 0) {
            shutdownGracePeriod = .seconds(v)
        }
        if let text = try await Self.string(config, "daemon.socket_mode") {
            guard let mode = UInt32(text, radix: 8), mode == 0o600 || mode == 0o660 else {
                throw ServerError.invalidConfiguration(
                    key: "daemon.socket_mode", value: text, expected: "\"0600\" or \"0660\"")
            }
            socketMode = mode
        }
        do {
            if let uids = try await config.fetchIntArray(forKey: "daemon.allowed_uids") {
                allowedUIDs = try uids.map { uid in
                    guard let u = UInt32(exactly: uid) else {
                        throw ServerError.invalidConfiguration(
                            key: "daemon.allowed_uids", value: String(uid), expected: "user ids (0 or more)")
                    }
                    return u
                }
            }
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError.invalidConfiguration(
                key: "daemon.allowed_uids", value: "(unreadable)", expected: "a list of user ids")
        }
        if let text = try await Self.string(config, "daemon.log_level") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ServerError.invalidConfiguration(
                    key: "daemon.log_level", value: text,
                    expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            logLevel = level
        }
    }

    private static func string(_ config: ConfigReader, _ key: String) async throws -> String? {
        do {
            return try await config.fetchString(forKey: ConfigKey(key))
        } catch {
            throw ServerError.invalidConfiguration(key: key, value: "(not a string)", expected: "a string")
        }
    }

    private static func int(_ config: ConfigReader, _ key: String, atLeast minimum: Int) async throws -> Int? {
        let value: Int?
        do {
            value = try await config.fetchInt(forKey: ConfigKey(key))
        } catch {
            let raw = (try? await config.fetchString(forKey: ConfigKey(key))) ?? "(not a number)"
            throw ServerError.invalidConfiguration(key: key, value: raw, expected: "an integer, \(minimum) or more")
        }
        if let value, value < minimum {
            throw ServerError.invalidConfiguration(
                key: key, value: String(value), expected: "an integer, \(minimum) or more")
        }
        return value
    }
}
