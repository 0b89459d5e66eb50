import ArgumentParser
import ChatClientKit

/// `chatctl rooms list` (rooms servers).
struct RoomsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rooms", abstract: "The active rooms of a rooms server.", subcommands: [RoomsList.self])
}

struct RoomsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List active rooms: members, assigned agent, client (GET /ws/rooms).")

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(dialects: ["rooms"]) { context in
            let rooms = try await context.api.rooms()
            if rooms.isEmpty, printer.isTable { Console.note("no active rooms") }
            Console.out(try printer.list(rooms))
        }
    }
}
