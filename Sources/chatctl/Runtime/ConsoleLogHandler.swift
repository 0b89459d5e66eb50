import Foundation
import Logging
import TerminalText

/// Library logs on stderr, one terminal-safe line each, with the token redacted should it
/// ever appear. Quiet by default (warnings and errors); `--verbose` shows debug logs.
struct ConsoleLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let redacted: String

    init(level: Logger.Level, redacting secret: String) {
        logLevel = level
        redacted = secret
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        Console.err("chatctl: " + TerminalSafe.line(Self.line(event, metadata: metadata, redacting: redacted)) + "\n")
    }

    /// `level: message (key=value ...)` with every occurrence of `secret` replaced.
    static func line(_ event: LogEvent, metadata: Logger.Metadata, redacting secret: String) -> String {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(event.level): \(event.message)" + (details.isEmpty ? "" : " (\(details))")
        return secret.isEmpty ? line : line.replacingOccurrences(of: secret, with: "<redacted>")
    }
}
