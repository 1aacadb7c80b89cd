import ArgumentParser
import QuarryClient
import QuarryProtocol

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find articles; print title, source, date, id and a snippet per hit.",
        discussion: """
            Examples:
              quarry search 'said:peskov sanctions' --since 2025-02
              quarry search tariffs --facet source --facet month --format json
              quarry search 'title:ukraine' --all --format ndjson
            """
    )

    @Argument(help: "The query, sent to quarryd as written (several words are joined with spaces).")
    var query: [String] = []
    @OptionGroup(title: "Filters") var filters: FilterOptions
    @Option(
        name: .customLong("facet"),
        help: ArgumentHelp("Also count FIELD over all hits (repeatable).", valueName: "field"))
    var facets: [FacetField] = []
    @Option(help: "Order (default: relevance).")
    var sort: ResultOrder?
    @OptionGroup(title: "Paging") var paging: PagingOptions
    @OptionGroup var input: StdinOption
    @OptionGroup var connection: ConnectionOptions

    var invocation: Invocation {
        let options = QueryOptions(words: query, filters: filters, facets: facets, sort: sort, paging: paging)
        return Invocation(.search(options), connection, stdin: input.stdin)
    }

    func validate() throws { try check(invocation) }
    func run() throws { try execute(invocation) }
}

struct Quotes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "Find quotes: “text” — speaker (cue), article title.",
        discussion: """
            Examples:
              quarry quotes --speaker peskov --since 2025-02
              quarry quotes 'ceasefire' --facet speaker --format tsv
            """
    )

    @Argument(help: "Optional query, sent to quarryd as written.")
    var query: [String] = []
    @OptionGroup(title: "Filters") var filters: FilterOptions
    @Option(
        name: .customLong("facet"),
        help: ArgumentHelp("Also count FIELD over all quotes (repeatable).", valueName: "field"))
    var facets: [FacetField] = []
    @Option(help: "Order (default: relevance).")
    var sort: ResultOrder?
    @OptionGroup(title: "Paging") var paging: PagingOptions
    @OptionGroup var input: StdinOption
    @OptionGroup var connection: ConnectionOptions

    var invocation: Invocation {
        let options = QueryOptions(words: query, filters: filters, facets: facets, sort: sort, paging: paging)
        return Invocation(.quotes(options), connection, stdin: input.stdin)
    }

    func validate() throws { try check(invocation) }
    func run() throws { try execute(invocation) }
}

struct Facets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facets",
        abstract: "Count the values of one field over all matching articles: count, bar, value.",
        discussion: """
            FIELD: speaker, person, org, place, source, author, month.
            Examples:
              quarry facets speaker 'sanctions'
              quarry facets month --source Reuters --format tsv
            """
    )

    @Argument(help: "The field to count.")
    var field: FacetField
    @Argument(help: "Optional query, sent to quarryd as written.")
    var query: [String] = []
    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Paging") var paging: PagingOptions
    @OptionGroup var input: StdinOption
    @OptionGroup var connection: ConnectionOptions

    var invocation: Invocation {
        Invocation(
            .facets(field: field, QueryOptions(words: query, filters: filters, paging: paging)), connection,
            stdin: input.stdin)
    }

    func validate() throws { try check(invocation) }
    func run() throws { try execute(invocation) }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one article: metadata, clean text, entities and quotes (exit 1 if there is no such id)."
    )

    @Argument(help: "The article id, as search and quotes print it.")
    var id: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws { try execute(Invocation(.show(article: id), connection)) }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Print index and daemon figures.")

    @OptionGroup var connection: ConnectionOptions

    func run() throws { try execute(Invocation(.stats, connection)) }
}

struct Ping: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Check that quarryd answers (exit 0), or say why not (exit 3).")

    @OptionGroup var connection: ConnectionOptions

    func run() throws { try execute(Invocation(.ping, connection)) }
}
