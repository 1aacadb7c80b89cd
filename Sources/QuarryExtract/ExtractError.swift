import Foundation

/// Why extraction could not be set up (extraction itself never fails: odd text yields fewer results).
package enum ExtractError: Error, Equatable, CustomStringConvertible {
    /// The lexicon file could not be read.
    case lexiconUnreadable(path: String, reason: String)
    /// The lexicon file is not valid JSON of the expected shape.
    case lexiconMalformed(path: String, reason: String)
    /// The lexicon parsed but is unusable (for example, no cue verbs).
    case lexiconInvalid(path: String, reason: String)

    package var description: String {
        switch self {
        case .lexiconUnreadable(let path, let reason):
            return "cannot read the extraction lexicon at \(path): \(reason). "
                + "Check the path (configuration key `lexicon`, default Config/lexicon.json) and its permissions."
        case .lexiconMalformed(let path, let reason):
            return "the extraction lexicon at \(path) is not valid: \(reason). "
                + "Fix the JSON (see Config/lexicon.md for its structure) or restore it from the repository."
        case .lexiconInvalid(let path, let reason):
            return "the extraction lexicon at \(path) is unusable: \(reason). See Config/lexicon.md."
        }
    }
}
