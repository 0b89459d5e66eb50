import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// `LinkTransport` over swift-websocket's WSClient, with TLS verified and WebSocket pings.
struct WebSocketTransport: LinkTransport {
    /// The largest message accepted from a server.
    static let maxMessageSize = 1 << 20

    let server: ServerAddress
    let tls: TLSConfiguration
    /// Interval of WebSocket pings; a missing pong closes the socket after twice this. 0 disables them.
    let pingInterval: Double
    let logger: Logger

    var configuration: WebSocketClientConfiguration {
        WebSocketClientConfiguration(
            maxFrameSize: Self.maxMessageSize, closeTimeout: .seconds(2),
            autoPing: pingInterval > 0 ? .enabled(timePeriod: .milliseconds(Int64(pingInterval * 1000))) : .disabled,
            validateUTF8: true)
    }

    func run(
        url: String, outgoing: AsyncStream<OutgoingFrame>, received: @escaping @Sendable (InboundFrame) async -> Void
    ) async throws -> SocketEnding {
        let frame: WebSocketCloseFrame?
        do {
            frame = try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in outgoing {
                            switch frame {
                            case .text(let text): try await outbound.write(.text(text))
                            case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                            case .close(let code, let reason): try await outbound.close(.init(codeNumber: code), reason: reason)
                            }
                        }
                    }
                    for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                        switch message {
                        case .text(let text): await received(.text(text))
                        case .binary(let buffer): await received(.binary(Array(buffer.readableBytesView)))
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            throw SocketOpenError.upgradeRefused
        } catch {
            throw SocketOpenError.failed(TransportErrors.classify(error, server: server).description)
        }
        return SocketEnding(code: frame.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, reason: frame?.reason)
    }
}
