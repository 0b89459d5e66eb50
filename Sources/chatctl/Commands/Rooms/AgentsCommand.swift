import ArgumentParser
import ChatClientKit

/// `chatctl agents list` (rooms servers).
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "The agents connected to a rooms server.", subcommands: [AgentsList.self])
}

struct AgentsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List connected agents: available, busy or away (GET /ws/agents).")

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(dialects: ["rooms"]) { context in
            let agents = try await context.api.agents()
            if agents.isEmpty, printer.isTable { Console.note("no agent is connected") }
            Console.out(try printer.list(agents))
        }
    }
}
