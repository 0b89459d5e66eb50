import ArgumentParser
import ChatClientKit

/// `chatctl status` (rooms servers).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a rooms server's connections, rooms, agents and queue (GET /ws/status).")

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(dialects: ["rooms"]) { context in
            Console.out(try printer.one(try await context.api.roomsStatus()))
        }
    }
}
