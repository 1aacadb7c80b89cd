/// Encodes a list of strings as a JSON array, for statements that read many values at once through
/// SQLite's `json_each(?)` instead of binding one row at a time.
package enum JSONStringArray {
    package static func encode(_ strings: [String]) -> String {
        var out = "["
        out.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, string) in strings.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in string.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0..<0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
