/// Limits and timers of a `chat-server` started by a test (seconds and per-minute counts).
public struct ServerOptions: Sendable {
    public var pingInterval: Double = 30
    public var typingTimeout: Double = 3
    public var presenceTimeout: Double = 30
    public var messageRate = 100
    public var typingRate = 10
    public var demo = false
    /// Mean seconds between two actions of the demo customers.
    public var demoInterval: Double = 6
    /// More `serve` arguments, passed last.
    public var extraArguments: [String] = []

    public init() {}

    var arguments: [String] {
        var arguments = [
            "--ping-interval", "\(pingInterval)", "--typing-timeout", "\(typingTimeout)",
            "--presence-timeout", "\(presenceTimeout)", "--message-rate", "\(messageRate)",
            "--typing-rate", "\(typingRate)",
        ]
        if demo {
            arguments += ["--demo", "--demo-interval", "\(demoInterval)"]
        }
        return arguments + extraArguments
    }
}
