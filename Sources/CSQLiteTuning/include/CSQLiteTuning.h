#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS). With them on, every allocation
/// of every connection takes one process-wide mutex, so two reader threads serialize on it.
/// Must run before SQLite is first used in the process; returns SQLITE_OK (0) or SQLITE_MISUSE.
/// `sqlite3_config` is variadic, which Swift cannot call: hence this C function.
int quarry_sqlite_disable_memory_statistics(void);

typedef struct sqlite3 sqlite3;

/// Registers the FTS5 auxiliary function `quarry_bm25(fts, matches, lengths, keep, weight...)` on
/// `db`: bm25() with the same arithmetic, taking the number of rows a one-phrase query matches instead
/// of counting them again, each row's token count from published document lengths (`lengths`, an id
/// from `quarry_lengths_publish`, or 0) instead of a query on %_docsize per row, and with `keep` > 0
/// NULL for rows that cannot be among the best `keep` (see QuarryBM25.c).
/// FTS5's C API has no Swift binding: hence C. Returns SQLITE_OK (0) or an SQLite error code.
int quarry_register_bm25(sqlite3 *db);

/// Token counts of documents by rowid (0: unknown), shared by every connection's `quarry_bm25`.
typedef struct QuarryLengths QuarryLengths;

/// New zeroed lengths for rowids 0..<count, owned by the caller until published; NULL when out of memory.
QuarryLengths *quarry_lengths_create(long long count);

/// The `count` values of `lengths`, to fill before publishing.
unsigned int *quarry_lengths_values(QuarryLengths *lengths);

/// Makes `lengths` readable by `quarry_bm25` under the returned id (> 0); the registry takes over
/// the caller's reference. The values must not change afterwards.
long long quarry_lengths_publish(QuarryLengths *lengths);

/// Frees lengths that were never published.
void quarry_lengths_discard(QuarryLengths *lengths);

/// Withdraws the lengths `id`: no new statement reads them; they are freed when the statements
/// reading them end.
void quarry_lengths_withdraw(long long id);

#endif
