import Foundation

/// A real `quarryd` process started by a test, with its stderr kept in a file.
///
/// Readiness is race-free and never a sleep: the daemon gets `QUARRY_READY_FD=1` with its stdout on a
/// pipe and writes `ready\n` there once its socket accepts connections.
package final class DaemonProcess: @unchecked Sendable {
    /// The socket the daemon was told to use.
    package let socketPath: String
    /// The daemon's private folder (its socket, database path, stderr log).
    package let directory: TemporaryDirectory
    private let process: Process
    private let readyPipe: Pipe
    private let stderrPath: String
    private let exitStatus: AsyncStream<Int32>
    private let exitStatusContinuation: AsyncStream<Int32>.Continuation

    /// The process id.
    package var pid: Int32 { process.processIdentifier }

    /// Everything the daemon wrote to stderr so far.
    package var stderr: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    /// Starts `quarryd` (from the build folder) in `directory` with `arguments`.
    ///
    /// The environment is inherited minus Quarry's own variables, with `environment` added; the working
    /// folder and `XDG_CONFIG_HOME` are `directory`, so no configuration file is picked up by accident.
    package init(
        in directory: TemporaryDirectory,
        socketPath: String,
        arguments: [String],
        environment: [String: String] = [:]
    ) throws {
        self.directory = directory
        self.socketPath = socketPath
        self.stderrPath = directory.appending("quarryd.stderr")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        (exitStatus, exitStatusContinuation) = AsyncStream.makeStream(of: Int32.self)

        process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutables.path(of: "quarryd"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") }
        env["XDG_CONFIG_HOME"] = directory.path
        env["QUARRY_READY_FD"] = "1"
        env.merge(environment) { _, new in new }
        process.environment = env
        readyPipe = Pipe()
        process.standardOutput = readyPipe
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        let continuation = exitStatusContinuation
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
        try? readyPipe.fileHandleForWriting.close()
    }

    /// Waits for `ready` on the readiness pipe; throws if the daemon exits or stays silent until `timeout`.
    package func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        let fd = readyPipe.fileHandleForReading.fileDescriptor
        let milliseconds = Int32(timeout.components.seconds * 1000)
        let outcome: String = try await onDedicatedThread {
            var received: [UInt8] = []
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !received.contains(0x0A) {
                let ready = poll(&poller, 1, milliseconds)
                if ready == 0 { return "no readiness signal within \(milliseconds) ms" }
                if ready < 0 { if errno == EINTR { continue } else { return "poll failed" } }
                var byte: UInt8 = 0
                let count = read(fd, &byte, 1)
                if count <= 0 { return "the daemon exited (or closed the pipe) before signalling readiness" }
                received.append(byte)
            }
            return String(decoding: received, as: UTF8.self) == "ready\n" ? "" : "unexpected readiness text"
        }
        if !outcome.isEmpty {
            throw TestSupportError.daemonNotReady(reason: outcome, stderr: stderr)
        }
    }

    /// Sends `signal` (SIGTERM by default) to the daemon.
    package func send(signal: Int32 = SIGTERM) {
        kill(process.processIdentifier, signal)
    }

    /// The exit status (or terminating signal number), waiting at most `timeout`; past it the daemon is
    /// killed and `timedOut` thrown.
    package func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        guard let status = await exitStatus.first(within: timeout) else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSupportError.timedOut("quarryd (pid \(pid)) did not exit within \(timeout)")
        }
        return status
    }

    /// SIGTERM, then checks the daemon exits 0 and removes its socket.
    package func stop() async throws {
        send(signal: SIGTERM)
        let status = try await waitForExit()
        guard status == 0, process.terminationReason == .exit else {
            throw TestSupportError.unclean(reason: "exit status \(status)", stderr: stderr)
        }
        guard access(socketPath, F_OK) != 0 else {
            throw TestSupportError.unclean(reason: "socket \(socketPath) left behind", stderr: stderr)
        }
    }
}

/// Starts the real `quarryd` on a short temporary socket, waits for its readiness signal, runs `body`,
/// then stops it with SIGTERM and checks that it exited 0 and removed its socket (Hummingbird's
/// `testServer` pattern).
///
/// - Parameters:
///   - databasePath: The index to serve (`--db`); by default a path in the temporary folder where
///     nothing exists yet.
///   - arguments: Extra `quarryd` flags; `--socket` points into the temporary folder.
///   - environment: Extra environment variables.
///   - body: Gets the running daemon (`socketPath`, `directory`, `pid`, `stderr`).
package func withRunningDaemon<T>(
    databasePath: String? = nil,
    arguments: [String] = [],
    environment: [String: String] = [:],
    _ body: (DaemonProcess) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let socket = directory.socketPath
        let database = databasePath ?? directory.appending("quarry.sqlite")
        let daemon = try DaemonProcess(
            in: directory, socketPath: socket,
            arguments: ["--socket", socket, "--db", database] + arguments,
            environment: environment)
        do {
            try await daemon.waitUntilReady()
        } catch {
            daemon.send(signal: SIGKILL)
            _ = try? await daemon.waitForExit()
            throw error
        }
        let result: T
        do {
            result = try await body(daemon)
        } catch {
            daemon.send(signal: SIGKILL)
            _ = try? await daemon.waitForExit()
            throw error
        }
        try await daemon.stop()
        return result
    }
}
