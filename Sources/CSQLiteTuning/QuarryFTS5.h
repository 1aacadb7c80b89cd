#ifndef QUARRY_FTS5_H
#define QUARRY_FTS5_H

#include <sqlite3.h>

/* The FTS5 API of `db` (the documented `SELECT fts5(?1)` handshake), for registering auxiliary
 * functions: SQLITE_OK with *api set, or an SQLite error code. */
int quarry_fts5_api(sqlite3 *db, fts5_api **api);

#endif
