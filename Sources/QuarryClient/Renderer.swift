import QuarryProtocol

/// Prints the reply lines of one invocation in the chosen format and works out the exit status.
///
/// `render` is called once per reply line as it arrives (a streamed `--all` reply is several lines),
/// `finish` once at the end. Text, ndjson and tsv print each line's records at once; json collects
/// the lines and prints one object in `finish`.
package final class Renderer {
    package let command: ClientCommand
    package let format: OutputFormat
    private let text: TextFormatter
    private let out: any OutputSink
    private let err: any OutputSink
    private lazy var encoder = WireCoding.encoder()
    private var document = ReplyDocument()
    private var headerWritten = false
    private var printedBlocks = 0
    private var next: String?
    /// The worst status so far (usage beats no hits beats hits).
    private var failure: QuarryExitStatus?
    private var found = false

    package init(
        command: ClientCommand, format: OutputFormat, style: TextStyle, out: any OutputSink, err: any OutputSink
    ) {
        self.command = command
        self.format = format
        self.text = TextFormatter(style: style)
        self.out = out
        self.err = err
    }

    /// The exit status for everything rendered so far.
    package var status: QuarryExitStatus {
        if let failure { return failure }
        return found ? .hits : .noHits
    }

    /// Prints one reply line. `query` tags ndjson records (`--stdin`) and places a `bad_query` caret.
    package func render(_ reply: Reply, query: String? = nil) throws {
        if !reply.ok {
            let error =
                reply.error ?? WireError(code: .internal, message: "the daemon reported a failure without details")
            fail(error, query: query ?? command.queryOptions?.query, tagged: query != nil)
            return
        }
        if reply.partial != true, reply.next != nil { next = reply.next }
        noteFindings(reply)
        switch format {
        case .json: document.absorb(reply)
        case .ndjson: try renderNDJSON(reply, query: query)
        case .tsv: renderTSV(reply)
        case .text: renderText(reply)
        }
        out.flush()
    }

    /// Records a failure: the stderr report, and under `--stdin` an error record on stdout.
    package func fail(_ error: WireError, query: String?, tagged: Bool) {
        if tagged,
            let line = try? encodeLine(ErrorOutput(error: error, tags: RecordTags(formatVersion: true, query: query)))
        {
            out.write(line)
            out.flush()
        }
        err.write(errorReport(error, query: query))
        err.flush()
        failure = max(failure ?? .hits, QuarryExitStatus(error.code))
    }

    /// Prints what was collected (json) and the paging hint; returns the exit status.
    package func finish() throws -> QuarryExitStatus {
        if format == .json, failure == nil {
            out.write(bytes: try writeLine(document))
        }
        out.flush()
        if format != .json, let next {
            err.write("more: --after \(next)\n")
        }
        if format == .text, failure == nil, !found {
            switch command {
            case .show(let id): err.write("quarry: no article with id \(id)\n")
            case .search, .quotes, .facets: err.write("no hits\n")
            case .stats, .ping: break
            }
        }
        err.flush()
        return status
    }

    private func noteFindings(_ reply: Reply) {
        switch command {
        case .search, .quotes:
            if (reply.total ?? 0) > 0 || !(reply.hits ?? []).isEmpty || !(reply.quotes ?? []).isEmpty { found = true }
        case .facets:
            if (reply.facets ?? [:]).values.contains(where: { !$0.isEmpty }) { found = true }
        case .show:
            if reply.article != nil { found = true }
        case .stats:
            if reply.stats != nil { found = true }
        case .ping:
            found = true
        }
    }

    /// The reply's facet fields: the requested order first, then any others by name.
    private func orderedFacets(_ facets: [String: [FacetCount]]) -> [(String, [FacetCount])] {
        var order: [String] = (command.queryOptions?.facets ?? []).map(\.rawValue)
        if case .facets(let field, _) = command { order = [field.rawValue] }
        let rest = facets.keys.filter { !order.contains($0) }.sorted()
        return (order + rest).compactMap { key in facets[key].map { (key, $0) } }
    }

    private func renderText(_ reply: Reply) {
        for hit in reply.hits ?? [] { block(text.hit(hit)) }
        for quote in reply.quotes ?? [] { block(text.quote(quote)) }
        if let facets = reply.facets {
            if case .facets = command {
                for (_, counts) in orderedFacets(facets) { out.write(text.facetLines(counts)) }
            } else {
                for (field, counts) in orderedFacets(facets) { block(text.facetSection(field: field, counts: counts)) }
            }
        }
        if let article = reply.article { block(text.article(article)) }
        if let stats = reply.stats { out.write(text.stats(stats)) }
        if let pong = reply.pong { out.write(pong + "\n") }
    }

    /// A record in text mode, separated from the previous one by a blank line.
    private func block(_ s: String) {
        if printedBlocks > 0 { out.write("\n") }
        out.write(s)
        printedBlocks += 1
    }

    private func renderNDJSON(_ reply: Reply, query: String?) throws {
        let tags = RecordTags(formatVersion: true, query: query)
        for hit in reply.hits ?? [] { out.write(bytes: try writeLine(HitOutput(hit: hit, tags: tags))) }
        for quote in reply.quotes ?? [] { out.write(bytes: try writeLine(QuoteOutput(quote: quote, tags: tags))) }
        for (field, counts) in orderedFacets(reply.facets ?? [:]) {
            for facet in counts { out.write(bytes: try writeLine(FacetOutput(field: field, facet: facet, tags: tags))) }
        }
        if let article = reply.article { out.write(try encodeLine(ArticleOutput(article: article, tags: tags))) }
        if let stats = reply.stats { out.write(try encodeLine(StatsOutput(stats: stats, tags: tags))) }
        if let pong = reply.pong {
            var doc = ReplyDocument()
            doc.pong = pong
            out.write(bytes: try writeLine(doc))
        }
    }

    private func renderTSV(_ reply: Reply) {
        if !headerWritten {
            out.write(TSVFormatter.header(for: command.operation))
            headerWritten = true
        }
        for hit in reply.hits ?? [] { out.write(TSVFormatter.row(hit)) }
        for quote in reply.quotes ?? [] { out.write(TSVFormatter.row(quote)) }
        if case .facets = command {
            for (field, counts) in orderedFacets(reply.facets ?? [:]) {
                for facet in counts { out.write(TSVFormatter.row(field: field, facet)) }
            }
        }
        if let article = reply.article { out.write(TSVFormatter.row(article)) }
        if let stats = reply.stats { out.write(TSVFormatter.row(stats)) }
        if let pong = reply.pong { out.write(TSVFormatter.escape(pong) + "\n") }
    }

    private func encodeLine(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// `record` written by hand, or by `JSONEncoder` where the hand-written path declines.
    private func writeLine(_ record: some HandWrittenRecord) throws -> [UInt8] {
        try JSONWriter.line(record, capacity: 1024) { try record.write(to: &$0) }
    }
}
