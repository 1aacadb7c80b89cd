/// A run that stopped on an error, with what it had committed before: batches are transactions, so
/// an existing index keeps the ones before the failure, and the message must say so rather than claim
/// "nothing written" (`quarry-index` exits 2 only when that is true, else 1).
package struct IndexRunFailure: Error, CustomStringConvertible {
    /// What stopped the run, as the user reads it.
    package var reason: String
    /// What the run had committed before it stopped (added, updated, removed; `error` set).
    package var committed: Indexer.Summary
    /// True when nothing of the run is in the index: a first build that was not published, or a run
    /// that stopped before its first commit.
    package var wroteNothing: Bool

    package var description: String {
        if wroteNothing {
            return "\(reason) Nothing of this run was written; the index is as it was."
        }
        let written = committed.added + committed.updated
        var parts = ["\(committed.added) added", "\(committed.updated) updated"]
        if committed.removed > 0 { parts.append("\(committed.removed) removed") }
        return "\(reason) Before it stopped, this run had committed \(written) articles (\(parts.joined(separator: ", "))); "
            + "they stay in the index, which is consistent. Re-run the same command to index the rest."
    }
}
