import AsyncHTTPClient
import ChatModel
import Foundation
import NIOCore

/// A reply as tests inspect it: status, headers and the raw body.
public struct TestHTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON.
    public func json() throws -> JSONValue {
        try ChatJSON.decode(JSONValue.self, from: body)
    }

    /// The body decoded with the chat wire conventions.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ChatJSON.decode(type, from: body)
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// A small HTTP client for the REST API, over AsyncHTTPClient's shared client.
public struct TestHTTP: Sendable {
    public let baseURL: String
    /// Sent as `Authorization: Bearer` when set.
    public var token: String?

    public init(baseURL: String, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    public func get(_ path: String) async throws -> TestHTTPResponse {
        try await send("GET", path)
    }

    public func delete(_ path: String) async throws -> TestHTTPResponse {
        try await send("DELETE", path)
    }

    public func post(_ path: String, json: JSONValue? = nil) async throws -> TestHTTPResponse {
        try await send("POST", path, body: json.map { Data($0.jsonText.utf8) })
    }

    public func put(_ path: String, json: JSONValue) async throws -> TestHTTPResponse {
        try await send("PUT", path, body: Data(json.jsonText.utf8))
    }

    public func patch(_ path: String, json: JSONValue? = nil) async throws -> TestHTTPResponse {
        try await send("PATCH", path, body: json.map { Data($0.jsonText.utf8) })
    }

    /// Any request; `body` is sent as `application/json`.
    public func send(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:],
        timeout: Duration = .seconds(30)
    ) async throws -> TestHTTPResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        let limit = TimeAmount.seconds(timeout.components.seconds)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: limit)
        } catch let error as HTTPClientError where error == .remoteConnectionClosed && method == "GET" {
            // A kept-alive connection to a server that restarted on the same port: the pool
            // learns of the close only when it reuses the connection. A GET is safe to repeat.
            response = try await HTTPClient.shared.execute(request, timeout: limit)
        }
        let bytes = try await response.body.collect(upTo: 16 << 20)
        var fields: [String: String] = [:]
        for header in response.headers {
            fields[header.name.lowercased()] = header.value
        }
        return TestHTTPResponse(status: Int(response.status.code), headers: fields, body: Data(bytes.readableBytesView))
    }
}
