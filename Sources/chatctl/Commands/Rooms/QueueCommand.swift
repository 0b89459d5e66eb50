import ArgumentParser
import ChatClientKit

/// `chatctl queue list` (rooms servers).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "The conversations waiting for an agent.", subcommands: [QueueList.self])
}

struct QueueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the waiting conversations, oldest first (GET /ws/queue).")

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(dialects: ["rooms"]) { context in
            let queue = try await context.api.queue()
            if queue.isEmpty, printer.isTable { Console.note("nobody is waiting") }
            Console.out(try printer.list(queue))
        }
    }
}
