import ArgumentParser
import Foundation
import QuarryIndex
import QuarryIngest
import QuarryProtocol

@main
struct QuarryIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry-index",
        abstract: "Load news articles into a Quarry index.",
        discussion: """
            INPUT is a file, a folder (read recursively), or - for NDJSON on stdin. Accepted: scraped plain
            text (.txt), one JSON article (.json), NDJSON (.ndjson, .jsonl; keys title, body, source, author,
            published, url, id). Page furniture is stripped; quotes, speakers and entities are extracted.
            Re-running over the same input writes nothing; a changed file is updated in place.
            Folders are walked like rg: hidden entries and (without --follow) symbolic links inside them
            are passed over; FIFOs, sockets and devices are skipped with a reason, never opened.

            Examples:
              quarry-index --db Index/quarry.sqlite Index/sample/
              zstd -dc articles.ndjson.zst | quarry-index --json -
              quarry-index --prune ~/coverage/

            One quarry-index writes an index at a time; another run waits for it (--no-wait: exit 2).

            Exit status: 0 all indexed; 1 indexed, but some inputs skipped, or the run stopped after
            committing part (the message says how much); 2 usage error or nothing written.
            """,
        version: QuarryVersion.current
    )

    @Option(name: .long, help: "Index database (default: QUARRY_DB, the configuration's db, else ~/.local/share/quarry/quarry.sqlite).")
    var db: String?

    @Option(name: .long, help: "Configuration file (default: QUARRY_CONFIG, ./Config/quarry.json, $XDG_CONFIG_HOME/quarry/).")
    var config: String?

    @Flag(name: .long, help: "Remove articles of files under the INPUTs whose file is gone (or that a re-read file no longer holds); other folders' articles are kept.")
    var prune = false

    @Flag(name: .long, help: "Follow symbolic links inside folders (each real file is read once; loops are reported). Links named as INPUT are always followed.")
    var follow = false

    @Flag(name: .long, help: "When another quarry-index is writing the index, stop (exit 2) instead of waiting for it.")
    var noWait = false

    @Flag(name: .long, help: "Print the summary as one JSON object on stdout.")
    var json = false

    @Flag(name: .long, help: "After indexing, print every quote of the index as NDJSON (path, doc, text, speaker, mention, cue, kind, start, end).")
    var dumpQuotes = false

    @Flag(name: .long, help: "After indexing, print every article–entity pair as NDJSON (path, doc, name, type, mentions).")
    var dumpEntities = false

    @Argument(help: "Files, folders, or - for NDJSON on stdin.")
    var inputs: [String] = []

    func validate() throws {
        if inputs.isEmpty && !dumpQuotes && !dumpEntities {
            throw ValidationError("give at least one INPUT: a file, a folder, or - for NDJSON on stdin")
        }
    }

    func run() async throws {
        let settings: IndexerSettings
        let writer: IndexWriter
        do {
            settings = try await IndexerSettings.load(configFlag: config, dbFlag: db)
            let contention: IndexLock.Contention = noWait ? .refuse : .wait(notice: { holder in
                let who = holder.map { "another quarry-index (pid \($0))" } ?? "another quarry-index"
                FileHandle.standardError.write(Data(
                    "quarry-index: \(who) is writing \(settings.databasePath); waiting for it to finish (--no-wait stops instead)\n".utf8))
            })
            writer = try IndexWriter(
                path: settings.databasePath, lexicon: settings.lexicon, modes: settings.fileModes, contention: contention)
        } catch {
            Self.fail(error)
        }
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        let summary: Indexer.Summary
        do {
            let indexer = Indexer(writer: writer, options: Indexer.Options(
                inputs: inputs, prune: prune, batchSize: settings.batchSize, limits: settings.limits,
                cleaning: settings.cleaning, lexicon: settings.lexicon, rulesHash: settings.rulesHash,
                walkPolicy: FileWalkPolicy(followSymlinks: follow)))
            summary = try indexer.run(
                onSkip: { skip in
                    progress.clear()
                    FileHandle.standardError.write(Data("quarry-index: skipped \(skip.input): \(skip.reason)\n".utf8))
                },
                onProgress: { progress.show("indexing: \($0) articles read") })
            progress.clear()
        } catch let failure as IndexRunFailure {
            progress.clear()
            if json {
                var data = try WireCoding.encoder().encode(failure.committed)
                data.append(0x0A)
                FileHandle.standardOutput.write(data)
            }
            // Exit 2 promises that nothing was written; when batches were committed, 1 (not all indexed).
            Self.fail(failure, status: failure.wroteNothing ? 2 : 1)
        } catch {
            progress.clear()
            Self.fail(error)
        }
        if dumpQuotes {
            try QuoteDump.write(databasePath: settings.databasePath)
        }
        if dumpEntities {
            try QuoteDump.writeEntities(databasePath: settings.databasePath)
        }
        if json {
            let encoder = WireCoding.encoder()
            var data = try encoder.encode(summary)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else if !(dumpQuotes || dumpEntities) || !inputs.isEmpty {
            for line in summary.textLines(databasePath: settings.databasePath) {
                FileHandle.standardError.write(Data("quarry-index: \(line)\n".utf8))
            }
        }
        if Locations.environment("QUARRY_TIMINGS") != nil {
            let phases = summary.phases.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value)) s" }
            FileHandle.standardError.write(Data("quarry-index: phases: \(phases.joined(separator: ", "))\n".utf8))
        }
        if !summary.skipped.isEmpty { throw ExitCode(1) }
    }

    /// Parses and runs. ArgumentParser exits 64 (EX_USAGE) on a usage error; CONTRACT says 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// Prints one line naming what failed and exits with `status` (2: nothing could be written).
    static func fail(_ error: any Error, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data("quarry-index: \(error)\n".utf8))
        Foundation.exit(status)
    }
}
