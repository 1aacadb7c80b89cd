import NIOCore
import Synchronization

/// Closes a connection when the `IdleStateHandler` before it reports no traffic for
/// `idle_timeout_seconds`, unless a request is waiting or being answered: a slow query is not idleness.
///
/// It sits after the line decoder and counts each request line as it arrives, on the event loop, so
/// a line read just before the idle check is already counted; the session uncounts it once answered.
final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let activity: RequestActivity

    init(activity: RequestActivity) {
        self.activity = activity
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity.inFlight.add(1, ordering: .relaxed)
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // The idle handler fires again after another period, so a busy connection is checked later.
            if activity.inFlight.load(ordering: .relaxed) <= 0 { context.close(promise: nil) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// How many request lines of one connection have arrived and are not answered yet.
final class RequestActivity: Sendable {
    let inFlight = Atomic<Int>(0)
}
