#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "CSQLiteTuning.h"
#include "QuarryFTS5.h"

/*
 * quarry_snippet(fts, column, open, close, ellipsis, tokens): up to `tokens` tokens of `column` around
 * the query's hits in the current row, each hit (coalesced where hits overlap) between `open` and
 * `close`, `ellipsis` where the window cuts the text; the column's start when it has no hit.
 *
 * The window: of the windows starting at a hit, the one covering the most distinct phrases (then the
 * most hits, then the earliest), with its hits centred, kept inside the text, and moved to the first
 * sentence start between there and the first hit, if any.
 *
 * Why not FTS5's snippet(): it tokenizes the whole column twice with the table's tokenizer, Porter
 * stemming every word (~80% of an export's time). Token positions come from unicode61 alone here
 * (the Porter tokenizer stems unicode61's tokens and keeps their positions and offsets), and only up
 * to the end of the window; the hits come from FTS5's position lists (xPhraseFirst).
 */

/* The tokenizer under the table's "porter unicode61 remove_diacritics 2" (IndexSchema.tokenizer):
 * the same token boundaries, without stemming. One per connection, used by its thread only. */
typedef struct QuarrySnippetTokenizer {
    fts5_tokenizer methods;
    Fts5Tokenizer *instance;
} QuarrySnippetTokenizer;

typedef struct QuarryHit {
    int first, last; /* token positions, inclusive */
    int phrase;
} QuarryHit;

/* Byte ranges of the tokens 0..<count, read up to position `limit` and one more (to tell whether the
 * text goes on). */
typedef struct QuarryTokens {
    int *start, *end;
    int count, capacity, limit;
    int failed;
} QuarryTokens;

#define QUARRY_TOKENS_DONE (SQLITE_DONE + 1000)

static int quarryRecordToken(void *context, int flags, const char *token, int size, int start, int end) {
    (void)token;
    (void)size;
    QuarryTokens *tokens = (QuarryTokens *)context;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    if (tokens->count > tokens->limit + 1) return QUARRY_TOKENS_DONE;
    if (tokens->count == tokens->capacity) {
        int capacity = tokens->capacity ? tokens->capacity * 2 : 256;
        int *starts = (int *)sqlite3_realloc(tokens->start, capacity * (int)sizeof(int));
        if (starts == 0) return SQLITE_NOMEM;
        tokens->start = starts;
        int *ends = (int *)sqlite3_realloc(tokens->end, capacity * (int)sizeof(int));
        if (ends == 0) return SQLITE_NOMEM;
        tokens->end = ends;
        tokens->capacity = capacity;
    }
    tokens->start[tokens->count] = start;
    tokens->end[tokens->count] = end;
    tokens->count++;
    return SQLITE_OK;
}

static int quarryCompareHits(const void *a, const void *b) {
    const QuarryHit *x = (const QuarryHit *)a, *y = (const QuarryHit *)b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    if (x->last != y->last) return x->last < y->last ? -1 : 1;
    return x->phrase - y->phrase;
}

/* Whether a sentence starts at token `i`: the first token, or punctuation ending a sentence (or a line
 * break) between it and the token before. */
static int quarrySentenceStarts(const char *text, const QuarryTokens *tokens, int i) {
    if (i == 0) return 1;
    for (int b = tokens->end[i - 1]; b < tokens->start[i]; b++) {
        char c = text[b];
        if (c == '.' || c == '!' || c == '?' || c == '\n') return 1;
    }
    return 0;
}

static void quarryAppend(sqlite3_str *out, const char *text, int from, int to) {
    if (to > from) sqlite3_str_append(out, text + from, to - from);
}

static void quarrySnippet(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc,
                          sqlite3_value **argv) {
    if (argc != 5) {
        sqlite3_result_error(context, "quarry_snippet takes (fts, column, open, close, ellipsis, tokens)", -1);
        return;
    }
    QuarrySnippetTokenizer *tokenizer = (QuarrySnippetTokenizer *)api->xUserData(fts);
    int column = sqlite3_value_int(argv[0]);
    const char *open = (const char *)sqlite3_value_text(argv[1]);
    const char *close = (const char *)sqlite3_value_text(argv[2]);
    const char *ellipsis = (const char *)sqlite3_value_text(argv[3]);
    int wanted = sqlite3_value_int(argv[4]);
    if (open == 0) open = "";
    if (close == 0) close = "";
    if (ellipsis == 0) ellipsis = "";
    if (wanted < 1) wanted = 1;

    const char *text = 0;
    int length = 0;
    int rc = api->xColumnText(fts, column, &text, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    if (text == 0 || length == 0) {
        sqlite3_result_text(context, "", 0, SQLITE_STATIC);
        return;
    }

    /* The hits in this column, by position. */
    QuarryHit *hits = 0;
    int hitCount = 0, hitCapacity = 0;
    int phrases = api->xPhraseCount(fts);
    for (int p = 0; rc == SQLITE_OK && p < phrases; p++) {
        int size = api->xPhraseSize(fts, p);
        Fts5PhraseIter iterator;
        int hitColumn = 0, offset = 0;
        rc = api->xPhraseFirst(fts, p, &iterator, &hitColumn, &offset);
        while (rc == SQLITE_OK && hitColumn >= 0) {
            if (hitColumn == column) {
                if (hitCount == hitCapacity) {
                    hitCapacity = hitCapacity ? hitCapacity * 2 : 16;
                    QuarryHit *grown = (QuarryHit *)sqlite3_realloc(hits, hitCapacity * (int)sizeof(QuarryHit));
                    if (grown == 0) {
                        rc = SQLITE_NOMEM;
                        break;
                    }
                    hits = grown;
                }
                hits[hitCount++] = (QuarryHit){offset, offset + (size > 0 ? size : 1) - 1, p};
            }
            api->xPhraseNext(fts, &iterator, &hitColumn, &offset);
        }
    }
    if (rc == SQLITE_OK && hitCount > 1) qsort(hits, (size_t)hitCount, sizeof(QuarryHit), quarryCompareHits);

    /* The best window start among the hits. */
    int best = -1, bestLast = -1, bestScore = -1;
    unsigned char *seen = phrases > 0 ? (unsigned char *)sqlite3_malloc(phrases) : 0;
    if (phrases > 0 && seen == 0) rc = SQLITE_NOMEM;
    for (int i = 0; rc == SQLITE_OK && i < hitCount; i++) {
        memset(seen, 0, (size_t)phrases);
        int score = 0, last = i;
        for (int j = i; j < hitCount && hits[j].last < hits[i].first + wanted; j++) {
            score += seen[hits[j].phrase] ? 1 : 1000;
            seen[hits[j].phrase] = 1;
            last = j;
        }
        if (score > bestScore) {
            bestScore = score;
            best = i;
            bestLast = last;
        }
    }
    sqlite3_free(seen);

    int firstHit = best >= 0 ? hits[best].first : 0;
    int lastHit = best >= 0 ? hits[bestLast].last : 0;
    QuarryTokens tokens = {0, 0, 0, 0, firstHit + wanted - 1, 0};
    if (rc == SQLITE_OK) {
        rc = tokenizer->methods.xTokenize(tokenizer->instance, (void *)&tokens, FTS5_TOKENIZE_DOCUMENT, text, length,
                                          quarryRecordToken);
        if (rc == QUARRY_TOKENS_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK || tokens.count == 0) {
        if (rc == SQLITE_OK) sqlite3_result_text(context, text, length, SQLITE_TRANSIENT);
        else sqlite3_result_error_code(context, rc);
        sqlite3_free(hits);
        sqlite3_free(tokens.start);
        sqlite3_free(tokens.end);
        return;
    }
    /* Tokenizing stops one token past the window's furthest end (`limit`), or at the end of the text. */
    int textEnded = tokens.count <= tokens.limit + 1;

    int start = 0;
    if (best >= 0) {
        int span = lastHit - firstHit + 1;
        start = firstHit - (wanted - span) / 2;
        if (textEnded && start + wanted > tokens.count) start = tokens.count - wanted;
        if (start < 0) start = 0;
        /* The first sentence start from there to the first hit: as much context as a clean start allows. */
        for (int s = start; s <= firstHit && s < tokens.count; s++) {
            if (quarrySentenceStarts(text, &tokens, s)) {
                start = s;
                break;
            }
        }
    }
    if (start >= tokens.count) start = tokens.count - 1;
    int end = start + wanted - 1;
    if (end >= tokens.count) end = tokens.count - 1;
    int atEnd = textEnded && end == tokens.count - 1;

    sqlite3_str *out = sqlite3_str_new(0);
    if (start > 0) sqlite3_str_appendall(out, ellipsis);
    int cursor = start > 0 ? tokens.start[start] : 0;
    /* Coalesced hits in the window: open at the first token, close after the last. */
    int h = 0;
    while (h < hitCount) {
        int first = hits[h].first, last = hits[h].last;
        h++;
        while (h < hitCount && hits[h].first <= last) {
            if (hits[h].last > last) last = hits[h].last;
            h++;
        }
        if (last < start || first > end) continue;
        if (first < start) first = start;
        if (last > end) last = end;
        quarryAppend(out, text, cursor, tokens.start[first]);
        sqlite3_str_appendall(out, open);
        quarryAppend(out, text, tokens.start[first], tokens.end[last]);
        sqlite3_str_appendall(out, close);
        cursor = tokens.end[last];
    }
    if (atEnd) {
        quarryAppend(out, text, cursor, length);
    } else {
        quarryAppend(out, text, cursor, tokens.end[end]);
        sqlite3_str_appendall(out, ellipsis);
    }
    sqlite3_free(hits);
    sqlite3_free(tokens.start);
    sqlite3_free(tokens.end);
    rc = sqlite3_str_errcode(out);
    int size = sqlite3_str_length(out);
    char *result = sqlite3_str_finish(out);
    if (rc != SQLITE_OK) {
        sqlite3_free(result);
        sqlite3_result_error_code(context, rc);
    } else {
        sqlite3_result_text(context, result ? result : "", size, result ? sqlite3_free : SQLITE_STATIC);
    }
}

static void quarrySnippetTokenizerFree(void *pointer) {
    QuarrySnippetTokenizer *tokenizer = (QuarrySnippetTokenizer *)pointer;
    if (tokenizer->instance) tokenizer->methods.xDelete(tokenizer->instance);
    sqlite3_free(tokenizer);
}

int quarry_register_snippet(sqlite3 *db) {
    fts5_api *api = 0;
    int rc = quarry_fts5_api(db, &api);
    if (rc != SQLITE_OK) return rc;
    QuarrySnippetTokenizer *tokenizer = (QuarrySnippetTokenizer *)sqlite3_malloc(sizeof(QuarrySnippetTokenizer));
    if (tokenizer == 0) return SQLITE_NOMEM;
    memset(tokenizer, 0, sizeof(*tokenizer));
    void *userData = 0;
    rc = api->xFindTokenizer(api, "unicode61", &userData, &tokenizer->methods);
    const char *arguments[] = {"remove_diacritics", "2"};
    if (rc == SQLITE_OK) rc = tokenizer->methods.xCreate(userData, arguments, 2, &tokenizer->instance);
    if (rc != SQLITE_OK) {
        sqlite3_free(tokenizer);
        return rc;
    }
    return api->xCreateFunction(api, "quarry_snippet", tokenizer, quarrySnippet, quarrySnippetTokenizerFree);
}
