import Foundation
import Logging
import Synchronization
import TerminalText

/// The log file (`$XDG_STATE_HOME/chat/chat-tui.log`, mode 0600): every `Logger` of the
/// process writes here, never to the screen. Registered secrets (the token) are replaced
/// by `<redacted>` in every line, and control characters become visible escapes (`\x1b`),
/// so `tail -f` of the log cannot be driven by text from the server. A file over `rotateAt`
/// bytes at start-up becomes `.1`.
final class LogFile: Sendable {
    static let rotateAt = 8 << 20

    let path: String
    /// The open descriptor, also used to catch stray stderr output while the UI runs.
    let descriptor: Int32
    private let secrets = Mutex<[String]>([])
    private let writeLock = Mutex(())

    init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > Self.rotateAt {
            rename(path, path + ".1")
        }
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.path = path
    }

    /// Never writes `secret` (e.g. the token) to the file.
    func redact(_ secret: String) {
        secrets.withLock { $0.append(secret) }
    }

    func write(_ line: String) {
        var text = TerminalSafe.line(line)
        for secret in secrets.withLock({ $0 }) where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        text += "\n"
        writeLock.withLock { _ in
            _ = text.utf8CString.withUnsafeBufferPointer { bytes in
                Foundation.write(descriptor, bytes.baseAddress, bytes.count - 1)
            }
        }
    }

    /// Sends every `Logger` of the process to this file, at `level` and above.
    func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in LogFileHandler(label: label, file: self, logLevel: level) }
    }
}

/// A swift-log handler writing `time level label: message key=value…` lines to a `LogFile`.
struct LogFileHandler: LogHandler {
    let label: String
    let file: LogFile
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, file: LogFile, logLevel: Logger.Level) {
        self.label = label
        self.file = file
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: true))
        file.write("\(time) \(event.level) \(label): \(event.message)\(fields)")
    }
}
