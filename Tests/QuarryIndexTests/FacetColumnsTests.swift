import Foundation
import QuarryIndex
import QuarryProtocol
import QuarryTestSupport
import Testing

/// Speaker, source and month facets counted from the in-memory columns equal the SQL counts exactly —
/// values, counts, order (ties by value in byte order, months newest first) — with and without a text
/// match, with filters on the faceted field and on others; columns of an older generation are not used.
@Suite(.serialized) struct FacetColumnsTests {
    /// 400 generated articles (written here, seeded): sources with count ties, an accented source in
    /// two Unicode normalizations (SQLite groups by bytes), undated articles, and quotes by a few speakers.
    static let shared: (fixture: IndexFixture, columns: IndexReader, sql: IndexReader, oneCore: IndexReader) = {
        let fixture = try! IndexFixture()
        let file = fixture.folder.appendingPathComponent("generated.ndjson")
        try! generatedArticles(count: 400, seed: 7).write(to: file, atomically: true, encoding: .utf8)
        try! fixture.index([file.path])
        let columns = IndexReader(path: fixture.databasePath)
        try! columns.loadFacetColumns()
        let oneCore = IndexReader(path: fixture.databasePath, usesTwoCores: false)
        try! oneCore.loadFacetColumns()
        return (fixture, columns, IndexReader(path: fixture.databasePath, usesFacetColumns: false), oneCore)
    }()

    static let sources = ["Harbour Post", "Ostrel Daily", "Caf\u{E9} Wire", "Cafe\u{301} Wire", "Brennan Times", "Alder News"]
    static let speakers = ["Jonas Tarrow", "Mira Castell", "Anton Vey", "Ilse Brandt", "Pavel Odric"]
    static let words = ["harbour", "talks", "boats", "beacon", "zone", "commission", "strait", "fishing", "quota", "treaty"]

    static func generatedArticles(count: Int, seed: UInt64) -> String {
        var random = SeededGenerator(seed: seed)
        var lines: [String] = []
        for i in 0..<count {
            func word() -> String { words[Int.random(in: 0..<words.count, using: &random)] }
            let source = sources[Int.random(in: 0..<sources.count, using: &random)]
            var body = "The \(word()) and the \(word()) were discussed on Monday near the \(word()).\n\n"
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let speaker = speakers[Int.random(in: 0..<speakers.count, using: &random)]
                body += "\"We will talk about the \(word()) and the \(word()) again,\" said \(speaker).\n\n"
            }
            body += "Officials said the \(word()) would be reviewed."
            var record: [String: String] = [
                "id": "gen-\(i)", "title": "The \(word()) of \(word())", "body": body, "source": source,
            ]
            if i % 9 != 0 {
                record["published"] = String(format: "20%02d-%02d-%02d", 22 + i % 3, 1 + i % 12, 1 + i % 28)
            }
            let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let requests: [QueryRequest] = {
        func request(_ q: String, _ filters: Filters = Filters()) -> QueryRequest {
            QueryRequest(q: q, filters: filters, facets: [.speaker, .source, .month], sort: .relevance, limit: 1000, offset: 0)
        }
        return [
            request(""),
            request("harbour"),
            request("harbour OR treaty"),
            request("beacon -zone"),
            request("", Filters(speaker: ["Tarrow"])),
            request("quota", Filters(speaker: ["Mira Castell"])),
            request("talks", Filters(source: ["Harbour Post"])),
            request("", Filters(source: ["Ostrel Daily"], since: "2023-01-01")),
            request("fishing", Filters(since: "2023-03-01", until: "2024-06-30")),
            request("said:vey"),
            request("said:brandt quota"),
            request("strait -source:\"alder news\""),
            request("nosuchword"),
        ]
    }()

    @Test(arguments: requests)
    func facetsFromColumnsEqualSQLFacets(request: QueryRequest) throws {
        let columns = Self.shared.columns, sql = Self.shared.sql
        #expect(columns.facetColumnLoads == 1)
        let oneCore = Self.shared.oneCore
        for field in [FacetField.speaker, .source, .month] {
            let uses = columns.facetColumnUses, splits = columns.splitSearchCount
            let fromColumns = try columns.facets(field, request)
            let fromSQL = try sql.facets(field, request)
            #expect(columns.facetColumnUses > uses, "\(field) was not counted from the columns")
            if !request.q.isEmpty && !request.q.hasPrefix("said:") {
                #expect(columns.splitSearchCount == splits + 1, "\(field) of \(request.q) was not counted in halves")
            }
            let oneCoreUses = oneCore.facetColumnUses
            let fromOneCore = try oneCore.facets(field, request)
            #expect(oneCore.facetColumnUses == oneCoreUses + 1)
            #expect(oneCore.splitSearchCount == 0)
            #expect(fromOneCore.total == fromSQL.total && fromOneCore.values == fromSQL.values)
            #expect(fromColumns.total == fromSQL.total)
            #expect(fromColumns.values == fromSQL.values, "\(field) of \(request.q)")
            var limited = request
            limited.limit = 2
            #expect(try columns.facets(field, limited).values == fromSQL.values.prefix(2).map { $0 }, "\(field) limit 2")
        }
        let page = try columns.search(request)
        let sqlPage = try sql.search(request)
        #expect(page.facets == sqlPage.facets)
        #expect(page.total == sqlPage.total)
    }

    @Test func theGeneratedIndexHasTiesBothNormalizationsAndUndatedArticles() throws {
        let all = QueryRequest(q: "", filters: Filters(), facets: [], sort: .relevance, limit: 1000, offset: 0)
        let sources = try Self.shared.sql.facets(.source, all).values
        #expect(sources.contains { $0.value == "Caf\u{E9} Wire" } && sources.contains { $0.value == "Cafe\u{301} Wire" })
        #expect(Set(sources.map(\.count)).count < sources.count, "no tie in source counts: \(sources)")
        #expect(try Self.shared.sql.facets(.speaker, all).values.count == Self.speakers.count)
        #expect(try Self.shared.sql.facets(.month, all).values.map(\.count).reduce(0, +) < 400)
    }

    @Test func columnsOfAnOlderGenerationAreNotUsedAndAreReloaded() throws {
        let fixture = try IndexFixture()
        let file = fixture.folder.appendingPathComponent("first.ndjson")
        try Self.generatedArticles(count: 60, seed: 11).write(to: file, atomically: true, encoding: .utf8)
        try fixture.index([file.path])
        let reader = IndexReader(path: fixture.databasePath, usesTwoCores: false)  // one tally per facet
        let sql = IndexReader(path: fixture.databasePath, usesFacetColumns: false)
        try reader.loadFacetColumns()
        #expect(reader.facetColumnLoads == 1)
        let request = QueryRequest(q: "harbour", filters: Filters(), facets: [], sort: .relevance, limit: 100, offset: 0)
        #expect(try reader.facets(.source, request).values == sql.facets(.source, request).values)
        #expect(reader.facetColumnUses == 1)

        // More articles, a new generation: the loaded columns do not know them.
        let more = fixture.folder.appendingPathComponent("second.ndjson")
        try Self.generatedArticles(count: 120, seed: 12).replacingOccurrences(of: "\"gen-", with: "\"more-")
            .write(to: more, atomically: true, encoding: .utf8)
        try fixture.index([file.path, more.path])
        let stale = try reader.facets(.speaker, request).values
        #expect(stale == (try sql.facets(.speaker, request).values), "stale columns")
        // The first facet of the new generation is counted by SQL (the old columns' count stays 1, or
        // they were already replaced by the reload it started, which had not been used yet).
        #expect(reader.facetColumnUses == (reader.facetColumnLoads == 1 ? 1 : 0), "stale columns were used")
        // The stale columns started a reload in the background.
        let deadline = ContinuousClock.now + .seconds(30)
        while reader.facetColumnLoads < 2 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(reader.facetColumnLoads == 2)
        let before = reader.facetColumnUses
        for field in [FacetField.speaker, .source, .month] {
            #expect(try reader.facets(field, request).values == sql.facets(field, request).values, "\(field), reloaded")
        }
        #expect(reader.facetColumnUses == before + 3)
    }

    static let speakerFiltered: [QueryRequest] = {
        func request(_ q: String, _ filters: Filters, sort: ResultOrder = .relevance, offset: Int = 0) -> QueryRequest {
            QueryRequest(q: q, filters: filters, facets: [.speaker, .source, .month], sort: sort, limit: 15, offset: offset)
        }
        return [
            request("harbour", Filters(speaker: ["Tarrow"])),
            request("harbour", Filters(speaker: ["Tarrow"]), offset: 10),
            request("harbour OR quota", Filters(speaker: ["Tarrow", "Mira Castell"])),
            request("harbour", Filters(speaker: ["Vey"]), sort: .newest),
            request("harbour", Filters(speaker: ["Vey"]), sort: .oldest),
            request("quota", Filters(speaker: ["Castell"]), sort: .oldest, offset: 12),
            request("talks", Filters(speaker: ["Vey"], source: ["Ostrel Daily"])),
            request("fishing", Filters(speaker: ["Brandt"], since: "2023-01-01")),
            request("", Filters(speaker: ["Odric"])),
            request("treaty -zone", Filters(speaker: ["Odric"]), sort: .newest),
            request("harbour", Filters(speaker: ["nobody at all"])),
            request("said:vey", Filters()),
            request("said:vey harbour", Filters()),
            request("said:brandt quota", Filters()),
            request("said:castell talks", Filters(source: ["Harbour Post"]), sort: .newest),
            request("said:tarrow boats", Filters(speaker: ["Vey"])),
        ]
    }()

    /// A speaker filter or `said:` answered from the columns' article and quote sets
    /// (`quarry_in_bits`, `RowidSetRegistry`) selects, ranks and counts exactly what the subqueries over quotes do, on
    /// both the two-core and the one-read paths.
    @Test(arguments: speakerFiltered)
    func speakerFilterFromColumnsEqualsSQL(request: QueryRequest) throws {
        let columns = Self.shared.columns, sql = Self.shared.sql
        let uses = columns.speakerSetCount
        let fromColumns = try columns.search(request)
        #expect(columns.speakerSetCount == uses + 1, "the speaker set was not used")
        let fromSQL = try sql.search(request)
        #expect(sql.speakerSetCount == 0)
        #expect(fromColumns.total == fromSQL.total)
        #expect(fromColumns.hits == fromSQL.hits)
        #expect(fromColumns.facets == fromSQL.facets)
        // One connection (as under load) gives the same.
        columns.runningSearches.add(1, ordering: .relaxed)
        defer { columns.runningSearches.subtract(1, ordering: .relaxed) }
        #expect(try columns.search(request).hits == fromSQL.hits)
        for field in [FacetField.source, .month] {
            #expect(try columns.facets(field, request).values == sql.facets(field, request).values)
        }
        if request.filters.speaker != ["nobody at all"] { #expect(fromColumns.total > 0) }
    }

    /// Relevance pages and exports ranked with the in-memory document lengths (`DocumentLengths`)
    /// have the same hits, scores and order as those ranked with FTS5's per-row lengths.
    @Test(arguments: ["harbour", "quota OR treaty", "\"the harbour\"", "harb*", "talks -zone", "title:beacon"])
    func rankingWithDocumentLengthsEqualsFTS5(q: String) throws {
        let (_, columns, sql, oneCore) = Self.shared
        #expect(columns.ranksWithDocumentLengths && oneCore.ranksWithDocumentLengths)
        #expect(!sql.ranksWithDocumentLengths)
        for offset in [0, 7] {
            let request = QueryRequest(q: q, filters: Filters(), facets: [], sort: .relevance, limit: 12, offset: offset)
            let expected = try sql.search(request)
            #expect(!expected.hits.isEmpty)
            #expect(try columns.search(request).hits == expected.hits)
            #expect(try oneCore.search(request).hits == expected.hits)
        }
        let all = QueryRequest(q: q, filters: Filters(), facets: [], sort: .relevance, limit: 10, offset: 0)
        // The export's order is scored in two halves of the rowid range (`columns`, `sql`) or on one
        // connection (`oneCore`); all three agree.
        var exported: [[SearchHit]] = [[], [], []]
        for (i, reader) in [columns, sql, oneCore].enumerated() {
            _ = try reader.searchAll(all, pageSize: 50) { exported[i] += $0 }
        }
        #expect(!exported[0].isEmpty)
        #expect(exported[0] == exported[1])
        #expect(exported[0] == exported[2])
    }

    /// An export read in windows, each in one pass over the match in rowid order (`quarry_in_bits`),
    /// gives the same records in the same order as one read page by page with `rowid IN (…)`.
    @Test(arguments: [ResultOrder.relevance, .newest, .oldest])
    func exportWindowsEqualPagedReads(sort: ResultOrder) throws {
        let reader = Self.shared.sql
        for q in ["harbour", "quota OR treaty", "said:vey talks"] {
            let request = QueryRequest(q: q, filters: Filters(), facets: [], sort: sort, limit: 10, offset: 0)
            var windowed: [SearchHit] = [], paged: [SearchHit] = []
            var pages = 0
            let total = try reader.searchAll(request, pageSize: 9, exportWindow: 40) { windowed += $0; pages += 1 }
            _ = try reader.searchAll(request, pageSize: 9, exportWindow: 9) { paged += $0 }
            #expect(windowed.count == total && total > 40, "\(q)")
            #expect(windowed == paged, "\(q), \(sort)")
            // The export begins with the first page of the same search.
            #expect(Array(windowed.prefix(10)) == (try reader.search(request).hits), "\(q), \(sort)")
            // Pages of at most 9 records, none across a window's end.
            let expectedPages = IndexReader.exportWindows(count: total, pageSize: 9, largest: 40)
                .reduce(0) { $0 + ($1.count + 8) / 9 }
            #expect(pages == expectedPages, "\(q)")
        }
    }

    /// Export windows cover every record once, in order, from a first window of a sixteenth of the
    /// largest (at least a page) doubling up to the largest.
    @Test func exportWindowsGrowFromASixteenthToTheLargest() {
        #expect(IndexReader.exportWindows(count: 0, pageSize: 500, largest: 50_000).isEmpty)
        #expect(IndexReader.exportWindows(count: 700, pageSize: 500, largest: 50_000) == [0..<700])
        let windows = IndexReader.exportWindows(count: 200_000, pageSize: 500, largest: 50_000)
        #expect(windows.map(\.count) == [3_125, 6_250, 12_500, 25_000, 50_000, 50_000, 50_000, 3_125])
        #expect(zip(windows, windows.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(IndexReader.exportWindows(count: 100, pageSize: 9, largest: 40).map(\.count) == [9, 18, 36, 37])
        #expect(IndexReader.exportWindows(count: 100, pageSize: 50, largest: 40).map(\.count) == [40, 40, 20])
    }

    /// An index file replaced by another (a new inode, e.g. a rebuild moved into place) whose generation
    /// number happens to be the same: the old file's columns are dropped with the old pool.
    @Test func columnsOfAReplacedFileAreNotUsed() throws {
        let fixture = try IndexFixture()
        let first = fixture.folder.appendingPathComponent("a.ndjson")
        try Self.generatedArticles(count: 80, seed: 31).write(to: first, atomically: true, encoding: .utf8)
        try fixture.index([first.path])
        let reader = IndexReader(path: fixture.databasePath, usesTwoCores: false)
        try reader.loadFacetColumns()
        let generation = try reader.figures().generation
        let request = QueryRequest(q: "harbour", filters: Filters(), facets: [], sort: .relevance, limit: 100, offset: 0)
        _ = try reader.facets(.source, request)
        #expect(reader.facetColumnUses == 1)

        // Another index with other articles, built elsewhere and moved over the first.
        let other = try IndexFixture()
        let second = other.folder.appendingPathComponent("b.ndjson")
        try Self.generatedArticles(count: 80, seed: 32).write(to: second, atomically: true, encoding: .utf8)
        try other.index([second.path])
        let otherGeneration = try IndexReader(path: other.databasePath, usesFacetColumns: false).figures().generation
        #expect(otherGeneration == generation, "the test needs equal generations")
        // The old file's idle reader connections keep its -wal/-shm; they must not pair with the new file.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fixture.databasePath + suffix) }
        #expect(rename(other.databasePath, fixture.databasePath) == 0)
        let expected = try IndexReader(path: fixture.databasePath, usesFacetColumns: false).facets(.source, request).values
        #expect(try reader.facets(.source, request).values == expected)
        #expect(reader.facetColumnUses == 0, "columns of the replaced file were used")
    }
}
