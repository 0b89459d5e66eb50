import Foundation
import NIOHTTP1

/// Where a `ws://` or `wss://` URL points: the host and port to connect to, and the request
/// that asks for the upgrade.
struct WebSocketTarget: Equatable {
    let isSecure: Bool
    let host: String
    let port: Int
    /// Path and query, as written in the URL.
    let requestURI: String

    init(_ url: String) throws(SocketOpenError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "ws" || scheme == "wss", let host = components.host, !host.isEmpty
        else { throw .failed("not a WebSocket URL") }
        isSecure = scheme == "wss"
        self.host = host
        port = components.port ?? (isSecure ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestURI = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    /// The upgrade request; NIO's upgrader adds the WebSocket headers.
    var requestHead: HTTPRequestHead {
        let defaultPort = isSecure ? 443 : 80
        let name = host.contains(":") ? "[\(host)]" : host
        let hostHeader = port == defaultPort ? name : "\(name):\(port)"
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: requestURI, headers: ["Host": hostHeader])
    }
}
