#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS). With them on, every allocation
/// of every connection takes one process-wide mutex, so two reader threads serialize on it.
/// Must run before SQLite is first used in the process; returns SQLITE_OK (0) or SQLITE_MISUSE.
/// `sqlite3_config` is variadic, which Swift cannot call: hence this C function.
int quarry_sqlite_disable_memory_statistics(void);

/// Makes glibc's malloc map every buffer of `bytes` or more on its own (M_MMAP_THRESHOLD), so that
/// freeing one returns its memory. By default the threshold rises to the largest such buffer freed
/// (up to 32 MB) and later ones stay in the per-thread heaps. Returns 1 on success, 0 on failure or
/// where the C library is not glibc. `mallopt` is in <malloc.h>, which Swift's Glibc does not import.
int quarry_malloc_map_buffers_from(int bytes);

typedef struct sqlite3 sqlite3;

/// Registers the FTS5 auxiliary function `quarry_bm25(fts, matches, lengths, keep, weight...)` on
/// `db`: bm25() with the same arithmetic, taking the number of rows a one-phrase query matches instead
/// of counting them again, each row's token count from published document lengths (`lengths`, an id
/// of published words, `quarry_words_publish`, or 0) instead of a query on %_docsize per row, and with `keep` > 0
/// NULL for rows that cannot be among the best `keep` (see QuarryBM25.c).
/// FTS5's C API has no Swift binding: hence C. Returns SQLITE_OK (0) or an SQLite error code.
int quarry_register_bm25(sqlite3 *db);

/// Registers the FTS5 auxiliary function `quarry_snippet(fts, column, open, close, ellipsis, tokens)`
/// on `db`: a window of the column around the query's hits, highlighted, tokenized without stemming and
/// only up to the window (see QuarrySnippet.c). Returns SQLITE_OK (0) or an SQLite error code.
int quarry_register_snippet(sqlite3 *db);

/// An immutable array of 32-bit words shared by the SQL functions of every connection, found by id:
/// document lengths by rowid (`quarry_bm25`, 0: unknown) or rowid bits (`quarry_in_bits`).
typedef struct QuarryWords {
    int references;
    long long id;
    long long count;
    struct QuarryWords *next;
    unsigned int words[];
} QuarryWords;

/// New zeroed words (`count` of them), owned by the caller until published; NULL when out of memory.
QuarryWords *quarry_words_create(long long count);

/// The `count` words of `words`, to fill before publishing.
unsigned int *quarry_words_values(QuarryWords *words);

/// Makes `words` readable by SQL functions under the returned id (> 0); the registry takes over the
/// caller's reference. The words must not change afterwards.
long long quarry_words_publish(QuarryWords *words);

/// Frees words that were never published.
void quarry_words_discard(QuarryWords *words);

/// Withdraws the words `id`: no new statement reads them; they are freed when the statements reading
/// them end.
void quarry_words_withdraw(long long id);

/// The published words `id` with a reference for the caller (`quarry_words_release`), or NULL.
QuarryWords *quarry_words_acquire(long long id);

/// Gives back a reference from `quarry_words_acquire` (NULL is ignored).
void quarry_words_release(QuarryWords *words);

/// Registers the SQL function `quarry_in_bits(rowid, id)` on `db`: whether bit `rowid` of the
/// published words `id` is set (see QuarryInBits.c). Returns SQLITE_OK (0) or an SQLite error code.
int quarry_register_in_bits(sqlite3 *db);

#endif
