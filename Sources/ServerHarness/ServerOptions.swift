/// Limits, timers and behaviour of a spawned `chat-server` (seconds and per-minute counts).
public struct ServerOptions: Sendable {
    public var pingInterval: Double = 30
    public var typingTimeout: Double = 3
    public var presenceTimeout: Double = 30
    public var messageRate = 100
    public var typingRate = 10
    public var demo = false
    /// Mean seconds between two actions of the demo customers.
    public var demoInterval: Double = 6
    /// False runs the server like the seed servers, which store a repeated client id again.
    public var deduplicates = true
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
        if !deduplicates { arguments.append("--no-dedupe") }
        return arguments + extraArguments
    }
}
