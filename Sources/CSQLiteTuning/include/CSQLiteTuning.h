#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS). With them on, every allocation
/// of every connection takes one process-wide mutex, so two reader threads serialize on it.
/// Must run before SQLite is first used in the process; returns SQLITE_OK (0) or SQLITE_MISUSE.
/// `sqlite3_config` is variadic, which Swift cannot call: hence this C function.
int quarry_sqlite_disable_memory_statistics(void);

typedef struct sqlite3 sqlite3;

/// Registers the FTS5 auxiliary function `quarry_bm25(fts, matches, weight...)` on `db`: bm25()
/// with the same arithmetic, taking the number of rows a one-phrase query matches instead of
/// counting them again (see QuarryBM25.c). FTS5's C API has no Swift binding: hence C.
/// Returns SQLITE_OK (0) or an SQLite error code.
int quarry_register_bm25(sqlite3 *db);

#endif
