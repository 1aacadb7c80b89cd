import QuarryProtocol

/// Runs one invocation: finds the socket, sends the request(s), renders the replies as they arrive.
///
/// Every failure ends here as one `quarry: …` line on stderr and an `QuarryExitStatus`; nothing throws out.
package struct Client {
    package var invocation: Invocation
    package var style: TextStyle
    package var out: any OutputSink
    package var err: any OutputSink
    /// Standard input's bytes, read only under `--stdin`.
    package var readInput: () -> [UInt8]?

    package init(
        invocation: Invocation, style: TextStyle, out: any OutputSink, err: any OutputSink,
        readInput: @escaping () -> [UInt8]? = { readAll(0) }
    ) {
        self.invocation = invocation
        self.style = style
        self.out = out
        self.err = err
        self.readInput = readInput
    }

    /// The queries of `--stdin` input: one per line, blank lines skipped, a trailing `\r` dropped.
    package static func queries(fromInput bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { line in
            var line = line[...]
            if line.last == 0x0D { line = line.dropLast() }
            let text = String(decoding: line, as: UTF8.self)
            return text.allSatisfy(\.isWhitespace) ? nil : text
        }
    }

    /// The requests to send: one, or one per `--stdin` query with ids 1, 2, … in input order.
    package static func requests(for invocation: Invocation, queries: [String]) -> [Request] {
        guard invocation.stdin else { return [invocation.command.request(id: .int(1))] }
        return queries.enumerated().map { i, q in invocation.command.request(id: .int(i + 1), query: q) }
    }

    /// Runs the invocation and returns its exit status.
    package func run() -> QuarryExitStatus {
        do {
            return try exchange()
        } catch let error as ClientError {
            out.flush()
            err.write("quarry: \(error)\n")
            err.flush()
            return error.status
        } catch {
            out.flush()
            err.write("quarry: \(error)\n")
            err.flush()
            return .unanswered
        }
    }

    private func exchange() throws -> QuarryExitStatus {
        let socket = try SocketLocation.resolve(flag: invocation.socket, configFlag: invocation.config)
        var queries: [String] = []
        if invocation.stdin {
            guard let input = readInput() else { throw ClientError.stdinUnreadable(reason: "read failed") }
            queries = Self.queries(fromInput: input)
            if queries.isEmpty { return .noHits }
        }
        let requests = Self.requests(for: invocation, queries: queries)
        var bytes: [UInt8] = []
        for request in requests { bytes += try request.line() }

        let renderer = Renderer(
            command: invocation.command, format: invocation.effectiveFormat, style: style, out: out, err: err
        )
        let connection = try UnixSocketConnection(path: socket)
        var remaining = requests.count
        try connection.exchange(
            requests: bytes,
            onLine: { line in
                guard !line.isEmpty else { return }
                let reply: Reply
                do {
                    reply = try Reply(fastDecoding: line) ?? WireCoding.decoder().decode(Reply.self, from: Data(line))
                } catch {
                    throw ClientError.badReply("not a reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
                }
                var query: String?
                if invocation.stdin, case .int(let i)? = reply.id, queries.indices.contains(i - 1) {
                    query = queries[i - 1]
                }
                try renderer.render(reply, query: query)
                // A reply without a usable id (the daemon could not read the request) still ends one.
                if reply.partial != true { remaining -= 1 }
            },
            isDone: { remaining <= 0 }
        )
        return try renderer.finish()
    }
}
