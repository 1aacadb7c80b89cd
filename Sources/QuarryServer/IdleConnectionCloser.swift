import NIOCore
import Synchronization

/// Closes a connection when the `IdleStateHandler` before it reports no traffic for
/// `idle_timeout_seconds`, unless a request is being answered: a slow query is not idleness.
final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let activity: RequestActivity

    init(activity: RequestActivity) {
        self.activity = activity
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // The idle handler fires again after another period, so a busy connection is checked later.
            if activity.inFlight.load(ordering: .relaxed) == 0 { context.close(promise: nil) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// How many requests of one connection are being answered right now.
final class RequestActivity: Sendable {
    let inFlight = Atomic<Int>(0)
}
