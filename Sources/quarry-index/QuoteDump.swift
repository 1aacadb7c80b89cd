import Foundation
import QuarryIndex
import QuarryProtocol

/// `--dump-quotes`: every quote of the index as NDJSON in the shape `score_quotes.py` reads.
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
