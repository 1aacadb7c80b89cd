import Configuration
import SystemPackage
import Foundation
import QuarryExtract
import QuarryIndex
import QuarryIngest
import QuarryProtocol

/// The indexer's settings: flags, then environment, then the configuration file, then defaults.
///
/// ## Configuration keys
/// - `db` (string): index path, relative to the repository when the file is `Config/quarry.json`.
/// - `furniture` (string, default `furniture.json`): cleaning rules, relative to the file's folder.
/// - `lexicon` (string, default `lexicon.json`): extraction lexicon, relative to the file's folder.
/// - `index.max_article_bytes` (int, default 10485760): larger inputs are skipped.
/// - `index.batch_size` (int, default 500): articles per write transaction.
/// - `index.file_mode` (string, default `"0600"`): octal mode of the index and the files beside it
///   (`IndexFileModes`); created folders get it plus search bits.
struct IndexerSettings {
    var databasePath: String
    var batchSize: Int
    var fileModes: IndexFileModes
    var limits: IngestLimits
    var cleaning: CleaningRules
    var lexicon: Lexicon
    var rulesHash: String

    static func load(configFlag: String?, dbFlag: String?) async throws -> IndexerSettings {
        let configFile = Locations.configFile(flag: configFlag)
        let reader: ConfigReader
        if let configFile {
            guard FileManager.default.fileExists(atPath: configFile) else {
                throw SettingsError.missingConfig(configFile)
            }
            reader = ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
        } else {
            reader = ConfigReader(provider: InMemoryProvider(values: [:]))
        }
        let rulesFolder = configFile.map { ($0 as NSString).deletingLastPathComponent } ?? RepositoryConfig.folder
        let furniturePath = Self.path(reader.string(forKey: "furniture", default: "furniture.json"), in: rulesFolder)
        let lexiconPath = Self.path(reader.string(forKey: "lexicon", default: "lexicon.json"), in: rulesFolder)
        let cleaning = try CleaningRules.load(from: URL(fileURLWithPath: furniturePath))
        let lexicon = try Lexicon.load(from: URL(fileURLWithPath: lexiconPath))
        let hash = try RulesHash.of(files: [furniturePath, lexiconPath])
        var limits = IngestLimits()
        limits.maxArticleBytes = reader.int(forKey: "index.max_article_bytes", default: limits.maxArticleBytes)
        var fileModes = IndexFileModes.ownerOnly
        if let text = try? reader.requiredString(forKey: "index.file_mode") {
            guard let modes = IndexFileModes(octal: text) else {
                throw SettingsError.invalid(key: "index.file_mode", value: text, expected: Self.fileModeExpectation)
            }
            fileModes = modes
        } else if let number = try? reader.requiredInt(forKey: "index.file_mode") {
            throw SettingsError.invalid(key: "index.file_mode", value: String(number), expected: Self.fileModeExpectation)
        }
        return IndexerSettings(
            databasePath: Locations.database(flag: dbFlag, configured: reader.string(forKey: "db"), configFile: configFile),
            batchSize: max(1, reader.int(forKey: "index.batch_size", default: 500)), fileModes: fileModes,
            limits: limits, cleaning: cleaning, lexicon: lexicon, rulesHash: hash)
    }

    static let fileModeExpectation =
        "an octal mode in quotes with owner read and write and no execute, such as \"0600\" (default) or \"0640\""

    static func path(_ p: String, in folder: String) -> String {
        p.hasPrefix("/") || folder.isEmpty ? p : folder + "/" + p
    }
}

/// Where the repository's own `Config/` was at build time: the fallback when no configuration file
/// is found, so the tools work from a checkout without setup.
enum RepositoryConfig {
    static let folder: String = {
        // Sources/quarry-index/IndexerSettings.swift → repository root.
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config").path
    }()
}

/// A short hash of the rule files, stored in the index to notice rule changes.
enum RulesHash {
    static func of(files: [String]) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            for byte in data {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16) + "-v\(QuarryVersion.current)"
    }
}

/// Why the indexer's settings could not be loaded.
enum SettingsError: Error, CustomStringConvertible {
    /// `--config` or `QUARRY_CONFIG` names a file that does not exist.
    case missingConfig(String)
    /// A key holds a value out of its range or of the wrong type.
    case invalid(key: String, value: String, expected: String)

    var description: String {
        switch self {
        case .missingConfig(let path): return "configuration file \(path) does not exist; pass --config FILE or unset QUARRY_CONFIG"
        case .invalid(let key, let value, let expected):
            return "configuration key \(key) is \(value); expected \(expected)"
        }
    }
}
