import QuarryProtocol

/// A direct reading of the everyday command lines — `search` and `quotes` with words and the usual
/// long options, `ping`, `stats` — that skips swift-argument-parser's reflection of the command types,
/// which costs about half of a shell query's client time (BENCHMARKS.md, "Shell query").
///
/// It accepts only what it reads exactly as the argument parser would: anything else (help, `--`,
/// short options, unknown or repeated single options, values that look like options, values that do
/// not parse, invalid combinations) returns nil, and the caller hands the line to the argument parser,
/// which stays the definition of the command line and the source of every usage message.
package enum FastArguments {
    /// The invocation `arguments` (without the program name) stand for, or nil to use the parser.
    package static func invocation(_ arguments: [String]) -> Invocation? {
        guard let command = arguments.first else { return nil }
        var reader = Reader(arguments: arguments.dropFirst())
        let invocation: Invocation
        switch command {
        case "search", "quotes":
            guard let parsed = reader.readQuery() else { return nil }
            let options = parsed.options
            invocation = Invocation(
                command: command == "search" ? .search(options) : .quotes(options), format: reader.format,
                stdin: parsed.stdin, socket: reader.socket, config: reader.config)
        case "ping", "stats":
            guard reader.readConnectionOnly() else { return nil }
            invocation = Invocation(
                command: command == "ping" ? .ping : .stats, format: reader.format, socket: reader.socket,
                config: reader.config)
        default:
            return nil
        }
        do {
            try invocation.validate()
        } catch {
            return nil
        }
        return invocation
    }

    private struct Reader {
        var arguments: ArraySlice<String>
        var format: OutputFormat?
        var socket: String?
        var config: String?
        private var seen = Set<String>()

        init(arguments: ArraySlice<String>) {
            self.arguments = arguments
        }

        struct Query {
            var options: QueryOptions
            var stdin: Bool
        }

        mutating func readQuery() -> Query? {
            var words: [String] = []
            var speakers: [String] = [], persons: [String] = [], orgs: [String] = [], places: [String] = []
            var sources: [String] = [], authors: [String] = []
            var since: String?, until: String?
            var facets: [FacetField] = []
            var sort: ResultOrder?
            var limit: Int?, offset: Int?
            var after: String?
            var all = false, stdin = false
            while let argument = arguments.popFirst() {
                guard argument.hasPrefix("-") else {
                    words.append(argument)
                    continue
                }
                guard let (name, inlineValue) = Self.longOption(argument) else { return nil }
                switch name {
                case "all", "stdin":
                    guard inlineValue == nil, once(name) else { return nil }
                    if name == "all" { all = true } else { stdin = true }
                case "speaker", "person", "org", "place", "source", "author", "facet":
                    guard let value = value(inlineValue) else { return nil }
                    switch name {
                    case "speaker": speakers.append(value)
                    case "person": persons.append(value)
                    case "org": orgs.append(value)
                    case "place": places.append(value)
                    case "source": sources.append(value)
                    case "author": authors.append(value)
                    default:
                        guard let field = FacetField(rawValue: value) else { return nil }
                        facets.append(field)
                    }
                case "since", "until", "after", "sort", "limit", "offset":
                    guard once(name), let value = value(inlineValue) else { return nil }
                    switch name {
                    case "since": since = value
                    case "until": until = value
                    case "after": after = value
                    case "sort":
                        guard let order = ResultOrder(rawValue: value) else { return nil }
                        sort = order
                    case "limit":
                        guard let n = Int(value) else { return nil }
                        limit = n
                    default:
                        guard let n = Int(value) else { return nil }
                        offset = n
                    }
                default:
                    guard readConnectionOption(name, inlineValue) else { return nil }
                }
            }
            let filters = Filters(
                speaker: speakers, person: persons, org: orgs, place: places, source: sources, author: authors,
                since: since, until: until)
            let options = QueryOptions(
                query: words.isEmpty ? nil : words.joined(separator: " "), filters: filters, facets: facets,
                sort: sort, limit: limit, all: all, offset: offset, after: after)
            return Query(options: options, stdin: stdin)
        }

        mutating func readConnectionOnly() -> Bool {
            while let argument = arguments.popFirst() {
                guard let (name, inlineValue) = Self.longOption(argument),
                      readConnectionOption(name, inlineValue)
                else { return false }
            }
            return true
        }

        /// `--format`, `--socket`, `--config`, each at most once.
        private mutating func readConnectionOption(_ name: String, _ inlineValue: String?) -> Bool {
            guard ["format", "socket", "config"].contains(name), once(name), let value = value(inlineValue) else {
                return false
            }
            switch name {
            case "format":
                guard let parsed = OutputFormat(rawValue: value) else { return false }
                format = parsed
            case "socket": socket = value
            default: config = value
            }
            return true
        }

        /// `--name` or `--name=value`; nil for anything else (`-x`, `--`, `-`).
        private static func longOption(_ argument: String) -> (String, String?)? {
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                return (String(body[..<equals]), String(body[body.index(after: equals)...]))
            }
            return (String(body), nil)
        }

        /// The option's value: inline, else the next argument unless it looks like an option.
        private mutating func value(_ inlineValue: String?) -> String? {
            if let inlineValue { return inlineValue }
            guard let next = arguments.first, !next.hasPrefix("-") else { return nil }
            arguments.removeFirst()
            return next
        }

        private mutating func once(_ name: String) -> Bool {
            seen.insert(name).inserted
        }
    }
}
