import Foundation

/// Where the client keeps its files, following the XDG base-directory spec.
public struct ChatPaths: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private var home: String { environment["HOME"] ?? NSHomeDirectory() }

    private func base(_ variable: String, fallback: String) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return home + "/" + fallback
    }

    /// `$XDG_CONFIG_HOME/chat/config.toml`.
    public var configFile: String { base("XDG_CONFIG_HOME", fallback: ".config") + "/chat/config.toml" }

    /// `$XDG_STATE_HOME/chat`: outboxes and logs.
    public var stateDirectory: String { base("XDG_STATE_HOME", fallback: ".local/state") + "/chat" }

    /// The outbox of one server and user.
    public func outbox(server: ServerAddress, user: String) -> String {
        stateDirectory + "/outbox/" + server.storageKey + "/" + Self.fileName(user) + ".sqlite"
    }

    /// The local history of one server and user, for servers that keep none.
    public func localHistory(server: ServerAddress, user: String) -> String {
        stateDirectory + "/history/" + server.storageKey + "/" + Self.fileName(user) + ".sqlite"
    }

    private static func fileName(_ user: String) -> String {
        String(user.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    /// A log file for one program ("chat-tui.log").
    public func logFile(_ program: String) -> String { stateDirectory + "/" + program + ".log" }
}
