import QuarryProtocol

/// `quarry`'s exit codes (CONTRACT "quarry — the client", `docs/CLIENT.md`).
///
/// | code | meaning |
/// |---|---|
/// | 0 | hits found; `show`, `stats`, `ping` answered |
/// | 1 | no hits (like grep); `show` of an unknown id (`not_found`) |
/// | 2 | usage error, `bad_query`, `bad_request`, `too_large` — the request must change |
/// | 3 | no answer: daemon unreachable, or `unavailable`, `timeout`, `busy`, `internal`, a broken reply |
package enum QuarryExitStatus: Int32, Sendable, Comparable {
    case hits = 0
    case noHits = 1
    case usage = 2
    case unanswered = 3

    /// The status for a failed reply.
    package init(_ code: WireError.Code) {
        switch code {
        case .bad_request, .bad_query, .too_large: self = .usage
        case .not_found: self = .noHits
        // The daemon could not answer this time; the same request may succeed later (or once the
        // index exists), so it is grouped with "unreachable" rather than with usage errors.
        case .unavailable, .timeout, .busy, .internal: self = .unanswered
        }
    }

    package static func < (a: QuarryExitStatus, b: QuarryExitStatus) -> Bool { a.rawValue < b.rawValue }
}
