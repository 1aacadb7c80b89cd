import Foundation
import QuarryIndex
import QuarryProtocol

/// `--dump-quotes` and `--dump-entities`: the index's quotes and entity mentions as NDJSON, in the
/// shapes the evaluation scripts read (`score_quotes.py`: path, text, speaker).
enum QuoteDump {
    struct Line: Encodable {
        var path: String
        var doc: String
        var text: String
        var speaker: String?
        var mention: String?
        var cue: String?
        var kind: String
        var start: Int
        var end: Int
    }

    static func write(databasePath: String) throws {
        let reader = IndexReader(path: databasePath, queryTimeout: .seconds(600))
        let encoder = WireCoding.encoder()
        let request = QueryRequest(q: "", filters: Filters(), facets: [], sort: .oldest, limit: 0, offset: 0)
        _ = try reader.quotesAll(request) { quotes in
            var out = Data()
            for q in quotes {
                out.append(try encoder.encode(Line(
                    path: q.path, doc: q.article, text: q.text, speaker: q.speaker, mention: q.mention, cue: q.cue,
                    kind: q.kind, start: q.start, end: q.end)))
                out.append(0x0A)
            }
            FileHandle.standardOutput.write(out)
        }
    }
}

extension QuoteDump {
    struct EntityLine: Encodable {
        var path: String
        var doc: String
        var name: String
        var type: String
        var mentions: Int
    }

    static func writeEntities(databasePath: String) throws {
        let reader = IndexReader(path: databasePath, queryTimeout: .seconds(600))
        let encoder = WireCoding.encoder()
        try reader.articleEntities { rows in
            var out = Data()
            for r in rows {
                out.append(try encoder.encode(EntityLine(path: r.path, doc: r.article, name: r.name, type: r.type, mentions: r.mentions)))
                out.append(0x0A)
            }
            FileHandle.standardOutput.write(out)
        }
    }
}
