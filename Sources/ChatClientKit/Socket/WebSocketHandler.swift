import NIOCore
import NIOWebSocket

/// The upgraded socket's last handler: frames from the server and frames from the link go
/// through a `WebSocketMachine`, and this performs what it returns: writes (masked, as a
/// client must), deliveries to the reader, closing, the keep-alive timer. Reading pauses
/// while the reader has `SocketEvents.pauseAt` messages it has not taken yet.
final class WebSocketHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = OutgoingFrame
    typealias OutboundOut = WebSocketFrame

    private var machine: WebSocketMachine
    private let events: SocketEvents
    private let keepAlive: TimeAmount?
    private let closingTimeout: TimeAmount
    private var keepAliveTask: RepeatedTask?
    /// The last of the socket's own frames (a pong, a ping, a close answer): closing waits for
    /// it to be written. The link's frames go without a future each.
    private var lastWrite: EventLoopFuture<Void>?

    init(maxMessageSize: Int, events: SocketEvents, keepAlive: TimeAmount?, closingTimeout: TimeAmount) {
        machine = WebSocketMachine(maxMessageSize: maxMessageSize)
        self.events = events
        self.keepAlive = keepAlive
        self.closingTimeout = closingTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        events.opened(channel: context.channel)
        guard let keepAlive else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        keepAliveTask = context.eventLoop.scheduleRepeatedTask(initialDelay: keepAlive, delay: keepAlive) { _ in
            let (handler, context) = bound.value
            handler.perform(handler.machine.keepAliveTick(), context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        keepAliveTask?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(machine.received(unwrapInboundIn(data)), context: context)
    }

    /// The link's frames go out on the channel's next flush, which the link asks for.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        perform(machine.send(unwrapOutboundIn(data)), context: context, flushing: false)
        promise?.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepAliveTask?.cancel()
        events.ended(machine.serverClose ?? SocketEnding(code: nil, reason: nil))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The decoder's protocol errors were answered by `WebSocketProtocolErrorHandler`;
        // anything else (a reset, TLS) ends the socket the same way.
        context.close(promise: nil)
    }

    /// Performs the machine's actions; its own frames (pongs, pings, close answers) are
    /// pushed out at once, the link's wait for `flushing`.
    private func perform(_ actions: [WebSocketMachine.Action], context: ChannelHandlerContext, flushing: Bool = true) {
        for action in actions {
            switch action {
            case .deliver(let frame):
                if events.deliver(frame) {
                    context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
                }
            case .write(let opcode, let payload):
                let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: payload)
                if flushing {
                    lastWrite = context.writeAndFlush(wrapOutboundOut(frame))
                } else {
                    context.write(wrapOutboundOut(frame), promise: nil)
                }
            case .closeNow:
                let channel = context.channel
                if let lastWrite {
                    lastWrite.whenComplete { _ in channel.close(promise: nil) }
                } else {
                    channel.close(promise: nil)
                }
            case .closeLater:
                let channel = context.channel
                context.eventLoop.scheduleTask(in: closingTimeout) { channel.close(promise: nil) }
            }
        }
    }
}
