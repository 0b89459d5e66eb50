/// Why a test could not run `chat-server`.
public enum ServerProcessError: Error, CustomStringConvertible {
    case binaryMissing(String)
    /// `log` is the log file's path, `tail` its last lines.
    case exitedEarly(status: Int32, log: String, tail: String)
    case noListeningLine(log: String, tail: String)

    public var description: String {
        switch self {
        case .binaryMissing(let path):
            "chat-server binary not found at \(path); build it with 'swift build --product chat-server' (with '-c release' for a release build), or set CHAT_SERVER_BINARY"
        case .exitedEarly(let status, let log, let tail):
            "chat-server exited with status \(status) before listening; see \(log):\n\(tail)"
        case .noListeningLine(let log, let tail):
            "chat-server did not report that it is listening; see \(log):\n\(tail)"
        }
    }
}

extension ServerProcessError {
    /// The last lines of a log file, for error messages.
    static func tail(of path: String, lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
