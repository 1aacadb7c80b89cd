import Foundation
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -9` of `quarry-index` at random moments, and a full disk: the index stays sound, keeps what was
/// committed, and a re-run finishes the job. `scripts/stress` runs the long version (≥ 50 trials).
@Suite(.serialized) struct CrashSafetyTests {
    @Test func killNineAtRandomMomentsLosesNothingCommitted() async throws {
        guard SQLiteShell.path != nil else { return }
        let trials = StressMode.count("KILL_TRIALS", fast: 3, stress: 50)
        try await withTemporaryDirectory { directory in
            let input = directory.appending("in")
            try SyntheticCorpus.write(count: StressMode.count("KILL_ARTICLES", fast: 250, stress: 2000), into: input)
            let reference = directory.appending("ref.sqlite")
            let clock = ContinuousClock()
            let started = clock.now
            let clean = try buildIndex(reference, [input], in: directory)
            let fullRun = clock.now - started
            let total = try SQLiteShell.check(reference, reference: nil, in: directory)
            #expect(total > 0)
            var random = SeededGenerator(seed: StressMode.seed)
            var killedMidway = 0
            var observedLoss = 0
            for trial in 0..<trials {
                let database = directory.appending("trial-\(trial).sqlite")
                // Kill somewhere in the first 90% of a clean run's time.
                let millis = Int(Double(fullRun.components.seconds * 1000 + fullRun.components.attoseconds / 1_000_000_000_000_000)
                                 * Double.random(in: 0.05...0.9, using: &random))
                let child = try startProcess(try Binaries.index(), ["--db", database, "--json", input], in: directory)
                // Poll what is committed until the kill: anything seen then must survive it.
                var committed = 0
                let deadline = clock.now + .milliseconds(millis)
                while clock.now < deadline {
                    if let seen = SQLiteShell.articleCount(database, in: directory) { committed = max(committed, seen) }
                    try await Task.sleep(for: .milliseconds(20))
                }
                kill(child.pid, SIGKILL)
                let killed = child.finish()
                if killed.status == SIGKILL { killedMidway += 1 }
                if FileManager.default.fileExists(atPath: database) {
                    let after = try SQLiteShell.check(database, reference: reference, in: directory)
                    if after < committed { observedLoss += 1 }
                    #expect(after >= committed, "trial \(trial): \(committed) articles committed, \(after) after kill -9")
                }
                let rerun = try runProcess(try Binaries.index(), ["--db", database, "--json", input], in: directory)
                #expect(rerun.status == clean.status, "trial \(trial): re-run exited \(rerun.status): \(rerun.stderr)")
                #expect(try SQLiteShell.check(database, reference: reference, in: directory) == total)
                try? FileManager.default.removeItem(atPath: database)
                try? FileManager.default.removeItem(atPath: database + "-wal")
                try? FileManager.default.removeItem(atPath: database + "-shm")
            }
            StressMode.report("kill9", ["trials": trials, "killed_mid_run": killedMidway, "lost": observedLoss,
                                         "articles": total, "seed": StressMode.seed])
        }
    }

    /// The file-size limit (`ulimit -f`) stands in for a full disk: writes fail with EFBIG, as they do
    /// with ENOSPC. SIGXFSZ is ignored, as it is for a process started that way by a shell.
    @Test func fullDiskFailsClearlyAndKeepsThePreviousIndex() async throws {
        guard SQLiteShell.path != nil, FileManager.default.isExecutableFile(atPath: "/bin/sh") else { return }
        try await withTemporaryDirectory { directory in
            let small = directory.appending("small")
            let large = directory.appending("large")
            try SyntheticCorpus.write(count: 20, into: small)
            try SyntheticCorpus.write(count: 300, into: large, variant: 1, paragraphs: 12, prefix: "large")
            let database = directory.appending("q.sqlite")
            try buildIndex(database, [small], in: directory)
            let before = try SQLiteShell.check(database, reference: nil, in: directory)
            let before_size = (try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
            // 1 KiB blocks: room for a little growth, not for the large input.
            let blocks = before_size / 1024 + 256
            let script = "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\""
            let result = try runProcess(
                "/bin/sh", ["-c", script, try Binaries.index(), "--db", database, large], in: directory)
            // The index is sound, and the exit status and message say truly whether batches were committed.
            let after = try SQLiteShell.check(database, reference: nil, in: directory)
            #expect(after >= before)
            if after == before {
                #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
                #expect(result.stderr.contains("Nothing of this run was written"), "\(result.stderr)")
            } else {
                #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
                #expect(result.stderr.contains("committed \(after - before) articles"), "\(result.stderr)")
            }
            let survivors = try SQLiteShell.run(
                "SELECT count(*) FROM article WHERE input_file LIKE '%/small/%';", on: database, in: directory)
            #expect(survivors == ["\(before)"])
            // With room again, the same run completes.
            let again = try runProcess(try Binaries.index(), ["--db", database, large], in: directory)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try SQLiteShell.check(database, reference: nil, in: directory) == before + 300)
        }
    }
}
