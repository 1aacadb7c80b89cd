import CSQLiteTuning

/// Process-wide SQLite settings for a process that reads the index from several threads at once.
package enum SQLiteProcessSettings {
    /// Turns off SQLite's memory statistics, whose process-wide mutex every allocation of every
    /// connection takes: with them on, two reader threads making snippets ran no faster than one.
    /// Call before the process first uses SQLite; returns false when it was too late (no effect).
    @discardableResult
    package static func disableMemoryStatistics() -> Bool {
        quarry_sqlite_disable_memory_statistics() == 0
    }
}
