import GRDB

/// Owns the SQLite schema of the index and its migrations.
///
/// Tables: `article` (content table of `article_fts`), `quote` (content table of `quote_fts`),
/// `entity` + `entity_alias` + `article_entity` (facets), `vocab` (surface words, for prefix queries
/// over the Porter-stemmed index) and `meta` (generation, rules hash). An article's `source_key` says
/// which file (or which input-given id) its id belongs to.
///
/// The FTS5 tables are external-content tables kept in step by `IndexWriter` itself rather than by
/// triggers (see `IndexWriter.upsert`); FTS5's `integrity-check` verifies they agree.
package enum IndexSchema {
    /// The FTS5 tokenizer of every text index.
    package static let tokenizer = "porter unicode61 remove_diacritics 2"

    /// Relevance: bm25 with the title weighing ten times the body. `article_fts`'s configured `rank`
    /// is the same function (`bm25(10.0, 1.0)`, set in the first migration). Queries use
    /// `quarry_bm25` (CSQLiteTuning's QuarryBM25.c: the same arithmetic), whose three bound arguments
    /// (`RankInputs.arguments`, from `IndexReader.rankInputs`) are the number of rows the text match
    /// alone selects, so a one-phrase query's document frequency is not counted a second time by FTS5,
    /// the in-memory document lengths to read (`DocumentLengths`) instead of a query per row, and how
    /// many best rows a page needs (`RankInputs.keep`: NULL for the rows that cannot be among them).
    package static let rankFunction = "quarry_bm25(article_fts, ?, ?, ?, 10.0, 1.0)"

    /// A hit's snippet: up to 24 tokens of the body around the query's best hits, hits between
    /// U+0002 and U+0003 (`SnippetMarkers`), "…" where the text is cut. `quarry_snippet`
    /// (CSQLiteTuning's QuarrySnippet.c) rather than FTS5's `snippet()`, which stems the whole body
    /// twice: exports spent ~80% of their time there.
    package static let snippetFunction = "quarry_snippet(article_fts, 1, char(2), char(3), '…', 24)"

    /// Runs every pending migration.
    package static func migrate(_ writer: any DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE article (
                    rowid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    input_file TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    title TEXT,
                    author TEXT,
                    published TEXT,
                    source TEXT,
                    url TEXT,
                    dateline TEXT,
                    body TEXT NOT NULL,
                    quote_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX article_input_file ON article(input_file);
                CREATE INDEX article_published ON article(published);
                CREATE INDEX article_source ON article(source COLLATE NOCASE);

                CREATE VIRTUAL TABLE article_fts USING fts5(
                    title, body,
                    content='article', content_rowid='rowid',
                    tokenize='\(tokenizer)', prefix='2 3'
                );
                INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

                CREATE TABLE entity (
                    rowid INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    role TEXT,
                    UNIQUE(name, kind)
                );
                CREATE TABLE entity_alias (
                    alias TEXT NOT NULL,
                    entity_id INTEGER NOT NULL REFERENCES entity(rowid) ON DELETE CASCADE,
                    PRIMARY KEY (alias, entity_id)
                ) WITHOUT ROWID;
                CREATE INDEX entity_alias_entity ON entity_alias(entity_id);
                CREATE TABLE article_entity (
                    article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    entity_id INTEGER NOT NULL REFERENCES entity(rowid) ON DELETE CASCADE,
                    mentions INTEGER NOT NULL,
                    PRIMARY KEY (article_rowid, entity_id)
                ) WITHOUT ROWID;
                CREATE INDEX article_entity_entity ON article_entity(entity_id, article_rowid);

                CREATE TABLE quote (
                    rowid INTEGER PRIMARY KEY,
                    article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    text TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    end INTEGER NOT NULL,
                    speaker_id INTEGER REFERENCES entity(rowid) ON DELETE SET NULL,
                    mention TEXT,
                    cue TEXT
                );
                CREATE INDEX quote_article ON quote(article_rowid);
                CREATE INDEX quote_speaker ON quote(speaker_id, article_rowid);
                CREATE VIRTUAL TABLE quote_fts USING fts5(
                    text, content='quote', content_rowid='rowid', columnsize=0, tokenize='\(tokenizer)'
                );

                CREATE TABLE vocab (word TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO meta(key, value) VALUES ('generation', '0');
                """)
        }
        migrator.registerMigration("v2 fts write buffer") { db in
            // FTS5 writes a new segment whenever its in-memory term buffer passes `hashsize` (1 MiB by
            // default) and merges segments as they pile up; 16 MiB means fewer, larger segments and
            // less merging during loads (10k articles: 1.0 s less), at no cost to queries.
            for table in ["article_fts", "quote_fts"] {
                try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', 16777216)")
            }
        }
        migrator.registerMigration("v3 article source key") { db in
            // The real path (with `#LINE` for an NDJSON line) of the file an article's id was derived
            // from, or `id:ID` when the input named it: what `ArticleIdentities` keeps ids apart by.
            // Rows written before this migration (or by an older quarry-index) have NULL and are matched
            // to their file again, by their `input_file`, the next time it is read.
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN source_key TEXT;
                CREATE UNIQUE INDEX article_source_key ON article(source_key) WHERE source_key IS NOT NULL;
                """)
        }
        try migrator.migrate(writer)
    }
}
