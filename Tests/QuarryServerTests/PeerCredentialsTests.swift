import Foundation
import QuarryProtocol
import QuarryTestSupport
import Testing

@testable import QuarryServer

#if canImport(Glibc)
    import Glibc
#endif

/// Who may connect: the daemon's own user, root, and `daemon.allowed_uids`, checked with `SO_PEERCRED`.
@Suite struct PeerCredentialsTests {
    @Test func daemonUserRootAndListedUsersAreAllowed() {
        func peer(_ uid: UInt32) -> PeerCredentials { PeerCredentials(pid: 1, uid: uid, gid: uid) }
        #expect(peer(1000).isAllowed(daemonUID: 1000, allowedUIDs: []))
        #expect(peer(0).isAllowed(daemonUID: 1000, allowedUIDs: []))
        #expect(peer(1001).isAllowed(daemonUID: 1000, allowedUIDs: [1001]))
        #expect(!peer(1002).isAllowed(daemonUID: 1000, allowedUIDs: [1001]))
    }

    /// Runs a ping from user `nobody` (65534) with setpriv and perl and returns what it printed.
    private static func pingAsNobody(socket: String) async throws -> String {
        try await onDedicatedThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = [
                "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/perl", "-MIO::Socket::UNIX", "-e",
                """
                my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!";
                print $s qq({"v":1,"id":1,"op":"ping"}\\n); shutdown($s, 1); print while <$s>;
                """,
                socket,
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    private static var canSwitchUser: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/perl")
    }

    @Test(.enabled(if: canSwitchUser, "needs root, setpriv and perl to connect as another user"))
    func otherUserIsRefusedEvenWhenTheFileModeWouldLetThemIn() async throws {
        try await withInProcessServer { server in
            // Open the folder and the socket to everyone, so only SO_PEERCRED stands in the way.
            chmod(server.directory.path, 0o711)
            chmod(server.socketPath, 0o666)
            let output = try await Self.pingAsNobody(socket: server.socketPath)
            #expect(output.contains(#""code":"bad_request""#), "\(output)")
            #expect(output.contains("permission denied: user 65534"), "\(output)")
        }
    }

    @Test(.enabled(if: canSwitchUser, "needs root, setpriv and perl to connect as another user"))
    func listedUserIsServed() async throws {
        try await withInProcessServer(configure: { $0.allowedUIDs = [65534] }) { server in
            chmod(server.directory.path, 0o711)
            chmod(server.socketPath, 0o666)
            let output = try await Self.pingAsNobody(socket: server.socketPath)
            #expect(output.contains(#""pong":"pong""#), "\(output)")
        }
    }
}
