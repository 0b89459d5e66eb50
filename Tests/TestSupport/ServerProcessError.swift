/// Why a test could not run `chat-server`.
public enum ServerProcessError: Error, CustomStringConvertible {
    case binaryMissing(String)
    case exitedEarly(status: Int32, log: String)
    case noListeningLine(log: String)

    public var description: String {
        switch self {
        case .binaryMissing(let path):
            "chat-server binary not found at \(path); build it with 'swift build' (or set CHAT_SERVER_BINARY)"
        case .exitedEarly(let status, let log):
            "chat-server exited with status \(status) before listening; see \(log)"
        case .noListeningLine(let log):
            "chat-server did not report that it is listening; see \(log)"
        }
    }
}
