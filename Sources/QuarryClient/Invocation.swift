import QuarryProtocol

/// One run of `quarry`: the command, where to send it and how to print the answer.
package struct Invocation: Sendable, Equatable {
    package var command: ClientCommand
    /// `--format`; nil means `text`, or `ndjson` under `--stdin`.
    package var format: OutputFormat?
    /// `--stdin`: one query per input line, pipelined over one connection.
    package var stdin: Bool
    /// `--socket PATH`.
    package var socket: String?
    /// `--config FILE`.
    package var config: String?

    package init(
        command: ClientCommand, format: OutputFormat? = nil, stdin: Bool = false, socket: String? = nil,
        config: String? = nil
    ) {
        self.command = command
        self.format = format
        self.stdin = stdin
        self.socket = socket
        self.config = config
    }

    /// The output format in effect.
    package var effectiveFormat: OutputFormat {
        format ?? (stdin ? .ndjson : .text)
    }

    /// Checks what the argument parser cannot: combinations of options.
    package func validate() throws(UsageError) {
        if let options = command.queryOptions {
            try options.validate()
            if stdin, options.query != nil {
                throw UsageError("--stdin reads the queries from standard input; drop the QUERY argument")
            }
            if !stdin, options.query == nil, case .search = command {
                throw UsageError("search needs a QUERY (or --stdin)")
            }
            if effectiveFormat == .tsv, !options.facets.isEmpty {
                throw UsageError("--facet does not fit a tsv table; use `quarry facets FIELD` --format tsv")
            }
        } else if stdin {
            throw UsageError("--stdin works with search, quotes and facets")
        }
        if stdin, effectiveFormat != .ndjson {
            throw UsageError("--stdin writes ndjson records tagged with their query; drop --format")
        }
    }
}

/// A bad combination of arguments; the executable reports it as a usage error (exit 2).
package struct UsageError: Error, Equatable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
