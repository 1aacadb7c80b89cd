import QuarryProtocol

/// Finds the daemon's socket: `--socket`, `QUARRY_SOCKET`, the configuration file's `socket` key,
/// then `Locations.defaultSocket()` (CONTRACT "Locations").
///
/// ## Configuration keys
/// - `socket` (string, top level): the socket path; relative paths resolve against the file as
///   `Locations.resolve` says.
///
/// The configuration file is read only when neither the flag nor the environment decides, and only
/// for its `socket` key: a JSON decode of one optional field, or a line scan for YAML.
package enum SocketLocation {
    package static func resolve(flag: String?, configFlag: String?) throws(ClientError) -> String {
        if flag != nil || Locations.environment("QUARRY_SOCKET") != nil {
            return Locations.socket(flag: flag, configured: nil, configFile: nil)
        }
        let file = Locations.configFile(flag: configFlag)
        let configured = try file.flatMap { (path) throws(ClientError) -> String? in
            try configuredSocket(path: path, required: configFlag != nil)
        }
        return Locations.socket(flag: nil, configured: configured, configFile: file)
    }

    /// The `socket` value in the configuration file at `path`; nil when the file has none.
    /// A file named by `--config` must be readable; a discovered one that vanished is ignored.
    package static func configuredSocket(path: String, required: Bool) throws(ClientError) -> String? {
        guard let bytes = readFile(path) else {
            if required { throw .configUnreadable(path: path) }
            return nil
        }
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { return yamlSocket(bytes) }
        struct SocketKey: Decodable { var socket: String? }
        return (try? WireCoding.decoder().decode(SocketKey.self, from: Data(bytes)))?.socket
    }

    /// A top-level `socket: VALUE` line, quotes removed.
    static func yamlSocket(_ bytes: [UInt8]) -> String? {
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("socket:") else { continue }
            var value = line.dropFirst("socket:".count).trimmingCharacters(in: " \t")
            if let hash = value.firstRange(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmingCharacters(in: " \t")
            }
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String { self[...].trimmingCharacters(in: set) }
}
