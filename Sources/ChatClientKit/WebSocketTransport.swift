import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// Runs one WebSocket connection with WSClient and reports what happens on it.
///
/// The caller owns the deadline: cancelling the task that runs `run` is how a stuck
/// connect (DESIGN.md's WSClient pitfall) or a dead socket is abandoned.
struct WebSocketTransport: Sendable {
    /// How a connection ended.
    struct Ending: Sendable {
        /// The close code the server sent; nil for an abnormal close (reset, EOF, cancel).
        let code: Int?
        let reason: String?
    }

    /// The largest message accepted from a server.
    static let maxMessageSize = 1 << 20

    let url: String
    let tls: TLSConfiguration
    let pingInterval: Double
    let logger: Logger

    var configuration: WebSocketClientConfiguration {
        WebSocketClientConfiguration(
            maxFrameSize: Self.maxMessageSize, closeTimeout: .seconds(2),
            autoPing: pingInterval > 0 ? .enabled(timePeriod: .milliseconds(Int64(pingInterval * 1000))) : .disabled,
            validateUTF8: true)
    }

    /// Connects, writes every frame of `outgoing` in order, calls `opened` with the writer
    /// (for the close handshake) and `received` for each message, and returns how the
    /// connection ended. Throws if it never upgraded.
    func run(
        outgoing: AsyncStream<WebSocketOutboundWriter.OutboundFrame>,
        opened: @escaping @Sendable (WebSocketOutboundWriter) async -> Void,
        received: @escaping @Sendable (WebSocketMessage) async -> Void
    ) async throws -> Ending {
        let frame = try await WebSocketClient.connect(
            url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
        ) { inbound, outbound, _ in
            await opened(outbound)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await frame in outgoing { try await outbound.write(frame) }
                }
                for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                    await received(message)
                }
                group.cancelAll()
            }
        }
        return Ending(code: frame.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, reason: frame?.reason)
    }
}
