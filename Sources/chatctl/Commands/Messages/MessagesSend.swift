import ArgumentParser
import ChatClientKit
import Foundation
import TerminalText

/// `chatctl messages send CONVERSATION_ID (TEXT | -)`.
struct MessagesSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message to a conversation.",
        discussion: """
            Every message carries a client id (the --idempotency-key, or a fresh UUID), so a retried send is \
            never stored twice. Sending again with the same key prints the stored message instead of sending. \
            Text starting with '-' goes after '--': chatctl messages send ID -- "-1 is wrong".
            """)

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "conversation-id"), transform: UUIDArgument.conversation)
    var conversationID: ConversationID

    @Argument(help: ArgumentHelp("The message, or - to read it from standard input.", valueName: "text"))
    var text: String

    @Option(name: .customLong("type"), help: "The message's type.")
    var kind: Message.Kind = .text

    @Option(name: .customLong("as"), help: "Who the message is from.")
    var sender: Message.Sender = .admin

    @Option(help: ArgumentHelp("A client id making the send idempotent across runs.", valueName: "key"))
    var idempotencyKey: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let key = idempotencyKey {
            guard !key.isEmpty, key.count <= 200, !key.unicodeScalars.contains(where: \.isTerminalControl) else {
                throw ValidationError("--idempotency-key must be 1 to 200 printable characters")
            }
        }
    }

    func run() async throws {
        let printer = output.printer()
        let content: String
        do {
            if text == "-", Console.stdinIsTerminal { Console.note("Reading the message from standard input; end it with Ctrl-D.") }
            content = try MessageText.resolve(text) { FileHandle.standardInput.readDataToEndOfFile() }
        } catch {
            throw CommandFailure.report(error, about: .none, settings: nil)
        }
        try await connection.withAPI(about: .conversation(conversationID)) { context in
            if let key = idempotencyKey, let stored = try await context.api.findMessage(clientID: key, in: conversationID) {
                Console.note("a message with idempotency key '\(key)' was already sent; not sending it again")
                Console.out(try printer.one(stored))
                return
            }
            let draft = MessageDraft(
                conversationID: conversationID, sender: sender, kind: kind, content: content,
                metadata: [Message.clientMessageIDKey: .string(idempotencyKey ?? UUID().wireString)])
            Console.out(try printer.one(try await context.api.sendMessage(draft)))
        }
    }
}
