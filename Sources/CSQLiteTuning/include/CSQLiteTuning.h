#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS). With them on, every allocation
/// of every connection takes one process-wide mutex, so two reader threads serialize on it.
/// Must run before SQLite is first used in the process; returns SQLITE_OK (0) or SQLITE_MISUSE.
/// `sqlite3_config` is variadic, which Swift cannot call: hence this C function.
int quarry_sqlite_disable_memory_statistics(void);

#endif
