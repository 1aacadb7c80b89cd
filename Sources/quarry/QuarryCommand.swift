import ArgumentParser
import QuarryClient
import QuarryProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quarry`: the thin client. Parses arguments, hands an `Invocation` to `QuarryClient`, exits with
/// the status it returns. Everything worth testing lives in QuarryClient.
@main
struct QuarryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Search news coverage through a running quarryd.",
        discussion: """
            Examples:
              quarry search 'peskov "special operation"' --since 2025-02 --facet speaker
              quarry search 'immigra* -"border wall"' --source Reuters --sort newest
              quarry quotes --speaker peskov --format tsv > peskov.tsv
              quarry facets source 'tariffs OR sanctions' --since 2025-01
              quarry show reuters-2025-02-14-kremlin
              printf 'tariffs\\nsanctions\\n' | quarry search --stdin | jq .title
              quarry search -- '-sports election'   # QUERY starting with -

            QUERY goes to quarryd as written: words, "phrases", prefix*, OR,
            -word, NOT, ( ), title: body: quote: speaker: person: org: place:
            source: date: said:. Several QUERY words are joined with spaces.

            Formats (--format):
              text    for people; bold and colour only on a terminal, NO_COLOR unset
              json    one object {"format_version":1,"total":N,"hits"|"quotes":[..],
                      "facets":{..},"next":..,"took_ms":..}; --all collects into it
              ndjson  one record a line, with "format_version"; printed as they come
              tsv     header line, then rows; \\ tab newline CR in values are
                      written \\\\ \\t \\n \\r
            Snippet matches: bold red on a terminal, unmarked in plain text,
            **wrapped** in json, ndjson and tsv. When more hits follow, stderr
            gets "more: --after CURSOR" (json: the "next" key).

            Socket: --socket, QUARRY_SOCKET, the configuration's "socket",
            $XDG_RUNTIME_DIR/quarry.sock, /tmp/quarry-$UID/quarry.sock.

            Exit status:
              0  hits; show, stats, ping answered
              1  no hits; show: no such article
              2  usage error, bad query (position shown), bad request, too large
              3  no answer: quarryd unreachable, index unavailable, timeout,
                 busy, internal error

            Shell completion: quarry --generate-completion-script bash (zsh, fish)
            """,
        version: QuarryVersion.current,
        subcommands: [Search.self, Quotes.self, Facets.self, Show.self, Stats.self, Ping.self]
    )

    /// Everyday command lines skip the argument parser's reflection (`FastArguments`); the rest, and
    /// every usage error, go through it. ArgumentParser exits with 64 (EX_USAGE) on a usage error;
    /// CONTRACT says 2.
    static func main() {
        if let invocation = FastArguments.invocation(Array(CommandLine.arguments.dropFirst())) {
            do {
                try execute(invocation)
                exit(withError: nil)
            } catch {
                exit(withError: error)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let err = FileSink(fd: 2)
                err.write(fullMessage(for: error) + "\n")
                err.flush()
                terminate(QuarryExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// `exit(3)`, named apart from `ParsableCommand.exit(withError:)`.
func terminate(_ code: Int32) -> Never {
    exit(code)
}

/// Runs `invocation` through the client and exits with its status.
func execute(_ invocation: Invocation) throws {
    let out = FileSink(fd: 1)
    let err = FileSink(fd: 2)
    let style = invocation.effectiveFormat == .text ? TextStyle.detect() : TextStyle(colour: false)
    let status = Client(invocation: invocation, style: style, out: out, err: err).run()
    out.flush()
    err.flush()
    if status != .hits { throw ExitCode(status.rawValue) }
}

/// Turns the library's usage errors into ArgumentParser's, which print the usage.
func check(_ invocation: Invocation) throws {
    do {
        try invocation.validate()
    } catch {
        throw ValidationError(error.description)
    }
}
