import Foundation

/// Finds the `chat-server` executable next to the running test bundle (`.build/<config>/`).
public enum ServerBinary {
    /// `CHAT_SERVER_BINARY` if set, else `<directory of /proc/self/exe>/chat-server`.
    public static func path() throws -> String {
        if let override = ProcessInfo.processInfo.environment["CHAT_SERVER_BINARY"] {
            return override
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = executable.deletingLastPathComponent().appendingPathComponent("chat-server").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw ServerProcessError.binaryMissing(candidate)
        }
        return candidate
    }
}
