#include <pthread.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "CSQLiteTuning.h"

/*
 * Published arrays of 32-bit words that SQL functions of every connection read by id: document
 * lengths for quarry_bm25, rowid bits for quarry_in_bits. Immutable once published, reference counted
 * so that a statement reading them keeps them alive after they are withdrawn.
 */

static pthread_mutex_t quarryWordsLock = PTHREAD_MUTEX_INITIALIZER;
static QuarryWords *quarryPublished = 0;
static long long quarryNextWordsID = 1;

QuarryWords *quarry_words_create(long long count) {
    if (count < 0) return 0;
    QuarryWords *words = (QuarryWords *)calloc(1, sizeof(QuarryWords) + (size_t)count * sizeof(unsigned int));
    if (words == 0) return 0;
    words->references = 1;
    words->count = count;
    return words;
}

unsigned int *quarry_words_values(QuarryWords *words) { return words->words; }

void quarry_words_release(QuarryWords *words) {
    if (words == 0) return;
    pthread_mutex_lock(&quarryWordsLock);
    int left = --words->references;
    pthread_mutex_unlock(&quarryWordsLock);
    if (left == 0) free(words);
}

long long quarry_words_publish(QuarryWords *words) {
    pthread_mutex_lock(&quarryWordsLock);
    words->id = quarryNextWordsID++;
    words->next = quarryPublished;
    quarryPublished = words;
    pthread_mutex_unlock(&quarryWordsLock);
    return words->id;
}

void quarry_words_discard(QuarryWords *words) { quarry_words_release(words); }

void quarry_words_withdraw(long long id) {
    QuarryWords *found = 0;
    pthread_mutex_lock(&quarryWordsLock);
    for (QuarryWords **link = &quarryPublished; *link != 0; link = &(*link)->next) {
        if ((*link)->id == id) {
            found = *link;
            *link = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&quarryWordsLock);
    quarry_words_release(found);
}

QuarryWords *quarry_words_acquire(long long id) {
    QuarryWords *found = 0;
    if (id <= 0) return 0;
    pthread_mutex_lock(&quarryWordsLock);
    for (QuarryWords *words = quarryPublished; words != 0; words = words->next) {
        if (words->id == id) {
            found = words;
            found->references++;
            break;
        }
    }
    pthread_mutex_unlock(&quarryWordsLock);
    return found;
}
