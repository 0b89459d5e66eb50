import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP port held bound (with `SO_REUSEADDR`) but never listening, for as long as
/// this object lives.
///
/// While nothing listens on it, a connection to it is refused; and no other socket can take
/// it meanwhile: the kernel never hands a bound port to another `bind(0)` or outgoing
/// connection. A server that binds it with `SO_REUSEADDR` (as chat-server does) may still
/// listen on it. Tests use it for a server that stops and restarts on the same port, and
/// for a port that must stay unreachable, without another test's socket taking the port.
public final class ReservedPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    /// Reserves a free port.
    public init() throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ReservationError(step: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(descriptor)
            throw ReservationError(step: "bind", code: code)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }

    struct ReservationError: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        var description: String { "cannot reserve a loopback port (\(step): \(String(cString: strerror(code))))" }
    }
}
