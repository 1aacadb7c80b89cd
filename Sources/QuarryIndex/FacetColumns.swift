import GRDB
import QuarryProtocol
import Synchronization

/// The speakers, source and month of every article and the speaker of every quote, for one index
/// generation, held in memory by rowid: a facet over many matches counts them with an array lookup per
/// match instead of a B-tree seek into `article` (whose pages are full of bodies) or a pass over every
/// quote, and speaker filters and `said:` become bit sets (`articles(quoting:)`, `quotes(by:)`).
///
/// Also each article's token count (`DocumentLengths`), which ranking reads instead of FTS5's
/// per-row docsize query.
///
/// Loaded from covering indexes only (`article_source`, `article_published`, `quote_speaker`) and
/// `article_fts_docsize`: at 1M articles and 3.6M quotes about 39 MB, loaded in 3.1–3.6 s. Counts equal the SQL facets' exactly, with the same order: count descending,
/// ties by value in byte order (SQLite's BINARY collation); months newest first.
final class FacetColumns: Sendable {
    /// The snapshot (`IndexReader.snapshot`: pool and generation) these columns were read at; they
    /// answer only reads of the same one.
    let generation: String
    /// Interned sources; `sourceOf[rowid]` is 1 + an index into it, 0 for none.
    let sources: [String]
    let sourceOf: [UInt32]
    /// Interned months (`YYYY-MM`); `monthOf[rowid]` is 1 + an index into it, 0 for undated.
    let months: [String]
    let monthOf: [UInt16]
    /// Speaker names by dense speaker index; the speakers of article `r` are
    /// `speakerOf[speakerStart[r]..<speakerStart[r + 1]]`, each once.
    let speakerNames: [String]
    let speakerStart: [UInt32]
    let speakerOf: [UInt32]
    /// The speaker of every quote by quote rowid: 1 + a dense speaker index, 0 for none.
    let quoteSpeaker: [UInt32]
    /// Entity ids of the speakers by dense index, ascending.
    let speakerEntityIDs: [Int64]
    /// Every article's token count for ranking (`quarry_bm25`); nil when FTS5 has no docsize table.
    let lengths: DocumentLengths?
    /// The last sets `articles(quoting:)` and `quotes(by:)` made, reused by the reads of one search.
    private let lastArticleSet = Mutex<(ids: [Int64], set: RowidSet)?>(nil)
    private let lastQuoteSet = Mutex<(ids: [Int64], set: RowidSet)?>(nil)
    /// Facets counted from these columns, for tests and diagnostics.
    let uses = Atomic<Int>(0)

    /// Facet fields these columns count.
    static let fields: Set<FacetField> = [.speaker, .source, .month]

    /// Largest rowid the columns are built for, relative to the article count: rowids far beyond it
    /// (an index of mostly deleted rows) would make the arrays mostly empty, so SQL answers instead.
    static let maxSparseness = 4

    private init(generation: String, sources: [String], sourceOf: [UInt32], months: [String], monthOf: [UInt16],
                 speakerNames: [String], speakerStart: [UInt32], speakerOf: [UInt32], speakerEntityIDs: [Int64],
                 quoteSpeaker: [UInt32], lengths: DocumentLengths?) {
        self.generation = generation
        self.sources = sources
        self.sourceOf = sourceOf
        self.months = months
        self.monthOf = monthOf
        self.speakerNames = speakerNames
        self.speakerStart = speakerStart
        self.speakerOf = speakerOf
        self.speakerEntityIDs = speakerEntityIDs
        self.quoteSpeaker = quoteSpeaker
        self.lengths = lengths
    }

    /// Reads the columns in one snapshot; nil when the index is too sparse or too large for 32-bit ids.
    static func load(_ db: Database) throws -> FacetColumns? {
        let generation = try IndexReader.snapshot(db)
        guard let maxRowid = try denseMaxRowid(db, table: "article") else { return nil }
        let size = maxRowid + 1

        var sources: [String] = []
        var sourceOf = [UInt32](repeating: 0, count: size)
        // In `article_source` order: equal values are adjacent (NOCASE order keeps exact duplicates together).
        var sourceIndex: [[UInt8]: UInt32] = [:]
        let sourceRows = try Row.fetchCursor(db, sql: """
            SELECT rowid, source FROM article INDEXED BY article_source WHERE source IS NOT NULL
            """)
        var lastSource: String?
        var lastSourceIndex: UInt32 = 0
        while let row = try sourceRows.next() {
            let rowid: Int = row[0]
            let source: String = row[1]
            // Byte equality, as SQLite's GROUP BY compares (String equality would merge NFC and NFD forms).
            if lastSource.map({ !$0.utf8.elementsEqual(source.utf8) }) ?? true {
                let key = Array(source.utf8)
                if let known = sourceIndex[key] {
                    lastSourceIndex = known
                } else {
                    sources.append(source)
                    lastSourceIndex = UInt32(sources.count)
                    sourceIndex[key] = lastSourceIndex
                }
                lastSource = source
            }
            sourceOf[rowid] = lastSourceIndex
        }

        var months: [String] = []
        var monthOf = [UInt16](repeating: 0, count: size)
        var monthIndex: [String: UInt16] = [:]
        let monthRows = try Row.fetchCursor(db, sql: """
            SELECT rowid, substr(published, 1, 7) FROM article INDEXED BY article_published WHERE published IS NOT NULL
            """)
        while let row = try monthRows.next() {
            let rowid: Int = row[0]
            let month: String = row[1]
            if let known = monthIndex[month] {
                monthOf[rowid] = known
            } else {
                guard months.count < Int(UInt16.max) - 1 else { return nil }
                months.append(month)
                monthIndex[month] = UInt16(months.count)
                monthOf[rowid] = UInt16(months.count)
            }
        }

        guard let maxQuote = try denseMaxRowid(db, table: "quote") else { return nil }
        var quoteSpeaker = [UInt32](repeating: 0, count: maxQuote + 1)
        // Distinct (article, speaker) pairs; `quote_speaker` is ordered by speaker, then article.
        var pairArticle: [UInt32] = []
        var pairSpeaker: [UInt32] = []
        var speakerIDs: [Int64] = []
        var perArticle = [UInt32](repeating: 0, count: size + 1)
        let pairs = try Row.fetchCursor(db, sql: """
            SELECT speaker_id, article_rowid, rowid FROM quote INDEXED BY quote_speaker WHERE speaker_id IS NOT NULL
            """)
        var last: (speaker: Int64, article: Int64) = (-1, -1)
        while let row = try pairs.next() {
            let speaker: Int64 = row[0]
            let article: Int64 = row[1]
            let quote: Int = row[2]
            if speaker != last.speaker { speakerIDs.append(speaker) }
            if quote >= 0, quote <= maxQuote { quoteSpeaker[quote] = UInt32(speakerIDs.count) }
            if speaker == last.speaker && article == last.article { continue }
            last = (speaker, article)
            guard article >= 0, article < Int64(size) else { continue }
            pairArticle.append(UInt32(article))
            pairSpeaker.append(UInt32(speakerIDs.count - 1))
            perArticle[Int(article) + 1] += 1
        }
        for r in 0..<size { perArticle[r + 1] += perArticle[r] }
        var next = perArticle
        var speakerOf = [UInt32](repeating: 0, count: pairArticle.count)
        for i in pairArticle.indices {
            let r = Int(pairArticle[i])
            speakerOf[Int(next[r])] = pairSpeaker[i]
            next[r] += 1
        }
        var speakerNames = [String](repeating: "", count: speakerIDs.count)
        let denseIndex = Dictionary(uniqueKeysWithValues: speakerIDs.enumerated().map { ($1, $0) })
        // Every entity, kept when it speaks: the entity table is far smaller than a second pass over
        // `quote_speaker` to find the speakers again.
        let names = try Row.fetchCursor(db, sql: "SELECT rowid, name FROM entity")
        while let row = try names.next() {
            if let i = denseIndex[row[0] as Int64] { speakerNames[i] = row[1] }
        }
        return FacetColumns(generation: generation, sources: sources, sourceOf: sourceOf, months: months,
                            monthOf: monthOf, speakerNames: speakerNames, speakerStart: perArticle, speakerOf: speakerOf,
                            speakerEntityIDs: speakerIDs, quoteSpeaker: quoteSpeaker,
                            lengths: try DocumentLengths.load(db, maxRowid: maxRowid))
    }

    /// The largest rowid of `table` when the columns can be built for it: nil when it does not fit
    /// 32-bit ids or the table is too sparse (`maxSparseness`).
    private static func denseMaxRowid(_ db: Database, table: String) throws -> Int? {
        let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(rowid), 0) FROM \(table)")
        let (rows, maxRowid): (Int, Int) = (row?[0] ?? 0, row?[1] ?? 0)
        guard maxRowid < Int(UInt32.max) / 2, maxRowid <= max(rows, 1_000) * maxSparseness else { return nil }
        return maxRowid
    }

    /// The articles with a quote attributed to one of the entities `ids` (one pass over the
    /// article-speaker pairs).
    func articles(quoting ids: [Int64]) -> RowidSet {
        cachedSet(lastArticleSet, ids, maxRowid: speakerStart.count - 2) { wanted, set in
            speakerStart.withUnsafeBufferPointer { start in
                speakerOf.withUnsafeBufferPointer { of in
                    for r in 0..<(start.count - 1) {
                        let speakers = of[Int(start[r])..<Int(start[r + 1])]
                        if speakers.contains(where: { wanted[Int($0)] }) { set.insert(r) }
                    }
                }
            }
        }
    }

    /// The quotes attributed to one of the entities `ids` (one pass over the quotes' speakers).
    func quotes(by ids: [Int64]) -> RowidSet {
        cachedSet(lastQuoteSet, ids, maxRowid: quoteSpeaker.count - 1) { wanted, set in
            for (q, s) in quoteSpeaker.enumerated() where s != 0 && wanted[Int(s) - 1] { set.insert(q) }
        }
    }

    /// The set `fill` makes for the speakers `ids` (given as a mask over dense speaker indexes), or the
    /// one made last for the same ids: the reads of one search ask for it again.
    private func cachedSet(_ last: borrowing Mutex<(ids: [Int64], set: RowidSet)?>, _ ids: [Int64], maxRowid: Int,
                           _ fill: ([Bool], inout RowidSet.Builder) -> Void) -> RowidSet {
        let ids = ids.sorted()
        if let cached = last.withLock({ $0 }), cached.ids == ids { return cached.set }
        var builder = RowidSet.Builder(maxRowid: maxRowid)
        fill(denseSpeakerMask(ids), &builder)
        let set = RowidSet(builder)
        last.withLock { $0 = (ids, set) }
        return set
    }

    /// Which dense speaker indexes belong to the entities `ids`.
    private func denseSpeakerMask(_ ids: [Int64]) -> [Bool] {
        var wanted = [Bool](repeating: false, count: speakerEntityIDs.count)
        for id in ids {
            // speakerEntityIDs is ascending: binary search.
            var low = 0, high = speakerEntityIDs.count
            while low < high {
                let mid = (low + high) / 2
                if speakerEntityIDs[mid] < id { low = mid + 1 } else { high = mid }
            }
            if low < speakerEntityIDs.count, speakerEntityIDs[low] == id { wanted[low] = true }
        }
        return wanted
    }

    /// Counts `field` over every article, best `limit` values first.
    func countAll(_ field: FacetField, limit: Int) throws -> [FacetCount] {
        var next: Int64 = 0
        let end = Int64(sourceOf.count)
        var counts = emptyTally(field)
        _ = try tally(field, into: &counts) { () -> Int64? in
            guard next < end else { return nil }
            defer { next += 1 }
            return next
        }
        return top(field, counts, limit: limit)
    }

    /// Zero counts for every value of `field` (index 0: articles without one).
    func emptyTally(_ field: FacetField) -> [Int] {
        switch field {
        case .speaker: [Int](repeating: 0, count: speakerNames.count)
        case .source: [Int](repeating: 0, count: sources.count + 1)
        case .month: [Int](repeating: 0, count: months.count + 1)
        default: []
        }
    }

    /// Adds the articles `next` yields to `counts` (from `emptyTally`); returns how many it yielded.
    func tally(_ field: FacetField, into counts: inout [Int], over next: () throws -> Int64?) throws -> Int {
        uses.add(1, ordering: .relaxed)
        var rows = 0
        switch field {
        case .speaker:
            try speakerStart.withUnsafeBufferPointer { start in
                try speakerOf.withUnsafeBufferPointer { of in
                    while let rowid = try next() {
                        rows += 1
                        let r = Int(rowid)
                        guard r >= 0, r + 1 < start.count else { continue }
                        for i in Int(start[r])..<Int(start[r + 1]) { counts[Int(of[i])] += 1 }
                    }
                }
            }
        case .source:
            rows = try Self.tally(sourceOf, into: &counts, over: next)
        case .month:
            rows = try Self.tally(monthOf, into: &counts, over: next)
        default:
            while try next() != nil { rows += 1 }
        }
        return rows
    }

    /// Adds one value column's values (1 + value index, 0 for none) at the rowids `next` yields.
    private static func tally<Value: FixedWidthInteger>(_ column: [Value], into counts: inout [Int],
                                                         over next: () throws -> Int64?) throws -> Int {
        var rows = 0
        try column.withUnsafeBufferPointer { of in
            while let rowid = try next() {
                rows += 1
                let r = Int(rowid)
                if r >= 0, r < of.count { counts[Int(of[r])] += 1 }
            }
        }
        return rows
    }

    /// The best `limit` values of a tally, in facet order.
    func top(_ field: FacetField, _ counts: [Int], limit: Int) -> [FacetCount] {
        switch field {
        case .speaker: Self.top(counts, values: speakerNames, limit: limit, newestFirst: false)
        case .source: Self.top(Array(counts.dropFirst()), values: sources, limit: limit, newestFirst: false)
        case .month: Self.top(Array(counts.dropFirst()), values: months, limit: limit, newestFirst: true)
        default: []
        }
    }

    /// Nonzero counts in facet order: count descending then value in byte order, or (months) value descending.
    private static func top(_ counts: [Int], values: [String], limit: Int, newestFirst: Bool) -> [FacetCount] {
        var found: [(value: String, count: Int)] = []
        for (i, n) in counts.enumerated() where n > 0 { found.append((values[i], n)) }
        if newestFirst {
            found.sort { $1.value.utf8.lexicographicallyPrecedes($0.value.utf8) }
        } else {
            found.sort { $0.count != $1.count ? $0.count > $1.count : $0.value.utf8.lexicographicallyPrecedes($1.value.utf8) }
        }
        return found.prefix(max(0, limit)).map { FacetCount(value: $0.value, count: $0.count) }
    }
}
