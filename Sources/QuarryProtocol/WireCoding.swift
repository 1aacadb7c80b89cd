/// The one JSON configuration used on the wire and in `json`/`ndjson` output.
public enum WireCoding {
    /// A fresh encoder: sorted keys, unescaped slashes, never pretty-printed.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// Encodes `value` as one line terminated by `\n`.
    public static func line<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }
}
