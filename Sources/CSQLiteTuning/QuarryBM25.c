#include <math.h>
#include <string.h>
#include <sqlite3.h>
#include "CSQLiteTuning.h"
#include "QuarryFTS5.h"

/*
 * quarry_bm25(fts, matches, lengths, keep, weight0, weight1, ...): FTS5's bm25() with the same arithmetic, except
 * that a query of exactly one phrase may pass the number of rows it matches (`matches` >= 0) instead
 * of letting the function count them by running the phrase again (xQueryPhrase, a callback per
 * matching row: 155 ms for a word in half of 1M articles, where count(*) of the same MATCH takes
 * 27 ms). With `matches` < 0, or any other number of phrases, every phrase is counted as bm25() does.
 *
 * `lengths` > 0 names published document lengths (QuarryWords.c, a word per rowid) to read each row's token
 * count from instead of FTS5's xColumnSize, which runs a query on the %_docsize table for every row:
 * ~1.2 µs of the ~1.3 µs a row costs (1M articles, a word in 528k of them: 690 -> 100 ms on one core).
 * A row the lengths do not cover (0, or beyond them) is measured by xColumnSize as before.
 *
 * `keep` > 0 returns NULL instead of the score for a row that cannot be among the best `keep` (it is
 * not among the best `keep` of the rows scored before it): `WHERE score IS NOT NULL ORDER BY score
 * LIMIT keep` then sorts a few rows instead of every match. 0 returns every score.
 */

/* One scored row. */
typedef struct QuarryBest {
    double score;
    sqlite3_int64 rowid;
} QuarryBest;

/* Most rows `keep` may ask for (16 bytes each); beyond it every row's score is returned. */
#define QUARRY_MAX_KEEP 1000000

typedef struct QuarryBM25Stats {
    int phraseCount;
    double averageLength;
    double *inverseFrequency; /* per phrase */
    double *frequency;        /* per phrase, scratch for the current row */
    QuarryWords *lengths;     /* document lengths by rowid, or 0 */
    /* With `keep` > 0: the best `keep` rows scored so far as a heap, worst first (QuarryBest). */
    int keep, kept;
    QuarryBest *best;
    /* The last row scored and its result, for a statement that evaluates the function twice per row. */
    sqlite3_int64 lastRowid;
    int hasLast, lastKept;
    double lastScore;
} QuarryBM25Stats;

static void quarryBM25StatsFree(void *pointer) {
    QuarryBM25Stats *stats = (QuarryBM25Stats *)pointer;
    quarry_words_release(stats->lengths);
    sqlite3_free(stats->best);
    sqlite3_free(stats);
}

/* Whether (score, rowid) a ranks before b: lower score first (bm25 is negative), ties by rowid. */
static int quarryRanksBefore(QuarryBest a, QuarryBest b) {
    return a.score < b.score || (a.score == b.score && a.rowid < b.rowid);
}

/* Offers a row to the best `keep` so far; returns whether it is among them now. A row of the final
 * best `keep` is always among the best `keep` of the rows before it, so the rows refused here can
 * never be on the page. */
static int quarryKeepIfBest(QuarryBM25Stats *stats, QuarryBest row) {
    QuarryBest *heap = stats->best;
    int n = stats->kept, i = 0;
    if (n < stats->keep) {
        i = stats->kept++;
        while (i > 0 && quarryRanksBefore(heap[(i - 1) / 2], row)) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        heap[i] = row;
        return 1;
    }
    if (!quarryRanksBefore(row, heap[0])) return 0;
    for (;;) {
        int child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && quarryRanksBefore(heap[child], heap[child + 1])) child++;
        if (!quarryRanksBefore(row, heap[child])) break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = row;
    return 1;
}

static int quarryCountRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

static int quarryBM25Stats(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_int64 knownMatches,
                           sqlite3_int64 lengthsID, sqlite3_int64 keep, QuarryBM25Stats **out) {
    QuarryBM25Stats *stats = (QuarryBM25Stats *)api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (stats == 0) {
        int phrases = api->xPhraseCount(fts);
        sqlite3_int64 rows = 0, tokens = 0;
        sqlite3_int64 bytes = (sqlite3_int64)sizeof(QuarryBM25Stats) + phrases * 2 * (sqlite3_int64)sizeof(double);
        stats = (QuarryBM25Stats *)sqlite3_malloc64((sqlite3_uint64)bytes);
        if (stats == 0) return SQLITE_NOMEM;
        memset(stats, 0, (size_t)bytes);
        stats->phraseCount = phrases;
        stats->inverseFrequency = (double *)&stats[1];
        stats->frequency = &stats->inverseFrequency[phrases];
        rc = api->xRowCount(fts, &rows);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
        if (rc == SQLITE_OK) stats->averageLength = (double)tokens / (double)rows;
        for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
            sqlite3_int64 hits = 0;
            if (phrases == 1 && knownMatches >= 0) {
                hits = knownMatches;
            } else {
                rc = api->xQueryPhrase(fts, i, (void *)&hits, quarryCountRow);
            }
            if (rc == SQLITE_OK) {
                double idf = log((rows - hits + 0.5) / (hits + 0.5));
                if (idf <= 0.0) idf = 1e-6;
                stats->inverseFrequency[i] = idf;
            }
        }
        if (rc == SQLITE_OK && keep > 0 && keep <= QUARRY_MAX_KEEP) {
            stats->best = (QuarryBest *)sqlite3_malloc64((sqlite3_uint64)keep * sizeof(QuarryBest));
            if (stats->best == 0) rc = SQLITE_NOMEM;
            else stats->keep = (int)keep;
        }
        if (rc == SQLITE_OK) {
            stats->lengths = quarry_words_acquire(lengthsID);
            /* xSetAuxdata frees the stats itself when it fails. */
            rc = api->xSetAuxdata(fts, stats, quarryBM25StatsFree);
        } else {
            sqlite3_free(stats->best);
            sqlite3_free(stats);
        }
        if (rc != SQLITE_OK) stats = 0;
    }
    *out = stats;
    return rc;
}

static void quarryBM25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                       sqlite3_value **argv) {
    const double k1 = 1.2, b = 0.75;
    sqlite3_int64 known = argc > 0 ? sqlite3_value_int64(argv[0]) : -1;
    sqlite3_int64 lengthsID = argc > 1 ? sqlite3_value_int64(argv[1]) : 0;
    sqlite3_int64 keep = argc > 2 ? sqlite3_value_int64(argv[2]) : 0;
    const int firstWeight = 3;
    QuarryBM25Stats *stats = 0;
    int rc = quarryBM25Stats(api, fts, known, lengthsID, keep, &stats);
    double score = 0.0, length = 0.0;
    sqlite3_int64 rowid = api->xRowid(fts);
    if (rc == SQLITE_OK && stats->hasLast && rowid == stats->lastRowid) {
        if (stats->lastKept) sqlite3_result_double(context, stats->lastScore);
        else sqlite3_result_null(context);
        return;
    }
    if (rc == SQLITE_OK) memset(stats->frequency, 0, sizeof(double) * (size_t)stats->phraseCount);
    /* Each phrase's instances in position order, as xInst lists them: the same sums, bit for bit,
     * without building the instance array of every phrase. */
    for (int phrase = 0; rc == SQLITE_OK && phrase < stats->phraseCount; phrase++) {
        Fts5PhraseIter iterator;
        int column = 0, offset = 0;
        rc = api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
        while (rc == SQLITE_OK && column >= 0) {
            double weight = (argc - firstWeight > column) ? sqlite3_value_double(argv[firstWeight + column]) : 1.0;
            stats->frequency[phrase] += weight;
            api->xPhraseNext(fts, &iterator, &column, &offset);
        }
    }
    if (rc == SQLITE_OK) {
        unsigned int known = 0;
        if (stats->lengths != 0 && rowid >= 0 && rowid < stats->lengths->count) known = stats->lengths->words[rowid];
        if (known != 0) {
            length = (double)known;
        } else {
            int rowTokens = 0;
            rc = api->xColumnSize(fts, -1, &rowTokens);
            length = (double)rowTokens;
        }
    }
    for (int i = 0; rc == SQLITE_OK && i < stats->phraseCount; i++) {
        double f = stats->frequency[i];
        score += stats->inverseFrequency[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / stats->averageLength)));
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    score = -1.0 * score;
    stats->hasLast = 1;
    stats->lastRowid = rowid;
    stats->lastScore = score;
    stats->lastKept = stats->keep == 0 || quarryKeepIfBest(stats, (QuarryBest){score, rowid});
    if (stats->lastKept) sqlite3_result_double(context, score);
    else sqlite3_result_null(context);
}

int quarry_register_bm25(sqlite3 *db) {
    fts5_api *api = 0;
    int rc = quarry_fts5_api(db, &api);
    if (rc != SQLITE_OK) return rc;
    return api->xCreateFunction(api, "quarry_bm25", 0, quarryBM25, 0);
}
