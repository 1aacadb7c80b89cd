#include <sqlite3.h>
#include "CSQLiteTuning.h"

/*
 * quarry_in_bits(rowid, id): whether bit `rowid` is set in the published words `id` (QuarryWords.c;
 * bit r is bit r % 32 of word r / 32). The words are looked up once per statement (SQLite keeps them
 * as the constant argument's auxiliary data), so a row costs a shift and a mask: a filter over every
 * row of a large match (an export's records fetched in rowid order) rather than one restart of the
 * match per rowid (`rowid IN (...)`).
 */

static void quarryReleaseWords(void *words) { quarry_words_release((QuarryWords *)words); }

static void quarryInBits(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    QuarryWords *words = (QuarryWords *)sqlite3_get_auxdata(context, 1);
    if (words == 0) {
        words = quarry_words_acquire(sqlite3_value_int64(argv[1]));
        if (words == 0) {
            sqlite3_result_int(context, 0);
            return;
        }
        sqlite3_set_auxdata(context, 1, words, quarryReleaseWords);
        /* set_auxdata may have released them already (out of memory): ask again next row. */
        words = (QuarryWords *)sqlite3_get_auxdata(context, 1);
        if (words == 0) {
            sqlite3_result_int(context, 0);
            return;
        }
    }
    sqlite3_int64 rowid = sqlite3_value_int64(argv[0]);
    int set = rowid >= 0 && rowid / 32 < words->count && (words->words[rowid / 32] >> (rowid % 32)) & 1u;
    sqlite3_result_int(context, set);
}

int quarry_register_in_bits(sqlite3 *db) {
    return sqlite3_create_function_v2(db, "quarry_in_bits", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, quarryInBits, 0,
                                      0, 0);
}
