import ArgumentParser

/// `chatctl conversations ...`.
struct ConversationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversations",
        abstract: "List, create, change, close and delete conversations.",
        subcommands: [
            ConversationsList.self, ConversationsGet.self, ConversationsCreate.self, ConversationsUpdate.self,
            ConversationsClose.self, ConversationsReopen.self, ConversationsPending.self, ConversationsDelete.self,
            ConversationsMarkRead.self,
        ])
}
