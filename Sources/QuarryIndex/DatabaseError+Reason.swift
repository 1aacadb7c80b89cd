import GRDB

extension DatabaseError {
    /// What a failed write means for the user, by SQLite's result code, with SQLite's own words after it.
    ///
    /// The advice names the likely cause: "UNIQUE constraint failed … free disk space or check
    /// permissions" sent people after the disk when another writer had changed the index under the run.
    package var writeFailureReason: String {
        let sqlite = message ?? "\(resultCode)"
        switch resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return "the disk is full (SQLite: \(sqlite)); free space and re-run"
        case .SQLITE_IOERR:
            return "the system refused a write (SQLite: \(sqlite)): the disk may be full, over a file-size or "
                + "quota limit, or failing; free space or check the disk and re-run"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return "the index cannot be written (SQLite: \(sqlite)); check the permissions of the index and its "
                + "folder, and that the file system is not read-only"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "another process kept the index locked for over 30 s (SQLite: \(sqlite)); stop it or re-run later"
        case .SQLITE_CONSTRAINT:
            return "the index changed while this run was writing it (SQLite: \(sqlite)); was another program "
                + "writing it without quarry-index's lock? Re-run when it is done"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the index is damaged (SQLite: \(sqlite)); remove it and rebuild it with quarry-index"
        default:
            return "SQLite: \(sqlite)"
        }
    }
}
