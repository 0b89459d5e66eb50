import Foundation

/// Where a chat server lives: `http(s)://host[:port][/base]`, parsed and validated once.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    public let isSecure: Bool
    public let host: String
    public let port: Int
    /// A path prefix the server is mounted under ("" for none, never a trailing slash).
    public let basePath: String

    /// Parses `http://`, `https://`, `ws://` or `wss://` URLs; a bare `host:port` means http.
    public init(_ text: String) throws(ChatError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw .usage("invalid server URL '\(text)' (expected e.g. https://chat.example.com or http://127.0.0.1:8080)")
        }
        switch components.scheme?.lowercased() {
        case "http", "ws": isSecure = false
        case "https", "wss": isSecure = true
        default:
            throw .usage("invalid server URL '\(text)': the scheme must be http, https, ws or wss")
        }
        guard components.query == nil, components.user == nil, components.password == nil else {
            throw .usage("invalid server URL '\(text)': it must not carry credentials or a query")
        }
        self.host = host
        port = components.port ?? (isSecure ? 443 : 80)
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
    }

    /// The WS(S) URL of a socket path such as `/ws/{id}`; the path and query values are
    /// escaped here, so a path segment must not contain `/`.
    public func socketURL(_ path: String, query: [(String, String)]) -> String {
        var components = URLComponents()
        components.scheme = isSecure ? "wss" : "ws"
        components.host = host
        components.port = port
        components.path = basePath + path
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? ""
    }

    /// The HTTP(S) URL of an API path such as `/api/conversations`, escaped as `socketURL`'s.
    public func url(_ path: String, query: [(String, String)] = []) -> String {
        var components = URLComponents()
        components.scheme = isSecure ? "https" : "http"
        components.host = host
        components.port = port
        components.path = basePath + path
        if !query.isEmpty {
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            components.percentEncodedQuery = components.percentEncodedQuery?
                .replacingOccurrences(of: "+", with: "%2B")
        }
        return components.string ?? ""
    }

    public var description: String {
        let defaultPort = isSecure ? 443 : 80
        return (isSecure ? "https://" : "http://") + host + (port == defaultPort ? "" : ":\(port)") + basePath
    }

    /// A file-name-safe key for per-server local state ("chat.example.com_443").
    public var storageKey: String {
        (host + "_\(port)" + basePath).map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
            .reduce(into: "") { $0.append($1) }
    }
}
