import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

/// Turns transport-level errors (NIO, TLS, AsyncHTTPClient) into `ChatError`s
/// that say what happened and where.
enum TransportErrors {
    static func classify(_ error: any Error, server: ServerAddress) -> ChatError {
        let endpoint = "\(server.host):\(server.port)"
        switch error {
        case let error as ChatError:
            return error
        case is CancellationError:
            return .timeout("cancelled")
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout:
                return .network("cannot reach \(endpoint): connection timed out")
            case .readTimeout, .deadlineExceeded:
                return .timeout("\(endpoint) did not answer in time")
            case .remoteConnectionClosed:
                return .network("\(endpoint) closed the connection")
            default:
                return .network("request to \(endpoint) failed: \(error)")
            }
        case let error as NIOConnectionError:
            return .network("cannot connect to \(endpoint): \(reason(of: error.connectionErrors.first?.error ?? error))")
        case let error as IOError:
            return .network("cannot connect to \(endpoint): \(reason(of: error))")
        case let error as NIOSSLError:
            return .network("TLS with \(endpoint) failed (\(error)); if it uses a private CA, pass its certificate with --ca-file")
        case let error as BoringSSLError:
            return .network("TLS with \(endpoint) failed (\(error)); if it uses a private CA, pass its certificate with --ca-file")
        case let error as ChannelError:
            switch error {
            case .connectTimeout:
                return .network("cannot reach \(endpoint): connection timed out")
            default:
                return .network("connection to \(endpoint) failed: \(error)")
            }
        default:
            return .network("connection to \(endpoint) failed: \(error)")
        }
    }

    private static func reason(of error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused (is the server running?)"
            case ECONNRESET: return "connection reset"
            case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
            case ETIMEDOUT: return "connection timed out"
            default: return io.description
            }
        }
        if let resolution = error as? NIOConnectionError, resolution.dnsAAAAError != nil || resolution.dnsAError != nil,
           resolution.connectionErrors.isEmpty
        {
            return "host name not found"
        }
        return "\(error)"
    }
}
