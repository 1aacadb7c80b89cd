import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who is at the other end of a Unix socket, as the kernel reports it (`SO_PEERCRED`).
package struct PeerCredentials: Sendable, Equatable {
    package var pid: Int32
    package var uid: UInt32
    package var gid: UInt32

    package init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// True when this peer may use the daemon: it runs as the daemon's user, as root, or as a user
    /// listed in `daemon.allowed_uids`.
    package func isAllowed(daemonUID: UInt32, allowedUIDs: [UInt32]) -> Bool {
        uid == daemonUID || uid == 0 || allowedUIDs.contains(uid)
    }

    /// `struct ucred` from `<sys/socket.h>`; Glibc only declares it under `_GNU_SOURCE`.
    struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// The credentials of an accepted channel's peer; nil where the platform has no `SO_PEERCRED`.
    static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else {
                return channel.eventLoop.makeSucceededFuture(nil)
            }
            let future: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(
                level: .socket, name: NIOBSDSocket.Option(rawValue: SO_PEERCRED))
            return future.map { PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
        #else
            // Without SO_PEERCRED the socket's file mode is the only gate.
            return channel.eventLoop.makeSucceededFuture(nil)
        #endif
    }

    /// The credentials of the peer of a connected socket descriptor (the process that listens, for a client).
    static func of(descriptor fd: Int32) -> PeerCredentials? {
        #if os(Linux)
            var cred = UCred()
            var length = socklen_t(MemoryLayout<UCred>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 else { return nil }
            return PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
        #else
            return nil
        #endif
    }
}
