import Benchmark
import Foundation
import QuarryIngest
import QuarryProtocol

/// QuarryProtocol: one `search` reply of 10 hits to a JSON line with `WireCoding.line(_:)` (what the
/// daemon does per reply), and that line back to a `Reply` with `WireCoding.decoder()` (the client).
func registerWireBenchmarks(_ fixtures: Fixtures) {
    let reply = tenHitReply(fixtures.cleanArticles)
    let line: Data
    do {
        line = try WireCoding.line(reply)
        guard try WireCoding.decoder().decode(Reply.self, from: line) == reply else {
            fatalError("bench: the 10-hit reply does not survive a round trip")
        }
    } catch {
        fatalError("bench: cannot encode the 10-hit reply: \(error)")
    }

    Benchmark("wire: encode reply, 10 hits (\(line.count) B line)", configuration: microConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? WireCoding.line(reply))
        }
    }

    Benchmark("wire: decode reply, 10 hits (\(line.count) B line)", configuration: microConfiguration()) { benchmark in
        let decoder = WireCoding.decoder()
        for _ in benchmark.scaledIterations {
            blackHole(try? decoder.decode(Reply.self, from: line))
        }
    }
}

/// A reply as the daemon sends for `search … --limit 10`: ids, titles, metadata and a ~200-byte
/// snippet with match markers, taken from the cleaned sample articles (cycled to reach 10).
func tenHitReply(_ articles: [CleanArticle]) -> Reply {
    var reply = Reply(id: .int(1))
    reply.total = 42
    reply.took_ms = 0.11
    reply.next = "eyJvZmZzZXQiOjEwfQ"
    reply.hits = (0..<10).map { i in
        let article = articles[i % articles.count]
        let body = Array(article.text.unicodeScalars.prefix(180))
        var snippet = String(String.UnicodeScalarView(body.prefix(40)))
        snippet += SnippetMarkers.open + String(String.UnicodeScalarView(body.dropFirst(40).prefix(12)))
        snippet += SnippetMarkers.close + String(String.UnicodeScalarView(body.dropFirst(52))) + "…"
        return SearchHit(
            id: article.id, title: article.title, source: article.source ?? "Harbourton Ledger",
            author: article.author, published: article.published, path: article.path,
            score: 7.25 - Double(i) * 0.31, snippet: snippet, quotes: 3 + i % 4)
    }
    return reply
}
