/// Failures of the index layer, each with a description a user can act on.
package enum IndexError: Error, Equatable, CustomStringConvertible {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database exists but is not a Quarry index (or is from a newer version).
    case notAnIndex(path: String)
    /// The database path names something that is not a regular file (a FIFO, a device, a folder).
    case notARegularFile(path: String, kind: String)
    /// A write failed (disk full, read-only file system, …); nothing of the failed batch was kept.
    /// Batches committed before it stay (`Indexer` reports them: `IndexRunFailure`).
    case writeFailed(path: String, reason: String)
    /// Another quarry-index (pid, when it wrote one) holds the index's lock.
    case locked(path: String, pid: Int32?)
    /// Building a new index failed; no index was created.
    case buildFailed(path: String, reason: String)
    /// Another process created the index while this run was building it.
    case publishConflict(path: String)
    /// The index is missing (the daemon answers `unavailable`).
    case missing(path: String)
    /// An integrity check found damage.
    case corrupt(path: String, detail: String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the index \(path): \(reason). Fix that or pass another --db."
        case .notAnIndex(let path):
            return "\(path) is not a Quarry index (or was written by a newer Quarry). Pass another --db or remove the file."
        case .notARegularFile(let path, let kind):
            return "\(path) is \(kind), not a regular file; an index is a regular file. Pass another --db."
        case .writeFailed(let path, let reason):
            return "writing the index \(path) failed: \(reason)."
        case .locked(let path, let pid):
            let who = pid.map { "another quarry-index (pid \($0))" } ?? "another quarry-index"
            return "\(who) is writing \(path); run again when it has finished (without --no-wait, quarry-index waits for it)."
        case .buildFailed(let path, let reason):
            return "building the new index \(path) failed: \(reason). No index was created."
        case .publishConflict(let path):
            return "another process created \(path) while this run was building it; nothing of this run was kept. Re-run to add these inputs to it."
        case .missing(let path):
            return "no index at \(path). Build one with: quarry-index --db \(path) FOLDER"
        case .corrupt(let path, let detail):
            return "the index \(path) is damaged (\(detail)). Rebuild it: remove the file and re-run quarry-index."
        }
    }
}
