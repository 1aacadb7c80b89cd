import Foundation
import GRDB
import QuarryProtocol

/// Index-wide figures for `stats`.
package struct IndexFigures: Sendable {
    package var articles: Int
    package var quotes: Int
    package var entities: Int
    package var generation: Int
}

extension IndexReader {
    /// One article with its clean text, entities and quotes; nil when no article has this id.
    package func show(id: String) throws -> ArticleRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT rowid, id, title, source, author, published, url, path, body FROM article WHERE id = ?
                """, arguments: [id])
            else { return nil }
            let rowid: Int64 = row[0]
            let entities = try Row.fetchAll(db, sql: """
                SELECT e.name, e.kind, ae.mentions FROM article_entity ae JOIN entity e ON e.rowid = ae.entity_id
                WHERE ae.article_rowid = ? ORDER BY ae.mentions DESC, e.name
                """, arguments: [rowid]).map { EntityRecord(name: $0[0], type: $0[1], mentions: $0[2]) }
            let quotes = try Row.fetchAll(db, sql: """
                SELECT \(Self.quoteColumns) FROM quote q JOIN article a ON a.rowid = q.article_rowid
                LEFT JOIN entity e ON e.rowid = q.speaker_id WHERE q.article_rowid = ? ORDER BY q.start
                """, arguments: [rowid]).map(Self.quote)
            return ArticleRecord(
                id: row[1], title: row[2], source: row[3], author: row[4], published: row[5], url: row[6],
                path: row[7], text: row[8], entities: entities, quotes: quotes)
        }
    }

    /// Counts and the generation (bumped by every `quarry-index` commit).
    package func figures() throws -> IndexFigures {
        try read { db in
            IndexFigures(
                articles: try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0,
                quotes: try Int.fetchOne(db, sql: "SELECT count(*) FROM quote") ?? 0,
                entities: try Int.fetchOne(db, sql: "SELECT count(*) FROM entity") ?? 0,
                generation: Int(try Self.generation(db)) ?? 0)
        }
    }
}

/// One entity mentioned by one article, for `--dump-entities`.
package struct ArticleEntityMention: Sendable {
    package var article: String
    package var path: String
    package var name: String
    package var type: String
    package var mentions: Int
}

extension IndexReader {
    /// Every article–entity pair with its mention count, in article order (for evaluation dumps).
    package func articleEntities(_ deliver: ([ArticleEntityMention]) throws -> Void) throws {
        let rows: [ArticleEntityMention] = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.path, e.name, e.kind, ae.mentions FROM article_entity ae
                JOIN article a ON a.rowid = ae.article_rowid JOIN entity e ON e.rowid = ae.entity_id
                ORDER BY a.rowid, ae.mentions DESC, e.name
                """).map { ArticleEntityMention(article: $0[0], path: $0[1], name: $0[2], type: $0[3], mentions: $0[4]) }
        }
        try deliver(rows)
    }
}

extension IndexReader {
    /// Identifies the index's current contents: the file's identity plus the generation that every
    /// `quarry-index` commit bumps. Equal stamps mean equal answers, so results can be cached by it.
    package func contentStamp() throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw IndexError.missing(path: path) }
        let generation = try read { db in try Self.generation(db) }
        return "\(st.st_dev):\(st.st_ino):\(generation)"
    }

    /// The generation qualified by the reader pool that reads it (`quarry_pool()`, a number per pool,
    /// never reused): reads may be combined — facet columns, rowid sets, the halves of a two-core
    /// search — only when their snapshots are equal. A file replaced by another whose generation
    /// number happens to be the same is read by a new pool.
    static func snapshot(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT quarry_pool() || ':' || value FROM meta WHERE key = 'generation'") ?? "0"
    }

    /// The index generation, which every `quarry-index` commit bumps.
    static func generation(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") ?? "0"
    }
}
