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

            On rooms and socketio servers the message goes over the user's socket and the command waits for the \
            server's acknowledgement (--timeout). A socketio server's history tells whether a message whose \
            acknowledgement was lost was stored, so the key works there too. A rooms server keeps no history: when \
            the connection is lost before the acknowledgement, the message may or may not be stored, and the \
            command says so and exits 75.
            """)

    @Argument(help: ArgumentHelp("The conversation's (or room's) id.", valueName: "conversation-id"))
    var conversation: String

    @Argument(help: ArgumentHelp("The message, or - to read it from standard input.", valueName: "text"))
    var text: String

    @Option(name: .customLong("type"), help: "The message's type.")
    var kind: Message.Kind = .text

    @Option(name: .customLong("as"), help: "Who the message is from.")
    var sender: Message.Sender = .admin

    @Option(help: ArgumentHelp("A client id making the send idempotent across runs.", valueName: "key"))
    var idempotencyKey: String?

    @Option(help: ArgumentHelp("Seconds to wait for a socket send's acknowledgement (rooms, socketio).", valueName: "seconds"))
    var timeout = 30.0

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
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
        try await connection.withConversation(conversation, dialects: ["conversations", "rooms", "socketio"]) { context, id in
            if context.settings.dialect.capabilities.sendsOverREST {
                try await sendOverREST(content, to: id, context: context, printer: printer)
            } else {
                try await sendOverSocket(content, to: id, context: context, printer: printer)
            }
        }
    }

    /// The message already stored under the idempotency key, if there is one and the server
    /// keeps history to look in (its latest 100 messages).
    private func alreadySent(in id: ConversationID, context: CommandContext) async throws -> Message? {
        guard let key = idempotencyKey else { return nil }
        let recent = try await context.directory.messages(conversationID: id, limit: 100, before: nil)
        guard let stored = recent.last(where: { $0.clientMessageID == key }) else { return nil }
        Console.note("a message with idempotency key '\(key)' was already sent; not sending it again")
        return stored
    }

    /// Sends with `POST /api/messages`, or prints the message already stored under the idempotency key.
    private func sendOverREST(_ content: String, to id: ConversationID, context: CommandContext, printer: Printer) async throws {
        if let stored = try await alreadySent(in: id, context: context) {
            Console.out(try printer.one(stored))
            return
        }
        let draft = MessageDraft(
            conversationID: id, sender: sender, kind: kind, content: content,
            metadata: [Message.clientMessageIDKey: .string(idempotencyKey ?? UUID.random().wireString)])
        Console.out(try printer.one(try await context.api.sendMessage(draft)))
    }

    /// Sends over the socket and waits for the acknowledgement. The socket's user is the
    /// sender; an idempotency key needs a server with history to look it up in.
    private func sendOverSocket(_ content: String, to id: ConversationID, context: CommandContext, printer: Printer) async throws {
        let dialect = context.settings.dialect
        if idempotencyKey != nil, !dialect.capabilities.listsConversations {
            throw ChatError.usage("--idempotency-key needs a server that keeps history; a \(dialect.name) server cannot look the key up")
        }
        if sender != .admin {
            throw ChatError.usage("--as does not apply to a \(dialect.name) server: the socket's user says who sends")
        }
        if let stored = try await alreadySent(in: id, context: context) {
            Console.out(try printer.one(stored))
            return
        }
        switch try await SocketSend.send(
            content, kind: kind, clientID: idempotencyKey, to: id, settings: context.settings, timeout: timeout,
            logger: context.logger)
        {
        case .sent(let message):
            Console.out(try printer.one(message))
        case .failed(let status, let reason):
            Console.fail(reason)
            throw ExitCode(status.rawValue)
        }
    }
}
