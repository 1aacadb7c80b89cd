import Foundation
import QuarryProtocol
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Access and exposure: the socket's mode, the peer-credential check with a second user, requests
/// that try to name files or inject SQL, error replies that leak nothing.
@Suite(.serialized) struct SecurityTests {
    @Test func socketIsOwnerOnly() async throws {
        try await withRunningDaemon { daemon in
            var info = stat()
            #expect(stat(daemon.socketPath, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
            #expect(info.st_uid == geteuid())
        }
    }

    /// Run as root only: a second user (`nobody`, through `setpriv`) is refused twice over — by the
    /// socket's mode, and, with the socket opened to everyone, by the `SO_PEERCRED` check.
    @Test func secondUserIsRefused() async throws {
        let setpriv = "/usr/bin/setpriv"
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else { return }
        let client = try Binaries.client()
        // `nobody` must be able to run the client where it was built.
        guard access(client, X_OK) == 0 else { return }
        try await withRunningDaemon { daemon in
            let asNobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--", client, "ping",
                            "--socket", daemon.socketPath]
            chmod(daemon.directory.path, 0o711)
            let byMode = try runProcess(asNobody[0], Array(asNobody.dropFirst()), in: daemon.directory)
            #expect(byMode.status == 3, "exit \(byMode.status): \(byMode.stdout) \(byMode.stderr)")
            // Open the socket itself to everyone: the daemon's own check must still refuse.
            chmod(daemon.socketPath, 0o666)
            let byCredentials = try runProcess(asNobody[0], Array(asNobody.dropFirst()), in: daemon.directory)
            #expect(byCredentials.status != 0)
            #expect(byCredentials.stderr.contains("permission denied"), "\(byCredentials.stderr)")
            #expect(daemon.stderr.contains("refused connection from uid 65534"), "\(daemon.stderr)")
            // The daemon's own user is still served.
            #expect(try await exchange([requestLine("ping", id: 1)], socket: daemon.socketPath)[0].pong == "pong")
            StressMode.report("second_uid", ["uid": 65534, "refused_by_mode": byMode.status == 3 ? 1 : 0,
                                              "refused_by_peercred": byCredentials.stderr.contains("permission denied") ? 1 : 0])
        }
    }

    @Test func requestsCannotNameFilesOrInjectSQL() async throws {
        try await withTemporaryDirectory { data in
            let database = data.appending("q.sqlite")
            try SyntheticCorpus.write(count: 12, into: data.appending("in"))
            try buildIndex(database, [data.appending("in")], in: data)
            let secret = data.appending("secret.sqlite")
            try buildIndex(secret, [data.appending("in")], in: data)
            try await withRunningDaemon(databasePath: database) { daemon in
                let hostile: [String] = [
                    "'; DROP TABLE article; --", "x' OR '1'='1", "\") OR 1=1 --", "\(secret)", "../../etc/passwd",
                    "/etc/shadow", "file:\(secret)?mode=ro", "ATTACH '\(secret)' AS s", "%", "_", "*", "\\",
                    "article_fts MATCH 'x'", "title:'; DELETE FROM quote; --", "speaker:\"' OR 1=1 --\"",
                ]
                var lines: [String] = []
                for (n, value) in hostile.enumerated() {
                    lines.append(requestLine("show", id: n, ["article": value]))
                    lines.append(requestLine("search", id: n, ["q": value, "db": secret, "path": secret,
                                                               "filters": ["speaker": [value], "source": [value],
                                                                           "since": value, "author": [value]]]))
                    lines.append(requestLine("quotes", id: n, ["q": value, "filters": ["org": [value], "until": value]]))
                    lines.append(requestLine("facets", id: n, ["field": "speaker", "q": value,
                                                               "filters": ["place": [value], "person": [value]]]))
                    lines.append(requestLine("search", id: n, ["q": "treaty", "after": value]))
                }
                let before = try await exchange([requestLine("stats", id: 0)], socket: daemon.socketPath)[0].stats
                let replies = try await exchange(lines, socket: daemon.socketPath)
                let after = try await exchange([requestLine("stats", id: 0)], socket: daemon.socketPath)[0].stats
                #expect(before?.articles == after?.articles)
                #expect(before?.quotes == after?.quotes)
                #expect(before?.generation == after?.generation)
                for (line, reply) in zip(lines, replies) {
                    let code = reply.error?.code
                    #expect(code != .internal && code != .unavailable, "\(line): \(String(describing: reply.error))")
                    if let message = reply.error?.message {
                        #expect(leaks(message, request: line, privatePaths: [daemon.directory.path]) == nil, "\(message)")
                    }
                    #expect(reply.article == nil, "show found an article for \(line)")
                }
                // The only files the daemon holds open are its index (and its -wal/-shm), its log and /dev/null.
                let allowed = Set([database, database + "-wal", database + "-shm",
                                   daemon.directory.appending("quarryd.stderr"), "/dev/null"])
                let opened = openFiles(of: daemon.pid).subtracting(allowed)
                #expect(opened.isEmpty, "\(opened)")
                StressMode.report("hostile_requests", ["requests": lines.count, "internal": 0,
                                                       "foreign_files_opened": opened.count])
            }
        }
    }
}

/// The regular files a process has open (Linux `/proc`), resolved.
func openFiles(of pid: Int32) -> Set<String> {
    let folder = "/proc/\(pid)/fd"
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    var files = Set<String>()
    for entry in entries {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry),
              target.hasPrefix("/") else { continue }
        files.insert(target)
    }
    return files
}
