import Foundation
import GRDB
import QuarryExtract
import QuarryIngest

/// Writes articles, quotes, entities and the prefix vocabulary into the index.
///
/// One writer per index at a time: `IndexLock` (`<index>.lock`) is held from `init` until the writer goes
/// away, so runs never interleave their batches. Writes are batched into
/// transactions; an article is upserted by id (never `INSERT OR REPLACE`, which would leave the
/// external-content FTS5 index stale), and its quotes and entity counts are replaced with it.
package final class IndexWriter {
    package let path: String
    private var database: any DatabaseWriter
    /// Set while a first build is written to a side file; `finish()` publishes it.
    private var freshBuild: FreshIndexBuild?
    private var dirty = false
    private let lexicon: Lexicon
    /// Held for the writer's lifetime.
    private let lock: IndexLock

    /// Opens (creating if needed) the index at `path` and migrates it. `lexicon` supplies the person
    /// alias table used to merge spelling variants across articles; `modes` the permissions of the
    /// files and folders it creates (owner-only unless widened); `contention` what to do when another
    /// writer holds the index's lock (refuse with `IndexError.locked`, or wait).
    ///
    /// When `path` does not exist, the new index is built in a side file and appears at `path` only
    /// when `finish()` publishes it (see `FreshIndexBuild`). A `path` that is not a regular file (a FIFO,
    /// a device, a folder) is refused before anything opens it: SQLite would block on a FIFO.
    package init(
        path: String, lexicon: Lexicon, modes: IndexFileModes = .ownerOnly,
        contention: IndexLock.Contention = .refuse
    ) throws {
        self.path = path
        self.lexicon = lexicon
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try modes.createFolders(folder)
        }
        // A path that can never be an index is refused before its lock file is made beside it.
        if case .success(let status) = FileStatus.of(target: path), status.kind != .regular {
            throw IndexError.notARegularFile(path: path, kind: status.kind.described)
        }
        // Then the lock: whether the index exists, and abandoned side files, are this writer's to judge
        // only once no other writer runs.
        lock = try IndexLock(index: path, modes: modes, contention: contention)
        let exists: Bool
        switch FileStatus.of(target: path) {
        case .success(let status) where status.kind == .regular:
            exists = true
        case .success(let status):
            throw IndexError.notARegularFile(path: path, kind: status.kind.described)
        case .failure(let error) where error.code == ENOENT:
            if case .success(let link) = FileStatus.of(link: path), link.kind == .symlink {
                throw IndexError.notARegularFile(path: path, kind: "a symbolic link to a missing file")
            }
            exists = false
        case .failure(let error):
            throw IndexError.cannotOpen(path: path, reason: error.reason)
        }
        do {
            if exists {
                database = try Self.openExisting(path)
            } else {
                FreshIndexBuild.removeAbandonedBuilds(of: path)
                let build = FreshIndexBuild(path: path)
                build.discard()
                // Created here with its mode: SQLite would create it 0644 (less the umask), and the WAL and
                // shared-memory files it makes later copy the index's mode.
                try modes.createFile(build.buildPath)
                freshBuild = build
                database = try Self.openSideFile(build.buildPath)
            }
            try IndexSchema.migrate(database)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw IndexError.notAnIndex(path: path)
        } catch let error as DatabaseError {
            freshBuild?.discard()
            throw IndexError.cannotOpen(path: path, reason: error.writeFailureReason)
        }
    }

    /// The published index: WAL, so the daemon reads while this writer commits.
    private static func openExisting(_ path: String) throws -> DatabasePool {
        var config = Configuration()
        config.label = "quarry-index"
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Room for FTS5 segment merges and the entity tables during bulk loads.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return try DatabasePool(path: path, configuration: config)
    }

    /// A first build's side file: no reader, so no WAL and no syncs until `publish` syncs it once.
    /// The rollback journal stays in memory so a failed batch still rolls back.
    private static func openSideFile(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.label = "quarry-index"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = MEMORY")
            try db.execute(sql: "PRAGMA synchronous = OFF")
            // 256 MB: at 1M articles the secondary B-trees (quotes, article–entity pairs, entities,
            // vocabulary) outgrow 64 MB and their random inserts go through the OS for every page.
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// True while a first build is written to a side file: nothing is visible at `path` until `finish()`.
    package var isFirstBuild: Bool { freshBuild != nil }

    /// Every article the index holds: id → content hash and input file.
    package func knownArticles() throws -> [String: KnownArticle] {
        try database.read { db in
            var known: [String: KnownArticle] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, content_hash, input_file, source_key, CASE WHEN source_key IS NULL THEN path END FROM article
                """)
            while let row = try rows.next() {
                known[row[0]] = KnownArticle(
                    contentHash: row[1], inputFile: row[2], sourceKey: row[3], unkeyedPath: row[4])
            }
            return known
        }
    }

    /// A value stored in `meta`, such as `rules_hash`.
    package func meta(_ key: String) throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    package func setMeta(_ key: String, _ value: String) throws {
        try guardedWrite { db in
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// The entities the index holds, for the indexer to resolve names against during a run.
    package func entityRegistry() throws -> EntityRegistry {
        var registry = EntityRegistry(lexicon: lexicon)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT rowid, name, kind FROM entity").map {
                (rowid: $0[0] as Int64, name: $0[1] as String, kind: $0[2] as String)
            }
        }
        registry.load(rows)
        return registry
    }

    /// Writes one batch (entities already resolved: `IndexBatch.prepareForWriting`) in one transaction.
    package func write(_ batch: IndexBatch) throws -> WriteCounts {
        if batch.articles.isEmpty { return WriteCounts() }
        precondition(batch.resolved.count == batch.articles.count, "IndexBatch.prepareForWriting was not called")
        var counts = WriteCounts()
        try guardedWrite { db in
            // FTS5 flushes its pending terms whenever a statement opens a savepoint (upserts,
            // multi-row changes, triggers), so the batch writes every ordinary row first and then
            // fills both FTS5 tables with one INSERT … SELECT each, as a bulk load does.
            try self.writeNewEntities(batch.newEntities, db)
            // One statement for the batch's words: binding tens of thousands of one-word rows costs more.
            try db.execute(sql: "INSERT OR IGNORE INTO vocab(word) SELECT value FROM json_each(?)",
                           arguments: [batch.wordsJSON])
            try self.bumpGeneration(db)
            var rowids: [Int64] = []
            rowids.reserveCapacity(batch.articles.count)
            for (item, entities) in zip(batch.articles, batch.resolved) {
                let isUpdate = batch.existing.contains(item.article.id)
                rowids.append(try self.upsert(item, entities: entities, isUpdate: isUpdate, db))
                if isUpdate { counts.updated += 1 } else { counts.added += 1 }
            }
            let batchRowids = "[" + rowids.map(String.init).joined(separator: ",") + "]"
            try db.execute(sql: """
                INSERT INTO article_fts(rowid, title, body)
                SELECT rowid, title, body FROM article WHERE rowid IN (SELECT value FROM json_each(?))
                """, arguments: [batchRowids])
            try db.execute(sql: """
                INSERT INTO quote_fts(rowid, text)
                SELECT rowid, text FROM quote WHERE article_rowid IN (SELECT value FROM json_each(?))
                """, arguments: [batchRowids])
        }
        dirty = true
        return counts
    }

    /// Records the source key (and absolute input file) of rows written before keys existed.
    package func setSourceKeys(_ updates: [SourceKeyUpdate]) throws {
        if updates.isEmpty { return }
        try guardedWrite { db in
            for update in updates {
                try db.cachedStatement(sql: "UPDATE article SET source_key = ?, input_file = ? WHERE id = ?")
                    .execute(arguments: [update.sourceKey, update.inputFile, update.id])
            }
        }
    }

    /// Removes articles by id (with their quotes and entity counts).
    package func remove(ids: [String]) throws -> Int {
        if ids.isEmpty { return 0 }
        var removed = 0
        try guardedWrite { db in
            for id in ids {
                guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM article WHERE id = ?", arguments: [id])
                else { continue }
                try self.deleteContents(ofArticle: rowid, db)
                try db.execute(sql: """
                    INSERT INTO article_fts(article_fts, rowid, title, body)
                    SELECT 'delete', rowid, title, body FROM article WHERE rowid = ?
                    """, arguments: [rowid])
                try db.execute(sql: "DELETE FROM article WHERE rowid = ?", arguments: [rowid])
                removed += 1
            }
            try self.bumpGeneration(db)
        }
        dirty = true
        return removed
    }

    /// Drops entities no article mentions any more and, after a first build, publishes the index at
    /// `path`. Call once after a session's writes.
    package func finish() throws {
        if dirty {
            try guardedWrite { db in
                try db.execute(sql: """
                    DELETE FROM entity
                    WHERE NOT EXISTS (SELECT 1 FROM article_entity ae WHERE ae.entity_id = entity.rowid)
                      AND NOT EXISTS (SELECT 1 FROM quote q WHERE q.speaker_id = entity.rowid)
                    """)
            }
            dirty = false
        }
        if let build = freshBuild {
            try publish(build)
        } else {
            // Keep the WAL from growing without bound across large sessions.
            _ = try? database.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }

    /// Removes a first build's side file; for runs that fail before `finish()`.
    package func discardUnpublishedBuild() {
        guard let build = freshBuild, let queue = database as? DatabaseQueue else { return }
        try? queue.close()
        build.discard()
    }

    private func publish(_ build: FreshIndexBuild) throws {
        guard let queue = database as? DatabaseQueue else { return }
        do {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
            try build.publish()
            freshBuild = nil
            database = try Self.openExisting(path)
        } catch let error as DatabaseError {
            build.discard()
            throw IndexError.buildFailed(path: path, reason: error.writeFailureReason)
        } catch {
            build.discard()
            throw error
        }
    }

    /// SQLite's `integrity_check` and FTS5's `integrity-check` on every text index.
    package func integrityCheck() throws {
        // FTS5's integrity-check is issued as an INSERT, so it needs a writer connection.
        try database.writeWithoutTransaction { db in
            let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if result != ["ok"] {
                throw IndexError.corrupt(path: path, detail: result.prefix(3).joined(separator: "; "))
            }
            for table in ["article_fts", "quote_fts"] {
                do {
                    try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('integrity-check', 1)")
                } catch let error as DatabaseError {
                    throw IndexError.corrupt(path: path, detail: "\(table): \(error.message ?? "integrity-check failed")")
                }
            }
        }
    }

    /// Article, quote and entity counts.
    package func counts() throws -> (articles: Int, quotes: Int, entities: Int) {
        try database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM quote") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM entity") ?? 0
            )
        }
    }

    // MARK: - Writing one article

    /// Writes one article's row, entity counts and quotes (not their FTS5 entries: `write` adds those
    /// for the whole batch) and returns its rowid. An update first removes the old FTS5 entries.
    private func upsert(_ item: IndexedArticle, entities: ResolvedEntities, isUpdate: Bool, _ db: Database) throws
        -> Int64
    {
        let a = item.article
        let quotes = item.extraction.quotes
        let values: StatementArguments = [
            a.id, a.path, a.inputFile, a.contentHash, a.title, a.author, a.published, a.source, a.url,
            a.dateline, a.text, quotes.count, item.sourceKey,
        ]
        let rowid: Int64
        if isUpdate, let old = try Int64.fetchOne(db, sql: "SELECT rowid FROM article WHERE id = ?", arguments: [a.id]) {
            rowid = old
            try deleteContents(ofArticle: rowid, db)
            try db.cachedStatement(sql: """
                INSERT INTO article_fts(article_fts, rowid, title, body)
                SELECT 'delete', rowid, title, body FROM article WHERE rowid = ?
                """).execute(arguments: [rowid])
            var updateValues = values
            updateValues += [rowid]
            try db.cachedStatement(sql: """
                UPDATE article SET id = ?, path = ?, input_file = ?, content_hash = ?, title = ?, author = ?,
                    published = ?, source = ?, url = ?, dateline = ?, body = ?, quote_count = ?, source_key = ?
                WHERE rowid = ?
                """).execute(arguments: updateValues)
        } else {
            // Not `RETURNING rowid`: SQLite then buffers the whole row, which doubles the load time.
            try db.cachedStatement(sql: """
                INSERT INTO article(id, path, input_file, content_hash, title, author, published, source, url,
                                    dateline, body, quote_count, source_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: values)
            rowid = db.lastInsertedRowID
        }

        // Several rows per statement: fewer statement executions is most of the cost at this size.
        for chunk in entities.mentions.chunked(into: 100) {
            var arguments = StatementArguments()
            for (id, mentions) in chunk { arguments += [rowid, id, mentions] }
            try db.cachedStatement(sql: "INSERT INTO article_entity(article_rowid, entity_id, mentions) VALUES "
                + Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", "))
                .execute(arguments: arguments)
        }
        let rows = Array(zip(zip(quotes, item.quoteRanges), entities.speakers))
        for chunk in rows.chunked(into: 100) {
            var arguments = StatementArguments()
            for ((quote, range), speakerID) in chunk {
                arguments += [
                    rowid, quote.text, quote.kind.rawValue, range.lowerBound, range.upperBound, speakerID,
                    quote.mention, quote.cue,
                ]
            }
            try db.cachedStatement(sql: "INSERT INTO quote(article_rowid, text, kind, start, end, speaker_id, mention, cue) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                .execute(arguments: arguments)
        }
        return rowid
    }

    /// Removes an article's quotes (with their FTS5 entries) and entity counts.
    private func deleteContents(ofArticle rowid: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO quote_fts(quote_fts, rowid, text) SELECT 'delete', rowid, text FROM quote WHERE article_rowid = ?
            """).execute(arguments: [rowid])
        try db.cachedStatement(sql: "DELETE FROM quote WHERE article_rowid = ?").execute(arguments: [rowid])
        try db.cachedStatement(sql: "DELETE FROM article_entity WHERE article_rowid = ?").execute(arguments: [rowid])
    }

    /// Writes the entities and aliases a batch introduced, many rows per statement.
    private func writeNewEntities(_ pending: EntityRegistry.Pending, _ db: Database) throws {
        try Self.insertRows(db, "INSERT INTO entity(rowid, name, kind, role)", columns: 4,
                            rows: pending.entities.map { [$0.id, $0.name, $0.kind, $0.role] })
        try Self.insertRows(db, "INSERT OR IGNORE INTO entity_alias(alias, entity_id)", columns: 2,
                            rows: pending.aliases.map { [$0.alias, $0.id] })
    }

    /// `INSERT … VALUES (…), (…)` with up to 100 rows per statement.
    private static func insertRows(_ db: Database, _ head: String, columns: Int,
                                   rows: [[(any DatabaseValueConvertible)?]]) throws {
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 100, rows.count)]
            let arguments = StatementArguments(chunk.flatMap { $0 })
            try db.cachedStatement(sql: head + " VALUES " + Array(repeating: tuple, count: chunk.count).joined(separator: ", "))
                .execute(arguments: arguments)
            start += 100
        }
    }

    private func bumpGeneration(_ db: Database) throws {
        try db.execute(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    }

    /// Runs a write transaction, turning SQLite failures into `IndexError.writeFailed` (or
    /// `buildFailed` during a first build).
    private func guardedWrite(_ body: (Database) throws -> Void) throws {
        do {
            try database.write { db in try body(db) }
        } catch let error as DatabaseError {
            let reason = error.writeFailureReason
            throw freshBuild == nil ? IndexError.writeFailed(path: path, reason: reason)
                : IndexError.buildFailed(path: path, reason: reason)
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    fileprivate func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
