import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl broadcast TEXT [--room ID] [--role ROLE]` (rooms servers).
struct BroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Send a system message to every connected socket, a room's or a role's (POST /ws/broadcast).",
        discussion: "Not retried: a lost reply could otherwise broadcast twice.")

    @Argument(help: ArgumentHelp("The message, or - to read it from standard input.", valueName: "text"))
    var text: String

    @Option(help: ArgumentHelp("Only the sockets in this room.", valueName: "room-id"))
    var room: String?

    @Option(name: .customLong("to-role"), help: ArgumentHelp("Only the sockets of this role: cliente, atendente or supervisor.", valueName: "role"))
    var toRole: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let toRole, !RoomsDialect.roles.contains(toRole) {
            throw ValidationError("unknown role '\(toRole)' (valid roles: \(RoomsDialect.roles.joined(separator: ", ")))")
        }
    }

    func run() async throws {
        let mode = output.printer().mode
        let content: String
        do {
            content = try MessageText.resolve(text) { FileHandle.standardInput.readDataToEndOfFile() }
        } catch {
            throw CommandFailure.report(error, about: .none, settings: nil)
        }
        try await connection.withAPI(dialects: ["rooms"]) { context in
            let room = try room.map { id throws(ChatError) in try context.settings.dialect.validate(conversationID: id) }
            let result = try await context.api.broadcast(content, room: room, role: toRole)
            Console.out(try Self.render(result, mode))
        }
    }

    /// The number of recipients (`-q`, tsv), a sentence (table) or the server's JSON.
    static func render(_ result: BroadcastResult, _ mode: OutputMode) throws -> String {
        switch mode {
        case .ids, .format(.tsv): "\(result.recipients)\n"
        case .format(.table): "Broadcast to \(result.recipients) socket\(result.recipients == 1 ? "" : "s").\n"
        case .format(let format): try JSONText.encode(result, pretty: format == .json) + "\n"
        }
    }
}
