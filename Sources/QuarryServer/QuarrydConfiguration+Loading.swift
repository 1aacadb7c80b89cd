import Configuration
import QuarryProtocol

extension QuarrydConfiguration {
    /// `quarryd`'s command-line values; nil when the flag was not given.
    package struct Flags: Sendable, Equatable {
        package var db: String?
        package var socket: String?
        package var config: String?
        package var logLevel: String?

        package init(db: String? = nil, socket: String? = nil, config: String? = nil, logLevel: String? = nil) {
            self.db = db
            self.socket = socket
            self.config = config
            self.logLevel = logLevel
        }
    }

    /// Builds the configuration from flags, then the environment, then the configuration file, then defaults
    /// (CONTRACT "Locations"); see `init(config:)` for the keys.
    ///
    /// The file is `--config`, `QUARRY_CONFIG`, `./Config/quarry.json`, or `$XDG_CONFIG_HOME/quarry/quarry.json`;
    /// a relative `db` or `socket` in it is resolved against its location (`Locations.resolve`).
    /// Environment variables are the keys upper-cased with `QUARRY_` in front (`QUARRY_DAEMON_MAX_CONNECTIONS`);
    /// `QUARRY_LOG_LEVEL` also sets `daemon.log_level`.
    package static func load(
        flags: Flags,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> QuarrydConfiguration {
        let configFile = flags.config ?? Locations.configFile(flag: nil)
        var fileProvider: FileProvider<JSONSnapshot>?
        if let configFile { fileProvider = try await Self.fileProvider(path: configFile) }
        let fileReader = fileProvider.map { ConfigReader(provider: $0) }
        let fileDB = try await fileReader?.fetchString(forKey: "db")
        let fileSocket = try await fileReader?.fetchString(forKey: "socket")

        // Paths are settled here, so that a relative one is resolved against the file that names it.
        let db = Locations.database(
            flag: flags.db ?? environment["QUARRY_DB"].nonEmpty, configured: fileDB, configFile: configFile)
        let socket = Locations.socket(
            flag: flags.socket ?? environment["QUARRY_SOCKET"].nonEmpty, configured: fileSocket,
            configFile: configFile)

        var settled: [AbsoluteConfigKey: ConfigValue] = [
            "db": ConfigValue(.string(db), isSecret: false),
            "socket": ConfigValue(.string(socket), isSecret: false),
        ]
        if let level = flags.logLevel ?? environment["QUARRY_LOG_LEVEL"].nonEmpty {
            settled["daemon.log_level"] = ConfigValue(.string(level), isSecret: false)
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: settled),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "quarry"),
        ]
        if let fileProvider { providers.append(fileProvider) }
        return try await QuarrydConfiguration(config: ConfigReader(providers: providers))
    }

    private static func fileProvider(path: String) async throws -> FileProvider<JSONSnapshot> {
        guard path.hasSuffix(".json") else {
            throw ServerError.unreadableConfiguration(path: path, reason: "quarryd reads JSON configuration files")
        }
        // The file-path initializer takes a SystemPackage.FilePath; the reader-based one keeps that
        // dependency out of this module.
        let location = ConfigReader(
            provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(path), isSecret: false)]))
        do {
            return try await FileProvider<JSONSnapshot>(config: location)
        } catch {
            throw ServerError.unreadableConfiguration(path: path, reason: "missing, unreadable or not valid JSON")
        }
    }
}

extension Optional where Wrapped == String {
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
