import Foundation
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One writer at a time, said plainly (issue 14, item 8): two `quarry-index` runs on one index used to
/// fail with "UNIQUE constraint failed: entity.rowid … free disk space" or a publish conflict, exit 2,
/// after part of the run was committed. Exit codes and messages now tell what was committed.
@Suite(.serialized) struct ConcurrentWriterTests {
    /// Holds `<index>.lock` the way a running quarry-index does: an exclusive `flock`, our pid inside.
    final class HeldLock {
        let fd: Int32
        init(index: String) throws {
            fd = open(index + ".lock", O_RDWR | O_CREAT, 0o600)
            guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw CheckFailure("cannot take the lock") }
            let pid = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
        func release() { close(fd) }
    }

    @Test func aSecondWriterWithNoWaitRefusesNamingThePidOfTheFirst() async throws {
        try await withTemporaryDirectory { directory in
            let input = directory.appending("in")
            try SyntheticCorpus.write(count: 5, into: input)
            let database = directory.appending("q.sqlite")
            let lock = try HeldLock(index: database)
            defer { lock.release() }
            let refused = try await startProcess(try Binaries.index(), ["--db", database, "--no-wait", input], in: directory).exited()
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("another quarry-index (pid \(getpid())) is writing \(database)"),
                    "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: database))
        }
    }

    @Test func aSecondWriterWaitsWithAMessageAndThenWrites() async throws {
        try await withTemporaryDirectory { directory in
            let input = directory.appending("in")
            try SyntheticCorpus.write(count: 5, into: input)
            let database = directory.appending("q.sqlite")
            let lock = try HeldLock(index: database)
            let child = try startProcess(try Binaries.index(), ["--db", database, "--json", input], in: directory)
            // It says it waits, and does not finish while the lock is held.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            var stderr = ""
            while clock.now < deadline {
                stderr = (try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? ""
                if stderr.contains("waiting") { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(stderr.contains("another quarry-index (pid \(getpid())) is writing \(database); waiting"), "\(stderr)")
            #expect(child.process.isRunning)
            lock.release()
            let finished = try await child.exited()
            #expect(finished.status == 0, "\(finished.stderr)")
            #expect(try SQLiteShell.check(database, reference: nil, in: directory) == 5)
        }
    }

    @Test func twoWritersStartedTogetherBothLandWhole() async throws {
        guard SQLiteShell.path != nil else { return }
        try await withTemporaryDirectory { directory in
            // Given two corpora with overlapping people and places (shared entities),
            let one = directory.appending("one")
            let two = directory.appending("two")
            try SyntheticCorpus.write(count: 300, into: one, prefix: "one")
            try SyntheticCorpus.write(count: 300, into: two, variant: 1, prefix: "two")
            for existing in [false, true] {
                let database = directory.appending("q-\(existing).sqlite")
                if existing {
                    let seed = directory.appending("seed")
                    try SyntheticCorpus.write(count: 3, into: seed, variant: 2, prefix: "seed")
                    try buildIndex(database, [seed], in: directory)
                }
                // when two runs write the same index at once,
                let first = try startProcess(try Binaries.index(), ["--db", database, one], in: directory)
                let second = try startProcess(try Binaries.index(), ["--db", database, two], in: directory)
                let a = try await first.exited()
                let b = try await second.exited()
                // then both succeed and the index holds both, whole.
                #expect(a.status == 0, "existing \(existing): \(a.stderr)")
                #expect(b.status == 0, "existing \(existing): \(b.stderr)")
                #expect(try SQLiteShell.check(database, reference: nil, in: directory) == 600 + (existing ? 3 : 0))
            }
        }
    }

    @Test func aRunThatStopsAfterCommittingSaysSoAndExitsOne() async throws {
        guard SQLiteShell.path != nil, FileManager.default.isExecutableFile(atPath: "/bin/sh") else { return }
        try await withTemporaryDirectory { directory in
            let small = directory.appending("small")
            let large = directory.appending("large")
            try SyntheticCorpus.write(count: 20, into: small)
            try SyntheticCorpus.write(count: 300, into: large, variant: 1, paragraphs: 12, prefix: "large")
            let config = directory.appending("quarry.json")
            let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config").path
            try """
                {"furniture": "\(rules)/furniture.json", "lexicon": "\(rules)/lexicon.json", "index": {"batch_size": 10}}
                """.write(toFile: config, atomically: false, encoding: .utf8)
            let database = directory.appending("q.sqlite")
            try buildIndex(database, [small], in: directory)
            let before = try SQLiteShell.check(database, reference: nil, in: directory)
            let size = (try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
            // Room for some batches of ten, not for 300 large articles (the file-size limit stands in for a full disk).
            let script = "trap '' XFSZ; ulimit -f \(size / 1024 + 256); exec \"$0\" \"$@\""
            let result = try await startProcess(
                "/bin/sh", ["-c", script, try Binaries.index(), "--config", config, "--db", database, "--json", large],
                in: directory).exited()
            let after = try SQLiteShell.check(database, reference: nil, in: directory)
            #expect(after > before, "no batch committed: the test needs more room")
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("committed \(after - before) articles"), "\(result.stderr)")
            #expect(!result.stderr.contains("intact"), "\(result.stderr)")
            let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect((summary?["added"] as? Int) == after - before, "\(result.stdout)")
            #expect(summary?["error"] is String, "\(result.stdout)")
        }
    }

    @Test func aRunThatFailsBeforeItsFirstCommitSaysNothingWasWrittenAndExitsTwo() async throws {
        guard SQLiteShell.path != nil, FileManager.default.isExecutableFile(atPath: "/bin/sh") else { return }
        try await withTemporaryDirectory { directory in
            let small = directory.appending("small")
            let more = directory.appending("more")
            try SyntheticCorpus.write(count: 20, into: small)
            try SyntheticCorpus.write(count: 20, into: more, variant: 1, prefix: "more")
            let database = directory.appending("q.sqlite")
            try buildIndex(database, [small], in: directory)
            // 64 KiB: the index opens (its shared memory is 32 KiB), the first batch of 20 does not fit in the log.
            let script = "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""
            let result = try await startProcess(
                "/bin/sh", ["-c", script, try Binaries.index(), "--db", database, more], in: directory).exited()
            #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("Nothing of this run was written"), "\(result.stderr)")
            #expect(try SQLiteShell.check(database, reference: nil, in: directory) == 20)
        }
    }
}

extension Child {
    /// Waits for the child without holding a thread of the concurrency pool, so other suites' timers
    /// keep running while an indexer works for seconds.
    func exited() async throws -> Finished {
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return finish()
    }
}
