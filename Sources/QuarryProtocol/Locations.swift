#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the index, the socket and the configuration live (CONTRACT "Locations").
///
/// Precedence: flag, then environment, then the configuration file, then defaults.
public enum Locations {
    /// The environment, read once.
    public static func environment(_ key: String) -> String? {
        guard let v = getenv(key) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// The configuration file: `--config`, `QUARRY_CONFIG`, `./Config/quarry.json` (or `.yaml`) when
    /// present, else `$XDG_CONFIG_HOME/quarry/quarry.json`. Nil when none exists.
    public static func configFile(flag: String?) -> String? {
        if let flag { return flag }
        if let env = environment("QUARRY_CONFIG") { return env }
        for candidate in ["Config/quarry.json", "Config/quarry.yaml"] where fileExists(candidate) {
            return candidate
        }
        let base = environment("XDG_CONFIG_HOME") ?? ((environment("HOME") ?? "/") + "/.config")
        for name in ["quarry.json", "quarry.yaml"] where fileExists(base + "/quarry/" + name) {
            return base + "/quarry/" + name
        }
        return nil
    }

    /// The index database path, given the flag and the configuration file's `db` value.
    /// A relative `db` in a configuration file is taken relative to the file's folder's parent
    /// when that folder is named `Config` (the repository layout), else to the file's folder.
    public static func database(flag: String?, configured: String?, configFile: String?) -> String {
        if let flag { return flag }
        if let env = environment("QUARRY_DB") { return env }
        if let configured { return resolve(configured, relativeTo: configFile) }
        let base = environment("XDG_DATA_HOME") ?? ((environment("HOME") ?? "/") + "/.local/share")
        return base + "/quarry/quarry.sqlite"
    }

    /// The socket path, given the flag and the configuration file's `socket` value.
    public static func socket(flag: String?, configured: String?, configFile: String?) -> String {
        if let flag { return flag }
        if let env = environment("QUARRY_SOCKET") { return env }
        if let configured { return resolve(configured, relativeTo: configFile) }
        return defaultSocket()
    }

    /// `$XDG_RUNTIME_DIR/quarry.sock`, else `/tmp/quarry-$UID/quarry.sock`.
    public static func defaultSocket() -> String {
        if let runtime = environment("XDG_RUNTIME_DIR") { return runtime + "/quarry.sock" }
        return "/tmp/quarry-\(getuid())/quarry.sock"
    }

    /// Resolves a path from a configuration file against that file's location.
    public static func resolve(_ path: String, relativeTo configFile: String?) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = environment("HOME") { return home + path.dropFirst(1) }
        guard let configFile else { return path }
        var folder = directory(of: configFile)
        if folder == "Config" || folder.hasSuffix("/Config") { folder = directory(of: folder) }
        if folder.isEmpty || folder == "." { return path }
        return folder + "/" + path
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
