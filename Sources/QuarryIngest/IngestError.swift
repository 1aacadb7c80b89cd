/// Errors of ingestion setup (the cleaning rules); bad articles are skips, not errors.
package enum IngestError: Error, Equatable, CustomStringConvertible {
    /// The cleaning rules file could not be read.
    case rulesUnreadable(path: String, reason: String)
    /// The cleaning rules file is not valid JSON of the expected shape.
    case rulesInvalid(path: String, reason: String)
    /// A pattern in `drop_line_patterns` is not a valid regular expression.
    case invalidPattern(pattern: String, reason: String)
    /// The rules file declares a format version this build does not understand.
    case unsupportedRulesVersion(path: String, version: Int)

    package var description: String {
        switch self {
        case .rulesUnreadable(let path, let reason):
            return "cannot read cleaning rules \(path): \(reason) (check the `furniture` setting in the configuration)"
        case .rulesInvalid(let path, let reason):
            return "cleaning rules \(path) are invalid: \(reason) (see Config/furniture.md for the expected keys)"
        case .invalidPattern(let pattern, let reason):
            return "cleaning rule pattern \"\(pattern)\" is not a valid regular expression: \(reason)"
        case .unsupportedRulesVersion(let path, let version):
            return "cleaning rules \(path) have format_version \(version); this build understands version 1"
        }
    }
}
