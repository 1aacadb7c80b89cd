import CSQLiteTuning

/// Process-wide SQLite and allocator settings for a process that reads the index from several
/// threads at once (quarryd).
package enum SQLiteProcessSettings {
    /// Buffers of 4 MB and more (an export's windows of records and its order of up to every match)
    /// are mapped and unmapped on their own instead of staying in glibc's per-thread heaps (1M
    /// articles, a 700k-record export: daemon peak RSS 222 -> 141 MB, RSS after it 180 -> 80 MB).
    /// Smaller buffers stay in the heaps: at 256 kB every page of 500 records was mapped and
    /// faulted in afresh (daemon CPU +25%).
    @discardableResult
    package static func mapLargeBuffers() -> Bool {
        quarry_malloc_map_buffers_from(4 << 20) == 1
    }

    /// Turns off SQLite's memory statistics, whose process-wide mutex every allocation of every
    /// connection takes: with them on, two reader threads making snippets ran no faster than one.
    /// Call before the process first uses SQLite; returns false when it was too late (no effect).
    @discardableResult
    package static func disableMemoryStatistics() -> Bool {
        quarry_sqlite_disable_memory_statistics() == 0
    }
}
