import ServerHarness

extension ChatServerProcess {
    /// An HTTP helper for this server, authenticated as `agent-1` unless another token is given.
    public func http(token: String? = nil) throws -> TestHTTP {
        TestHTTP(baseURL: baseURL, token: try token ?? self.token())
    }

    /// `ws://127.0.0.1:PORT/ws/{conversationID}?token=…`
    public func webSocketURL(conversation conversationID: String, token: String) -> String {
        "ws://127.0.0.1:\(port)/ws/\(conversationID)?token=\(token)"
    }

    /// Opens a WebSocket to a conversation, as `sub` unless a token is given.
    public func connect(conversation conversationID: String, token: String? = nil) async throws -> TestWebSocket {
        try await TestWebSocket.connect(webSocketURL(conversation: conversationID, token: try token ?? self.token()))
    }
}
