import ArgumentParser
import ChatClientKit
import Foundation

/// A wire enum on the command line: matched ignoring case, its valid values listed in
/// help, in completions and in the error for a wrong one.
protocol ArgumentEnum: WireEnum, ExpressibleByArgument {}

extension ArgumentEnum {
    public init?(argument: String) {
        guard let value = Self.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else {
            return nil
        }
        self = value
    }
}

extension Conversation.Status: ExpressibleByArgument, ArgumentEnum {}
extension Conversation.Channel: ExpressibleByArgument, ArgumentEnum {}
extension Conversation.Priority: ExpressibleByArgument, ArgumentEnum {}
extension Message.Sender: ExpressibleByArgument, ArgumentEnum {}
extension Message.Kind: ExpressibleByArgument, ArgumentEnum {}

/// The statuses a conversation may be created with.
enum InitialStatus: String, ArgumentEnum {
    case active, pending
    static let fieldName = "status"

    var status: Conversation.Status {
        switch self {
        case .active: .active
        case .pending: .pending
        }
    }
}

/// Parses a UUID argument, explaining what was expected when it is not one.
enum UUIDArgument {
    struct Invalid: Error, CustomStringConvertible {
        var description: String { "expected a UUID such as 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab" }
    }

    static func parse(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else { throw Invalid() }
        return id
    }

    /// A conversation id of the `conversations` dialect, which are UUIDs.
    static func conversation(_ text: String) throws -> ConversationID {
        ConversationID(try parse(text))
    }

    /// A message id of the `conversations` dialect, which are UUIDs.
    static func message(_ text: String) throws -> MessageID {
        MessageID(try parse(text))
    }
}
