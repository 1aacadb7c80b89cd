import ArgumentParser
import QuarryClient
import QuarryProtocol

extension OutputFormat: ExpressibleByArgument {}
extension FacetField: ExpressibleByArgument {}
extension ResultOrder: ExpressibleByArgument {}

/// `--format`, `--socket`, `--config`: every command has them.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Output format (default: text; ndjson with --stdin).")
    var format: OutputFormat?

    @Option(
        help: ArgumentHelp(
            "quarryd's socket (default: QUARRY_SOCKET, the configuration's socket, $XDG_RUNTIME_DIR/quarry.sock, /tmp/quarry-$UID/quarry.sock).",
            valueName: "path"
        )
    )
    var socket: String?

    @Option(
        help: ArgumentHelp(
            "Configuration file (default: QUARRY_CONFIG, ./Config/quarry.json, $XDG_CONFIG_HOME/quarry/).",
            valueName: "file"
        )
    )
    var config: String?
}

/// The filters of `search`, `quotes` and `facets`; every list is OR within itself, AND across.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .customLong("speaker"),
        help: ArgumentHelp("Quoted speaker, by any alias (repeatable).", valueName: "name"))
    var speakers: [String] = []
    @Option(name: .customLong("person"), help: ArgumentHelp("Person mentioned (repeatable).", valueName: "name"))
    var persons: [String] = []
    @Option(name: .customLong("org"), help: ArgumentHelp("Organisation mentioned (repeatable).", valueName: "name"))
    var orgs: [String] = []
    @Option(name: .customLong("place"), help: ArgumentHelp("Place mentioned (repeatable).", valueName: "name"))
    var places: [String] = []
    @Option(name: .customLong("source"), help: ArgumentHelp("Publication (repeatable).", valueName: "name"))
    var sources: [String] = []
    @Option(name: .customLong("author"), help: ArgumentHelp("Author (repeatable).", valueName: "name"))
    var authors: [String] = []
    @Option(help: ArgumentHelp("Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("Published on or before: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date"))
    var until: String?

    var filters: Filters {
        Filters(
            speaker: speakers, person: persons, org: orgs, place: places, source: sources, author: authors,
            since: since, until: until
        )
    }
}

/// `--limit`, `--all`, `--offset`, `--after`.
struct PagingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Records per page (search and quotes default: 10).", valueName: "n"))
    var limit: Int?
    @Flag(help: "Every record, streamed as it comes (json collects them into one object).")
    var all = false
    @Option(help: ArgumentHelp("Skip the first N records.", valueName: "n"))
    var offset: Int?
    @Option(
        help: ArgumentHelp(
            "Continue after a previous page (the cursor of a \"more:\" hint or \"next\").", valueName: "cursor"))
    var after: String?
}

/// `--stdin`.
struct StdinOption: ParsableArguments {
    @Flag(
        help:
            "Read one QUERY per line (blank lines skipped), pipeline them, print ndjson records tagged with \"query\".")
    var stdin = false
}

extension QueryOptions {
    init(
        words: [String], filters: FilterOptions, facets: [FacetField] = [], sort: ResultOrder? = nil,
        paging: PagingOptions
    ) {
        self.init(
            query: words.isEmpty ? nil : words.joined(separator: " "),
            filters: filters.filters, facets: facets, sort: sort,
            limit: paging.limit, all: paging.all, offset: paging.offset, after: paging.after
        )
    }
}

extension Invocation {
    init(_ command: ClientCommand, _ connection: ConnectionOptions, stdin: Bool = false) {
        self.init(
            command: command, format: connection.format, stdin: stdin, socket: connection.socket,
            config: connection.config
        )
    }
}
