import ArgumentParser
import ChatClientKit
import TerminalText

/// `chatctl assign CONVERSATION AGENT` (rooms servers).
struct AssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign a conversation to a connected agent (POST /ws/assign/{conversation}/{agent}).",
        discussion: "Exits 66 when the agent is not connected, 65 when the user is not an agent.")

    @Argument(help: ArgumentHelp("The conversation (room) to assign.", valueName: "conversation-id"))
    var conversation: String

    @Argument(help: ArgumentHelp("The agent's user id.", valueName: "agent-id"))
    var agent: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let mode = output.printer().mode
        try await connection.withAPI(dialects: ["rooms"]) { context in
            let id = try context.settings.dialect.validate(conversationID: conversation)
            let result = try await context.api.assign(id, to: agent)
            Console.out(try Self.render(result, mode))
        }
    }

    /// The conversation id (`-q`), `conversation<TAB>agent` (tsv), a sentence or the JSON.
    static func render(_ result: AssignResult, _ mode: OutputMode) throws -> String {
        switch mode {
        case .ids: TerminalSafe.line(result.conversationID.rawValue) + "\n"
        case .format(.tsv): TerminalSafe.field(result.conversationID.rawValue) + "\t" + TerminalSafe.field(result.agentID) + "\n"
        case .format(.table):
            "Assigned conversation \(TerminalSafe.line(result.conversationID.rawValue)) to \(TerminalSafe.line(result.agentID)).\n"
        case .format(let format): try JSONText.encode(result, pretty: format == .json) + "\n"
        }
    }
}
