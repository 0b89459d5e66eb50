import Logging
import Testing

@testable import chatctl

@Suite struct LogHandlerTests {
    @Test func neverShowsTheToken() {
        let event = LogEvent(
            level: .info, message: "connecting to ws://h/ws/1?token=secret.jwt.value", metadata: ["url": "secret.jwt.value"],
            source: "test", file: #fileID, function: #function, line: #line)
        let line = ConsoleLogHandler.line(event, metadata: [:], redacting: "secret.jwt.value")
        #expect(!line.contains("secret.jwt.value"))
        #expect(line == "info: connecting to ws://h/ws/1?token=<redacted> (url=<redacted>)")
    }
}
